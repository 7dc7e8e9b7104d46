/**
 * Where a chart's annotation labels go: each label tries places beside what it names (above or
 * below a threshold line, either side of a marker, the corners of a band, then further along)
 * and takes the first whose box lies inside the plot and touches neither a drawn line (the
 * series, the annotation lines), nor a bar, nor a label placed before it. Where no place is
 * clear (a crowded plot on a phone), it takes the one that covers the least. Pure geometry in
 * canvas pixels, so it is tested without drawing.
 */

/** A box in canvas pixels (y grows downwards). */
export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** A straight piece of a drawn line, in canvas pixels. */
export interface Segment {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** What a label names. */
export type LabelAnchor =
  /** A horizontal line at `y` across the plot (a threshold on the y axis). */
  | { kind: 'horizontal'; y: number }
  /** A vertical line at `x`; its label starts at the line's `top` or `bottom` end. */
  | { kind: 'vertical'; x: number; from: 'top' | 'bottom'; side: 'left' | 'right' }
  /** A shaded band; its label goes inside, from the corner `corner` first. */
  | { kind: 'band'; box: Box; corner: 'top-left' | 'top-right' };

export interface LabelRequest {
  anchor: LabelAnchor;
  /** The label's sizes, preferred first: one line, then wrapped onto more. */
  sizes: readonly { width: number; height: number }[];
}

/** What labels must not cover. */
export interface Obstacles {
  segments: readonly Segment[];
  boxes: readonly Box[];
}

export interface PlacedLabel {
  box: Box;
  /** Which of the request's sizes was used. */
  size: number;
  /** How lines of a wrapped label line up: against the line's end they name, or from the left. */
  align: 'left' | 'right';
  /** False when no place was free and the label covers something. */
  clear: boolean;
}

export interface PlacementOptions {
  /** Space between a label and the line it names, and between a label and the plot's edge. */
  gap: number;
  /** How near a drawn line may come to a label's box (half a line's width and a point's radius). */
  clearance: number;
}

interface Candidate {
  left: number;
  top: number;
  align: 'left' | 'right';
}

/** How many places along a line or across a band a label tries beyond the preferred ones. */
const STEPS = 8;

/** `STEPS` + 1 evenly spaced values from `from` to `to`, both ends included. */
function steps(from: number, to: number): number[] {
  return Array.from({ length: STEPS + 1 }, (_, i) => from + ((to - from) * i) / STEPS);
}

/** The places a label of this size tries, preferred first. */
function candidates(anchor: LabelAnchor, width: number, height: number, plot: Box, gap: number): Candidate[] {
  const leftEnd = plot.left + gap;
  const rightEnd = plot.right - gap - width;
  if (anchor.kind === 'horizontal') {
    const above = anchor.y - gap - height;
    const below = anchor.y + gap;
    // The line's right end first (where a reader's eye leaves the plot), then its left end, then along it.
    const lefts = [rightEnd, leftEnd, ...steps(rightEnd, leftEnd).slice(1, -1)];
    return lefts.flatMap((left) => {
      const align = left === leftEnd ? 'left' : 'right';
      return [above, below].map((top) => ({ left, top, align }));
    });
  }
  if (anchor.kind === 'vertical') {
    const toRight = { left: anchor.x + gap, align: 'left' as const };
    const toLeft = { left: anchor.x - gap - width, align: 'right' as const };
    const sides = anchor.side === 'right' ? [toRight, toLeft] : [toLeft, toRight];
    const top = plot.top + gap;
    const bottom = plot.bottom - gap - height;
    const tops = anchor.from === 'top' ? steps(top, bottom) : steps(bottom, top);
    return tops.flatMap((y) => sides.map((side) => ({ ...side, top: y })));
  }
  const band = anchor.box;
  const first = band.left + gap;
  const last = band.right - gap - width;
  const lefts = anchor.corner === 'top-left' ? [first, last, ...steps(first, last).slice(1, -1)] : [last, first, ...steps(last, first).slice(1, -1)];
  return steps(band.top + gap, band.bottom - gap - height).flatMap((top) =>
    lefts.map((left) => ({ left, top, align: left === last && left !== first ? 'right' : 'left' })),
  );
}

const area = (box: Box) => Math.max(0, box.right - box.left) * Math.max(0, box.bottom - box.top);

function overlap(a: Box, b: Box): number {
  return area({
    left: Math.max(a.left, b.left),
    top: Math.max(a.top, b.top),
    right: Math.min(a.right, b.right),
    bottom: Math.min(a.bottom, b.bottom),
  });
}

/** Length of the part of `segment` inside `box` (Liang–Barsky clipping). */
export function lengthInside(segment: Segment, box: Box): number {
  const dx = segment.x2 - segment.x1;
  const dy = segment.y2 - segment.y1;
  let from = 0;
  let to = 1;
  const edges: [number, number][] = [
    [-dx, segment.x1 - box.left],
    [dx, box.right - segment.x1],
    [-dy, segment.y1 - box.top],
    [dy, box.bottom - segment.y1],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return 0;
    } else if (p < 0) from = Math.max(from, q / p);
    else to = Math.min(to, q / p);
    if (from > to) return 0;
  }
  return (to - from) * Math.hypot(dx, dy);
}

/**
 * What a box covers, as one number: 0 when it is free. Lines count by the length they run
 * through it (times the label's height, so that crossing a line weighs like covering a strip of
 * label), labels and bars by the area they share with it, and the outside of the plot (where it
 * would print over the axes) far more.
 */
function coverage(box: Box, plot: Box, placed: readonly Box[], obstacles: Obstacles, clearance: number): number {
  const height = box.bottom - box.top;
  const padded = { left: box.left - clearance, top: box.top - clearance, right: box.right + clearance, bottom: box.bottom + clearance };
  let cost = 100 * (area(box) - overlap(box, plot));
  for (const other of placed) cost += 4 * overlap(box, other);
  for (const bar of obstacles.boxes) cost += overlap(padded, bar);
  for (const segment of obstacles.segments) cost += height * lengthInside(segment, padded);
  return cost;
}

/** `start` moved so that `start`…`start + size` lies within `min`…`max`, or starts at `min` if it cannot. */
function slideInside(start: number, size: number, min: number, max: number): number {
  return Math.max(min, Math.min(start, max - size));
}

/**
 * Places the labels in order (earlier requests are the more important and get their preferred
 * places), each clear of the obstacles, the plot's edges and the labels before it when any of
 * its places is, else where it covers least.
 */
export function placeLabels(requests: readonly LabelRequest[], plot: Box, obstacles: Obstacles, options: PlacementOptions): PlacedLabel[] {
  const placed: PlacedLabel[] = [];
  for (const request of requests) {
    let best: PlacedLabel | undefined;
    let bestCost = Infinity;
    search: for (const [size, { width, height }] of request.sizes.entries()) {
      for (const candidate of candidates(request.anchor, width, height, plot, options.gap)) {
        // A place past the plot's edge slides back in (a marker near the edge keeps its label).
        const left = slideInside(candidate.left, width, plot.left + options.gap, plot.right - options.gap);
        const top = slideInside(candidate.top, height, plot.top + options.gap, plot.bottom - options.gap);
        const box = { left, top, right: left + width, bottom: top + height };
        const cost = coverage(box, plot, placed.map((label) => label.box), obstacles, options.clearance);
        if (cost < bestCost) {
          bestCost = cost;
          best = { box, size, align: candidate.align, clear: cost === 0 };
          if (cost === 0) break search;
        }
      }
    }
    if (best) placed.push(best);
  }
  return placed;
}
