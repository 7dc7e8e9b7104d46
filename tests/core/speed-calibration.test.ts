import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimateMeasurement } from '../../src/core/speed/calibration.js';
import { PUBLISHED_MEASUREMENTS } from '../../src/core/speed/measurements.js';

/**
 * The points the model misses by more than 35 % with its default assumptions, and why. Each is
 * still held to its recorded error, so that a change that makes it worse fails here.
 */
const MISSES: Record<string, { error: number; why: string }> = {
  'resnet50-a100-80gb-train-tf32': {
    error: 0.42,
    why: 'one matmul efficiency serves every precision; the likely cause (not measured here) is that TF32 convolutions reach a smaller share of their peak than FP16 ones',
  },
  'llama-3-8b-h100-train-fsdp': {
    error: 0.43,
    why: 'the measured H100 is a 96 GB HBM2e part at 2.4 TB/s and 500 W, not the catalog’s 80 GB SXM at 3.35 TB/s and 700 W; FSDP’s communication is not modelled here',
  },
};

test('every published measurement is within ±35 % of the model with its default assumptions, or a recorded miss', () => {
  for (const measurement of PUBLISHED_MEASUREMENTS) {
    const { error, estimate } = estimateMeasurement(measurement);
    const miss = MISSES[measurement.id];
    const within = miss ? Math.abs(miss.error) + 0.02 : 0.35;
    assert.ok(Math.abs(error) <= within, `${measurement.id}: measured ${measurement.value}, model ${estimate.toFixed(1)} (${(error * 100).toFixed(0)} %)`);
  }
});

test('the held-out points, which the fit never saw, are within ±35 % but for the H100 whose part differs from the catalog’s', () => {
  const heldOut = PUBLISHED_MEASUREMENTS.filter((m) => m.heldOut && !MISSES[m.id]);
  assert.ok(heldOut.length >= 4);
  for (const m of heldOut) assert.ok(Math.abs(estimateMeasurement(m).error) <= 0.35, m.id);
});
