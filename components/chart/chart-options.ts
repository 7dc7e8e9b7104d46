import uPlot from 'uplot';
import { formatValue } from '../../src/lib/format.js';
import type {
  ChartAxisFormats,
  ChartColumns,
  ChartKind,
  ChartMarker,
  ChartRegion,
  ChartScale,
  ChartSeries,
  ChartThreshold,
} from './chart-types.js';

/** Colours resolved from the design tokens for the current theme (canvas needs literal colours). */
export interface ChartPalette {
  /** The font family of the page's text (`--ml-font`), for the canvas's labels. */
  fontFamily: string;
  fg: string;
  muted: string;
  border: string;
  accent: string;
  danger: string;
  bg: string;
  series: string[];
}

export interface ChartSpec {
  kind: ChartKind;
  columns: ChartColumns;
  /** Columns as drawn (running sums for stacked charts). */
  drawnColumns: uPlot.AlignedData;
  series: readonly ChartSeries[];
  categories?: readonly string[];
  thresholds: readonly ChartThreshold[];
  regions: readonly ChartRegion[];
  marker?: ChartMarker;
  /** Faint vertical lines at these x values. */
  levels: readonly number[];
  /** Top of the left y axis; 0 fits the data. */
  yMax: number;
  xLabel: string;
  yLabel: string;
  y2Label: string;
  xScale: ChartScale;
  yScale: ChartScale;
  formats: ChartAxisFormats;
  locale?: string;
  palette: ChartPalette;
  width: number;
  height: number;
}

/** Canvas text: 12 CSS px (times the device pixel `ratio` where the plot draws itself) of the theme's family. */
const fontOf = (palette: ChartPalette, ratio = 1) => `${12 * ratio}px ${palette.fontFamily}`;

/** Tick steps for byte axes: powers of two, so ticks land on 4 GiB, 8 GiB, … rather than 9.31 GiB. */
const byteIncrements = Array.from({ length: 64 }, (_, k) => 2 ** k);

function withAlpha(color: string, alpha: number): string {
  const match = color.match(/rgba?\(([^)]+)\)/);
  if (!match) return color;
  const [r, g, b] = match[1]!.split(/[ ,]+/);
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

/** The serialized form of each font this module has set, as the context reads it back. */
const readBack = new Map<string, string>();

/**
 * Sets the text font of the plot's canvas, unless it is set already. Setting `font` makes
 * Chromium bring the page's style and layout up to date first, which costs milliseconds while the
 * page is mid-update; the axes (uPlot) usually left this very font set.
 */
function useLabelFont(ctx: CanvasRenderingContext2D, palette: ChartPalette, ratio: number): void {
  const wanted = fontOf(palette, ratio);
  if (ctx.font === readBack.get(wanted)) return;
  ctx.font = wanted;
  readBack.set(wanted, ctx.font);
}

/** The boxes of the labels drawn so far in a plot's current drawing, in canvas pixels. */
const drawnLabels = new WeakMap<uPlot, { left: number; top: number; right: number; bottom: number }[]>();

/** Line height of annotation labels, in CSS pixels (their font is 12 px). */
const LABEL_LINE_HEIGHT = 15;

/** The words of `text` in lines no wider than `room`, where words allow it. */
function fitLines(ctx: CanvasRenderingContext2D, text: string, room: number): string[] {
  if (ctx.measureText(text).width <= room) return [text];
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const longer = line ? `${line} ${word}` : word;
    if (line && ctx.measureText(longer).width > room) {
      lines.push(line);
      line = word;
    } else line = longer;
  }
  lines.push(line);
  return lines;
}

/**
 * Writes an annotation label at (x, y) with the context's alignment and baseline, inside the
 * plot (wrapped onto more lines when it is wider than the plot), moved a line at a time (down,
 * or up with `step` −1, then the other way) while it would cover a label drawn before it: on a
 * narrow plot a region's name, a threshold's and the marker's would otherwise overprint or run
 * into an axis.
 */
