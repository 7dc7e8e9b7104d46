import { test } from 'node:test';
import assert from 'node:assert/strict';
import { batchMemorySchema, type BatchMemoryState } from '../../src/core/memory/lab.js';
import { evaluate, speedSetting, trainingOptions } from '../../src/core/memory/evaluate.js';
import { estimateInferenceMemory, estimateTrainingMemory, maxBatchSize, resolveModel } from '../../src/core/memory/index.js';
import { findDevice } from '../../src/core/catalog/index.js';
import { DEFAULT_SPEED_ASSUMPTIONS, PUBLISHED_MEASUREMENTS, estimateMeasurement, trainingSpeed } from '../../src/core/speed/index.js';
import { resolveTrainingOptions } from '../../src/core/memory/training.js';
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

test('the speed sweep: per GPU from the speed core, climbing to saturation, marked where it reaches 90 % of its best', () => {
  const scenario = { ...gpt2OnT4, model: 'resnet50', device: 'a100-80gb-sxm' };
  const result = evaluate(scenario);
  const a100 = findDevice('a100-80gb-sxm')!;
  const options = resolveTrainingOptions({ ...trainingOptions(scenario, resolveModel('resnet50'), a100), batchSize: 8 });
  const alone = trainingSpeed({ ...options, device: a100, assumptions: DEFAULT_SPEED_ASSUMPTIONS });
  assert.equal(result.training!.samplesPerSecond, 8 / alone.seconds);
  assert.equal(result.training!.stepSeconds, alone.seconds);
  const { x, perSecond } = result.speedSweep;
  assert.deepEqual(x, [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096]);
  assert.ok(perSecond[3]! > 4 * perSecond[0]!, 'small batches are bound by launches and small kernels');
  assert.ok(perSecond.at(-1)! < 1.01 * perSecond.at(-2)!, 'large batches saturate');
  const best = Math.max(...perSecond);
  const from = x.indexOf(result.saturatesFrom);
  assert.ok(perSecond[from]! >= 0.9 * best && perSecond[from - 1]! < 0.9 * best);
  // The shares of the step add up to it.
  assert.ok(Math.abs(result.training!.shares.reduce((sum, share) => sum + share.seconds, 0) / alone.seconds - 1) < 1e-12);
});

test('moving the batch reuses the curve; any other change makes it again', () => {
  const first = evaluate(gpt2OnT4).speedSweep;
  assert.equal(evaluate({ ...gpt2OnT4, batchSize: 2 }).speedSweep, first);
  const other = evaluate({ ...gpt2OnT4, matmulEfficiency: 0.8 }).speedSweep;
  assert.notEqual(other, first);
  assert.ok(other.perSecond[6]! > first.perSecond[6]!);
});

test('data parallelism: the job, its communication over the link, and what is left of linear scaling', () => {
  const one = evaluate({ ...gpt2OnT4, device: 'a100-80gb-sxm' }).training!;
  const eight = evaluate({ ...gpt2OnT4, device: 'a100-80gb-sxm', gpus: 8 }).training!;
  assert.equal(eight.communication!.collectives[0]!.label, 'gradient all-reduce');
  assert.ok(eight.scaling.efficiency < 1 && eight.scaling.efficiency > 0.9, 'NVLink hides most of it');
  assert.equal(eight.scaling.wholeJobSamplesPerSecond, 8 * eight.samplesPerSecond);
  assert.equal(eight.scaling.singleGpuSamplesPerSecond, one.samplesPerSecond);
  assert.ok(eight.shares.find((share) => share.key === 'communication')!.seconds > 0);
  // Over PCIe the same job waits longer; ZeRO-3 moves 1.5 times the volume.
  const pcie = evaluate({ ...gpt2OnT4, device: 'a100-80gb-sxm', gpus: 8, interconnect: 'pcie-4-x16' }).training!;
  assert.ok(pcie.scaling.efficiency < eight.scaling.efficiency);
  const zero3 = evaluate({ ...gpt2OnT4, device: 'a100-80gb-sxm', gpus: 8, zeroStage: 3 }).training!;
  assert.equal(zero3.communication!.bytesPerGpu, 1.5 * eight.communication!.bytesPerGpu);
  // A part that runs alone has no link: the lab says so rather than invent one.
  const orin = evaluate({ ...gpt2OnT4, device: 'jetson-agx-orin-64gb', gpus: 8 });
  assert.equal(orin.training!.communication, undefined);
  assert.match(orin.caveats.at(-1)!, /has no link to other GPUs.+"Link between GPUs"/);
});

