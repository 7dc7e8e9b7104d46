import { test } from 'node:test';
import assert from 'node:assert/strict';
import { batchMemorySchema, type BatchMemoryState } from '../../src/core/memory/lab.js';
import { evaluate, trainingOptions } from '../../src/core/memory/evaluate.js';
import { estimateInferenceMemory, estimateStep, estimateTrainingMemory, maxBatchSize, resolveModel } from '../../src/core/memory/index.js';
import { findDevice } from '../../src/core/catalog/index.js';
import { appliesIn, constrain, defaults, rangeIn } from '../../src/core/shared/lab-schema.js';

const gpt2OnT4: BatchMemoryState = defaults(batchMemorySchema);
const t4 = findDevice('t4')!;

test('the defaults are GPT-2 small training on a T4, batch 8 × 1024 tokens', () => {
  const { model, device, mode, batchSize, sequenceLength } = defaults(batchMemorySchema);
  assert.deepEqual({ model, device, mode, batchSize, sequenceLength }, { model: 'gpt2', device: 't4', mode: 'training', batchSize: 8, sequenceLength: 1024 });
});

test('the largest batch that fits is the core maxBatchSize, and the scenario says whether it fits', () => {
  const result = evaluate(gpt2OnT4);
  const { largest } = maxBatchSize(trainingOptions(gpt2OnT4, resolveModel('gpt2'), t4), t4);
  assert.equal(result.largestBatch, largest);
  assert.equal(result.fits, result.breakdown.total.bytes <= t4.memoryBytes.value);
  assert.equal(result.fits, gpt2OnT4.batchSize <= largest);
});

test('out of memory lists mitigations, each computed by the core, and a smaller batch fits', () => {
  const result = evaluate({ ...gpt2OnT4, batchSize: 64 });
  assert.equal(result.fits, false);
  const smaller = result.mitigations.find((m) => m.text.startsWith('Batch size'))!;
  assert.equal(smaller.fits, true);
  const recompute = result.mitigations.find((m) => m.text.includes('recomputation'))!;
  const expected = estimateTrainingMemory({ ...trainingOptions(gpt2OnT4, resolveModel('gpt2'), t4), batchSize: 64, recomputation: 'full' }).total.bytes;
  assert.equal(recompute.totalBytes, expected);
  assert.equal(evaluate(gpt2OnT4).mitigations.length, 0);
});

test('the compute-bound marker is the first swept batch whose step is compute-bound', () => {
  const result = evaluate({ ...gpt2OnT4, model: 'resnet50', device: 'a100-80gb-sxm' });
  const sweep = result.throughputSweep!;
  assert.ok(result.computeBoundFrom === undefined || sweep.x.includes(result.computeBoundFrom));
  assert.ok(result.step!.samplesPerSecond > 0);
});

test('inference: breakdown and largest batch agree with estimateInferenceMemory', () => {
  const scenario = { ...gpt2OnT4, mode: 'inference' as const, model: 'llama-2-7b', device: 'a100-80gb-sxm', sequenceLength: 4096 };
  const result = evaluate(scenario);
  const at = (batchSize: number) =>
    estimateInferenceMemory({ model: 'llama-2-7b', batchSize, sequenceLength: 4096, weightPrecision: 'fp16' }).total.bytes;
  const capacity = findDevice('a100-80gb-sxm')!.memoryBytes.value;
  assert.equal(result.breakdown.total.bytes, at(8));
  assert.ok(at(result.largestBatch) <= capacity);
  assert.ok(at(result.largestBatch + 1) > capacity);
  assert.equal(result.throughputSweep, undefined);
});

test('a pasted config.json is used; a broken one falls back to GPT-2 with the reason', () => {
  const config = JSON.stringify({ model_type: 'gpt2', n_embd: 768, n_layer: 12, n_head: 12, vocab_size: 50257, n_positions: 1024 });
  const custom = evaluate({ ...gpt2OnT4, model: 'custom', modelConfig: config });
  assert.equal(custom.configError, undefined);
  assert.equal(custom.model.params, 124_439_808);
  const broken = evaluate({ ...gpt2OnT4, model: 'custom', modelConfig: '{"model_type": "gpt2"' });
  assert.match(broken.configError!, /JSON/);
  const missing = evaluate({ ...gpt2OnT4, model: 'custom', modelConfig: '{"model_type": "gpt2"}' });
  assert.match(missing.configError!, /n_embd|hidden_size/);
});

test('a model bounds the sequence length by its context: BERT reads 512 tokens, a vision model none', () => {
  const bert = { ...gpt2OnT4, model: 'bert-base' };
  assert.deepEqual(rangeIn(batchMemorySchema, 'sequenceLength', bert), { min: 1, max: 512 });
  assert.deepEqual(constrain(batchMemorySchema, bert), { sequenceLength: 512 });
  assert.deepEqual(constrain(batchMemorySchema, gpt2OnT4), {});
  const resnet = { ...gpt2OnT4, model: 'resnet50', sequenceLength: 131072 };
  assert.deepEqual(constrain(batchMemorySchema, resnet), {});
  assert.equal(appliesIn(batchMemorySchema, 'sequenceLength', resnet), false);
  assert.equal(appliesIn(batchMemorySchema, 'imageSize', resnet), true);
});

test('the training recipe applies in training only', () => {
  const inference = { ...gpt2OnT4, mode: 'inference' as const };
  for (const key of ['optimizer', 'recomputation', 'zeroStage', 'gpus', 'utilization'] as const) {
    assert.equal(appliesIn(batchMemorySchema, key, inference), false, key);
    assert.equal(appliesIn(batchMemorySchema, key, gpt2OnT4), true, key);
  }
});

