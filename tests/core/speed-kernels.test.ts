import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findDevice } from '../../src/core/catalog/index.js';
import { forwardFlopsPerSequence, resolveModel, type TransformerModel } from '../../src/core/memory/index.js';
import { DEFAULT_SPEED_ASSUMPTIONS, kernelTime, optimizerStepKernel, peaksFor, trainingSpeed, transformerStepKernels, visionStepKernels, type Kernel, type TransformerStepOptions } from '../../src/core/speed/index.js';

const gpt2 = resolveModel('gpt2') as TransformerModel;
const t4 = findDevice('t4')!;
const a100 = findDevice('a100-80gb-sxm')!;

const step = (overrides: Partial<TransformerStepOptions> = {}): TransformerStepOptions => ({
  config: gpt2.config,
  batchSize: 8,
  sequenceLength: 1024,
  precision: 'mixed-fp16',
  recomputation: 'none',
  fusedAttention: false,
  ...overrides,
});
const speed = (device = t4, overrides: Partial<TransformerStepOptions> = {}) =>
  trainingSpeed({ ...step(overrides), model: gpt2, imageSize: 224, device, optimizer: 'adamw', zeroStage: 0, dataParallel: 1 });
const flops = (kernels: readonly Kernel[], pass?: Kernel['pass']) =>
  kernels.filter((k) => pass === undefined || k.pass === pass).reduce((sum, k) => sum + k.flops * k.count, 0);

test('one layer forward: 24·B·s·h² + 4·B·s²·h FLOPs, as Narayanan et al. 2021 (§5.1) count them', () => {
  const { hiddenSize: h, numLayers: L } = gpt2.config;
  const B = 8;
  const s = 1024;
  const layers = transformerStepKernels(step()).filter((k) => k.pass === 'forward' && k.count === L && k.tensorCores);
  assert.equal(flops(layers) / L, 24 * B * s * h * h + 4 * B * s * s * h);
  // QKV alone, by hand: 2 · (8·1024) · 2304 · 768.
  assert.equal(layers.find((k) => k.name === 'QKV projection')!.flops, 2 * 8192 * 2304 * 768);
});

test('the forward matmuls add up to the memory core’s FLOPs per sequence (2·Ψ·s + attention), within the norms’ and biases’ share', () => {
  const forward = flops(transformerStepKernels(step({ batchSize: 1 })).filter((k) => k.tensorCores && k.pass === 'forward'));
  const core = forwardFlopsPerSequence(gpt2.config, gpt2.params, 1024).total;
  assert.ok(Math.abs(forward / core - 1) < 0.01, `${forward} vs ${core}`);
});

test('backward matmuls cost twice the forward; full recomputation adds about a third of the compute, selective much less', () => {
  const kernels = transformerStepKernels(step());
  const matmuls = kernels.filter((k) => k.class === 'matmul' || k.class === 'attention');
  assert.equal(flops(matmuls, 'backward'), 2 * flops(matmuls, 'forward'));
  const none = flops(kernels);
  const full = transformerStepKernels(step({ recomputation: 'full' }));
  const selective = flops(transformerStepKernels(step({ recomputation: 'selective' })));
  // The layers' forward runs again: a third more of the layers' compute (Korthikanti et al. 2022, §4)...
  const layers = (pass: Kernel['pass']) => flops(full.filter((k) => k.count === gpt2.config.numLayers), pass);
  assert.equal(layers('recompute'), layers('forward'));
  assert.ok(Math.abs(layers('recompute') / (layers('forward') + layers('backward')) - 1 / 3) < 0.01);
  // ...and less of the whole step's, since GPT-2's large vocabulary head is not recomputed.
  assert.ok(flops(full) / none > 1.2 && flops(full) / none < 4 / 3, `full: ${flops(full) / none}`);
  assert.ok(selective / none > 1 && selective / none < 1.05, `selective: ${selective / none}`);
});

