import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEVICES, findDevice } from '../../src/core/catalog/index.js';
import {
  POWER_OF_TWO_BATCH_SIZES,
  buildVisionTable,
  estimateTrainingMemory,
  getModel,
  maxBatchSize,
  estimateInferenceMemory,
  sweepInferenceMemory,
  sweepTrainingMemory,
} from '../../src/core/memory/index.js';

const gpt2 = { model: 'gpt2', sequenceLength: 1024, precision: 'mixed-bf16', optimizer: 'adamw' } as const;

test('vision forward FLOPs match torchvision\'s published GFLOPS (multiply–accumulates)', () => {
  // torchvision model docs list GFLOPS counting one multiply–add as one operation.
  const published: Record<string, number> = { resnet18: 1.81, resnet50: 4.09, mobilenet_v2: 0.3, vit_b_16: 17.56 };
  for (const [id, gmacs] of Object.entries(published)) {
    const model = getModel(id);
    if (model.kind !== 'vision') throw new Error(id);
    const forward = buildVisionTable(model.architecture, 224).forwardFlops;
    assert.ok(Math.abs(forward / 2 / 1e9 / gmacs - 1) < 0.01, `${id}: ${forward / 2e9} GMACs`);
  }
});

test('maxBatchSize gives the largest exact batch that fits and the largest power of two', () => {
  for (const device of DEVICES) {
    const { largest, largestPowerOfTwo, capacityBytes } = maxBatchSize(gpt2, device);
    assert.equal(capacityBytes, device.memoryBytes.value);
    assert.ok(largest >= 1, device.id);
    const total = (batchSize: number) => estimateTrainingMemory({ ...gpt2, batchSize }).total.bytes;
    assert.ok(total(largest) <= capacityBytes && total(largest + 1) > capacityBytes, device.id);
    assert.equal(Math.log2(largestPowerOfTwo) % 1, 0);
    assert.ok(largestPowerOfTwo <= largest && 2 * largestPowerOfTwo > largest);
  }
  assert.deepEqual(maxBatchSize({ ...gpt2, model: 'llama-2-70b' }, findDevice('t4')!), {
    largest: 0,
    largestPowerOfTwo: 0,
    capacityBytes: findDevice('t4')!.memoryBytes.value,
  });
});

test('memory sweep: uPlot-aligned columns over 13 powers of two, parts stacking to the total', () => {
  const sweep = sweepTrainingMemory(gpt2);
  assert.deepEqual(sweep.x, [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096]);
  assert.deepEqual(sweep.x, [...POWER_OF_TWO_BATCH_SIZES]);
  assert.deepEqual(sweep.series.map((s) => s.key), ['weights', 'gradients', 'optimizer', 'activations', 'overhead', 'total']);
  assert.equal(sweep.data.length, sweep.series.length + 1);
  assert.equal(sweep.data[0], sweep.x);
  sweep.series.forEach((series, i) => {
    assert.equal(sweep.data[i + 1], series.values);
    assert.equal(series.values.length, 13);
  });
  const total = sweep.series.at(-1)!.values;
  sweep.x.forEach((batchSize, i) => {
    const parts = sweep.series.slice(0, -1).reduce((sum, s) => sum + s.values[i]!, 0);
    assert.equal(total[i], parts);
    assert.equal(total[i], estimateTrainingMemory({ ...gpt2, batchSize }).total.bytes);
    if (i > 0) assert.ok(total[i]! > total[i - 1]!);
  });
});

test('FlashAttention stores no attention scores: the s² terms go, one FP32 statistic per head and token stays', () => {
  // GPT-2 small at 16 bits: 34·s·b·h per layer plus 5·a·s²·b for the scores (Korthikanti et al. 2022, §4.1).
  const [L, a, s, b] = [12, 12, 1024, 2];
  const activations = (options: object) => estimateTrainingMemory({ ...gpt2, batchSize: b, ...options }).parts.find((p) => p.key === 'activations')!.bytes;
  const standard = activations({});
  const fused = activations({ fusedAttention: true });
  assert.equal(standard - fused, L * (5 * a * s * s * b - 4 * a * s * b));
  // Selective recomputation drops the scores too, and keeps no statistics.
  assert.equal(fused - activations({ recomputation: 'selective' }), L * 4 * a * s * b);
  // Vision models have no fused-attention option: it changes nothing there.
  const resnet = { model: 'resnet50', batchSize: 8, precision: 'mixed-bf16', optimizer: 'sgd' } as const;
  assert.equal(estimateTrainingMemory({ ...resnet, fusedAttention: true }).total.bytes, estimateTrainingMemory(resnet).total.bytes);
});

test('inference sweep: weights, KV cache, activations, overhead and total per batch size', () => {
  const options = { model: 'llama-3-8b', sequenceLength: 2048, weightPrecision: 'bf16' } as const;
  const sweep = sweepInferenceMemory(options, [1, 4, 16]);
  assert.deepEqual(sweep.series.map((s) => s.key), ['weights', 'kvCache', 'activations', 'overhead', 'total']);
  assert.deepEqual(sweep.data[0], [1, 4, 16]);
  assert.deepEqual(sweep.series[1]!.values, [1, 4, 16].map((b) => b * 2048 * 2 * 32 * 8 * 128 * 2));
  assert.equal(sweep.series.at(-1)!.values[2], estimateInferenceMemory({ ...options, batchSize: 16 }).total.bytes);
});
