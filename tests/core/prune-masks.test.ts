// Pruning rules against torch.nn.utils.prune's documented behaviour and hand-worked cases:
// Python's round-half-even counts, smallest-|w| selection with ties by index, iterative
// composition on the entries still alive, Ln-structured slices along either dim, N:M groups,
// global thresholds, and remove/restore on a model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createModel } from '../../src/core/nn/index.js';
import { l1UnstructuredMask, lnStructuredMask, nmMask, pruneCount, PrunedModel, randomUnstructuredMask } from '../../src/core/prune/index.js';

const ones = (n: number) => new Uint8Array(n).fill(1);
const zeros = (mask: Uint8Array) => mask.reduce((count, alive) => count + (alive ? 0 : 1), 0);

test('counts: round(amount × n) half to even for a fraction, the count itself otherwise (_compute_nparams_toprune)', () => {
  // Python 3: round(0.5 * 5) == round(2.5) == 2, round(0.5 * 7) == round(3.5) == 4,
  // round(0.45 * 10) == 4, round(0.1 * 25) == 2, and round(0.29 * 50) == 14 (0.29 * 50 is 14.499999999999998).
  assert.equal(pruneCount(0.5, 5), 2);
  assert.equal(pruneCount(0.5, 7), 4);
  assert.equal(pruneCount(0.45, 10), 4);
  assert.equal(pruneCount(0.1, 25), 2);
  assert.equal(pruneCount(0.29, 50), 14);
  assert.equal(pruneCount(0.5, 9), 4);
  assert.equal(pruneCount(0, 10), 0);
  assert.equal(pruneCount(1, 10), 10);
  assert.equal(pruneCount({ count: 3 }, 5), 3);
  assert.equal(pruneCount({ count: 1 }, 5), 1, 'a count of 1 is one weight, not 100 %');
  assert.throws(() => pruneCount({ count: 6 }, 5), /should be smaller than the number of parameters to prune=5/);
  assert.throws(() => pruneCount(1.5, 5), /fraction in \[0, 1\]/);
  assert.throws(() => pruneCount(-0.1, 5), /fraction in \[0, 1\]/);
  assert.throws(() => pruneCount({ count: 1.5 }, 5), /non-negative integer/);
  // The counts reach the masks: 0.5 of 5 weights prunes 2, of 7 prunes 4.
  assert.equal(zeros(l1UnstructuredMask(Float32Array.of(1, 2, 3, 4, 5), ones(5), 0.5)), 2);
  assert.equal(zeros(l1UnstructuredMask(Float32Array.of(1, 2, 3, 4, 5, 6, 7), ones(7), 0.5)), 4);
});

test('l1 unstructured prunes exactly the smallest |w|, ties to the lower index', () => {
  const values = Float32Array.of(0.3, -0.1, 0.2, 0.1, -0.5, 0.1);
  assert.deepEqual([...l1UnstructuredMask(values, ones(6), { count: 1 })], [1, 0, 1, 1, 1, 1]);
  assert.deepEqual([...l1UnstructuredMask(values, ones(6), { count: 2 })], [1, 0, 1, 0, 1, 1]);
  assert.deepEqual([...l1UnstructuredMask(values, ones(6), 0.5)], [1, 0, 1, 0, 1, 0]);
  assert.deepEqual([...l1UnstructuredMask(values, ones(6), { count: 4 })], [1, 0, 0, 0, 1, 0]);
});

test('iterative pruning acts on the survivors: 50 % then 50 % leaves 75 % sparsity (PruningContainer)', () => {
  const values = Float32Array.of(8, -1, 7, 2, -6, 3, 5, -4);
  const first = l1UnstructuredMask(values, ones(8), 0.5);
  assert.deepEqual([...first], [1, 0, 1, 0, 1, 0, 1, 0]);
  // Second pass: 50 % of the 4 alive (8, 7, −6, 5) are 2, the smallest of them: 5 and −6.
  const second = l1UnstructuredMask(values, first, 0.5);
  assert.deepEqual([...second], [1, 0, 1, 0, 0, 0, 0, 0]);
  assert.equal(zeros(second) / 8, 0.75);

  const random = randomUnstructuredMask(randomUnstructuredMask(ones(1000), 0.5, 3), 0.5, 4);
  assert.equal(zeros(random), 750);
});

