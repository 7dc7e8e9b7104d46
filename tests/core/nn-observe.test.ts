import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createModel } from '../../src/core/nn/index.js';

test('an observer that rewrites a pass-through layer output never touches the caller’s input', () => {
  const model = createModel({ inputShape: [1, 2, 2], layers: [{ type: 'flatten', name: 'flat' }, { type: 'linear', name: 'fc', outFeatures: 2 }] }, 1);
  const input = new Float32Array([1, 2, 3, 4]);
  const before = model.forward(input, 1).slice();
  const stop = model.observe('flat', (values) => values.fill(0));
  const zeroed = model.forward(input, 1);
  stop();
  assert.deepEqual([...input], [1, 2, 3, 4]);
  // The rewrite still reached the next layer: with zero inputs only the bias remains.
  assert.notDeepEqual([...zeroed], [...before]);
  assert.deepEqual([...model.forward(input, 1)], [...before]);
});
