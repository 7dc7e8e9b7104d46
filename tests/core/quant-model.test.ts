// Post-training quantization of the shipped MLP and CNN on the full 2,000-digit test set:
// accuracy at the rungs of the precision ladder, activation calibration, restoring the weights,
// per-layer sensitivity, the stepped sweep and the model size with its metadata.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate, parseDigits, serializeWeights } from '../../src/core/nn/index.js';
import { createQuantSession, createSweep, modelSize, sweepSteps, type IntegerScheme } from '../../src/core/quant/index.js';
import { drain } from '../../src/core/shared/steps.js';
import { loadModel, readArrayBuffer } from './shipped-models.js';

const testSet = parseDigits(readArrayBuffer('assets/digits-14/test.bin'));
const pristine = parseDigits(readArrayBuffer('assets/digits-14/test.bin'));

const weightsOnly = (bits: number, granularity: IntegerScheme['granularity']): IntegerScheme => ({ kind: 'int', bits, granularity });
/** After ReLUs activations are non-negative: unsigned affine codes, as PyTorch's default quint8 activations. */
const uint8Activations: IntegerScheme = { kind: 'int', bits: 8, signed: false, symmetric: false };

test('MLP: INT8 stays within 0.5 points of FP32, INT2 collapses, FP16 matches FP32 exactly; weights restored', () => {
  const { manifest, buffer, model } = loadModel('mlp');
  const session = createQuantSession(model, testSet);
  assert.equal(session.baseline.accuracy, manifest.test.accuracy);
  // fc1 reads the flattened pixels: flatten hands on the input array, so its tensor is the input.
  assert.deepEqual(session.layers.map((l) => [l.name, l.inputFrom]), [['fc1', 'input'], ['fc2', 'relu1']]);

  // Measured: FP32 97.10 %, INT8 per-channel 97.05 %, INT8 per-tensor 97.05 %.
  const int8 = session.evaluate({ weights: weightsOnly(8, 'per-channel') });
  assert.ok(Math.abs(int8.accuracyDrop) <= 0.005, `INT8 per-channel ${int8.accuracy}`);
  assert.equal(int8.weights.length, 2);
  assert.deepEqual(int8.weights.map((w) => w.scaleCount), [40, 10]);
  assert.ok(int8.weights.every((w) => w.stats.sqnrDb > 35), 'INT8 weight SQNR');

  // Measured: INT4 per-channel 96.35 %, per-tensor 94.60 %: per-channel scales help at low widths.
  const int4Channel = session.evaluate({ weights: weightsOnly(4, 'per-channel') });
  const int4Tensor = session.evaluate({ weights: weightsOnly(4, 'per-tensor') });
  assert.ok(int4Channel.accuracy > int4Tensor.accuracy, `${int4Channel.accuracy} vs ${int4Tensor.accuracy}`);
  assert.ok(int4Channel.accuracyDrop < 0.02);

  // Measured: INT2 per-tensor 17.2 % (three levels −1, 0, 1 per tensor).
  const int2 = session.evaluate({ weights: weightsOnly(2, 'per-tensor') });
  assert.ok(int2.accuracy < 0.5, `INT2 per-tensor ${int2.accuracy}`);

  // FP16 keeps 11 significant bits; on this model it changes no decision.
  const fp16 = session.evaluate({ weights: { kind: 'float', format: 'fp16' } });
  assert.equal(fp16.accuracy, session.baseline.accuracy);
  assert.ok(fp16.weights.every((w) => w.stats.maxAbsError > 0), 'FP16 did round something');

  // After all of that the model is exactly the shipped one again.
  assert.deepEqual(serializeWeights(model), new Uint8Array(buffer));
  const after = evaluate(model, testSet);
  assert.equal(after.accuracy, manifest.test.accuracy);
  assert.equal(after.meanLoss, manifest.test.meanLoss);
});

