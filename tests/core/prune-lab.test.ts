// The pruning lab's module: a state's setting applied as torch.nn.utils.prune would (structured
// pruning takes the unit's bias too, 2:4 leaves rows that do not split into fours dense), the
// session's evaluation (accuracy, masks, sizes, FLOPs, the shrunk model) and its restoring the
// model, the sweep and its first drop, each layer's cost alone, the CSR forward pass against the
// masked model, timings, resumable fine-tuning, and what the lab says (the Math Peek, the cliff,
// each representation) against hand-worked numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate, parseDigits, serializeWeights } from '../../src/core/nn/index.js';
import {
  CsrForward,
  PrunedModel,
  SWEEP_SPARSITIES,
  SettingFineTuning,
  actingSetting,
  applySetting,
  csrProduct,
  diagnoseCliff,
  firstDrop,
  forwardFlops,
  pruneDerivations,
  pruneSessionSteps,
  pruneSettingOf,
  pruningLabSchema,
  representations,
  settingKey,
  speedVerdict,
  sweepSnapshot,
  sweepSteps,
  toCsr,
  type PruneSweep,
} from '../../src/core/prune/index.js';
import { defaults, schemaProblems } from '../../src/core/shared/lab-schema.js';
import { drain } from '../../src/core/shared/steps.js';
import { loadModel, readArrayBuffer } from './shipped-models.js';

const testSet = parseDigits(readArrayBuffer('assets/digits-14/test.bin'));
const trainingSet = parseDigits(readArrayBuffer('assets/digits-14/train.bin'));
const zeros = (values: ArrayLike<number>) => Array.from(values).filter((v) => v === 0).length;

test('the schema is consistent; a state asks for its setting, which acts as it applies', () => {
  assert.deepEqual(schemaProblems(pruningLabSchema), []);
  const state = defaults(pruningLabSchema);
  assert.deepEqual(pruneSettingOf(state), { method: 'magnitude', scope: 'layer', sparsity: 0.8 });
  // The scope only for single weights, 2:4 always at half: settings that act alike share a key.
  assert.deepEqual(actingSetting({ method: 'l2-structured', scope: 'global', sparsity: 0.3 }), { method: 'l2-structured', scope: 'layer', sparsity: 0.3 });
  assert.equal(settingKey({ method: '2:4', scope: 'global', sparsity: 0.9 }), settingKey({ method: '2:4', scope: 'layer', sparsity: 0.1 }));
  assert.notEqual(settingKey({ method: 'magnitude', scope: 'global', sparsity: 0.9 }), settingKey({ method: 'magnitude', scope: 'layer', sparsity: 0.9 }));
});

test('custom_from_mask multiplies into the mask there is', () => {
  const { model } = loadModel('mlp');
  const pruned = new PrunedModel(model);
  pruned.l1Unstructured('fc2.bias', { count: 2 });
  const before = pruned.mask('fc2.bias')!;
  const mask = Uint8Array.from({ length: 10 }, (_, i) => (i < 5 ? 1 : 0));
  const after = pruned.customFromMask('fc2.bias', mask);
  assert.deepEqual([...after], [...before].map((alive, i) => alive & mask[i]!));
  assert.equal(zeros(model.parameter('fc2.bias').data), zeros(after));
  assert.throws(() => pruned.customFromMask('fc2.bias', new Uint8Array(3)), /has 10 entries, the mask 3/);
});

test('structured pruning removes whole units with their biases, never the last layer’s; 2:4 leaves rows of 9 dense', () => {
  const { model } = loadModel('cnn');
  const pruned = new PrunedModel(model);
  applySetting(pruned, { method: 'l1-structured', scope: 'global', sparsity: 0.5 });
  // round(0.5 × 8) = 4 filters of conv1, 8 of conv2, 16 of fc1's 32 neurons; fc2 keeps its 10 classes.
  assert.deepEqual(pruned.prunedParameters(), ['conv1.weight', 'conv1.bias', 'conv2.weight', 'conv2.bias', 'fc1.weight', 'fc1.bias']);
  assert.deepEqual(['conv1.bias', 'conv2.bias', 'fc1.bias'].map((name) => zeros(pruned.mask(name)!)), [4, 8, 16]);
  const conv1 = pruned.mask('conv1.weight')!;
  const bias = pruned.mask('conv1.bias')!;
  for (let filter = 0; filter < 8; filter++) assert.equal(conv1.subarray(filter * 9, filter * 9 + 9).every((alive) => alive === bias[filter]), true, `filter ${filter} whole`);
  pruned.restore();

  applySetting(pruned, { method: '2:4', scope: 'layer', sparsity: 0.2 });
  assert.deepEqual(pruned.prunedParameters(), ['conv2.weight', 'fc1.weight', 'fc2.weight']);
  assert.deepEqual(pruned.sparsity().map((s) => s.sparsity), [0.5, 0.5, 0.5]);
});

