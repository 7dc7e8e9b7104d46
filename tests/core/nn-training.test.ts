// Training is deterministic for a seed and actually learns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../src/core/shared/rng.js';
import { digitsFromPixels } from '../../src/core/nn/data.js';
import { evaluate } from '../../src/core/nn/evaluate.js';
import { createModel, type ModelSpec } from '../../src/core/nn/model.js';
import { serializeWeights } from '../../src/core/nn/serialize.js';
import { Trainer } from '../../src/core/nn/train.js';

/** Two classes of 6×6 images: a bright left half or a bright right half, plus noise. */
function toyDigits(count: number, seed: number) {
  const rng = createRng(seed);
  const labels = Uint8Array.from({ length: count }, () => rng.int(2));
  const pixels = new Uint8Array(count * 36);
  labels.forEach((label, n) => {
    for (let i = 0; i < 36; i++) {
      const bright = (i % 6 < 3) === (label === 0);
      pixels[n * 36 + i] = Math.min(255, (bright ? 150 : 40) + rng.int(80));
    }
  });
  return { ...digitsFromPixels(pixels, labels, 6, 6), classes: 2 };
}

const spec: ModelSpec = {
  inputShape: [1, 6, 6],
  layers: [
    { type: 'conv2d', name: 'conv', outChannels: 2, kernelSize: 3, padding: 1 },
    { type: 'relu' },
    { type: 'maxpool2d', size: 2 },
    { type: 'flatten' },
    { type: 'linear', name: 'fc', outFeatures: 2 },
  ],
};

function trainedWeights(seed: number): Uint8Array {
  const model = createModel(spec, seed);
  const trainer = new Trainer(model, toyDigits(64, 1), { optimizer: { type: 'adam', lr: 1e-2 }, batchSize: 16, seed });
  trainer.step(10);
  return serializeWeights(model);
}

test('the same seed gives byte-identical weights after training; another seed does not', () => {
  const a = trainedWeights(3);
  assert.deepEqual(trainedWeights(3), a);
  assert.notDeepEqual(trainedWeights(4), a);
});

test('a few epochs of SGD learn the toy task, and progress is reported', () => {
  const data = toyDigits(128, 2);
  const model = createModel(spec, 1);
  const before = evaluate(model, data);
  const trainer = new Trainer(model, data, { optimizer: { type: 'sgd', lr: 0.5, momentum: 0.9 }, batchSize: 32, seed: 1 });
  const first = trainer.step(4);
  let last = first;
  for (let i = 0; i < 5; i++) last = trainer.step(4);
  assert.equal(last.steps, 24);
  assert.equal(last.epochs, 5);
  assert.ok(last.loss < first.loss / 2, `loss ${first.loss} → ${last.loss}`);
  const after = evaluate(model, toyDigits(200, 9));
  assert.ok(after.accuracy > 0.95 && after.meanLoss < before.meanLoss, `accuracy ${before.accuracy} → ${after.accuracy}`);
});