test('MLP: weights and activations at INT8 with static calibration on a seeded subset', () => {
  const { manifest, model } = loadModel('mlp');
  const session = createQuantSession(model, testSet, { images: 256, seed: 1 });
  assert.equal(session.calibrationIndices.length, 256);
  assert.deepEqual(session.calibrationIndices, createQuantSession(model, testSet, { images: 256, seed: 1 }).calibrationIndices);
  assert.notDeepEqual(session.calibrationIndices, createQuantSession(model, testSet, { images: 256, seed: 2 }).calibrationIndices);

  const result = session.evaluate({ weights: weightsOnly(8, 'per-channel'), activations: uint8Activations });
  // Measured: 97.00 % (FP32 97.10 %).
  assert.ok(Math.abs(result.accuracyDrop) <= 0.005, `INT8 W+A ${result.accuracy}`);
  const [pixels, hidden] = result.activations;
  // The flattened pixels are byte / 255 in [0, 1]: scale 1/255, zero point 0, so 8 bits are lossless.
  assert.deepEqual([pixels!.inputFrom, pixels!.lo, pixels!.hi, pixels!.zeroPoint], ['input', 0, 1, 0]);
  assert.equal(pixels!.scale, Math.fround(1 / 255));
  // ReLU outputs: lower end 0, upper end the largest calibration activation.
  assert.equal(hidden!.inputFrom, 'relu1');
  assert.equal(hidden!.lo, 0);
  assert.ok(hidden!.hi > 1);
  // Images outside the calibration subset may exceed its range, but rarely.
  assert.ok(hidden!.clippedFraction < 0.001);

  // The activations really are rewritten: at 2 bits they cost accuracy even with FP32 weights.
  const coarse = session.evaluate({ activations: { ...uint8Activations, bits: 2 } });
  assert.ok(coarse.accuracy < session.baseline.accuracy - 0.02, `2-bit activations ${coarse.accuracy}`);
  assert.equal(coarse.weights.length, 0);
  // Quantizing the input works on a copy: the data set itself is untouched.
  assert.deepEqual(testSet.inputs.slice(0, 196 * 4), pristine.inputs.slice(0, 196 * 4));
  assert.equal(evaluate(model, pristine).accuracy, manifest.test.accuracy);
  assert.equal(evaluate(model, testSet).accuracy, manifest.test.accuracy);
  assert.throws(() => session.evaluate({ activations: { kind: 'int', bits: 8, granularity: 'per-channel' } }), /per tensor/);
  assert.throws(() => session.evaluate({ weights: weightsOnly(8, 'per-tensor'), layers: ['relu1'] }), /cannot quantize relu1/);
});

test('an evaluation in steps: abandoned part-way, it puts the FP32 weights back; one at a time', () => {
  const { model } = loadModel('mlp');
  const session = createQuantSession(model, testSet);
  const fc1 = () => model.parameters().find((p) => p.name === 'fc1.weight')!.data;
  const steps = session.evaluateSteps({ weights: weightsOnly(2, 'per-tensor') });
  assert.equal(steps.next().done, false);
  // Part-way, the model holds the 2-bit weights; fp32() still gives the originals.
  assert.notDeepEqual(fc1(), session.fp32('fc1.weight'));
  assert.throws(() => session.evaluate({ weights: weightsOnly(8, 'per-tensor') }), /one evaluation at a time/);
  steps.return(undefined as never);
  assert.deepEqual(fc1(), session.fp32('fc1.weight'));
  assert.equal(evaluate(model, testSet).accuracy, session.baseline.accuracy);
  // The stepped and the direct evaluation agree, prediction for prediction.
  const stepped = drain(session.evaluateSteps({ weights: weightsOnly(4, 'per-channel') }));
  assert.deepEqual(stepped.evaluation.predictions, session.evaluate({ weights: weightsOnly(4, 'per-channel') }).evaluation.predictions);
});

