/**
 * A heat map as a plane: the region of (x, y) its cells cover, and what is drawn over it in
 * those coordinates (paths, such as an optimizer's iterates on a loss surface, and marked
 * points, such as the surface's minima and the start). Rows run from the top of the region
 * (y max) down, as a plot's y axis does.
 */
import { niceStep } from '../../src/core/shared/rounding.js';
import { dashPattern, type LineStyle } from '../../src/lib/styles/line-styles.js';

/** The region the cells cover: x from the left edge to the right, y from the bottom edge to the top. */
export interface HeatmapExtent {
  readonly x: readonly [number, number];
  readonly y: readonly [number, number];
}

/** A path drawn over the map. */
export interface HeatmapPath {
  /** Name in the table and the PNG's legend. */
  label: string;
  xs: ArrayLike<number>;
  ys: ArrayLike<number>;
  /** The map's value at each point (a loss), for the table and the CSV. */
  values?: ArrayLike<number>;
  /** Palette slot 1–7 (the series colours); paths take slots in order when omitted. */
  color?: number;
  line?: LineStyle;
}

/** A marked point: `cross` for a known answer (a minimum), `ring` for a chosen point (a start). */
export interface HeatmapMark {
  x: number;
  y: number;
  label: string;
  shape: 'cross' | 'ring';
}

/** A point of the plane, in its own units. */
export interface PlanePoint {
  x: number;
  y: number;
}

/** Position of a point in a box of `width` × `height` (pixels), from its top left corner. */
export function toBox(extent: HeatmapExtent, point: PlanePoint, width: number, height: number): PlanePoint {
  const [x0, x1] = extent.x;
  const [y0, y1] = extent.y;
  return { x: ((point.x - x0) / (x1 - x0)) * width, y: ((y1 - point.y) / (y1 - y0)) * height };
}

/** The point at a position in the box (the inverse of toBox). */
export function fromBox(extent: HeatmapExtent, x: number, y: number, width: number, height: number): PlanePoint {
  const [x0, x1] = extent.x;
  const [y0, y1] = extent.y;
  return { x: x0 + (x / width) * (x1 - x0), y: y1 - (y / height) * (y1 - y0) };
}

/** The cell holding a point, clamped to the grid. */
export function cellOf(extent: HeatmapExtent, point: PlanePoint, rows: number, cols: number): { row: number; col: number } {
  const { x, y } = toBox(extent, point, cols, rows);
  return { row: Math.min(Math.max(Math.floor(y), 0), rows - 1), col: Math.min(Math.max(Math.floor(x), 0), cols - 1) };
}

/** The centre of a cell, in the plane's units. */
export function cellCentre(extent: HeatmapExtent, row: number, col: number, rows: number, cols: number): PlanePoint {
  return fromBox(extent, col + 0.5, row + 0.5, cols, rows);
}

/** Round tick values (1–2–5 steps) inside [min, max], about `count` of them. */
export function planeTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [];
  const step = niceStep((max - min) / count);
  const ticks: number[] = [];
  for (let k = Math.ceil(min / step - 1e-9); k * step <= max + step * 1e-9; k++) ticks.push(Number((k * step).toPrecision(12)));
  return ticks;
}

/** How far a drawn coordinate may lie outside the canvas: a run that diverged reaches 1e300. */
const DRAW_LIMIT = 1e5;
const clampDrawn = (value: number) => Math.min(Math.max(value, -DRAW_LIMIT), DRAW_LIMIT);

export interface OverlayColors {
  /** The background, for the halo that keeps lines legible on any cell colour. */
  bg: string;
  accent: string;
  series: readonly string[];
}

export interface OverlayOptions {
  extent: HeatmapExtent;
  paths: readonly HeatmapPath[];
  marks: readonly HeatmapMark[];
  /** Each path is drawn up to this index (its current point); past the end, whole. */
  progress: number;
  colors: OverlayColors;
  /** Device pixels per CSS pixel. */
  ratio: number;
}

/** The palette colour of path `i`. */
export function pathColor(colors: OverlayColors, path: HeatmapPath, i: number): string {
  return colors.series[((path.color ?? i + 1) - 1) % colors.series.length]!;
}

/**
 * Draws the paths (a halo of the background under each line, the line in its colour and style,
 * a dot at each iterate while they are few enough to count, the current point filled), then the
 * marks, over whatever the context holds.
 */
export function drawOverlay(ctx: CanvasRenderingContext2D, options: OverlayOptions): void {
  const { extent, paths, marks, progress, colors, ratio } = options;
  const { width, height } = ctx.canvas;
  const place = (x: number, y: number) => {
    const p = toBox(extent, { x, y }, width, height);
    return { x: clampDrawn(p.x), y: clampDrawn(p.y) };
  };
  ctx.save();
  ctx.lineJoin = 'round';
  paths.forEach((path, i) => {
    const last = Math.min(progress, path.xs.length - 1);
    const points: PlanePoint[] = [];
    for (let k = 0; k <= last; k++) {
      const x = path.xs[k]!;
      const y = path.ys[k]!;
      if (!Number.isFinite(x) || !Number.isFinite(y)) break;
      points.push(place(x, y));
    }
    if (points.length === 0) return;
    const color = pathColor(colors, path, i);
    const trace = () => {
      ctx.beginPath();
      points.forEach((p, k) => (k === 0 ? ctx.moveTo(p.x, p.y) : ctx.lineTo(p.x, p.y)));
      ctx.stroke();
    };
    ctx.setLineDash([]);
    ctx.strokeStyle = colors.bg;
    ctx.globalAlpha = 0.55;
    ctx.lineWidth = 4 * ratio;
    trace();
    ctx.globalAlpha = 1;
    ctx.strokeStyle = color;
    ctx.lineWidth = 2 * ratio;
    ctx.setLineDash(dashPattern(path.line ?? 'solid', ratio));
    trace();
    ctx.fillStyle = color;
    if (points.length <= 120) {
      for (const p of points) {
        ctx.beginPath();
        ctx.arc(p.x, p.y, 1.75 * ratio, 0, 2 * Math.PI);
        ctx.fill();
      }
    }
    const current = points[points.length - 1]!;
    ctx.beginPath();
    ctx.arc(current.x, current.y, 5 * ratio, 0, 2 * Math.PI);
    ctx.lineWidth = 2 * ratio;
    ctx.setLineDash([]);
    ctx.strokeStyle = colors.bg;
    ctx.fill();
    ctx.stroke();
  });
  for (const mark of marks) {
    const p = place(mark.x, mark.y);
    ctx.setLineDash([]);
    if (mark.shape === 'cross') {
      const size = 5 * ratio;
      const cross = () => {
        ctx.beginPath();
        ctx.moveTo(p.x - size, p.y - size);
        ctx.lineTo(p.x + size, p.y + size);
        ctx.moveTo(p.x - size, p.y + size);
        ctx.lineTo(p.x + size, p.y - size);
        ctx.stroke();
      };
      ctx.lineCap = 'round';
      ctx.strokeStyle = '#ffffff';
      ctx.lineWidth = 4.5 * ratio;
      cross();
      ctx.strokeStyle = '#000000';
      ctx.lineWidth = 2 * ratio;
      cross();
    } else {
      ctx.beginPath();
      ctx.arc(p.x, p.y, 7 * ratio, 0, 2 * Math.PI);
      ctx.strokeStyle = colors.bg;
      ctx.lineWidth = 5 * ratio;
      ctx.stroke();
      ctx.strokeStyle = colors.accent;
      ctx.lineWidth = 2.5 * ratio;
      ctx.stroke();
    }
  }
  ctx.restore();
}
