/** Equal-width bins over [min, max] of the values, as uPlot-ready columns of centres and counts. */
export interface Histogram {
  centers: number[];
  counts: number[];
  binWidth: number;
  min: number;
  max: number;
}

export function histogram(values: ArrayLike<number>, bins: number): Histogram {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!(min <= max)) return { centers: [], counts: [], binWidth: 0, min: 0, max: 0 };
  if (min === max) max = min + 1;
  const binWidth = (max - min) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++) {
    const bin = Math.min(bins - 1, Math.floor((values[i]! - min) / binWidth));
    counts[bin]!++;
  }
  const centers = counts.map((_, i) => min + (i + 0.5) * binWidth);
  return { centers, counts, binWidth, min, max };
}
