// The shipped assets: the test digits parse, and each shipped model, rebuilt from its committed
// manifest and weights, reproduces the test accuracy its manifest records, exactly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { parseDigits, encodeDigits } from '../../src/core/nn/data.js';
import { evaluate } from '../../src/core/nn/evaluate.js';
import { parseModel, serializeWeights } from '../../src/core/nn/serialize.js';
import { readWeights, restoreWeights, snapshotWeights, writeWeights } from '../../src/core/nn/weights.js';
import { loadModel, readArrayBuffer } from './shipped-models.js';

const testSet = parseDigits(readArrayBuffer('assets/digits-14/test.bin'));

test('the test set holds 2,000 labelled 14×14 digits of every class', () => {
  assert.equal(testSet.count, 2000);
  assert.deepEqual([testSet.height, testSet.width, testSet.classes], [14, 14, 10]);
  const perClass = new Array<number>(10).fill(0);
  for (const label of testSet.labels) perClass[label]!++;
  assert.ok(perClass.every((n) => n >= 150), `per class ${perClass}`);
  assert.equal(testSet.inputs[testSet.pixels.indexOf(255)], 1);
  // encode ∘ parse is the identity on the file
  assert.deepEqual(encodeDigits(testSet), new Uint8Array(readArrayBuffer('assets/digits-14/test.bin')));
});

for (const name of ['mlp', 'cnn']) {
  test(`${name}: evaluation reproduces the manifest's test accuracy and loss`, () => {
    const { manifest, buffer, model } = loadModel(name);
    assert.equal(createHash('sha256').update(new Uint8Array(buffer)).digest('hex'), manifest.weights.sha256);
    assert.equal(manifest.parameterCount * 4, buffer.byteLength);
    assert.deepEqual(serializeWeights(model), new Uint8Array(buffer));
    const result = evaluate(model, testSet);
    assert.equal(result.correct, manifest.test.correct);
    assert.equal(result.accuracy, manifest.test.accuracy);
    assert.equal(result.meanLoss, manifest.test.meanLoss);
    assert.ok(result.accuracy >= 0.97, `${name} accuracy ${result.accuracy}`);
    // The batch size changes nothing: samples are independent.
    assert.deepEqual(evaluate(model, testSet, 7).predictions, result.predictions);
    const perClassCorrect = result.perClassAccuracy.reduce(
      (sum, accuracy, c) => sum + accuracy * testSet.labels.filter((label) => label === c).length,
      0,
    );
    assert.ok(Math.abs(perClassCorrect - result.correct) < 1e-9);
  });
}

test('weights can be read, replaced and restored; observers see and may rewrite activations', () => {
  const { model } = loadModel('mlp');
  const baseline = evaluate(model, testSet);
  const snapshot = snapshotWeights(model);

  const weights = readWeights(model, 'fc1.weight');
  weights.fill(0);
  writeWeights(model, 'fc1.weight', weights);
  const zeroed = evaluate(model, testSet);
  assert.ok(zeroed.accuracy < 0.5, `accuracy with fc1 zeroed: ${zeroed.accuracy}`);
  assert.throws(() => writeWeights(model, 'fc1.weight', new Float32Array(3)), /has \d+ values/);
  assert.throws(() => readWeights(model, 'nope.weight'), /no parameter named/);

  restoreWeights(model, snapshot);
  assert.deepEqual(evaluate(model, testSet).predictions, baseline.predictions);

  // Observe the hidden activations: after a ReLU none is negative, and every sample is seen.
  let samples = 0;
  let min = Infinity;
  const stop = model.observe('relu1', (values, batch, layer) => {
    samples += batch;
    assert.equal(values.length, batch * layer.outputShape[0]!);
    for (const v of values) min = Math.min(min, v);
  });
  evaluate(model, testSet);
  assert.equal(samples, testSet.count);
  assert.equal(min, 0);

  // Zeroing them in place (the hook a quantization lab uses) leaves only fc2's bias to decide.
  const silence = model.observe('relu1', (values) => values.fill(0));
  const silenced = evaluate(model, testSet);
  assert.equal(new Set(silenced.predictions).size, 1);
  stop();
  silence();
  assert.deepEqual(evaluate(model, testSet).predictions, baseline.predictions);
});

test('a weights file that does not match its manifest is refused', () => {
  const { manifest, buffer } = loadModel('mlp');
  assert.throws(() => parseModel(buffer.slice(4), manifest), /bytes/);
  const renamed = { ...manifest, parameters: manifest.parameters.map((p, i) => (i === 0 ? { ...p, name: 'x' } : p)) };
  assert.throws(() => parseModel(buffer, renamed), /manifest lists/);
  assert.throws(() => parseDigits(new ArrayBuffer(20)), /MLDG/);
});