function writeLabel(u: uPlot, text: string, x: number, y: number, step: 1 | -1 = 1): void {
  const { ctx } = u;
  const lineHeight = LABEL_LINE_HEIGHT * (devicePixelRatio || 1);
  const plot = u.bbox;
  const lines = fitLines(ctx, text, plot.width);
  const width = Math.max(...lines.map((line) => ctx.measureText(line).width));
  const height = lines.length * lineHeight;
  // A label by a line near the plot's edge slides in rather than run into the axis.
  const start = ctx.textAlign === 'right' ? x - width : ctx.textAlign === 'center' ? x - width / 2 : x;
  const slide = Math.max(plot.left - start, Math.min(0, plot.left + plot.width - (start + width)));
  x += slide;
  const left = start + slide;
  const boxAt = (baseline: number) => {
    const top = ctx.textBaseline === 'top' ? baseline : baseline - height;
    return { left, top, right: left + width, bottom: top + height };
  };
  const drawn = drawnLabels.get(u) ?? [];
  const covers = (box: ReturnType<typeof boxAt>) =>
    drawn.some((other) => box.left < other.right && other.left < box.right && box.top < other.bottom && other.top < box.bottom);
  // Within the plot's height too, where the canvas would cut it off: the first free place up
  // to three lines away, the preferred way first, and one that fits as it is before one pushed
  // back inside (which would lie across its own line).
  const inside = (baseline: number) => {
    const box = boxAt(baseline);
    return baseline + Math.max(plot.top - box.top, Math.min(0, plot.top + plot.height - box.bottom));
  };
  const places = [0, 1, 2, 3, -1, -2, -3].map((offset) => y + offset * step * lineHeight);
  const free = (place: number) => !covers(boxAt(place));
  y = places.find((place) => inside(place) === place && free(place)) ?? places.map(inside).find(free) ?? inside(y);
  // Lines go down from a top baseline, and up from a bottom one.
  lines.forEach((line, i) => ctx.fillText(line, x, ctx.textBaseline === 'top' ? y + i * lineHeight : y - (lines.length - 1 - i) * lineHeight));
  drawn.push(boxAt(y));
  drawnLabels.set(u, drawn);
}

function scaleOptions(scale: ChartScale): uPlot.Scale {
  if (scale === 'linear') return { time: false };
  return { time: false, distr: 3, log: scale === 'log2' ? 2 : 10 };
}

function toneColor(palette: ChartPalette, tone: 'danger' | 'muted' | 'accent' | undefined): string {
  return tone === 'danger' ? palette.danger : tone === 'accent' ? palette.accent : palette.muted;
}

/** Draws shaded regions and level lines behind the series. */
function drawRegions(u: uPlot, spec: ChartSpec): void {
  const { ctx } = u;
  const { left, top, width, height } = u.bbox;
  const ratio = devicePixelRatio || 1;
  // The first hook of a drawing: no label is on the canvas yet.
  drawnLabels.set(u, []);
  ctx.save();
  if (spec.levels.length > 0) {
    const { min = 0, max = 0 } = u.scales.x!;
    ctx.strokeStyle = withAlpha(spec.palette.accent, 0.35);
    ctx.lineWidth = ratio;
    ctx.beginPath();
    for (const level of spec.levels) {
      if (level < min || level > max) continue;
      const x = Math.round(u.valToPos(level, 'x', true)) + 0.5;
      ctx.moveTo(x, top);
      ctx.lineTo(x, top + height);
    }
    ctx.stroke();
  }
  if (spec.regions.length > 0) useLabelFont(ctx, spec.palette, ratio);
  for (const region of spec.regions) {
    const scale = region.axis === 'x' ? 'x' : 'y';
    const { min = 0, max = 0 } = u.scales[scale]!;
    const from = Math.max(region.from, min);
    const to = Math.min(region.to, max);
    if (!(to > from)) continue;
    const a = u.valToPos(from, scale, true);
    const b = u.valToPos(to, scale, true);
    const color = toneColor(spec.palette, region.tone);
    ctx.fillStyle = withAlpha(color, 0.12);
    if (region.axis === 'x') ctx.fillRect(Math.min(a, b), top, Math.abs(b - a), height);
    else ctx.fillRect(left, Math.min(a, b), width, Math.abs(b - a));
    ctx.fillStyle = color;
    ctx.textBaseline = 'top';
    ctx.textAlign = region.axis === 'x' ? 'right' : 'left';
    const labelX = region.axis === 'x' ? Math.max(a, b) - 6 * ratio : left + 6 * ratio;
    const labelY = region.axis === 'x' ? top + 6 * ratio : Math.min(a, b) + 6 * ratio;
    writeLabel(u, region.label, labelX, labelY);
  }
  ctx.restore();
}

