import uPlot from 'uplot';
import { formatPowerOfTen, formatValue } from '../../src/lib/format.js';
import type { CanvasPalette } from '../../src/lib/styles/canvas-palette.js';
import { borderStyle, dashPattern } from '../../src/lib/styles/line-styles.js';
import { seriesLineStyle } from './chart-types.js';
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
import { measureWords, wrapWords } from './text-wrap.js';
import { placeLabels, type Box, type LabelAnchor, type Obstacles, type Segment } from './label-placement.js';

/** Colours resolved from the design tokens for the current theme (canvas needs literal colours). */
export type ChartPalette = CanvasPalette;

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
  /** Which of a stacked chart's two plots this is (see `panelSpec`). */
  panel?: 'upper' | 'lower';
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

/** Line height of annotation labels, in CSS pixels (their font is 12 px). */
const LABEL_LINE_HEIGHT = 15;

/**
 * The ways to write `text` within `room`: in as few lines as fit, then in each further line
 * count up to three, each as narrow as that count allows (a narrow label fits beside a steep
 * curve where a wide one cannot).
 */
function wrappings(ctx: CanvasRenderingContext2D, text: string, room: number): { lines: string[]; width: number }[] {
  const measured = measureWords(ctx, text);
  const { widths, space } = measured;
  // The narrowest width for a line count is the width of one of its lines: a run of words.
  const runs: number[] = [];
  for (let first = 0; first < widths.length; first++) {
    let width = widths[first]!;
    runs.push(width);
    for (let next = first + 1; next < widths.length; next++) runs.push((width = width + space + widths[next]!));
  }
  runs.sort((a, b) => a - b);
  const options: { lines: string[]; width: number }[] = [];
  for (let count = 1; count <= Math.min(3, widths.length); count++) {
    const narrowest = runs.find((run) => run <= room && wrapWords(measured, run).lines.length <= count);
    const option = narrowest === undefined ? undefined : wrapWords(measured, narrowest);
    if (option && option.lines.length > (options.at(-1)?.lines.length ?? 0)) options.push(option);
  }
  // A word wider than the plot: as well as it goes.
  return options.length > 0 ? options : [wrapWords(measured, room)];
}

function scaleOptions(scale: ChartScale): uPlot.Scale {
  if (scale === 'linear') return { time: false };
  return { time: false, distr: 3, log: scale === 'log2' ? 2 : 10 };
}

function toneColor(palette: ChartPalette, tone: 'danger' | 'muted' | 'accent' | undefined): string {
  return tone === 'danger' ? palette.danger : tone === 'accent' ? palette.accent : palette.muted;
}

/** A region clipped to the scale's current range, as a box in canvas pixels; undefined when out of view. */
function regionBox(u: uPlot, region: ChartRegion): Box | undefined {
  const { left, top, width, height } = u.bbox;
  const scale = region.axis === 'x' ? 'x' : 'y';
  const { min = 0, max = 0 } = u.scales[scale]!;
  const from = Math.max(region.from, min);
  const to = Math.min(region.to, max);
  if (!(to > from)) return undefined;
  const a = u.valToPos(from, scale, true);
  const b = u.valToPos(to, scale, true);
  return region.axis === 'x'
    ? { left: Math.min(a, b), top, right: Math.max(a, b), bottom: top + height }
    : { left, top: Math.min(a, b), right: left + width, bottom: Math.max(a, b) };
}

/** Draws shaded regions and level lines behind the series. */
function drawRegions(u: uPlot, spec: ChartSpec): void {
  const { ctx } = u;
  const { top, height } = u.bbox;
  const ratio = devicePixelRatio || 1;
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
  for (const region of spec.regions) {
    const box = regionBox(u, region);
    if (!box) continue;
    ctx.fillStyle = withAlpha(toneColor(spec.palette, region.tone), 0.12);
    ctx.fillRect(box.left, box.top, box.right - box.left, box.bottom - box.top);
  }
  ctx.restore();
}

/** The threshold lines and the marker in view, as segments in canvas pixels, each with what it is. */
function annotationLines(u: uPlot, spec: ChartSpec): { segment: Segment; threshold?: ChartThreshold }[] {
  const { left, top, width, height } = u.bbox;
  const vertical = (x: number) => ({ x1: x, y1: top, x2: x, y2: top + height });
  const lines: { segment: Segment; threshold?: ChartThreshold }[] = [];
  for (const threshold of spec.thresholds) {
    const scale = threshold.axis === 'x' ? 'x' : 'y';
    const { min = 0, max = 0 } = u.scales[scale]!;
    if (threshold.value < min || threshold.value > max) continue;
    const position = u.valToPos(threshold.value, scale, true);
    lines.push({ threshold, segment: threshold.axis === 'x' ? vertical(position) : { x1: left, y1: position, x2: left + width, y2: position } });
  }
  const { min = 0, max = 0 } = u.scales.x!;
  if (spec.marker && spec.marker.x >= min && spec.marker.x <= max) lines.push({ segment: vertical(u.valToPos(spec.marker.x, 'x', true)) });
  return lines;
}

