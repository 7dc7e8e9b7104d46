/**
 * Batch-size sweeps shaped for charts: one x column and one column per series, also given as
 * uPlot's aligned data `[x, ...series]` (https://github.com/leeoniya/uPlot/tree/master/docs).
 */
import type { MemoryBreakdown } from './breakdown.js';
import { estimateInferenceMemory } from './inference.js';
import type { InferenceOptions } from './inference.js';
import { estimateTrainingMemory } from './training.js';
import type { TrainingOptions } from './training.js';

/** Powers of two from 1 to 4096: the 13 batch sizes the widget offers. */
export const POWER_OF_TWO_BATCH_SIZES: readonly number[] = Array.from({ length: 13 }, (_, i) => 2 ** i);

export interface SweepSeries<Key extends string = string> {
  key: Key;
  label: string;
  unit: 'bytes' | 'seconds' | 'samples/s' | 'tokens/s';
  values: number[];
}

export interface Sweep<Key extends string = string> {
  xLabel: string;
  x: number[];
  series: SweepSeries<Key>[];
  /** `[x, series[0].values, series[1].values, ...]`, ready for uPlot's `setData`. */
  data: number[][];
}

function sweep<Key extends string>(xLabel: string, x: number[], series: SweepSeries<Key>[]): Sweep<Key> {
  return { xLabel, x, series, data: [x, ...series.map((s) => s.values)] };
}

/** One series per part plus the total, in stacking order. */
function memorySweep(batchSizes: readonly number[], estimates: readonly MemoryBreakdown[]): Sweep {
  const first = estimates[0];
  if (first === undefined) throw new RangeError('batchSizes must not be empty');
  const series: SweepSeries[] = first.parts.map((part, i) => ({
    key: part.key,
    label: part.label,
    unit: 'bytes',
    values: estimates.map((e) => e.parts[i]!.bytes),
  }));
  series.push({ key: 'total', label: 'Total', unit: 'bytes', values: estimates.map((e) => e.total.bytes) });
  return sweep('batch size', [...batchSizes], series);
}

/** Training memory per part and in total at each batch size (bytes). */
export function sweepTrainingMemory(
  options: Omit<TrainingOptions, 'batchSize'>,
  batchSizes: readonly number[] = POWER_OF_TWO_BATCH_SIZES,
): Sweep {
  return memorySweep(batchSizes, batchSizes.map((batchSize) => estimateTrainingMemory({ ...options, batchSize })));
}

/** Inference memory per part and in total at each batch size (bytes). */
export function sweepInferenceMemory(
  options: Omit<InferenceOptions, 'batchSize'>,
  batchSizes: readonly number[] = POWER_OF_TWO_BATCH_SIZES,
): Sweep {
  return memorySweep(batchSizes, batchSizes.map((batchSize) => estimateInferenceMemory({ ...options, batchSize })));
}
