// One query row computed number by number matches the model's own attention row, head output and
// attention-layer output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { queryRowMechanics, runTokens } from '../../src/core/attention/index.js';
import { loadTextModel, validationIds } from './attention-shipped.js';

const { manifest, model } = loadTextModel();
const ids = validationIds(manifest, 40);

for (const [layer, head, position] of [
  [0, 0, 0],
  [0, 3, 17],
  [1, 1, 39],
] as const) {
  test(`layer ${layer} head ${head}, query ${position}: weights, head output and layer output match the model`, () => {
    const row = queryRowMechanics(model, ids, layer, head, position);
    const headDim = manifest.shape.dim / manifest.shape.heads;
    assert.equal(row.headDim, headDim);
    assert.equal(row.scale, 1 / Math.sqrt(headDim));
    assert.equal(row.keys.length, ids.length);
    const pattern = runTokens(model, ids).patterns[layer]![head]!;
    let sum = 0;
    for (const key of row.keys) {
      assert.equal(key.masked, key.position > position);
      if (key.masked) {
        assert.equal(key.weight, 0);
        assert.equal(key.scaled, -Infinity);
      } else {
        assert.ok(Math.abs(key.scaled - key.dot * row.scale) < 1e-12);
      }
      assert.ok(Math.abs(key.weight - pattern[position * ids.length + key.position]!) < 1e-6, `key ${key.position}`);
      sum += key.weight;
    }
    assert.ok(Math.abs(sum - 1) < 1e-12);
    assert.equal(row.maxScore, Math.max(...row.keys.filter((k) => !k.masked).map((k) => k.scaled)));
    // Against the model's own head output and attention-layer output at this position.
    let layerOutput = new Float32Array(0);
    const stop = model.network.observe(`attn${layer + 1}.heads`, (values) => (layerOutput = values.slice()));
    try {
      model.forward([ids]);
    } finally {
      stop();
    }
    const dim = manifest.shape.dim;
    const headOutputs = model.layers[layer]!.headOutputs;
    row.headOutput.forEach((value, d) => assert.ok(Math.abs(value - headOutputs[position * dim + head * headDim + d]!) < 1e-5, `head output ${d}`));
    row.layerOutput.forEach((value, o) => assert.ok(Math.abs(value - layerOutput[position * dim + o]!) < 1e-4, `layer output ${o}`));
    assert.equal(row.projected.length, dim);
  });
}

test('a query or head outside the model is refused', () => {
  assert.throws(() => queryRowMechanics(model, ids, 0, 0, 40), /position 40/);
  assert.throws(() => queryRowMechanics(model, ids, 2, 0, 0), /no head 2\.0/);
});