test('LeNet-300-100: a setting evaluated, measured by hand, and the model restored after', () => {
  const { model } = loadModel('lenet-300-100');
  const trained = serializeWeights(loadModel('lenet-300-100').model);
  const session = drain(pruneSessionSteps(model, testSet));
  assert.equal(session.dense.correct, 1959);
  const r = drain(session.evaluateSteps({ method: 'magnitude', scope: 'layer', sparsity: 0.9 }));
  // docs/lenet-300-100-pruning.md: layer by layer, 90 %, one-shot: 45.55 %.
  assert.equal(r.correct, 911);
  assert.deepEqual(r.weights.map((w) => [w.layer, w.pruned, w.elements]), [['fc1', 52920, 58800], ['fc2', 27000, 30000], ['fc3', 900, 1000]]);
  assert.deepEqual(r.masks.map((mask, i) => zeros(mask) === r.weights[i]!.pruned), [true, true, true]);
  assert.deepEqual(r.parameters, { total: 90210, nonzero: 90210 - 80820 - zeros(loadModel('lenet-300-100').model.parameter('fc1.bias').data) });
  // 2 FLOPs per weight per image on a dense kernel, whatever the zeros: 2 × 89,800.
  assert.deepEqual([r.flops.dense, r.flops.nonzero], [179600, 17960]);
  // CSR: per layer nnz × 8 B + (rows + 1) × 4 B, and 410 biases × 4 B.
  assert.equal(r.storage.csrBytes, (5880 + 3000 + 100) * 8 + (301 + 101 + 11) * 4 + 410 * 4);
  assert.ok('parameters' in r.shrunk && r.shrunk.parameters < 90210);
  assert.deepEqual(serializeWeights(model), trained, 'the model is dense again');
  assert.equal(session.knownAccuracy({ method: 'magnitude', scope: 'layer', sparsity: 0.9 }), r.accuracy);
});

test('an evaluation abandoned part-way puts the model back; a session runs one evaluation at a time', () => {
  const { model, buffer } = loadModel('mlp');
  const session = drain(pruneSessionSteps(model, testSet));
  const steps = session.evaluateSteps({ method: 'random', scope: 'global', sparsity: 0.7 });
  steps.next();
  assert.throws(() => session.evaluateSteps({ method: 'magnitude', scope: 'layer', sparsity: 0.1 }).next(), /one evaluation at a time/);
  steps.return(undefined as never);
  assert.deepEqual(serializeWeights(model), new Uint8Array(buffer));
  assert.equal(drain(session.accuracySteps({ method: 'magnitude', scope: 'layer', sparsity: 0 })), session.dense.accuracy);
});

test('the sweep: every method on the grid, 2:4 once, points shared across scopes, and the first drop', () => {
  const { model } = loadModel('mlp');
  const session = drain(pruneSessionSteps(model, testSet));
  const seen: PruneSweep[] = [];
  const sweep = drain(sweepSteps(session, 'layer', 'l2-structured', (partial) => seen.push(partial)));
  assert.equal(sweep.complete, true);
  // The reader's method first: its curve is whole before any other has a point.
  const firstOther = seen.findIndex((partial) => partial.series.some((s) => s.method !== 'l2-structured' && s.accuracy.slice(1).some((a) => a !== null)));
  assert.ok(seen[firstOther - 1]!.series.find((s) => s.method === 'l2-structured')!.accuracy.every((a) => a !== null));
  assert.equal(seen.length, 4 * (SWEEP_SPARSITIES.length - 1) + 1);
  // tests/core/prune-model.test.ts measured these MLP points: magnitude 50 % 82.15 %, random 50 % 25.25 % (seed 1 in fc1), 2:4 78.05 %.
  const magnitude = sweep.series.find((s) => s.method === 'magnitude')!;
  assert.equal(magnitude.accuracy[SWEEP_SPARSITIES.indexOf(0.5)], 0.8215);
  assert.equal(sweep.semiStructured, 0.7805);
  // Magnitude: 97.0 % at 10 %, 97.2 % at 20 %, 95.9 % at 30 % (dense 97.10 %): first more than a point below at 30 %.
  assert.equal(firstDrop(sweep, 'magnitude'), 0.3);
  assert.equal(firstDrop(sweep, '2:4'), null);
  // The other scope reuses the structured curves and 2:4: only the single-weight curves are missing.
  const other = sweepSnapshot(session, 'global');
  assert.deepEqual(other.series.map((s) => s.accuracy.every((a) => a !== null)), [false, false, true, true]);
  assert.equal(other.semiStructured, 0.7805);
  assert.equal(firstDrop(other, 'magnitude'), undefined, 'not measured that far');
});