test('throughput rises with the batch while launches and small kernels bound the step, then saturates', () => {
  const at = (batchSize: number) => speed(t4, { batchSize, sequenceLength: 128 }).samplesPerSecond;
  assert.ok(at(1) < at(4) && at(4) < at(16), `${at(1)}, ${at(4)}, ${at(16)}`);
  assert.ok(at(1) * 3 < at(64), 'small batches pay for launches and the optimizer');
  assert.ok(Math.abs(at(512) / at(256) - 1) < 0.05, `saturated: ${at(256)} → ${at(512)}`);
});

test('mixed precision speeds a step up by less than the ratio of tensor-core to FP32 peaks', () => {
  const fp32 = speed(a100, { precision: 'fp32' });
  const mixed = speed(a100, { precision: 'mixed-bf16' });
  const peakRatio = a100.peak.bf16!.value / a100.peak.fp32!.value;
  const speedUp = fp32.seconds / mixed.seconds;
  assert.ok(speedUp > 2 && speedUp < 0.75 * peakRatio, `speed-up ${speedUp} against a peak ratio of ${peakRatio}`);
  assert.ok(mixed.byClass.elementwise > 0.1 * mixed.seconds, 'the memory-bound kernels are a visible share');
});

test('fused attention moves no score matrix: fewer bytes, the same forward FLOPs', () => {
  const bytes = (kernels: Kernel[]) => kernels.filter((k) => k.pass === 'forward').reduce((sum, k) => sum + k.bytes * k.count, 0);
  const plain = transformerStepKernels(step({ sequenceLength: 2048 }));
  const fused = transformerStepKernels(step({ sequenceLength: 2048, fusedAttention: true }));
  assert.ok(bytes(fused) < 0.6 * bytes(plain));
  assert.equal(flops(fused.filter((k) => k.pass === 'forward' && k.tensorCores)), flops(plain.filter((k) => k.pass === 'forward' && k.tensorCores)));
});

test('AdamW in mixed precision moves 28 bytes per parameter, and ZeRO shards the update', () => {
  const options = { optimizer: 'adamw' as const, precision: 'mixed-bf16' as const, params: 1e6, tensors: () => [], zeroStage: 0 as const, dataParallel: 8 };
  assert.equal(optimizerStepKernel(options).bytes, 28e6);
  assert.equal(optimizerStepKernel({ ...options, zeroStage: 1 }).bytes, 3.5e6);
});

test('a kernel shorter than its launch is bound by the launch', () => {
  const tiny: Kernel = { name: 'tiny', class: 'elementwise', pass: 'forward', flops: 100, bytes: 1000, count: 3, tensorCores: false };
  const time = kernelTime(tiny, peaksFor(t4, 'fp16'));
  assert.equal(time.bound, 'launch');
  assert.equal(time.seconds, 3 * DEFAULT_SPEED_ASSUMPTIONS.launchSeconds);
});

test('a vision model: its convolutions are GEMMs of the layer table’s FLOPs, run twice more in backward', () => {
  const resnet50 = resolveModel('resnet50');
  assert.equal(resnet50.kind, 'vision');
  if (resnet50.kind !== 'vision') return;
  const kernels = visionStepKernels({ architecture: resnet50.architecture, imageSize: 224, batchSize: 32, precision: 'mixed-fp16', recomputation: 'none' });
  const gemms = kernels.filter((k) => k.tensorCores);
  // ResNet-50 at 224 px: 4.09 G multiply–adds per image forward, as torchvision lists its "GFLOPS"
  // (https://pytorch.org/vision/stable/models/generated/torchvision.models.resnet50.html); 2 FLOPs each.
  assert.ok(Math.abs(flops(gemms, 'forward') / 32 / 2 / 4.1e9 - 1) < 0.05, `${flops(gemms, 'forward') / 32 / 2}`);
  assert.equal(flops(gemms, 'backward'), 2 * flops(gemms, 'forward'));
  const a100 = findDevice('a100-80gb-sxm')!;
  const at = (batchSize: number) =>
    trainingSpeed({ model: resnet50, device: a100, batchSize, sequenceLength: 0, imageSize: 224, precision: 'mixed-fp16', optimizer: 'sgd-momentum', recomputation: 'none', fusedAttention: false, zeroStage: 0, dataParallel: 1 }).samplesPerSecond;
  assert.ok(at(1) < at(8) && at(8) < at(64));
});
