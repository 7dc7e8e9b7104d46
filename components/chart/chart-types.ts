import type { ValueFormat } from '../../src/lib/format.js';
import type { LineStyle } from '../../src/lib/styles/line-styles.js';

/** uPlot-shaped columns: the x values first, then one column per series (`null` = gap). */
export type ChartColumns = readonly [readonly number[], ...(readonly (number | null)[])[]];

/** How one series is drawn and named. */
export interface ChartSeries {
  /** Name in the legend, table and summary. */
  label: string;
  /** Palette slot 1–7 (Okabe–Ito by default); series take slots in order when omitted. */
  color?: number;
  /**
   * The line's style: `true` dashes it, for a second kind of quantity (e.g. step time next to
   * throughput); a named style tells many series apart beside their colours (see line-styles).
   */
  dash?: boolean | LineStyle;
  /** `right` puts the series on the secondary y axis (`y2-label`, `y2-format`). */
  axis?: 'left' | 'right';
  /** Marks only, no line: measured points beside a model's curve (`null` where there is none). */
  marks?: boolean;
  /** A line drawn across its `null`s: a curve measured at fewer x values than the chart has (where marks sit between them). */
  spanGaps?: boolean;
}

/** A labelled line across the plot, e.g. the device's memory capacity or the FP32 baseline. */
export interface ChartThreshold {
  /** Which axis the value lies on: `y` draws a horizontal line, `x` a vertical one. */
  axis: 'x' | 'y';
  value: number;
  label: string;
  tone?: 'danger' | 'muted' | 'accent';
}

/** A shaded band, e.g. "out of memory" above the capacity or beyond the largest batch that fits. */
export interface ChartRegion {
  axis: 'x' | 'y';
  from: number;
  to: number;
  label: string;
  tone?: 'danger' | 'muted';
}

/** The current setting, drawn as a vertical marker with a label. */
export interface ChartMarker {
  x: number;
  label: string;
}

export type ChartKind = 'line' | 'stacked' | 'bars';
export type ChartScale = 'linear' | 'log2' | 'log10';

export interface ChartAxisFormats {
  x: ValueFormat;
  y: ValueFormat;
  y2: ValueFormat;
}

/** The named line style a series is drawn with. */
export function seriesLineStyle(series: ChartSeries): LineStyle {
  return series.dash === true ? 'dashed' : series.dash || 'solid';
}
