import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEVICES, findDevice } from '../../src/core/catalog/index.js';
import type { Device } from '../../src/core/catalog/index.js';
import {
  POWER_OF_TWO_BATCH_SIZES,
  buildVisionTable,
  estimateStep,
  estimateTrainingMemory,
  getModel,
  maxBatchSize,
  estimateInferenceMemory,
  sweepInferenceMemory,
  sweepTraining,
  sweepTrainingMemory,
  sweepTrainingThroughput,
} from '../../src/core/memory/index.js';

const a100 = findDevice('a100-80gb-sxm')!;
const gpt2 = { model: 'gpt2', sequenceLength: 1024, precision: 'mixed-bf16', optimizer: 'adamw' } as const;

test('transformer step FLOPs: 6·Ψ·tokens plus 12·L·h·s² per sequence, and what recomputation adds', () => {
  // Narayanan et al. 2021 §5.1 / Korthikanti et al. 2022 §6: forward + backward = 3 × forward.
  const psi = 124_439_808;
  const [L, h, s, b] = [12, 768, 1024, 2];
  const base = 6 * psi * b * s + 12 * L * h * s * s * b;
  assert.equal(estimateStep({ ...gpt2, batchSize: b }, a100).flops, base);
  // Full recomputation reruns the forward: 4 × forward in total.
  assert.equal(estimateStep({ ...gpt2, batchSize: b, recomputation: 'full' }, a100).flops, (base * 4) / 3);
  // Selective reruns only QKᵀ and attention over V: 4·L·h·s² per sequence.
  assert.equal(estimateStep({ ...gpt2, batchSize: b, recomputation: 'selective' }, a100).flops, base + 4 * L * h * s * s * b);
  // The Math Peek shows the total as a power of ten it can typeset, not as JavaScript's "1.76e+12".
  assert.match(estimateStep({ ...gpt2, batchSize: b }, a100).flopsSubstituted, / = 1\.761 × 10\^12$/);
});

test('vision forward FLOPs match torchvision\'s published GFLOPS (multiply–accumulates)', () => {
  // torchvision model docs list GFLOPS counting one multiply–add as one operation.
  const published: Record<string, number> = { resnet18: 1.81, resnet50: 4.09, mobilenet_v2: 0.3, vit_b_16: 17.56 };
  for (const [id, gmacs] of Object.entries(published)) {
    const model = getModel(id);
    if (model.kind !== 'vision') throw new Error(id);
    const forward = buildVisionTable(model.architecture, 224).forwardFlops;
    assert.ok(Math.abs(forward / 2 / 1e9 / gmacs - 1) < 0.01, `${id}: ${forward / 2e9} GMACs`);
    assert.equal(estimateStep({ model, batchSize: 3, precision: 'fp32', optimizer: 'sgd' }, a100).flops, 3 * forward * 3);
  }
});

test('roofline: the step takes the longer of compute time and memory time', () => {
  const step = estimateStep({ ...gpt2, batchSize: 8 }, a100);
  assert.equal(step.peak.precision, 'bf16');
  assert.equal(step.peak.flopsPerSecond, 312e12);
  assert.equal(step.computeSeconds, step.flops / (312e12 * 0.5));
  assert.equal(step.memorySeconds, step.bytesMoved / (2039e9 * 0.8));
  assert.equal(step.bound, 'compute');
  assert.equal(step.stepSeconds, step.computeSeconds);
  assert.equal(step.samplesPerSecond, 8 / step.stepSeconds);
  assert.equal(step.tokensPerSecond, (8 * 1024) / step.stepSeconds);

  // The same step on a part with a thousandth of the bandwidth is memory-bound.
  const starved: Device = { ...a100, id: 'starved', bandwidthBytesPerSecond: { value: 2e9, source: 'https://example.org/test' } };
  const slow = estimateStep({ ...gpt2, batchSize: 8 }, starved);
  assert.equal(slow.bound, 'memory');
  assert.equal(slow.stepSeconds, slow.bytesMoved / (2e9 * 0.8));

  // Utilization is the reader's assumption.
  const better = estimateStep({ ...gpt2, batchSize: 8, computeUtilization: 1 }, a100);
  assert.equal(better.computeSeconds * 2, step.computeSeconds);
  assert.throws(() => estimateStep({ ...gpt2, batchSize: 8, computeUtilization: 0 }, a100), /computeUtilization/);
});

test('the peak follows the precision regime, with TF32 only when allowed', () => {
  const fp32 = { ...gpt2, precision: 'fp32', batchSize: 1 } as const;
  assert.equal(estimateStep(fp32, a100).peak.flopsPerSecond, 19.5e12);
  assert.equal(estimateStep({ ...fp32, allowTf32: true }, a100).peak.flopsPerSecond, 156e12);
  const t4 = findDevice('t4')!;
  assert.equal(estimateStep({ ...fp32, allowTf32: true }, t4).peak.precision, 'fp32', 'Turing has no TF32');
  const v100 = findDevice('v100-sxm2-32gb')!;
  const bf16OnVolta = estimateStep({ ...gpt2, batchSize: 1 }, v100);
  assert.equal(bf16OnVolta.peak.precision, 'fp32');
  // The fallback changes the result, so it is a caveat (for a callout), not a footnote.
  assert.deepEqual(bf16OnVolta.caveats, ['The NVIDIA V100 SXM2 32 GB lists no BF16 peak, so the step is timed at its FP32 peak (15.7 TFLOP/s).']);
  assert.deepEqual(estimateStep({ ...gpt2, batchSize: 1 }, a100).caveats, []);
  assert.equal(estimateStep({ ...gpt2, precision: 'mixed-fp16', batchSize: 1 }, v100).peak.flopsPerSecond, 125e12);
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

test('throughput sweep: step time never falls and samples/s never falls on a compute-bound part', () => {
  const sweep = sweepTrainingThroughput({ ...gpt2 }, a100, [1, 2, 4, 8]);
  const [time, throughput] = sweep.series;
  assert.equal(time!.key, 'stepSeconds');
  for (let i = 1; i < 4; i++) {
    assert.ok(time!.values[i]! > time!.values[i - 1]!);
    assert.ok(throughput!.values[i]! >= throughput!.values[i - 1]! * 0.999);
  }
});

test('sweepTraining: the memory and throughput sweeps from one step estimate per batch size', () => {
  const batchSizes = [1, 2, 4, 8];
  const { memory, throughput, steps } = sweepTraining(gpt2, a100, batchSizes);
  assert.deepEqual(memory, sweepTrainingMemory(gpt2, batchSizes));
  assert.deepEqual(throughput, sweepTrainingThroughput(gpt2, a100, batchSizes));
  assert.deepEqual(steps, batchSizes.map((batchSize) => estimateStep({ ...gpt2, batchSize }, a100)));
});

test('inference sweep: weights, KV cache, activations, overhead and total per batch size', () => {
  const options = { model: 'llama-3-8b', sequenceLength: 2048, weightPrecision: 'bf16' } as const;
  const sweep = sweepInferenceMemory(options, [1, 4, 16]);
  assert.deepEqual(sweep.series.map((s) => s.key), ['weights', 'kvCache', 'activations', 'overhead', 'total']);
  assert.deepEqual(sweep.data[0], [1, 4, 16]);
  assert.deepEqual(sweep.series[1]!.values, [1, 4, 16].map((b) => b * 2048 * 2 * 32 * 8 * 128 * 2));
  assert.equal(sweep.series.at(-1)!.values[2], estimateInferenceMemory({ ...options, batchSize: 16 }).total.bytes);
});