test('published measurements of the model and device: on the chart at their setting, estimated with the lab\'s assumptions', () => {
  const scenario = { ...gpt2OnT4, model: 'resnet50', device: 'v100-sxm2-32gb', precision: 'fp32' as const, optimizer: 'sgd-momentum' as const };
  const result = evaluate(scenario);
  const ids = result.measured.map((m) => m.point.measurement.id);
  assert.deepEqual(ids, PUBLISHED_MEASUREMENTS.filter((m) => m.model === 'resnet50' && m.device === 'v100-sxm2-32gb' && m.mode === 'training').map((m) => m.id));
  const fp32 = result.measured.find((m) => m.point.measurement.id === 'resnet50-v100-32gb-train-fp32')!;
  const amp = result.measured.find((m) => m.point.measurement.id === 'resnet50-v100-32gb-train-amp')!;
  assert.equal(fp32.onChart, true);
  assert.equal(amp.onChart, false);
  // Its batch (112) joins the sweep, so the point sits over the curve's own value.
  assert.ok(result.speedSweep.x.includes(112));
  assert.equal(fp32.point.estimate, estimateMeasurement(fp32.point.measurement).estimate);
  // Its setting, applied, puts the other one on the chart.
  assert.equal(evaluate({ ...scenario, ...amp.state }).measured.find((m) => m.point.measurement.id === amp.point.measurement.id)!.onChart, true);
  // The error follows the reader's assumptions.
  const tuned = evaluate({ ...scenario, matmulEfficiency: 0.8 }).measured.find((m) => m.onChart)!;
  assert.equal(tuned.point.estimate, estimateMeasurement(fp32.point.measurement, speedSetting({ ...scenario, matmulEfficiency: 0.8 }, findDevice('v100-sxm2-32gb')!).assumptions).estimate);
  assert.ok(tuned.point.error > fp32.point.error);
  // A tokens-per-second measurement of training goes on the chart in sequences per second.
  const llama = evaluate({ ...gpt2OnT4, model: 'llama-3-8b', device: 'h100-sxm' }).measured[0]!;
  assert.equal(llama.value, llama.point.measurement.value / llama.point.setting.sequenceLength);
});

test('TF32 stores what FP32 stores and runs its matmuls on tensor cores where the device has them', () => {
  const a100 = { ...gpt2OnT4, device: 'a100-80gb-sxm' };
  const fp32 = evaluate({ ...a100, precision: 'fp32' });
  const tf32 = evaluate({ ...a100, precision: 'tf32' });
  assert.equal(tf32.breakdown.total.bytes, fp32.breakdown.total.bytes);
  assert.equal(tf32.training!.step.matmulPrecision, 'tf32');
  assert.ok(tf32.training!.samplesPerSecond > 2 * fp32.training!.samplesPerSecond);
  assert.deepEqual(tf32.caveats, []);
  assert.match(evaluate({ ...gpt2OnT4, precision: 'tf32' }).caveats[0]!, /^The NVIDIA T4 16 GB has no TF32 tensor cores/);
});

test('FlashAttention: less activation memory and a faster step for a transformer at long context', () => {
  const standard = evaluate(gpt2OnT4);
  const flash = evaluate({ ...gpt2OnT4, attention: 'flash' });
  assert.ok(flash.breakdown.total.bytes < standard.breakdown.total.bytes);
  assert.ok(flash.largestBatch > standard.largestBatch);
  assert.ok(flash.training!.samplesPerSecond > standard.training!.samplesPerSecond);
  assert.equal(appliesIn(batchMemorySchema, 'attention', { ...gpt2OnT4, model: 'resnet50' }), false);
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
  // A decoder serves token by token: tokens/s while decoding, the time per token, the prefill's time to the first token.
  assert.equal(result.training, undefined);
  assert.equal(result.serving!.kind, 'decode');
  assert.equal(result.speedSweep.unit, 'tokens/s');
  assert.ok(result.serving!.prefillSeconds! > result.serving!.seconds);
  // A larger batch shares each read of the weights, until reading every sequence's cache bounds the step.
  const tokens = result.speedSweep.perSecond;
  assert.ok(tokens[3]! > 4 * tokens[0]!);
  assert.ok(tokens.at(-1)! < 1.01 * tokens.at(-2)!);
  // An encoder reads its input once, and a vision model serves images.
  assert.equal(evaluate({ ...scenario, model: 'bert-base', sequenceLength: 512 }).serving!.kind, 'forward');
  assert.equal(evaluate({ ...scenario, model: 'resnet50' }).speedSweep.unit, 'samples/s');
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
  for (const key of ['optimizer', 'recomputation', 'zeroStage', 'gpus'] as const) {
    assert.equal(appliesIn(batchMemorySchema, key, inference), false, key);
    assert.equal(appliesIn(batchMemorySchema, key, gpt2OnT4), true, key);
  }
  // The link and how much of its traffic hides matter only with more than one GPU.
  for (const key of ['interconnect', 'overlap'] as const) {
    assert.equal(appliesIn(batchMemorySchema, key, gpt2OnT4), false, key);
    assert.equal(appliesIn(batchMemorySchema, key, { ...gpt2OnT4, gpus: 8 }), true, key);
  }
});