test('derivations: every part with its formula, then FLOPs, bytes and the roofline of the step', () => {
  const result = evaluate(gpt2OnT4);
  const labels = result.derivations.map((d) => d.label);
  assert.deepEqual(labels.slice(0, result.breakdown.parts.length), result.breakdown.parts.map((part) => part.label));
  assert.deepEqual(labels.slice(-3), ['FLOPs per step', 'Bytes moved per step', 'Step time (roofline)']);
  const roofline = result.derivations.at(-1)!;
  assert.match(roofline.substituted!, /^max\(.+, .+\) = [\d.]+ (µs|ms|s)$/);
  assert.match(roofline.source!, /^Williams et al\. 2009; peak FP16: /);
  // Inference has no training step to derive.
  const inference = evaluate({ ...gpt2OnT4, mode: 'inference' });
  assert.equal(inference.derivations.length, inference.breakdown.parts.length + 1);
});

test('the default precision is the one the device runs fast: mixed FP16 on a T4, mixed BF16 on an A100', () => {
  assert.equal(gpt2OnT4.precision, 'auto');
  const onT4 = evaluate(gpt2OnT4);
  assert.equal(onT4.step!.peak.precision, 'fp16');
  // 36.9 samples/s, where mixed BF16 (the T4 has no BF16 peak) would be timed at FP32's 4.6.
  assert.equal(onT4.step!.samplesPerSecond, evaluate({ ...gpt2OnT4, precision: 'mixed-fp16' }).step!.samplesPerSecond);
  assert.ok(onT4.step!.samplesPerSecond > 7 * evaluate({ ...gpt2OnT4, precision: 'mixed-bf16' }).step!.samplesPerSecond);
  assert.deepEqual(onT4.caveats, []);
  assert.equal(onT4.assumptions[0], 'Precision "auto" is mixed FP16 (FP32 master weights, loss scaling), since the NVIDIA T4 16 GB lists no BF16 peak.');
  const onA100 = evaluate({ ...gpt2OnT4, device: 'a100-80gb-sxm' });
  assert.equal(onA100.step!.peak.precision, 'bf16');
  assert.equal(onA100.assumptions[0], 'Precision "auto" is mixed BF16 (FP32 master weights), since the NVIDIA A100 SXM 80 GB has a BF16 peak.');
  // Out of memory in FP32, the lab suggests the mixed precision the device runs, not BF16 on a T4.
  const fp32 = evaluate({ ...gpt2OnT4, precision: 'fp32', batchSize: 64 });
  assert.ok(fp32.mitigations.some((m) => m.text === 'Mixed FP16'));
  assert.ok(!fp32.mitigations.some((m) => m.text.includes('BF16')));
});

test('BF16 on a T4 says, as a caveat, that the step is timed at the FP32 peak, and what runs fast there', () => {
  const bf16 = evaluate({ ...gpt2OnT4, precision: 'mixed-bf16' });
  assert.deepEqual(bf16.caveats, [
    'The NVIDIA T4 16 GB lists no BF16 peak, so the step is timed at its FP32 peak (8.1 TFLOP/s).',
    'Mixed FP16 ("auto" on this device) runs at its FP16 peak, 65 TFLOP/s.',
  ]);
  // A device with no fast 16-bit path at all is told as it is, with nothing to suggest.
  assert.deepEqual(evaluate({ ...gpt2OnT4, device: 'apple-m3-max' }).caveats, [
    'The Apple M3 Max (40-core GPU, 128 GB) lists no FP16 peak, so the step is timed at its FP32 peak (14.2 TFLOP/s).',
  ]);
});

test('every note the estimators return reaches the result: the units apart, the others as assumptions', () => {
  const model = resolveModel('gpt2');
  const training = evaluate(gpt2OnT4);
  const step = estimateStep({ ...trainingOptions(gpt2OnT4, model, t4), batchSize: gpt2OnT4.batchSize }, t4);
  const shown = [training.unitsNote, ...training.assumptions];
  for (const note of [...step.assumptions, ...step.memory.assumptions]) assert.ok(shown.includes(note), note);
  assert.ok(!training.assumptions.includes(training.unitsNote));
  const inference = evaluate({ ...gpt2OnT4, mode: 'inference' });
  const served = estimateInferenceMemory({ model, batchSize: 8, sequenceLength: 1024, weightPrecision: 'fp16' });
  for (const note of served.assumptions) assert.ok([inference.unitsNote, ...inference.assumptions].includes(note), note);
});

test('memory has one convention: binary units, a datasheet\'s "16 GB" read as 16 GiB, said beside the numbers', () => {
  const result = evaluate(gpt2OnT4);
  assert.equal(result.capacityBytes, 16 * 2 ** 30);
  assert.match(result.unitsNote, /1 GiB = 2³⁰ bytes/);
  assert.match(result.unitsNote, /"16 GB" of device memory is 16 GiB/);
  const notes = [
    result.unitsNote,
    ...result.assumptions,
    ...estimateTrainingMemory({ model: 'gpt2', batchSize: 1, precision: 'fp32', optimizer: 'adam' }).assumptions,
    ...estimateInferenceMemory({ model: 'gpt2', batchSize: 1, weightPrecision: 'fp16' }).assumptions,
  ];
  for (const note of notes) assert.doesNotMatch(note, /10\^9|1 GB =/, note);
  // The Math Peek writes the same units as the readouts.
  assert.match(result.derivations.find((d) => d.label === 'Total')!.substituted!, / GiB$/);
});
