import { formatCsvNumber } from '../../src/core/shared/format.js';
import { formatValue, type ValueFormat } from '../../src/lib/format.js';
import type { ChartColumns, ChartSeries } from './chart-types.js';

/**
 * Running sums of the series columns, so stacked areas can be drawn as bands between
 * consecutive cumulative lines while the legend and table still show each part's own value.
 */
export function stackColumns(columns: ChartColumns): (number | null)[][] {
  const [xs, ...ys] = columns;
  const running = new Array<number>(xs.length).fill(0);
  return [
    [...xs],
    ...ys.map((column) =>
      column.map((value, i) => {
        running[i]! += value ?? 0;
        return running[i]!;
      }),
    ),
  ];
}

function csvCell(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The chart's data as CSV: a header of axis and series labels, then one row per x value (see formatCsvNumber). */
export function columnsToCsv(columns: ChartColumns, series: readonly ChartSeries[], xLabel: string): string {
  const [xs, ...ys] = columns;
  const header = [xLabel || 'x', ...ys.map((_, i) => series[i]?.label ?? `series ${i + 1}`)];
  const cell = (value: number | null | undefined) => (value === null || value === undefined ? '' : formatCsvNumber(value));
  const rows = xs.map((x, row) => [cell(x), ...ys.map((column) => cell(column[row]))]);
  return [header, ...rows].map((cells) => cells.map(csvCell).join(',')).join('\n') + '\n';
}

/** Extremes of all series, for the text summary. */
function seriesRange(columns: ChartColumns): { min: number; max: number } | undefined {
  let min = Infinity;
  let max = -Infinity;
  for (const column of columns.slice(1)) {
    for (const value of column) {
      if (value === null || !Number.isFinite(value)) continue;
      if (value < min) min = value;
      if (value > max) max = value;
    }
  }
  return min <= max ? { min, max } : undefined;
}

/** A one-line description of what the chart shows, for readers who cannot see it. */
export function describeChart(options: {
  columns: ChartColumns;
  series: readonly ChartSeries[];
  xLabel: string;
  yLabel: string;
  yFormat: ValueFormat;
  xFormat: ValueFormat;
  locale?: string;
}): string {
  const { columns, series, xLabel, yLabel, yFormat, xFormat, locale } = options;
  const xs = columns[0];
  if (xs.length === 0) return 'No data.';
  const names = series.map((s) => s.label).join(', ');
  const range = seriesRange(columns);
  const from = formatValue(xs[0]!, xFormat, locale);
  const to = formatValue(xs[xs.length - 1]!, xFormat, locale);
  const spread = range
    ? `; values from ${formatValue(range.min, yFormat, locale)} to ${formatValue(range.max, yFormat, locale)}`
    : '';
  return `${names || yLabel} against ${xLabel || 'x'} from ${from} to ${to}, ${xs.length} points${spread}.`;
}