test('first drop: more than one point below dense, on the grid; none up to 99 %', () => {
  const sweep = (accuracy: (number | null)[]): PruneSweep => ({
    scope: 'layer',
    sparsities: [0, 0.5, 0.9],
    dense: 0.9,
    series: [{ method: 'magnitude', accuracy }],
    semiStructured: null,
    complete: false,
  });
  assert.equal(firstDrop(sweep([0.9, 0.89, 0.85]), 'magnitude'), 0.9, 'exactly one point is no drop');
  assert.equal(firstDrop(sweep([0.9, 0.8895, 0.85]), 'magnitude'), 0.5);
  assert.equal(firstDrop(sweep([0.9, 0.9, 0.9]), 'magnitude'), null);
  assert.equal(firstDrop(sweep([0.9, 0.9, null]), 'magnitude'), undefined);
});

test('each layer alone: at 80 % per layer the MLP’s small last layer costs most', () => {
  const { model } = loadModel('mlp');
  const session = drain(pruneSessionSteps(model, testSet));
  const costs = drain(session.layerCostSteps({ method: 'magnitude', scope: 'layer', sparsity: 0.8 }));
  assert.deepEqual(costs.map((c) => [c.layer, c.sparsity]), [['fc1', 0.8], ['fc2', 0.8]]);
  const alone = new PrunedModel(loadModel('mlp').model);
  alone.l1Unstructured('fc2.weight', 0.8);
  assert.equal(costs[1]!.accuracy, evaluate(alone.model, testSet).accuracy);
  assert.ok(costs[1]!.accuracyDrop > costs[0]!.accuracyDrop);
  const r = drain(session.evaluateSteps({ method: 'magnitude', scope: 'layer', sparsity: 0.8 }));
  const cliff = diagnoseCliff(r, 2, costs)!;
  assert.equal(cliff.heading, 'Pruning cliff: accuracy fell from 97.10% to 38.75%');
  assert.match(cliff.reasons[0]!, /^fc2 collapses first: pruned alone as here \(80\.0% of its weights\), it costs 40\.3 points; alone, the others cost fc1 29\.9 points\.$/);
  assert.match(cliff.reasons[1]!, /^Prune with one global threshold/);
  assert.match(cliff.reasons.at(-1)!, /for 2 epochs/);
  assert.equal(diagnoseCliff(drain(session.evaluateSteps({ method: 'magnitude', scope: 'layer', sparsity: 0.1 })), 2), undefined);
  assert.match(diagnoseCliff(drain(session.evaluateSteps({ method: 'random', scope: 'layer', sparsity: 0.5 })), 1)!.reasons[0]!, /^Prune by magnitude instead/);
});

test('FLOPs per image: 2 per multiply-add, a conv’s weights used at every output pixel', () => {
  const { model } = loadModel('cnn');
  const flops = forwardFlops(model);
  // conv1 72 weights × 196 pixels, conv2 1,152 × 49, fc1 4,608, fc2 320.
  assert.deepEqual(flops.layers.map((l) => [l.name, l.uses, l.dense]), [['conv1', 196, 2 * 72 * 196], ['conv2', 49, 2 * 1152 * 49], ['fc1', 1, 2 * 4608], ['fc2', 1, 640]]);
  assert.equal(flops.dense, flops.nonzero);
});