test('random unstructured: exactly the count, seeded, and never reviving a pruned entry', () => {
  const a = randomUnstructuredMask(ones(101), 0.3, 7);
  assert.equal(zeros(a), 30);
  assert.deepEqual(randomUnstructuredMask(ones(101), 0.3, 7), a);
  assert.notDeepEqual(randomUnstructuredMask(ones(101), 0.3, 8), a);
  const again = randomUnstructuredMask(a, { count: 10 }, 9);
  assert.equal(zeros(again), 40);
  assert.ok(a.every((alive, i) => alive || !again[i]));
});

test('ln structured removes whole slices by their norm, along dim 0 or 1, among the slices alive', () => {
  // Rows: L1 norms 4, 3, 8; L2 norms 2, 3, 4; L∞ norms 1, 3, 2.
  const values = Float32Array.of(1, 1, 1, 1, 3, 0, 0, 0, 2, 2, 2, 2);
  const shape = [3, 4];
  assert.deepEqual([...lnStructuredMask(values, shape, ones(12), { count: 1 }, 1, 0)], [1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1]);
  assert.deepEqual([...lnStructuredMask(values, shape, ones(12), { count: 1 }, 2, 0)], [0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1]);
  assert.deepEqual([...lnStructuredMask(values, shape, ones(12), { count: 1 }, Infinity, 0)], [0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1]);
  // Columns (dim 1, a layer's inputs): L1 norms 6, 3, 3, 3; half of 4 prunes columns 1 and 2 (tie to the lower index).
  assert.deepEqual([...lnStructuredMask(values, shape, ones(12), 0.5, 1, 1)], [1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1]);
  assert.deepEqual(lnStructuredMask(values, shape, ones(12), 0.5, 1, -1), lnStructuredMask(values, shape, ones(12), 0.5, 1, 1));
  // A second pass counts the slices still alive: 0.5 of the 2 rows left is 1 (round(1.0)).
  const first = lnStructuredMask(values, shape, ones(12), { count: 1 }, 1, 0);
  const second = lnStructuredMask(values, shape, first, 0.5, 1, 0);
  assert.deepEqual([...second], [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1]);
  assert.throws(() => lnStructuredMask(values, shape, ones(12), 0.5, 1, 2), /dim 2 is out of range/);
  assert.throws(() => lnStructuredMask(values, shape, ones(12), 0.5, 0.5, 0), /at least 1/);

  // A conv weight [out 2][in 3][1][2]: dim 0 removes filters, dim 1 input channels.
  const conv = Float32Array.of(1, 1, 5, 5, 0, 1, /* filter 1 */ 2, 2, 5, 5, 1, 0);
  // Filter L1 norms 13 and 15; input-channel L1 norms (over both filters) 6, 20 and 2.
  const filters = lnStructuredMask(conv, [2, 3, 1, 2], ones(12), { count: 1 }, 1, 0);
  assert.deepEqual([...filters], [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
  const channels = lnStructuredMask(conv, [2, 3, 1, 2], ones(12), { count: 1 }, 1, 1);
  assert.deepEqual([...channels], [1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 0]);
});

test('2:4 keeps the two largest |w| of every four consecutive weights of a row: exactly 50 %', () => {
  const values = Float32Array.of(0.1, -0.4, 0.3, 0.2, 0.5, 0.5, 0.5, 0.5);
  assert.deepEqual([...nmMask(values, [1, 8], ones(8), 2, 4)], [0, 1, 1, 0, 0, 0, 1, 1]);
  // An entry already pruned counts as zero and stays pruned.
  assert.deepEqual([...nmMask(values, [1, 8], Uint8Array.of(1, 0, 1, 1, 1, 1, 1, 1), 2, 4)], [0, 0, 1, 1, 0, 0, 1, 1]);
  assert.throws(() => nmMask(new Float32Array(9), [1, 9], ones(9), 2, 4), /rows of 9 weights do not split into groups of 4/);
  // Groups never straddle rows: [2][4] is two groups of one row each.
  assert.deepEqual([...nmMask(Float32Array.of(4, 3, 2, 1, 1, 2, 3, 4), [2, 4], ones(8), 2, 4)], [1, 1, 0, 0, 0, 0, 1, 1]);
});

function tinyModel() {
  return createModel({ inputShape: [4], layers: [{ type: 'linear', name: 'a', outFeatures: 4 }, { type: 'relu' }, { type: 'linear', name: 'b', outFeatures: 2 }] }, 5);
}

test('global unstructured: one threshold over the layers, so each layer has its own sparsity; only unstructured methods', () => {
  const model = tinyModel();
  const a = model.parameter('a.weight').data;
  const b = model.parameter('b.weight').data;
  a.set(Float32Array.from({ length: 16 }, (_, i) => (i + 1) * 0.1)); // 0.1 … 1.6
  b.set(Float32Array.of(0.05, -0.15, 0.25, 2, 3, -0.35, 0.45, 0.55));
  const pruned = new PrunedModel(model);
  const masks = pruned.globalUnstructured(['a.weight', 'b.weight'], { method: 'l1-unstructured', amount: 0.5 });
  // 12 of 24 go: the 12 smallest |w| overall are b's 0.05, 0.15, 0.25, 0.35, 0.45, 0.55 and a's 0.1 … 0.6.
  assert.deepEqual([...masks.get('b.weight')!], [0, 0, 0, 1, 1, 0, 0, 0]);
  assert.deepEqual([...masks.get('a.weight')!], [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
  assert.deepEqual(
    pruned.sparsity().map((s) => [s.name, s.sparsity]),
    [['a.weight', 6 / 16], ['b.weight', 6 / 8]],
  );
  const kept = [...a, ...b].filter((w) => w !== 0).map(Math.abs);
  assert.ok(Math.min(...kept) > 0.6, 'every kept weight is above the one threshold');
  assert.throws(
    () => pruned.globalUnstructured(['a.weight', 'b.weight'], { method: 'ln-structured', amount: 0.5, n: 1, dim: 0 }),
    (error: Error) => error instanceof TypeError && /only unstructured methods .* got ln-structured, which is structured/.test(error.message),
  );
  assert.throws(() => pruned.globalUnstructured(['a.weight', 'b.weight'], { method: 'n:m', n: 2, m: 4 }), TypeError);
  // A second global pass takes 50 % of the 12 still alive.
  pruned.globalUnstructured(['a.weight', 'b.weight'], { method: 'l1-unstructured', amount: 0.5 });
  assert.equal(pruned.sparsity().reduce((sum, s) => sum + s.pruned, 0), 18);
});

test('masks sit beside the originals: weight = original × mask; restore undoes, remove makes it permanent', () => {
  const model = tinyModel();
  const before = model.parameter('a.weight').data.slice();
  const pruned = new PrunedModel(model);
  const mask = pruned.l1Unstructured('a.weight', 0.5);
  const weight = model.parameter('a.weight').data;
  assert.deepEqual([...weight], [...before].map((w, i) => (mask[i] ? w : 0)));
  assert.deepEqual(pruned.original('a.weight'), before);
  assert.deepEqual(pruned.prunedParameters(), ['a.weight']);

  pruned.restore('a.weight');
  assert.deepEqual(model.parameter('a.weight').data, before);
  assert.equal(pruned.mask('a.weight'), undefined);
  assert.throws(() => pruned.restore('a.weight'), /a.weight is not pruned/);

  pruned.lnStructured('a.weight', { count: 1 }, 2, 0);
  pruned.l1Unstructured('b.weight', 0.25);
  const afterPruning = model.parameter('a.weight').data.slice();
  pruned.remove('a.weight');
  assert.deepEqual(model.parameter('a.weight').data, afterPruning, 'remove keeps the pruned values');
  assert.deepEqual(pruned.original('a.weight'), afterPruning, 'and forgets the original');
  assert.deepEqual(pruned.prunedParameters(), ['b.weight']);
  pruned.restore();
  assert.deepEqual(model.parameter('a.weight').data, afterPruning);
  assert.deepEqual(pruned.prunedParameters(), []);
});