/** Draws threshold lines and the current-setting marker above the series. */
function drawAnnotations(u: uPlot, spec: ChartSpec): void {
  const { ctx } = u;
  const { left, top, width, height } = u.bbox;
  const ratio = devicePixelRatio || 1;
  ctx.save();
  useLabelFont(ctx, spec.palette, ratio);
  ctx.lineWidth = 1.5 * ratio;
  for (const threshold of spec.thresholds) {
    const scale = threshold.axis === 'x' ? 'x' : 'y';
    const { min = 0, max = 0 } = u.scales[scale]!;
    if (threshold.value < min || threshold.value > max) continue;
    const position = u.valToPos(threshold.value, scale, true);
    const color = toneColor(spec.palette, threshold.tone);
    ctx.strokeStyle = color;
    ctx.fillStyle = color;
    ctx.setLineDash([6 * ratio, 4 * ratio]);
    ctx.beginPath();
    if (threshold.axis === 'x') {
      ctx.moveTo(position, top);
      ctx.lineTo(position, top + height);
    } else {
      ctx.moveTo(left, position);
      ctx.lineTo(left + width, position);
    }
    ctx.stroke();
    ctx.textBaseline = 'bottom';
    if (threshold.axis === 'x') {
      // Label on the side of the line that has room for it.
      const roomLeft = position - left > ctx.measureText(threshold.label).width + 8 * ratio;
      ctx.textAlign = roomLeft ? 'right' : 'left';
      writeLabel(u, threshold.label, position + (roomLeft ? -4 : 4) * ratio, top + height - 4 * ratio, -1);
    } else {
      // Above its line, or below it when the line runs too near the top of the plot for that.
      ctx.textAlign = 'right';
      const room = fitLines(ctx, threshold.label, width).length * LABEL_LINE_HEIGHT * ratio + 3 * ratio;
      const above = position - top >= room;
      ctx.textBaseline = above ? 'bottom' : 'top';
      writeLabel(u, threshold.label, left + width - 4 * ratio, position + (above ? -3 : 3) * ratio, above ? -1 : 1);
    }
  }
  if (spec.marker) {
    const { min = 0, max = 0 } = u.scales.x!;
    if (spec.marker.x >= min && spec.marker.x <= max) {
      const x = u.valToPos(spec.marker.x, 'x', true);
      ctx.setLineDash([]);
      ctx.strokeStyle = spec.palette.accent;
      ctx.fillStyle = spec.palette.accent;
      ctx.lineWidth = 2 * ratio;
      ctx.beginPath();
      ctx.moveTo(x, top);
      ctx.lineTo(x, top + height);
      ctx.stroke();
      ctx.textBaseline = 'top';
      const rightHalf = x > left + width / 2;
      ctx.textAlign = rightHalf ? 'right' : 'left';
      writeLabel(u, spec.marker.label, x + (rightHalf ? -5 : 5) * ratio, top + 22 * ratio);
    }
  }
  ctx.restore();
}

/** Largest value a threshold or the data asks the y axis to show. */
function yExtent(spec: ChartSpec, axis: 'left' | 'right'): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  spec.series.forEach((series, i) => {
    if ((series.axis ?? 'left') !== axis) return;
    for (const value of spec.drawnColumns[i + 1] ?? []) {
      if (value === null || value === undefined || !Number.isFinite(value)) continue;
      min = Math.min(min, value);
      max = Math.max(max, value);
    }
  });
  if (axis === 'left') {
    for (const threshold of spec.thresholds) {
      if (threshold.axis === 'y') max = Math.max(max, threshold.value);
    }
  }
  if (!(min <= max)) return [0, 1];
  return [min, max];
}

