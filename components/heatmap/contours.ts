/**
 * Contours for `<ml-heatmap>`: the values a map is coloured by (their logarithm on a log
 * scale), round contour levels, the bands between them (a filled contour map), and the level
 * lines by marching squares. Pure: no DOM, so it is unit-testable anywhere.
 */
import { niceStep } from '../../src/core/shared/rounding.js';
import type { ColorDomain } from './colormaps.js';

export type ColorScale = 'linear' | 'log';

/** A log colour scale spans at most this many decades below the largest value. */
export const LOG_DECADES = 6;

/** The values as the colours see them: log₁₀ of each on a log scale (−∞ for 0 and below), else themselves. */
export function scaledValues(values: ArrayLike<number>, count: number, scale: ColorScale): ArrayLike<number> {
  if (scale === 'linear') return values;
  const scaled = new Float32Array(Math.min(count, values.length));
  for (let i = 0; i < scaled.length; i++) {
    const value = values[i]!;
    scaled[i] = value > 0 ? Math.log10(value) : value <= 0 ? -Infinity : NaN;
  }
  return scaled;
}

/**
 * Round contour levels strictly inside a domain given in scaled units: on a log scale 1 and 3
 * times each power of ten (two bands a decade), on a linear one multiples of a 1–2–5 step that
 * makes about eight bands. Returned in scaled units, ascending.
 */
export function contourLevels(domain: ColorDomain, scale: ColorScale): number[] {
  const { min, max } = domain;
  if (!(max > min) || !Number.isFinite(max - min)) return [];
  const levels: number[] = [];
  if (scale === 'log') {
    for (let power = Math.floor(min); power <= Math.ceil(max); power++) {
      for (const level of [power, power + Math.log10(3)]) if (level > min && level < max) levels.push(level);
    }
    return levels;
  }
  const step = niceStep((max - min) / 8);
  for (let level = Math.ceil(min / step) * step; level < max; level += step) {
    // Rounded to the step's digits, so a level reads 0.3, not 0.30000000000000004.
    const rounded = Number(level.toPrecision(12));
    if (rounded > min) levels.push(rounded);
  }
  return levels;
}

/**
 * Each scaled value moved to the middle of its band (between consecutive levels, or a level and
 * the domain's end), so that painting them gives flat bands of colour. NaN stays NaN.
 */
export function bandValues(scaled: ArrayLike<number>, levels: readonly number[], domain: ColorDomain): Float32Array {
  const edges = [domain.min, ...levels, domain.max];
  const middles = edges.slice(1).map((edge, i) => (edge + edges[i]!) / 2);
  const banded = new Float32Array(scaled.length);
  for (let i = 0; i < scaled.length; i++) {
    const value = scaled[i]!;
    if (Number.isNaN(value)) {
      banded[i] = NaN;
      continue;
    }
    // Binary search for the first level above the value: its band's index.
    let low = 0;
    let high = levels.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (levels[mid]! <= value) low = mid + 1;
      else high = mid;
    }
    banded[i] = middles[low]!;
  }
  return banded;
}

/** Where each level sits along the colour bar, from 0 to 1: the bands' edges for a banded gradient. */
export function levelFractions(levels: readonly number[], domain: ColorDomain): number[] {
  return levels.map((level) => (level - domain.min) / (domain.max - domain.min));
}

/**
 * The level lines through a grid of scaled values, by marching squares between cell centres:
 * segments as [x1, y1, x2, y2, …] in cell units (the centre of cell (row, col) is at
 * (col + 0.5, row + 0.5)). Cells below the domain (−∞ on a log scale) count as its minimum;
 * squares touching NaN are left out. Saddle squares are split by their centre's mean. Each square
 * is visited once, for the levels between its lowest and highest corner only: most squares
 * cross none, so a 200 × 200 grid with a dozen levels takes a few milliseconds.
 */
export function contourSegments(scaled: ArrayLike<number>, rows: number, cols: number, levels: readonly number[], floor: number): Float32Array {
  const out: number[] = [];
  // Below the domain counts as its minimum (−∞ on a log scale has no crossing to interpolate).
  const raised = new Float32Array(rows * cols);
  for (let i = 0; i < raised.length; i++) raised[i] = Math.max(scaled[i]!, floor);
  for (let row = 0; row + 1 < rows; row++) {
    for (let col = 0; col + 1 < cols; col++) {
      const a = raised[row * cols + col]!; // top left
      const b = raised[row * cols + col + 1]!; // top right
      const c = raised[(row + 1) * cols + col + 1]!; // bottom right
      const d = raised[(row + 1) * cols + col]!; // bottom left
      if (Number.isNaN(a + b + c + d)) continue;
      const low = Math.min(a, b, c, d);
      const high = Math.max(a, b, c, d);
      // The first level at or above the lowest corner; levels are ascending.
      let k = 0;
      while (k < levels.length && levels[k]! < low) k++;
      for (; k < levels.length && levels[k]! < high; k++) marchSquare(out, col + 0.5, row + 0.5, a, b, c, d, levels[k]!);
    }
  }
  return Float32Array.from(out);
}

/** The segments of one level through one square with corners a (top left), b, c, d (clockwise) at (x, y) … (x + 1, y + 1). */
function marchSquare(out: number[], x: number, y: number, a: number, b: number, c: number, d: number, level: number): void {
  const index = (a > level ? 8 : 0) | (b > level ? 4 : 0) | (c > level ? 2 : 0) | (d > level ? 1 : 0);
  if (index === 0 || index === 15) return;
  // Where the level crosses each edge, by linear interpolation (edges it does not cross are not read).
  const topX = x + (level - a) / (b - a);
  const rightY = y + (level - b) / (c - b);
  const bottomX = x + (level - d) / (c - d);
  const leftY = y + (level - a) / (d - a);
  const centreAbove = (a + b + c + d) / 4 > level;
  switch (index) {
    case 1: case 14: out.push(x, leftY, bottomX, y + 1); break;
    case 2: case 13: out.push(bottomX, y + 1, x + 1, rightY); break;
    case 3: case 12: out.push(x, leftY, x + 1, rightY); break;
    case 4: case 11: out.push(topX, y, x + 1, rightY); break;
    case 6: case 9: out.push(topX, y, bottomX, y + 1); break;
    case 7: case 8: out.push(x, leftY, topX, y); break;
    // Saddles: the two corners above are joined through the centre when it is above too.
    case 5:
      if (centreAbove) out.push(x, leftY, topX, y, bottomX, y + 1, x + 1, rightY);
      else out.push(x, leftY, bottomX, y + 1, topX, y, x + 1, rightY);
      break;
    case 10:
      if (centreAbove) out.push(x, leftY, bottomX, y + 1, topX, y, x + 1, rightY);
      else out.push(x, leftY, topX, y, bottomX, y + 1, x + 1, rightY);
      break;
  }
}
