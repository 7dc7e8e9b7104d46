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
 * squares touching NaN are left out. Saddle squares are split by their centre's mean.
 */
export function contourSegments(scaled: ArrayLike<number>, rows: number, cols: number, levels: readonly number[], floor: number): Float32Array {
  const out: number[] = [];
  const at = (row: number, col: number) => {
    const value = scaled[row * cols + col]!;
    return value < floor ? floor : value;
  };
  for (const level of levels) {
    for (let row = 0; row + 1 < rows; row++) {
      for (let col = 0; col + 1 < cols; col++) {
        const a = at(row, col); // top left
        const b = at(row, col + 1); // top right
        const c = at(row + 1, col + 1); // bottom right
        const d = at(row + 1, col); // bottom left
        if (Number.isNaN(a + b + c + d)) continue;
        const index = (a > level ? 8 : 0) | (b > level ? 4 : 0) | (c > level ? 2 : 0) | (d > level ? 1 : 0);
        if (index === 0 || index === 15) continue;
        const x = col + 0.5;
        const y = row + 0.5;
        // Where the level crosses each edge, by linear interpolation.
        const top = () => [x + (level - a) / (b - a), y];
        const right = () => [x + 1, y + (level - b) / (c - b)];
        const bottom = () => [x + (level - d) / (c - d), y + 1];
        const left = () => [x, y + (level - a) / (d - a)];
        const join = (p: number[], q: number[]) => out.push(p[0]!, p[1]!, q[0]!, q[1]!);
        const centreAbove = (a + b + c + d) / 4 > level;
        switch (index) {
          case 1: case 14: join(left(), bottom()); break;
          case 2: case 13: join(bottom(), right()); break;
          case 3: case 12: join(left(), right()); break;
          case 4: case 11: join(top(), right()); break;
          case 6: case 9: join(top(), bottom()); break;
          case 7: case 8: join(left(), top()); break;
          case 5:
            if (centreAbove) { join(left(), top()); join(bottom(), right()); } else { join(left(), bottom()); join(top(), right()); }
            break;
          case 10:
            if (centreAbove) { join(left(), bottom()); join(top(), right()); } else { join(left(), top()); join(bottom(), right()); }
            break;
        }
      }
    }
  }
  return Float32Array.from(out);
}