function yRange(spec: ChartSpec, axis: 'left' | 'right'): uPlot.Scale.Range {
  const scale = axis === 'left' ? spec.yScale : 'linear';
  return () => {
    const [min, dataMax] = yExtent(spec, axis);
    const max = axis === 'left' && spec.yMax > 0 ? spec.yMax : dataMax;
    if (scale !== 'linear') {
      const base = scale === 'log2' ? 2 : 10;
      const low = Math.max(min, Number.MIN_VALUE);
      return [base ** Math.floor(Math.log(low) / Math.log(base)), base ** Math.ceil(Math.log(max) / Math.log(base))];
    }
    const from = spec.kind === 'line' ? Math.min(0, min) : 0;
    const headroom = axis === 'left' && spec.yMax > 0 ? 1 : 1.08;
    return [from, max === from ? from + 1 : max * headroom];
  };
}

/** The data's x extent, widened to show every vertical threshold (e.g. a clipping range). */
function xRange(spec: ChartSpec, min: number, max: number): [number, number] {
  for (const threshold of spec.thresholds) {
    if (threshold.axis !== 'x') continue;
    min = Math.min(min, threshold.value);
    max = Math.max(max, threshold.value);
  }
  return [min, max];
}

function colorOf(palette: ChartPalette, series: ChartSeries, i: number): string {
  return palette.series[((series.color ?? i + 1) - 1) % palette.series.length]!;
}

/** Name of an x value: its category, or the value formatted. Reads the spec when called. */
function xText(spec: ChartSpec, x: number): string {
  return spec.categories ? (spec.categories[Math.round(x)] ?? '') : formatValue(x, spec.formats.x, spec.locale);
}

/** Whether category names are tilted because they would not fit side by side. */
export function tiltsCategories(categories: readonly string[] | undefined, width: number): boolean {
  return categories !== undefined && width / categories.length < 90;
}

/**
 * The y series and the bands between them, which the element can swap into a live plot
 * (`delSeries`/`addSeries`, `delBand`/`addBand`) when only the series change.
 */
export function buildSeriesOptions(spec: ChartSpec): { series: uPlot.Series[]; bands: uPlot.Band[] } {
  const { palette, formats, locale, kind } = spec;
  const bars = kind === 'bars' ? uPlot.paths.bars!({ size: [0.6, 64] }) : undefined;
  const series = spec.series.map((s, i): uPlot.Series => {
    const color = colorOf(palette, s, i);
    const format = s.axis === 'right' ? formats.y2 : formats.y;
    return {
      label: s.label,
      stroke: color,
      width: 2,
      dash: s.dash ? [6, 4] : undefined,
      scale: s.axis === 'right' ? 'y2' : 'y',
      fill: kind === 'bars' || (kind === 'stacked' && i === 0) ? withAlpha(color, kind === 'bars' ? 0.85 : 0.55) : undefined,
      paths: bars,
      points: { show: kind === 'line' && spec.columns[0].length <= 24, size: 5, fill: color },
      // The legend shows the original values (not running sums) of the columns drawn last, under
      // the cursor or else at the marker.
      value: (_u, _v, seriesIndex, dataIndex) => {
        const index = dataIndex ?? markerIndex(spec);
        const value = index === null ? null : (spec.columns[seriesIndex]?.[index] ?? null);
        return value === null ? '–' : formatValue(value, format, locale);
      },
    };
  });
  const bands: uPlot.Band[] =
    kind === 'stacked'
      ? spec.series.slice(1).map((s, i) => ({ series: [i + 2, i + 1], fill: withAlpha(colorOf(palette, s, i + 1), 0.55) }))
      : [];
  return { series, bands };
}

/** The data point nearest the marker along the x axis (batch 24 reads out batch 16 or 32). */
function markerIndex(spec: ChartSpec): number | null {
  const xs = spec.columns[0];
  if (!spec.marker || xs.length === 0) return null;
  const place = (x: number) => (spec.xScale === 'linear' ? x : Math.log(x));
  const target = place(spec.marker.x);
  let nearest = 0;
  for (let i = 1; i < xs.length; i++) {
    if (Math.abs(place(xs[i]!) - target) < Math.abs(place(xs[nearest]!) - target)) nearest = i;
  }
  return nearest;
}

/**
 * With the cursor off the plot, the legend reads out the values at the marker (the current
 * setting); a chart without one lists only its series, rather than a dash for every value.
 * uPlot's stylesheet shows values and colons only in a legend marked `u-live`.
 */