test('MLP: sensitivity gives one entry per layer, quantizing only that layer', () => {
  const { model } = loadModel('mlp');
  const session = createQuantSession(model, testSet);
  const scheme = weightsOnly(2, 'per-tensor');
  const entries = session.sensitivity(scheme);
  assert.deepEqual(entries.map((e) => e.layer), ['fc1', 'fc2']);
  for (const entry of entries) {
    const alone = session.evaluate({ weights: scheme, layers: [entry.layer] });
    assert.equal(entry.accuracy, alone.accuracy);
    assert.equal(entry.accuracyDrop, session.baseline.accuracy - alone.accuracy);
    assert.equal(alone.size.parameters.filter((p) => p.bits === 2).length, 1);
  }
  // Measured: INT2 fc1 alone 14.5 %, fc2 alone 28.2 %, both 17.2 %.
  const all = session.evaluate({ weights: scheme });
  assert.ok(entries.every((e) => e.accuracy !== session.baseline.accuracy), 'every layer matters at 2 bits');
  assert.ok(all.accuracy < session.baseline.accuracy);
});

test('model size counts codes, float32 scales and packed zero points', () => {
  const { model } = loadModel('mlp');
  const fp32 = modelSize(model, {});
  assert.equal(fp32.bytes, 33_160);
  assert.equal(fp32.compression, 1);
  // INT8 per-channel symmetric: fc1 7840 + 40·4, fc2 400 + 10·4, biases 50·4 = 8640 B.
  const int8 = modelSize(model, { weights: weightsOnly(8, 'per-channel') });
  assert.equal(int8.bytes, 7840 + 160 + 400 + 40 + 200);
  assert.equal(int8.compression, 33_160 / 8640);
  // INT4 asymmetric, groups of 32: fc1 has ⌈196/32⌉ = 7 groups per row → 280 groups;
  // codes 3920 B, scales 1120 B, 4-bit zero points 140 B; fc2 has 2 per row → 20 groups: 200 + 80 + 10.
  const grouped = modelSize(model, { weights: { kind: 'int', bits: 4, symmetric: false, granularity: 'per-group', groupSize: 32 } });
  const fc1 = grouped.parameters.find((p) => p.name === 'fc1.weight')!;
  assert.deepEqual([fc1.payloadBytes, fc1.scaleCount, fc1.scaleBytes, fc1.zeroPointBytes], [3920, 280, 1120, 140]);
  assert.equal(grouped.bytes, 3920 + 1120 + 140 + 200 + 80 + 10 + 200);
  assert.match(fc1.derivation, /⌈7840 × 4 b \/ 8⌉ = 3920 B .* \+ 280 × 4 B scales \+ ⌈280 × 4 b \/ 8⌉ B zero points = 5180 B/);
  // FP8: one byte per weight, no metadata; only chosen layers shrink.
  assert.equal(modelSize(model, { weights: { kind: 'float', format: 'fp8-e4m3' } }).bytes, 7840 + 400 + 200);
  assert.equal(modelSize(model, { weights: { kind: 'float', format: 'fp8-e4m3' }, layers: ['fc2'] }).bytes, 7840 * 4 + 400 + 200);
});

