// Head ablation on the shipped model: ablating nothing changes nothing, ablating every head of a
// layer leaves only the output projection's bias from that layer's attention, and mean ablation
// puts each head's mean output in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareAblation, headMeans, runTokens, windowsOf, type HeadRef } from '../../src/core/attention/index.js';
import { loadTextModel, validationIds } from './attention-shipped.js';

const { manifest, model } = loadTextModel();
const ids = validationIds(manifest, 96);
const { layers, heads } = manifest.shape;
const everyHead: HeadRef[] = Array.from({ length: layers * heads }, (_, i) => ({ layer: Math.floor(i / heads), head: i % heads }));

test('ablating no heads changes nothing', () => {
  const result = compareAblation(model, ids, { heads: [], mode: 'zero' });
  assert.deepEqual(result.ablated, result.baseline);
  assert.equal(result.lossChange, 0);
  assert.deepEqual(result.changed, []);
});

test('ablating every head changes the loss and predictions, and leaves the model unablated after', () => {
  const before = runTokens(model, ids);
  const result = compareAblation(model, ids, { heads: everyHead, mode: 'zero' });
  assert.deepEqual(result.baseline, before);
  assert.ok(Math.abs(result.lossChange) > 0.01, `loss change ${result.lossChange}`);
  assert.ok(result.changed.length > 0);
  for (const { position, before: was, after } of result.changed) {
    assert.equal(was.id, result.baseline.positions[position]!.top[0]!.id);
    assert.equal(after.id, result.ablated.positions[position]!.top[0]!.id);
  }
  assert.deepEqual(runTokens(model, ids), before);
  // Switched-off heads still have their patterns (to draw); the first layer's are unchanged, the
  // second layer's change with what the first no longer writes.
  assert.deepEqual(result.ablated.patterns[0], result.baseline.patterns[0]);
  assert.notDeepEqual(result.ablated.patterns[1], result.baseline.patterns[1]);
});

test('with every head of a layer switched off, that layer\'s attention outputs only W_O\'s bias', () => {
  const layer = model.layers[1]!;
  let output = new Float32Array(0);
  const stop = model.network.observe('attn2.heads', (values) => (output = values.slice()));
  try {
    runTokens(model, ids, { ablation: { heads: everyHead.filter((h) => h.layer === 1), mode: 'zero' } });
  } finally {
    stop();
  }
  const dim = manifest.shape.dim;
  for (let t = 0; t < ids.length; t++) {
    for (let o = 0; o < dim; o++) assert.equal(output[t * dim + o], layer.proj.bias.data[o], `position ${t}, unit ${o}`);
  }
});

test('mean ablation puts in each head\'s mean output over the reference text', () => {
  const reference = windowsOf(validationIds(manifest, 1000), manifest.shape.contextLength).map((w) => w.slice(0, -1));
  const means = headMeans(model, reference);
  assert.equal(means.length, layers);
  assert.equal(means[0]!.length, heads);
  assert.equal(means[0]![0]!.length, manifest.shape.dim / heads);
  const result = compareAblation(model, ids, { heads: [{ layer: 0, head: 2 }], mode: 'mean', means });
  const headDim = manifest.shape.dim / heads;
  const outputs = model.layers[0]!.headOutputs;
  // After the ablated run the layer still holds its head outputs: head 2's is the mean everywhere.
  runTokens(model, ids, { ablation: { heads: [{ layer: 0, head: 2 }], mode: 'mean', means } });
  for (let t = 0; t < ids.length; t++) {
    assert.deepEqual(outputs.subarray(t * manifest.shape.dim + 2 * headDim, t * manifest.shape.dim + 3 * headDim), means[0]![2]);
  }
  assert.notEqual(result.lossChange, 0);
  assert.throws(() => runTokens(model, ids, { ablation: { heads: [{ layer: 0, head: 2 }], mode: 'mean' } }), /mean outputs/);
  assert.throws(() => runTokens(model, ids, { ablation: { heads: [{ layer: 5, head: 0 }], mode: 'zero' } }), /no head 5\.0/);
});
