// The shipped assets: the test digits and the training split parse, the split shares no image
// with the test set, and each shipped model, rebuilt from its committed manifest and weights
// (float32 or FP16), reproduces the test accuracy its manifest records, exactly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { parseDigits, encodeDigits, type DigitsDataset } from '../../src/core/nn/data.js';
import { evaluate } from '../../src/core/nn/evaluate.js';
import { createModel } from '../../src/core/nn/model.js';
import { roundValueToFormat } from '../../src/core/shared/float-formats.js';
import { parseModel, serializeWeights } from '../../src/core/nn/serialize.js';
import { readWeights, restoreWeights, snapshotWeights, writeWeights } from '../../src/core/nn/weights.js';
import { loadModel, readArrayBuffer } from './shipped-models.js';

const testSet = parseDigits(readArrayBuffer('assets/digits-14/test.bin'));
const trainingSplit = parseDigits(readArrayBuffer('assets/digits-14/train.bin'));

function images(digits: DigitsDataset): string[] {
  const size = digits.height * digits.width;
  return Array.from({ length: digits.count }, (_, n) => Buffer.from(digits.pixels.subarray(n * size, (n + 1) * size)).toString('latin1'));
}

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

test('the training split holds 200 digits of each class, none of them a test image', () => {
  assert.equal(trainingSplit.count, 2000);
  assert.deepEqual([trainingSplit.height, trainingSplit.width, trainingSplit.classes], [14, 14, 10]);
  const perClass = new Array<number>(10).fill(0);
  for (const label of trainingSplit.labels) perClass[label]!++;
  assert.deepEqual(perClass, new Array(10).fill(200));
  // Drawn from MNIST's training images, never the test set: no image is pixel for pixel a test image.
  const testImages = new Set(images(testSet));
  assert.equal(testImages.size, testSet.count, 'the test images are distinct');
  const shared = images(trainingSplit).filter((image) => testImages.has(image));
  assert.equal(shared.length, 0, `${shared.length} training images are also test images`);
  // Not sorted by class: the script keeps the seeded order of the training set.
  assert.ok(trainingSplit.labels.slice(0, 20).some((label, i, first) => i > 0 && label !== first[i - 1]));
});

for (const name of ['mlp', 'cnn', 'lenet-300-100']) {
  test(`${name}: evaluation reproduces the manifest's test accuracy and loss`, () => {
    const { manifest, buffer, model } = loadModel(name);
    assert.equal(createHash('sha256').update(new Uint8Array(buffer)).digest('hex'), manifest.weights.sha256);
    assert.equal(manifest.parameterCount * (manifest.weights.dtype === 'float16-le' ? 2 : 4), buffer.byteLength);
    assert.deepEqual(serializeWeights(model, manifest.weights.dtype), new Uint8Array(buffer));
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

test('LeNet-300-100 ships as FP16: 196→300→100→10, 90,210 parameters, with its training curve', () => {
  const { manifest, model } = loadModel('lenet-300-100');
  assert.equal(manifest.weights.dtype, 'float16-le');
  assert.deepEqual(manifest.parameters.map((p) => p.shape.join('×')), ['300×196', '300', '100×300', '100', '10×100', '10']);
  assert.equal(manifest.parameterCount, 90_210);
  assert.equal(manifest.training.curve?.length, manifest.training.epochs);
  // Read back as float32, every value is one FP16 can hold exactly.
  assert.ok(model.parameters().every((p) => p.data.every((v) => roundValueToFormat(v, 'fp16') === v)));
  // fp16 1 is 0x3C00, little-endian: the codec is IEEE binary16.
  const one = createModel({ inputShape: [1], layers: [{ type: 'linear', outFeatures: 1 }] }, 1);
  one.parameter('linear0.weight').data[0] = 1;
  one.parameter('linear0.bias').data[0] = -2;
  assert.deepEqual([...serializeWeights(one, 'float16-le')], [0x00, 0x3c, 0x00, 0xc0]);
});

test('a weights file that does not match its manifest is refused', () => {
  const { manifest, buffer } = loadModel('mlp');
  assert.throws(() => parseModel(buffer.slice(4), manifest), /bytes/);
  assert.throws(() => parseModel(buffer, { ...manifest, weights: { ...manifest.weights, dtype: 'float16-le' } }), /float16-le parameters need/);
  const renamed = { ...manifest, parameters: manifest.parameters.map((p, i) => (i === 0 ? { ...p, name: 'x' } : p)) };
  assert.throws(() => parseModel(buffer, renamed), /manifest lists/);
  assert.throws(() => parseDigits(new ArrayBuffer(20)), /MLDG/);
});