/**
 * What the series drew, in canvas pixels: lines as their segments (uPlot joins points with
 * straight lines, also on log scales), bars as their boxes, and points with no neighbour (which
 * no segment passes through) as small boxes.
 */
function seriesObstacles(u: uPlot, spec: ChartSpec): Obstacles {
  const ratio = devicePixelRatio || 1;
  const segments: Segment[] = [];
  const boxes: Box[] = [];
  const xs = u.data[0];
  const px = xs.map((x) => u.valToPos(x, 'x', true));
  // uPlot's bars take 60 % of the narrowest gap between x values, at most 64 CSS px.
  let column = u.bbox.width;
  for (let i = 1; i < px.length; i++) column = Math.min(column, Math.abs(px[i]! - px[i - 1]!));
  const halfBar = Math.min(0.6 * column, 64 * ratio) / 2;
  const point = 3 * ratio;
  for (let s = 1; s < u.series.length; s++) {
    const series = u.series[s]!;
    if (series.show === false) continue;
    const scale = series.scale ?? 'y';
    const py = Array.from(u.data[s] ?? [], (y: number | null | undefined) => (y == null ? null : u.valToPos(y, scale, true)));
    const base = Math.min(u.bbox.top + u.bbox.height, u.valToPos(0, scale, true));
    const marks = spec.series[s - 1]?.marks;
    py.forEach((y, i) => {
      if (y === null) return;
      const x = px[i]!;
      if (spec.kind === 'bars') boxes.push({ left: x - halfBar, top: Math.min(y, base), right: x + halfBar, bottom: Math.max(y, base) });
      else if (marks || (py[i - 1] == null && py[i + 1] == null)) {
        const half = marks ? 2 * point : point;
        boxes.push({ left: x - half, top: y - half, right: x + half, bottom: y + half });
      }
      // A line that spans gaps runs on to the next value there is.
      let j = i + 1;
      if (spec.series[s - 1]?.spanGaps) while (j < py.length && py[j] == null) j++;
      const next = py[j];
      if (spec.kind !== 'bars' && !marks && next != null) segments.push({ x1: x, y1: y, x2: px[j]!, y2: next });
    });
  }
  return { segments, boxes };
}

/**
 * Draws threshold lines and the current-setting marker above the series, then their labels and
 * the regions'. The lower of two stacked plots draws the lines unlabelled: the upper one, right
 * above it, names them.
 */
function drawAnnotations(u: uPlot, spec: ChartSpec): void {
  const { ctx } = u;
  const ratio = devicePixelRatio || 1;
  const lines = annotationLines(u, spec);
  ctx.save();
  for (const { segment, threshold } of lines) {
    // Thresholds dashed, the marker solid and heavier.
    ctx.strokeStyle = threshold ? toneColor(spec.palette, threshold.tone) : spec.palette.accent;
    ctx.setLineDash(threshold ? [6 * ratio, 4 * ratio] : []);
    ctx.lineWidth = (threshold ? 1.5 : 2) * ratio;
    ctx.beginPath();
    ctx.moveTo(segment.x1, segment.y1);
    ctx.lineTo(segment.x2, segment.y2);
    ctx.stroke();
  }
  ctx.restore();
  if (spec.panel !== 'lower') drawLabels(u, spec, lines);
}

/**
 * Writes every annotation's label (regions' too, drawn behind the series but named above them)
 * where `placeLabels` finds room: clear of the series, the lines and each other. Thresholds are
 * placed first, then the marker, then regions, whose labels can go anywhere in their band.
 */
