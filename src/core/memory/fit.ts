/**
 * The largest batch that fits in a device's memory, for training and serving alike.
 */
import type { Device } from '../catalog/devices.js';
import { estimateTrainingMemory } from './training.js';
import type { TrainingOptions } from './training.js';

/**
 * The largest batch whose memory `totalAt(batch)` fits in `capacity` (0 when not even one sample
 * fits). Memory is affine in the batch size for training and serving alike, so the answer is
 * solved for from two points and then stepped to the exact boundary, which also corrects any
 * rounding (and would walk a merely monotone curve to its boundary).
 */
export function largestFitting(totalAt: (batchSize: number) => number, capacity: number): number {
  const one = totalAt(1);
  if (one > capacity) return 0;
  const perSample = totalAt(2) - one;
  let largest = perSample > 0 ? Math.max(1, Math.floor((capacity - one) / perSample) + 1) : Number.MAX_SAFE_INTEGER;
  while (largest > 1 && totalAt(largest) > capacity) largest--;
  while (largest < Number.MAX_SAFE_INTEGER && totalAt(largest + 1) <= capacity) largest++;
  return largest;
}

/**
 * The largest micro-batch whose training memory fits in the device's memory (see
 * largestFitting); `largestPowerOfTwo` is the largest power of two not above it. Both are 0 when
 * not even one sample fits.
 */
export function maxBatchSize(options: Omit<TrainingOptions, 'batchSize'>, device: Device) {
  const capacity = device.memoryBytes.value;
  const largest = largestFitting((batchSize) => estimateTrainingMemory({ ...options, batchSize }).total.bytes, capacity);
  return { largest, largestPowerOfTwo: largest === 0 ? 0 : 2 ** Math.floor(Math.log2(largest)), capacityBytes: capacity };
}