function showLegendValues(u: uPlot, spec: ChartSpec): void {
  u.root.querySelector('.u-legend')?.classList.toggle('u-live', u.cursor.idx != null || markerIndex(spec) !== null);
}

/**
 * Bars want no dot under the cursor. `points.show: false` would leave uPlot without a cursor
 * point for the series, which its `delSeries` needs (it removes one per series).
 */
function hiddenCursorPoint(): HTMLElement {
  const point = document.createElement('div');
  point.hidden = true;
  return point;
}

/** Width of a y axis with its ticks, values and title, in CSS pixels. */
const yAxisSize = 70;

/** Builds the uPlot options for a spec; the element owns the plot's life cycle. */
export function buildChartOptions(spec: ChartSpec): uPlot.Options {
  const { palette, formats, locale, kind } = spec;
  const hasRight = spec.series.some((s) => s.axis === 'right');
  const categorical = spec.categories !== undefined;
  const { series, bands } = buildSeriesOptions(spec);

  const axis = (label: string, format: keyof ChartAxisFormats, extra: uPlot.Axis = {}): uPlot.Axis => ({
    ...(formats[format] === 'bytes' ? { incrs: byteIncrements } : {}),
    label,
    stroke: palette.muted,
    labelFont: `600 ${fontOf(palette)}`,
    font: fontOf(palette),
    grid: { stroke: withAlpha(palette.border, 0.7), width: 1 },
    ticks: { stroke: palette.border, width: 1 },
    values: (u, splits) => {
      // Log axes put a tick at every power; on a narrow plot keep every k-th label so they never
      // overlap. The plot's width is the chart's less its y axes: uPlot asks for these labels
      // while it is still sizing the axes, when its bbox may not be final.
      const plotWidth = u.width - yAxisSize * (hasRight ? 2 : 1);
      const room = format === 'x' && !categorical ? Math.max(1, Math.floor(plotWidth / 44)) : splits.length;
      // uPlot leaves the log splits it filtered out as null; the labels are every k-th of the rest.
      const every = Math.ceil(splits.filter((v) => v !== null).length / room);
      let shown = 0;
      return splits.map((v) =>
        v === null || shown++ % every !== 0 ? '' : format === 'x' ? xText(spec, v) : formatValue(v, formats[format], locale),
      );
    },
    ...extra,
  });

  // Categories are read when uPlot asks, so new names need only a redraw of the same plot.
  const xAxisExtra: uPlot.Axis = categorical
    ? {
        splits: () => (spec.categories ?? []).map((_, i) => i),
        grid: { show: false },
        // Tilted names end at their tick, so the last one cannot run past the plot's right edge.
        ...(tiltsCategories(spec.categories, spec.width) ? { rotate: 30, size: 90 } : {}),
      }
    : {};

  return {
    width: spec.width,
    height: spec.height,
    series: [
      {
        label: spec.xLabel || 'x',
        value: (_u, v) => {
          const index = markerIndex(spec);
          const x = v ?? (index === null ? null : spec.columns[0][index]!);
          return x === null ? '–' : xText(spec, x);
        },
      },
      ...series,
    ],
    bands,
    legend: { live: true },
    cursor: { drag: { x: false, y: false }, points: kind === 'bars' ? { show: hiddenCursorPoint } : {} },
    scales: {
      x: categorical
        ? { time: false, range: () => [-0.5, (spec.categories?.length ?? 0) - 0.5] }
        : { ...scaleOptions(spec.xScale), range: (_u, min, max) => xRange(spec, min, max) },
      y: { ...scaleOptions(spec.yScale), range: yRange(spec, 'left') },
      ...(hasRight ? { y2: { time: false, range: yRange(spec, 'right') } } : {}),
    },
    axes: [
      axis(spec.xLabel, 'x', xAxisExtra),
      axis(spec.yLabel, 'y', { size: yAxisSize }),
      ...(hasRight ? [axis(spec.y2Label, 'y2', { scale: 'y2', side: 1, grid: { show: false }, size: yAxisSize })] : []),
    ],
    hooks: {
      drawClear: [(u) => drawRegions(u, spec)],
      draw: [(u) => drawAnnotations(u, spec)],
      setLegend: [(u) => showLegendValues(u, spec)],
    },
  };
}
