// Pruning the shipped MLP and CNN, evaluated by the nn engine on the 2,000-digit test set:
// accuracy at measured points, per-layer sparsity under global pruning, the shrunk dense model
// computing what the masked one computes, and the bytes of each storage format, hand-worked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createModel, evaluate, parseDigits, serializeWeights, type Sequential } from '../../src/core/nn/index.js';
import { PrunedModel, shrinkModel, storageSizes, weightStorage } from '../../src/core/prune/index.js';
import { loadModel, readArrayBuffer } from './shipped-models.js';

const testSet = parseDigits(readArrayBuffer('assets/digits-14/test.bin'));

function logits(model: Sequential): Float32Array {
  return model.forward(testSet.inputs, testSet.count).slice();
}

function maxDifference(a: Float32Array, b: Float32Array): number {
  return a.reduce((max, v, i) => Math.max(max, Math.abs(v - b[i]!)), 0);
}

test('MLP: accuracy against sparsity at measured points; restoring gives back the trained model', () => {
  const { manifest, buffer, model } = loadModel('mlp');
  const pruned = new PrunedModel(model);
  // Measured: FP32 97.10 %; L1 unstructured 50 % of each layer 82.15 % (fc1 alone 93.75 %);
  // global L1 50 % 91.85 %; random 50 % of each layer 25.25 % (seed 1); 2:4 in both layers 78.05 %.
  pruned.l1Unstructured('fc1.weight', 0.5);
  pruned.l1Unstructured('fc2.weight', 0.5);
  assert.equal(evaluate(model, testSet).correct, 1643);
  pruned.restore();
  pruned.l1Unstructured('fc1.weight', 0.5);
  assert.equal(evaluate(model, testSet).correct, 1875);
  pruned.restore();
  pruned.globalUnstructured(['fc1.weight', 'fc2.weight'], { method: 'l1-unstructured', amount: 0.5 });
  assert.equal(evaluate(model, testSet).correct, 1837);
  // One threshold, uneven sparsity: round(0.5 × 8,240) = 4,120 pruned, fc1 4,017 (51.2 %), fc2 103 (25.8 %).
  assert.deepEqual(pruned.sparsity().map((s) => [s.name, s.pruned]), [['fc1.weight', 4017], ['fc2.weight', 103]]);
  pruned.restore();
  pruned.randomUnstructured('fc1.weight', 0.5, 1);
  pruned.randomUnstructured('fc2.weight', 0.5, 1);
  assert.equal(evaluate(model, testSet).correct, 505);
  pruned.restore();
  pruned.semiStructured('fc1.weight');
  pruned.semiStructured('fc2.weight');
  assert.equal(evaluate(model, testSet).correct, 1561);
  assert.deepEqual(pruned.sparsity().map((s) => s.sparsity), [0.5, 0.5]);
  pruned.restore();
  assert.deepEqual(serializeWeights(model), new Uint8Array(buffer));
  assert.equal(evaluate(model, testSet).correct, manifest.test.correct);
});

test('MLP: the shrunk dense model computes what the masked model computes', () => {
  const { model } = loadModel('mlp');
  const pruned = new PrunedModel(model);
  // Half of fc1's neurons by L1 norm: their biases still reach fc2 through the ReLU, folded into fc2's bias.
  pruned.lnStructured('fc1.weight', 0.5, 1, 0);
  const masked = evaluate(model, testSet);
  const shrunk = shrinkModel(model);
  assert.deepEqual(shrunk.model.parameters().map((p) => [p.name, p.shape]), [['fc1.weight', [20, 196]], ['fc1.bias', [20]], ['fc2.weight', [10, 20]], ['fc2.bias', [10]]]);
  assert.equal(shrunk.layers[0]!.removed.length, 20);
  assert.deepEqual(shrunk.layers[0]!.folded, shrunk.layers[0]!.removed);
  const small = evaluate(shrunk.model, testSet);
  assert.deepEqual(small.predictions, masked.predictions);
  assert.equal(small.accuracy, masked.accuracy);
  assert.equal(masked.correct, 954, 'measured: 47.70 % with half of fc1 gone');
  assert.ok(maxDifference(logits(shrunk.model), logits(model)) < 1e-5);
  // The structured pick: the 20 neurons removed are those with the smallest L1 norm of their original weights.
  const norms = Array.from({ length: 40 }, (_, u) => pruned.original('fc1.weight').subarray(u * 196, (u + 1) * 196).reduce((s, w) => s + Math.abs(w), 0));
  const largestRemoved = Math.max(...shrunk.layers[0]!.removed.map((u) => norms[u]!));
  assert.ok(shrunk.layers[0]!.kept.every((u) => norms[u]! > largestRemoved));

  // Mixed: unstructured zeros stay inside the kept rows, fc2's dead input columns take fc1's neurons with them.
  pruned.restore();
  pruned.l1Unstructured('fc1.weight', 0.3);
  pruned.lnStructured('fc1.weight', { count: 5 }, 2, 0);
  pruned.lnStructured('fc2.weight', { count: 7 }, 1, 1);
  const mixed = shrinkModel(model);
  const deadRows = Array.from({ length: 40 }, (_, u) => u).filter((u) => pruned.mask('fc1.weight')!.subarray(u * 196, (u + 1) * 196).every((m) => !m));
  const deadColumns = Array.from({ length: 40 }, (_, u) => u).filter((u) => !pruned.mask('fc2.weight')![u]);
  // Five rows by norm and one more that the unstructured pass had already emptied: any dead row shrinks.
  assert.deepEqual([deadRows.length, deadColumns.length], [6, 7]);
  assert.deepEqual(mixed.layers[0]!.removed, [...new Set([...deadRows, ...deadColumns])].sort((a, b) => a - b));
  // A unit whose outputs are all dead needs no folding, even if its row is dead too.
  assert.deepEqual(mixed.layers[0]!.folded, deadRows.filter((u) => !deadColumns.includes(u)));
  assert.deepEqual(evaluate(mixed.model, testSet).predictions, evaluate(model, testSet).predictions);
  assert.ok(maxDifference(logits(mixed.model), logits(model)) < 1e-5);
});