test('CSR: the format by hand, and a sparse forward pass computing what the masked model computes', () => {
  const csr = toCsr(Float32Array.of(0, 2, 0, 3, 0, 0, 4, 0, 5), 3);
  assert.deepEqual([[...csr.values], [...csr.columns], [...csr.rowStart]], [[2, 3, 4, 5], [1, 0, 0, 2], [0, 1, 2, 4]]);
  const out = new Float32Array(3);
  csrProduct(Float32Array.of(1, 10, 100), 1, 1, csr, Float32Array.of(0.5, 0, -1), out);
  assert.deepEqual([...out], [20.5, 3, 4 + 500 - 1]);
  for (const name of ['mlp', 'cnn']) {
    const { model } = loadModel(name);
    applySetting(new PrunedModel(model), { method: 'magnitude', scope: 'global', sparsity: 0.85 });
    const input = testSet.inputs.subarray(0, 50 * 196);
    const dense = model.forward(input, 50).slice();
    const sparse = new CsrForward(model).forward(input, 50);
    assert.ok(dense.every((v, i) => Math.abs(v - sparse[i]!) < 1e-5), name);
  }
});

test('timings: each pass timed by the clock it is given, the shrunk one only where it shrinks', () => {
  const { model } = loadModel('mlp');
  const session = drain(pruneSessionSteps(model, testSet));
  let now = 0;
  const clock = () => (now += 1);
  const times = drain(session.timingSteps({ method: 'l1-structured', scope: 'layer', sparsity: 0.5 }, clock, 3));
  // Every read of this clock adds 1 ms: each pass is timed as 1 ms.
  assert.deepEqual(times, { images: 100, runs: 3, denseMs: 1, csrMs: 1, shrunkMs: 1 });
  const { model: cnn } = loadModel('cnn');
  const unshrinkable = drain(drain(pruneSessionSteps(cnn, testSet)).timingSteps({ method: 'random', scope: 'layer', sparsity: 0.8 }, clock, 1));
  assert.equal(unshrinkable.shrunkMs, undefined, 'a random conv1 filter with no weights left still outputs its bias into a padded conv');
});

test('fine-tuning a setting resumes where it was stopped, to the same weights', () => {
  const setting = { method: 'magnitude', scope: 'global', sparsity: 0.9 } as const;
  const whole = drain(new SettingFineTuning(loadModel('mlp').model, setting, trainingSet, testSet, { epochs: 1, seed: 1 }).steps());
  const { model } = loadModel('mlp');
  const run = new SettingFineTuning(model, setting, trainingSet, testSet, { epochs: 1, seed: 1 });
  const first = run.steps();
  for (let i = 0; i < 20; i++) first.next();
  first.return(undefined as never);
  const shares: number[] = [];
  const resumed = run.steps();
  for (let step = resumed.next(); ; step = resumed.next()) {
    if (step.done) {
      assert.deepEqual(step.value, whole);
      break;
    }
    shares.push(step.value);
  }
  // 62 batches of 32: 20 were taken before the stop.
  assert.ok(shares[0]! > 0.3 && shares.every((share, i) => i === 0 || share >= shares[i - 1]!));
  const mask = new PrunedModel(loadModel('mlp').model);
  applySetting(mask, setting);
  const fc1 = mask.mask('fc1.weight')!;
  assert.ok(model.parameter('fc1.weight').data.every((w, i) => fc1[i] || w === 0), 'pruned weights stay zero');
  assert.ok(whole.accuracy > drain(drain(pruneSessionSteps(loadModel('mlp').model, testSet)).accuracySteps(setting)));
});

