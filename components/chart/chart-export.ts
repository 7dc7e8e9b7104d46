import type { ChartPalette } from './chart-options.js';
import { measureWords, wrapWords } from './text-wrap.js';
import { dashPattern, type LineStyle } from '../../src/lib/styles/line-styles.js';

/** One series in the exported legend. */
export interface ExportLegendEntry {
  label: string;
  color: string;
  dash: LineStyle;
}

export interface ExportContent {
  /** The chart's title (its label); nothing is drawn for an empty one. */
  title: string;
  /** The plots' canvases (axes and annotations included), one above the other. */
  plots: readonly HTMLCanvasElement[];
  legend: readonly ExportLegendEntry[];
  /** How a series is keyed: a short line in its style, or a filled box for bars and areas. */
  swatch: 'line' | 'box';
  palette: ChartPalette;
  /** Device pixels per CSS pixel, as the plots were drawn. */
  ratio: number;
}

/**
 * The chart as one image, for the PNG download: the title, the plots, and a legend of the
 * series under them (the page's legend is HTML, which a canvas export would lose). Sizes are in
 * CSS pixels times `ratio`, as the plots are.
 */
export function drawExport({ title, plots, legend, swatch, palette, ratio }: ExportContent): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d')!;
  const px = (css: number) => css * ratio;
  const width = Math.max(...plots.map((plot) => plot.width));
  const pad = px(12);
  const titleFont = `600 ${px(15)}px ${palette.fontFamily}`;
  const legendFont = `${px(13)}px ${palette.fontFamily}`;
  const titleLine = px(20);
  const legendLine = px(20);
  const swatchWidth = px(swatch === 'line' ? 28 : 12);

  ctx.font = titleFont;
  const titleLines = title ? wrapWords(measureWords(ctx, title), width - 2 * pad).lines : [];
  // Legend entries flow left to right, onto a new row when the next would pass the edge.
  ctx.font = legendFont;
  const entries: { entry: ExportLegendEntry; x: number; row: number }[] = [];
  let x = pad;
  let row = 0;
  for (const entry of legend) {
    const entryWidth = swatchWidth + px(6) + ctx.measureText(entry.label).width;
    if (x > pad && x + entryWidth > width - pad) {
      x = pad;
      row++;
    }
    entries.push({ entry, x, row });
    x += entryWidth + px(18);
  }
  const titleHeight = titleLines.length ? pad + titleLines.length * titleLine : 0;
  const plotsHeight = plots.reduce((sum, plot) => sum + plot.height, 0);
  const legendHeight = entries.length ? (row + 1) * legendLine + pad : 0;
  canvas.width = width;
  canvas.height = titleHeight + pad / 2 + plotsHeight + legendHeight + pad / 2;

  ctx.fillStyle = palette.bg;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = palette.fg;
  ctx.textBaseline = 'middle';
  ctx.font = titleFont;
  titleLines.forEach((line, i) => ctx.fillText(line, pad, pad + (i + 0.5) * titleLine));
  let y = titleHeight + pad / 2;
  for (const plot of plots) {
    ctx.drawImage(plot, 0, y);
    y += plot.height;
  }
  ctx.font = legendFont;
  for (const { entry, x: left, row: line } of entries) {
    const middle = y + (line + 0.5) * legendLine;
    ctx.fillStyle = entry.color;
    ctx.strokeStyle = entry.color;
    if (swatch === 'box') ctx.fillRect(left, middle - px(6), swatchWidth, px(12));
    else {
      ctx.lineWidth = px(2);
      ctx.setLineDash(dashPattern(entry.dash, ratio));
      ctx.beginPath();
      ctx.moveTo(left, middle);
      ctx.lineTo(left + swatchWidth, middle);
      ctx.stroke();
    }
    ctx.fillStyle = palette.fg;
    ctx.fillText(entry.label, left + swatchWidth + px(6), middle);
  }
  return canvas;
}