function drawLabels(u: uPlot, spec: ChartSpec, lines: ReturnType<typeof annotationLines>): void {
  const { ctx } = u;
  const { left, top, width, height } = u.bbox;
  const labels: { text: string; color: string; anchor: LabelAnchor }[] = [];
  for (const { segment, threshold } of lines) {
    if (!threshold) continue;
    const anchor: LabelAnchor =
      threshold.axis === 'y'
        ? { kind: 'horizontal', y: segment.y1 }
        : { kind: 'vertical', x: segment.x1, from: 'bottom', side: segment.x1 - left > width / 2 ? 'left' : 'right' };
    labels.push({ text: threshold.label, color: toneColor(spec.palette, threshold.tone), anchor });
  }
  const marker = lines.find((line) => !line.threshold);
  if (marker && spec.marker) {
    const x = marker.segment.x1;
    labels.push({ text: spec.marker.label, color: spec.palette.accent, anchor: { kind: 'vertical', x, from: 'top', side: x - left > width / 2 ? 'left' : 'right' } });
  }
  for (const region of spec.regions) {
    const box = regionBox(u, region);
    if (!box) continue;
    labels.push({ text: region.label, color: toneColor(spec.palette, region.tone), anchor: { kind: 'band', box, corner: region.axis === 'x' ? 'top-right' : 'top-left' } });
  }
  if (labels.length === 0) return;

  const ratio = devicePixelRatio || 1;
  const gap = 4 * ratio;
  const lineHeight = LABEL_LINE_HEIGHT * ratio;
  const plot = { left, top, right: left + width, bottom: top + height };
  ctx.save();
  useLabelFont(ctx, spec.palette, ratio);
  // A vertical line's label may, as a last resort, run up along it: between two close lines
  // (a threshold and the marker on a phone) no level label fits.
  const sizes = labels.map(({ text, anchor }) => {
    const level = wrappings(ctx, text, width - 2 * gap).map(({ lines: textLines, width: textWidth }) => ({
      textLines,
      width: textWidth,
      height: textLines.length * lineHeight,
      turned: false,
    }));
    const turned = anchor.kind === 'vertical' ? level.map((size) => ({ ...size, width: size.height, height: size.width, turned: true })) : [];
    return [...level, ...turned];
  });
  const series = seriesObstacles(u, spec);
  const obstacles = { segments: [...series.segments, ...lines.map((line) => line.segment)], boxes: series.boxes };
  const placed = placeLabels(
    labels.map((label, i) => ({ anchor: label.anchor, sizes: sizes[i]! })),
    plot,
    obstacles,
    { gap, clearance: 3 * ratio },
  );

  // Each label on a veil of the background, which keeps it legible over a fill, the grid or levels.
  ctx.textBaseline = 'middle';
  const veil = withAlpha(spec.palette.bg, 0.8);
  placed.forEach((place, i) => {
    const { textLines, turned } = sizes[i]![place.size]!;
    const { left: x0, top: y0, right: x1, bottom: y1 } = place.box;
    ctx.fillStyle = veil;
    ctx.fillRect(x0 - 2 * ratio, y0 - 2 * ratio, x1 - x0 + 4 * ratio, y1 - y0 + 4 * ratio);
    ctx.fillStyle = labels[i]!.color;
    ctx.save();
    // From the box's top left corner; a turned label reads upwards from its bottom left corner.
    ctx.translate(x0, turned ? y1 : y0);
    if (turned) ctx.rotate(-Math.PI / 2);
    const right = !turned && place.align === 'right';
    ctx.textAlign = right ? 'right' : 'left';
    textLines.forEach((line, k) => ctx.fillText(line, right ? x1 - x0 : 0, (k + 0.5) * lineHeight));
    ctx.restore();
  });
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

/** The range a log axis may span (see yRange). */
const LOG_AXIS_MIN = 1e-20;
const LOG_AXIS_MAX = 1e30;

function yRange(spec: ChartSpec, axis: 'left' | 'right'): uPlot.Scale.Range {
  const scale = axis === 'left' ? spec.yScale : 'linear';
  return () => {
    const [min, dataMax] = yExtent(spec, axis);
    const max = axis === 'left' && spec.yMax > 0 ? spec.yMax : dataMax;
    if (scale !== 'linear') {
      const base = scale === 'log2' ? 2 : 10;
      // Within [10⁻²⁰, 10³⁰]: uPlot's log ticks step by a table of increments whose decimals it
      // reads from the numbers' text, which turns to exponent form below 10⁻²⁰, and from further
      // down it never reaches the top (a converging run reaches 5 × 10⁻³²⁴; a diverging one,
      // 10³⁰⁰). What lies beyond is clipped.
      const low = Math.min(Math.max(min, LOG_AXIS_MIN), LOG_AXIS_MAX);
      const high = Math.min(Math.max(max, low), LOG_AXIS_MAX);
      return [base ** Math.floor(Math.log(low) / Math.log(base)), base ** Math.ceil(Math.log(high) / Math.log(base))];
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

export function colorOf(palette: ChartPalette, series: ChartSeries, i: number): string {
  return palette.series[((series.color ?? i + 1) - 1) % palette.series.length]!;
}

/** A value on a log axis: a large power of ten as 10ⁿ (10⁹, not 1,000,000,000), else as the axis writes values. */
function logText(value: number, format: ChartAxisFormats['y'], locale: string | undefined): string {
  const exponent = Math.round(Math.log10(value));
  const power = Math.abs(value / 10 ** exponent - 1) < 1e-9;
  return format === 'number' && power && exponent >= 4 ? formatPowerOfTen(exponent) : formatValue(value, format, locale);
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
      dash: s.dash ? dashPattern(seriesLineStyle(s), devicePixelRatio || 1) : undefined,
      scale: s.axis === 'right' ? 'y2' : 'y',
      fill: kind === 'bars' || (kind === 'stacked' && i === 0) ? withAlpha(color, kind === 'bars' ? 0.85 : 0.55) : undefined,
      paths: s.marks ? () => null : bars,
      spanGaps: s.spanGaps ?? false,
      points: s.marks ? { show: true, size: 11, width: 2, fill: palette.bg } : { show: kind === 'line' && spec.columns[0].length <= 24, size: 5, fill: color },
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

/** Height uPlot gives an axis's title (its default `labelSize`), beside the axis's `size`. */
const axisTitleSize = 30;

/**
 * Whether a chart with a second y axis draws its two axes' series as two plots, one above the
 * other, sharing the x axis: when two axes side by side would leave the plot under 60 % of the
 * chart's width (on a phone, about 115 px of 315). Stacked rather than dropping the second
 * axis: a curve without its axis gets read against the other one (step time in samples/s), and
 * values in the legend alone lose the shape that is the point (step time climbing while
 * throughput stays flat).
 */
export function stacksAxes(series: readonly ChartSeries[], width: number): boolean {
  return series.some((s) => s.axis === 'right') && width - 2 * (yAxisSize + axisTitleSize) < 0.6 * width;
}

/**
 * One of a stacked chart's two plots: the series of one y axis, drawn on the left axis. The
 * upper plot keeps every annotation, the lower those on the x axis (the marker, batch ranges).
 * A view of `spec`, not a copy, so that it stays as lazy as the element's spec.
 */
export function panelSpec(spec: ChartSpec, axis: 'left' | 'right'): ChartSpec {
  const lower = axis === 'right';
  const on = (series: ChartSeries) => (series.axis ?? 'left') === axis;
  // The x column, then the columns of this axis's series.
  const pick = <T>(columns: readonly T[]): T[] => [columns[0]!, ...columns.slice(1).filter((_, i) => on(spec.series[i]!))];
  const view: { [K in keyof ChartSpec]?: PropertyDescriptor } = {
    columns: { get: () => pick(spec.columns) },
    drawnColumns: { get: () => pick(spec.drawnColumns) },
    // Each keeps the colour it has side by side.
    series: { get: () => spec.series.flatMap((s, i) => (on(s) ? [{ ...s, axis: 'left' as const, color: s.color ?? i + 1 }] : [])) },
    y2Label: { value: '' },
    panel: { value: lower ? 'lower' : 'upper' },
  };
  if (lower) {
    Object.assign(view, {
      thresholds: { get: () => spec.thresholds.filter((threshold) => threshold.axis === 'x') },
      regions: { get: () => spec.regions.filter((region) => region.axis === 'x') },
      yMax: { value: 0 },
      yLabel: { value: spec.y2Label },
      yScale: { value: 'linear' },
      formats: { value: { ...spec.formats, y: spec.formats.y2 } },
    });
  }
  return Object.create(spec, view) as ChartSpec;
}

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
      // A log y axis spanning many powers likewise keeps one label per line of text.
      const plotWidth = u.width - yAxisSize * (hasRight ? 2 : 1);
      const logY = format === 'y' && spec.yScale !== 'linear';
      const room =
        format === 'x' && !categorical ? Math.max(1, Math.floor(plotWidth / 44)) : logY ? Math.max(2, Math.floor((spec.height - 50) / 16)) : splits.length;
      // uPlot leaves the log splits it filtered out as null; the labels are every k-th of the rest.
      const every = Math.ceil(splits.filter((v) => v !== null).length / room);
      let shown = 0;
      return splits.map((v) =>
        v === null || shown++ % every !== 0 ? '' : format === 'x' ? xText(spec, v) : logY ? logText(v, formats[format], locale) : formatValue(v, formats[format], locale),
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
    // Each key drawn in its series' line style (as near as a CSS border gets), not only its colour.
    legend: { live: true, markers: { dash: (_u, i) => borderStyle(seriesLineStyle(spec.series[i - 1] ?? {} as ChartSeries)) } },
    cursor: { drag: { x: false, y: false }, points: kind === 'bars' ? { show: hiddenCursorPoint } : {} },
    scales: {
      x: categorical
        ? { time: false, range: () => [-0.5, (spec.categories?.length ?? 0) - 0.5] }
        : { ...scaleOptions(spec.xScale), range: (_u, min, max) => xRange(spec, min, max) },
      y: { ...scaleOptions(spec.yScale), range: yRange(spec, 'left') },
      ...(hasRight ? { y2: { time: false, range: yRange(spec, 'right') } } : {}),
    },
    axes: [
      // The lower of two stacked plots has the x axis's title for both (no room is kept for one above).
      axis(spec.xLabel, 'x', spec.panel === 'upper' ? { ...xAxisExtra, label: undefined } : xAxisExtra),
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
