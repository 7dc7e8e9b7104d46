/**
 * Canvas text in lines: measured once, wrapped at any width. Shared by the chart's annotation
 * labels and the PNG export (which must not pull uPlot in with it).
 */

/** A text's words with their widths, to wrap it at many widths without measuring again. */
export interface MeasuredWords {
  words: string[];
  widths: number[];
  space: number;
}

export function measureWords(ctx: CanvasRenderingContext2D, text: string): MeasuredWords {
  const words = text.split(' ');
  return { words, widths: words.map((word) => ctx.measureText(word).width), space: ctx.measureText(' ').width };
}

/** The words in lines no wider than `limit` where words allow it, and the widest line's width. */
export function wrapWords({ words, widths, space }: MeasuredWords, limit: number): { lines: string[]; width: number } {
  const lines: { text: string; width: number }[] = [];
  widths.forEach((width, i) => {
    const line = lines.at(-1);
    // Summed left to right as in `wrappings`, so a line exactly as wide as `limit` fits.
    if (line && line.width + space + width <= limit) {
      line.text += ` ${words[i]}`;
      line.width = line.width + space + width;
    } else lines.push({ text: words[i]!, width });
  });
  return { lines: lines.map((line) => line.text), width: Math.max(...lines.map((line) => line.width)) };
}