test('the Math Peek: the count pruned, the rule’s gap, CSR bytes, FLOPs', () => {
  const { model } = loadModel('mlp');
  const values = loadModel('mlp').model.parameter('fc2.weight').data;
  const session = drain(pruneSessionSteps(model, testSet));
  // 0.5 × 40 neurons = 20; magnitude at 0.3 × 400 = 120 in fc2.
  const halfNeurons = drain(session.evaluateSteps({ method: 'l2-structured', scope: 'layer', sparsity: 0.5 }));
  const structured = pruneDerivations(halfNeurons, 0, loadModel('mlp').model.parameter('fc1.weight').data);
  assert.equal(structured[0]!.label, 'Neurons removed from fc1, each with its 196 weights and its bias');
  assert.equal(structured[0]!.substituted, 'round(0.5 × 40) = round(20) = 20');
  const norms = /^‖W‖_removed ≤ ([\d.]+) ≤ ([\d.]+) ≤ ‖W‖_kept$/.exec(structured[1]!.substituted!)!;
  assert.ok(Number(norms[1]) <= Number(norms[2]));
  assert.equal(structured[1]!.formula, '‖W_u‖_2 = √(Σ_j w_uj^2)');
  assert.equal(pruneDerivations(halfNeurons, 1, values)[0]!.label, 'fc2 keeps its 10 outputs: they are the classes');
  const r = drain(session.evaluateSteps({ method: 'magnitude', scope: 'layer', sparsity: 0.3 }));
  const items = pruneDerivations(r, 1, values);
  assert.equal(items[0]!.substituted, 'round(0.3 × 400) = round(120) = 120');
  const gap = /^\|w\|_pruned ≤ ([\d.]+) ≤ ([\d.]+) ≤ \|w\|_kept$/.exec(items[1]!.substituted!)!;
  assert.ok(Number(gap[1]) <= Number(gap[2]));
  const csr = items.find((item) => item.label === 'fc2 in CSR (int32 indices)')!;
  assert.equal(csr.substituted, '280 × 4 B values + 280 × 4 B column indices + (10 + 1) × 4 B row pointers = 2284 B');
  assert.deepEqual(csr.reveals, ['csrBytes']);
  assert.equal(items.find((item) => item.formula === 'FLOPs = Σ 2 · n_l · uses_l')!.substituted, '2 × 7,840 + 2 × 400 = 16,480');
  assert.equal(items.find((item) => item.formula === 'FLOPs = Σ 2 · nnz_l · uses_l')!.substituted, '2 × 5,488 + 2 × 280 = 11,536');
  const { model: cnn } = loadModel('cnn');
  const cnnSession = drain(pruneSessionSteps(cnn, testSet));
  const global = pruneDerivations(drain(cnnSession.evaluateSteps({ method: 'magnitude', scope: 'global', sparsity: 0.25 })), 0, loadModel('cnn').model.parameter('conv1.weight').data);
  // 72 + 1,152 + 4,608 + 320 = 6,152 weights; 0.25 × 6,152 = 1,538 exactly.
  assert.equal(global[0]!.label, 'Weights pruned below one threshold over conv1, conv2, fc1, fc2: 2 of them in conv1 (2.8%)');
  assert.equal(global[0]!.substituted, 'round(0.25 × 6,152) = round(1,538) = 1,538');
  // A conv's weights are used at every output pixel.
  assert.match(global.find((item) => item.formula === 'FLOPs = Σ 2 · n_l · uses_l')!.substituted!, /^2 × 72 × 196 \+ 2 × 1,152 × 49 \+ 2 × 4,608 \+ 2 × 320 = 150,976$/);
  const semi = pruneDerivations(drain(cnnSession.evaluateSteps({ method: '2:4', scope: 'layer', sparsity: 0.5 })), 0, loadModel('cnn').model.parameter('conv1.weight').data);
  assert.equal(semi[0]!.label, 'conv1 stays dense: its rows of 9 weights do not split into groups of 4');
});

test('what each representation buys, and the verdict in words', () => {
  const { model } = loadModel('lenet-300-100');
  const session = drain(pruneSessionSteps(model, testSet));
  const sparse = drain(session.evaluateSteps({ method: 'magnitude', scope: 'layer', sparsity: 0.5 }));
  const rows = representations(sparse);
  assert.deepEqual(rows.map((row) => row.key), ['dense', 'csr', 'bitmask', '2:4', 'shrunk']);
  assert.ok(rows[1]!.bytes! > rows[0]!.bytes!, 'CSR at 50 % is larger than dense');
  assert.equal(rows[3]!.bytes, undefined);
  assert.match(speedVerdict(sparse), /^Unstructured sparsity does not run faster on dense hardware: a dense kernel still does all 179,600 FLOPs per image/);
  const semi = representations(drain(session.evaluateSteps({ method: '2:4', scope: 'layer', sparsity: 0.5 })));
  // Half the values and 2 bits of index per value kept: (44,900 × 4 + 11,225) + 410 biases × 4.
  assert.equal(semi[3]!.bytes, 44900 * 4 + 11225 + 1640);
  assert.equal(semi[3]!.flops, 179600 / 2);
  const structured = drain(session.evaluateSteps({ method: 'l1-structured', scope: 'layer', sparsity: 0.5 }));
  assert.equal(speedVerdict(structured), 'Structured pruning runs faster at once: the shrunk model is a smaller dense model, 74,800 FLOPs per image against 179,600 (2.4× fewer), on any dense kernel.');
  assert.match(speedVerdict(drain(session.evaluateSteps({ method: '2:4', scope: 'layer', sparsity: 0.5 }))), /up to twice the dense rate \(a datasheet ceiling, not measured here\)/);
});