test('derivations: every part with its formula, then the longest kernel, the step, the job and the throughput', () => {
  const result = evaluate(gpt2OnT4);
  const labels = result.derivations.map((d) => d.label);
  assert.deepEqual(labels.slice(0, result.breakdown.parts.length), result.breakdown.parts.map((part) => part.label));
  assert.match(labels.at(-3)!, /^Longest kernel: .+ \(× 12\)$/);
  assert.match(labels.at(-2)!, /^Step time: [\d,]+ kernel launches$/);
  const kernel = result.derivations.at(-3)!;
  assert.match(kernel.substituted!, /^12 × max\(\(.+ FLOP\)\/\((65 TFLOP\/s × 0\.55|8\.1 TFLOP\/s × 0\.5)\), \(.+ B\)\/\(320 GB\/s × 0\.55\), 10 µs\)$/);
  assert.match(kernel.result!, /(compute|memory|launch)-bound$/);
  assert.equal(result.derivations.at(-1)!.result, `${Number(result.training!.samplesPerSecond.toPrecision(3))} samples/s`);
  // With more than one GPU, the collectives and the scaling come before the throughput.
  const job = evaluate({ ...gpt2OnT4, gpus: 8 }).derivations.map((d) => d.label);
  assert.deepEqual(job.slice(-6), ['Time of the gradient all-reduce', 'Bytes each GPU sends per step', 'Communication the step waits for', 'Throughput of the job', 'Scaling efficiency', 'Throughput per GPU']);
  // Serving derives its kernels too.
  const inference = evaluate({ ...gpt2OnT4, mode: 'inference' });
  assert.equal(inference.derivations.length, inference.breakdown.parts.length + 3);
});

test('the default precision is the one the device runs fast: mixed FP16 on a T4, mixed BF16 on an A100', () => {
  assert.equal(gpt2OnT4.precision, 'auto');
  const onT4 = evaluate(gpt2OnT4);
  assert.equal(onT4.training!.step.matmulPrecision, 'fp16');
  assert.equal(onT4.training!.samplesPerSecond, evaluate({ ...gpt2OnT4, precision: 'mixed-fp16' }).training!.samplesPerSecond);
  // Mixed BF16 on a T4 (no BF16 peak) runs its matmuls at FP32's rate: over three times slower.
  assert.ok(onT4.training!.samplesPerSecond > 3 * evaluate({ ...gpt2OnT4, precision: 'mixed-bf16' }).training!.samplesPerSecond);
  assert.deepEqual(onT4.caveats, []);
  assert.equal(onT4.assumptions[0], 'Precision "auto" is mixed FP16 (FP32 master weights, loss scaling), since the NVIDIA T4 16 GB lists no BF16 peak.');
  const onA100 = evaluate({ ...gpt2OnT4, device: 'a100-80gb-sxm' });
  assert.equal(onA100.training!.step.matmulPrecision, 'bf16');
  assert.equal(onA100.assumptions[0], 'Precision "auto" is mixed BF16 (FP32 master weights), since the NVIDIA A100 SXM 80 GB has a BF16 peak.');
  // Out of memory in FP32, the lab suggests the mixed precision the device runs, not BF16 on a T4.
  const fp32 = evaluate({ ...gpt2OnT4, precision: 'fp32', batchSize: 64 });
  assert.ok(fp32.mitigations.some((m) => m.text === 'Mixed FP16'));
  assert.ok(!fp32.mitigations.some((m) => m.text.includes('BF16')));
});

test('BF16 on a T4 says, as a caveat, that the step is timed at the FP32 peak, and what runs fast there', () => {
  const bf16 = evaluate({ ...gpt2OnT4, precision: 'mixed-bf16' });
  assert.deepEqual(bf16.caveats, [
    'The NVIDIA T4 16 GB lists no BF16 peak, so its matmuls are timed at its FP32 peak (8.1 TFLOP/s).',
    'Mixed FP16 ("auto" on this device) runs at its FP16 peak, 65 TFLOP/s.',
  ]);
  // A device with no fast 16-bit path at all is told as it is, with nothing to suggest.
  assert.deepEqual(evaluate({ ...gpt2OnT4, device: 'apple-m3-max' }).caveats, [
    'The Apple M3 Max (40-core GPU, 128 GB) lists no FP16 peak, so its matmuls are timed at its FP32 peak (14.2 TFLOP/s).',
  ]);
});

test('every note the estimators return reaches the result: the units apart, the others as assumptions', () => {
  const model = resolveModel('gpt2');
  const training = evaluate(gpt2OnT4);
  const memory = estimateTrainingMemory({ ...trainingOptions(gpt2OnT4, model, t4), batchSize: gpt2OnT4.batchSize });
  const shown = [training.unitsNote, ...training.assumptions];
  for (const note of memory.assumptions) assert.ok(shown.includes(note), note);
  assert.ok(shown.some((note) => note.startsWith('Matmuls run at 55% of the FP16 peak (65 TFLOP/s)')));
  assert.ok(shown.some((note) => note.startsWith('Every kernel takes at least the 10 µs')));
  // With GPUs to talk to, the communication's assumptions join them.
  const job = evaluate({ ...gpt2OnT4, gpus: 4 }).assumptions;
  assert.ok(job.some((note) => note.startsWith('Every collective is a ring over links of 15.8 GB/s')), job.join('\n'));
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
