/**
 * Named line styles, so that series are told apart by their dash as well as their colour (a
 * reader who cannot tell two colours apart still tells a dotted line from a solid one). One list
 * for every place that draws a series: uPlot's lines, paths over a heat map, legend swatches.
 */
export type LineStyle = 'solid' | 'dashed' | 'dotted' | 'dash-dot' | 'long-dash' | 'dash-dot-dot';

export const lineStyleNames: readonly LineStyle[] = ['solid', 'dashed', 'dotted', 'dash-dot', 'long-dash', 'dash-dot-dot'];

/** Dash and gap lengths in CSS pixels for a line about 2 px wide (canvas `setLineDash`, SVG `stroke-dasharray`). */
const patterns: Record<LineStyle, readonly number[]> = {
  solid: [],
  dashed: [6, 4],
  dotted: [2, 3],
  'dash-dot': [9, 3, 2, 3],
  'long-dash': [14, 4],
  'dash-dot-dot': [9, 3, 2, 3, 2, 3],
};

/** The style's dash pattern, scaled by `scale` (device pixels per CSS pixel). */
export function dashPattern(style: LineStyle, scale = 1): number[] {
  return patterns[style].map((length) => length * scale);
}

/** The nearest CSS border style, for legend keys drawn as borders (uPlot's). */
export function borderStyle(style: LineStyle): 'solid' | 'dashed' | 'dotted' {
  return style === 'solid' ? 'solid' : style === 'dotted' ? 'dotted' : 'dashed';
}