test('sweep: steps fill one point per evaluation, progress rises to done, uPlot-shaped columns', () => {
  const { model } = loadModel('mlp');
  const session = createQuantSession(model, testSet);
  const state = createSweep({
    session,
    bits: [2, 4, 8],
    schemes: [{ key: 'pc', label: 'Per-channel, symmetric', scheme: { granularity: 'per-channel' } }],
    formats: ['fp16', 'fp8-e4m3'],
  });
  assert.equal(state.jobs.length, 5);
  assert.deepEqual(state.sweep.x, [2, 4, 8, 16]);
  assert.deepEqual(state.sweep.data[1], [null, null, null, null]);
  const steps = sweepSteps(state);
  const progress: number[] = [];
  let step = steps.next();
  // Each evaluation takes one step per batch of test images; its point appears when it ends.
  for (; !step.done && step.value < 0.2; step = steps.next()) {
    assert.equal(state.sweep.series[0]!.values[0], null);
    progress.push(step.value);
  }
  assert.ok(progress.length > 1 && progress.every((value, i) => value > (progress[i - 1] ?? 0)));
  assert.deepEqual([step.done, step.value], [false, 0.2]);
  assert.equal(typeof state.sweep.series[0]!.values[0], 'number');
  assert.equal(state.sweep.series[0]!.values[1], null);
  while (!step.done) {
    assert.ok(step.value <= 1);
    step = steps.next();
  }
  const sweep = step.value;
  assert.equal(sweep, state.sweep);
  const [x, perChannel, fp16, e4m3] = sweep.data;
  assert.equal(x, sweep.x);
  assert.equal(perChannel, sweep.series[0]!.values);
  assert.deepEqual(sweep.series.map((s) => s.key), ['pc', 'fp16', 'fp8-e4m3']);
  // Integer series have a point at every integer width and none at 16 bits.
  assert.deepEqual(perChannel!.map((v) => typeof v), ['number', 'number', 'number', 'object']);
  assert.ok(perChannel![0]! < perChannel![1]! && perChannel![1]! <= perChannel![2]!);
  assert.equal(perChannel![2], session.evaluate({ weights: weightsOnly(8, 'per-channel') }).accuracy);
  assert.deepEqual(fp16, [null, null, null, session.baseline.accuracy]);
  assert.deepEqual(e4m3!.map((v) => v === null), [true, true, false, true]);
  assert.equal(sweep.baseline, session.baseline.accuracy);
  assert.equal(state.completed, 5);
  assert.equal(drain(sweepSteps(state)), sweep);
  assert.throws(() => createSweep({ session, bits: [1] }), /symmetric quantization needs at least 2 bits/);
  // With activations: each integer point quantizes activations per tensor at the weights' width.
  const withActivations = createSweep({ session, bits: [8], schemes: [{ key: 'pc', label: 'pc', scheme: { granularity: 'per-channel' } }], formats: [], activations: { signed: false, symmetric: false } });
  assert.deepEqual(withActivations.jobs[0]!.config.activations, { signed: false, symmetric: false, kind: 'int', bits: 8, granularity: 'per-tensor' });
  const w8a8 = drain(sweepSteps(withActivations)).series[0]!.values[0]!;
  assert.equal(w8a8, session.evaluate({ weights: weightsOnly(8, 'per-channel'), activations: uint8Activations }).accuracy);
});

test('CNN: INT8 per-channel within 0.5 points, weights and activations too, INT2 collapses', () => {
  const { manifest, model } = loadModel('cnn');
  const session = createQuantSession(model, testSet);
  assert.deepEqual(session.layers.map((l) => l.inputFrom), ['input', 'pool1', 'pool2', 'relu3']);
  assert.deepEqual(session.layers.map((l) => l.shape), [[8, 1, 3, 3], [16, 8, 3, 3], [32, 144], [10, 32]]);
  // Measured: FP32 98.10 %, INT8 per-channel 98.15 %, W+A INT8 98.15 %, INT2 per-tensor 13.45 %.
  const int8 = session.evaluate({ weights: weightsOnly(8, 'per-channel') });
  assert.ok(Math.abs(int8.accuracyDrop) <= 0.005, `INT8 per-channel ${int8.accuracy}`);
  assert.deepEqual(int8.weights.map((w) => w.scaleCount), [8, 16, 32, 10]);
  const full = session.evaluate({ weights: weightsOnly(8, 'per-channel'), activations: uint8Activations });
  assert.ok(Math.abs(full.accuracyDrop) <= 0.005, `INT8 W+A ${full.accuracy}`);
  // The first layer reads the model's input, quantized once for the whole test set.
  assert.deepEqual([full.activations[0]!.inputFrom, full.activations[0]!.hi], ['input', 1]);
  const int2 = session.evaluate({ weights: weightsOnly(2, 'per-tensor') });
  assert.ok(int2.accuracy < 0.5, `INT2 per-tensor ${int2.accuracy}`);
  assert.equal(evaluate(model, testSet).accuracy, manifest.test.accuracy);
});