test('CNN: pruned filters shrink into the linear layer after them; into a padded conv only when their constant is 0', () => {
  const { model } = loadModel('cnn');
  const pruned = new PrunedModel(model);
  pruned.lnStructured('conv2.weight', 0.25, 1, 0);
  const shrunk = shrinkModel(model);
  assert.deepEqual(shrunk.model.parameters().map((p) => p.shape.join('×')), ['8×1×3×3', '8', '12×8×3×3', '12', '32×108', '32', '10×32', '10']);
  assert.deepEqual(evaluate(shrunk.model, testSet).predictions, evaluate(model, testSet).predictions);
  assert.ok(maxDifference(logits(shrunk.model), logits(model)) < 1e-5);

  pruned.restore();
  pruned.lnStructured('conv1.weight', { count: 1 }, 1, 0);
  const filter = pruned.mask('conv1.weight')!.indexOf(0) / 9;
  assert.throws(() => shrinkModel(model), new RegExp(`conv1's unit ${filter} has all-zero weights but outputs the constant .* conv2 pads with zeros`));
  // With its bias pruned as well the filter outputs ReLU(0) = 0 everywhere, and it goes.
  const bias = model.parameter('conv1.bias').data;
  bias[filter] = 0;
  const withoutFilter = shrinkModel(model);
  assert.deepEqual(withoutFilter.layers[0]!.removed, [filter]);
  assert.deepEqual(evaluate(withoutFilter.model, testSet).predictions, evaluate(model, testSet).predictions);
});

test('storage sizes, hand-worked: dense, CSR (int32 indices), bitmask, 2:4 and the shrunk model', () => {
  // [[0, 2, 0, 0], [0, 0, 0, 0]]: 1 nonzero in 2 rows of 4.
  const small = weightStorage('w', Float32Array.of(0, 2, 0, 0, 0, 0, 0, 0), 2);
  assert.equal(small.denseBytes, 32); // 8 × 4
  assert.equal(small.csrBytes, 4 + 4 + 3 * 4); // values, column indices, 3 row pointers
  assert.equal(weightStorage('w', Float32Array.of(0, 2, 0, 0, 0, 0, 0, 0), 2, { indexBytes: 8 }).csrBytes, 4 + 8 + 3 * 8);
  assert.equal(small.bitmaskBytes, 1 + 4); // ⌈8 / 8⌉ + 1 value
  assert.equal(small.semiStructuredBytes, 4 * 4 + 1); // 4 kept values + ⌈4 × 2 b / 8⌉
  assert.equal(small.derivations.csr, '1 × 4 B values + 1 × 4 B column indices + (2 + 1) × 4 B row pointers = 20 B');
  assert.equal(weightStorage('w', Float32Array.of(1, 2, 3, 0), 1).semiStructuredBytes, undefined, '3 nonzeros in a group of 4');

  const { model } = loadModel('mlp');
  const dense = storageSizes(model);
  assert.equal(dense.denseBytes, 8290 * 4);
  assert.equal(dense.otherBytes, (40 + 10) * 4);
  // Dense CSR costs more than dense: 7,840 values + 7,840 indices + 41 pointers for fc1.
  assert.equal(dense.weights[0]!.csrBytes, (7840 + 7840 + 41) * 4);
  const pruned = new PrunedModel(model);
  pruned.semiStructured('fc1.weight');
  pruned.semiStructured('fc2.weight');
  const sparse = storageSizes(model);
  // fc1: 3,920 values + ⌈3,920 × 2 / 8⌉ = 980 B of indices; fc2: 200 values + 50 B; biases 200 B.
  assert.equal(sparse.semiStructuredBytes, 3920 * 4 + 980 + 200 * 4 + 50 + 200);
  assert.equal(sparse.csrBytes, (3920 + 3920 + 41) * 4 + (200 + 200 + 11) * 4 + 200);
  assert.equal(sparse.bitmaskBytes, 980 + 3920 * 4 + 50 + 200 * 4 + 200);
  pruned.restore();
  pruned.lnStructured('fc1.weight', 0.5, 1, 0);
  // The shrunk model is dense again: 20 × 196 + 20 + 10 × 20 + 10 parameters.
  assert.equal(storageSizes(shrinkModel(model).model).denseBytes, (3920 + 20 + 200 + 10) * 4);
});

test('shrinking refuses models it cannot shrink exactly', () => {
  const model = createModel({ inputShape: [4], layers: [{ type: 'linear', outFeatures: 4 }, { type: 'softmax' }, { type: 'linear', outFeatures: 2 }] }, 1);
  assert.throws(() => shrinkModel(model), /softmax1 \(softmax\) mixes channels/);
  const normed = createModel({ inputShape: [4], layers: [{ type: 'linear', outFeatures: 4 }, { type: 'layernorm' }, { type: 'linear', outFeatures: 2 }] }, 1);
  assert.throws(() => shrinkModel(normed), /holds parameters/);
});
