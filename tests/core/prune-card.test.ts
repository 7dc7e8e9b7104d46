// The pruning lab's instructor's card says what the lab shows: each misconception's tag is
// evaluated as the lab evaluates it (the shipped model, all 2,000 test digits, the setting of the
// tag's state; fine-tuning on the training split as the lab's worker does it), and every number
// the card quotes is what comes out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDigits } from '../../src/core/nn/index.js';
import { FINE_TUNE_SEED, pruneSessionSteps, pruneSettingOf, pruningLabCard, pruningLabSchema, SettingFineTuning, type PruneEvaluation, type PruningLabState } from '../../src/core/prune/index.js';
import { drain } from '../../src/core/shared/steps.js';
import { about, quotes, readTag } from './card-checks.js';
import { loadModel, readArrayBuffer } from './shipped-models.js';

const card = pruningLabCard;
const testSet = parseDigits(readArrayBuffer('assets/digits-14/test.bin'));
const trainingSet = parseDigits(readArrayBuffer('assets/digits-14/train.bin'));
const session = drain(pruneSessionSteps(loadModel('lenet-300-100').model, testSet));

const stateOf = (tag: string, moved: Partial<PruningLabState> = {}) => ({ ...readTag(pruningLabSchema, card.lab, tag).state, ...moved });

/** What the lab shows for a tag, with some controls moved. */
function shown(tag: string, moved: Partial<PruningLabState> = {}): PruneEvaluation {
  const state = stateOf(tag, moved);
  assert.equal(state.model, 'lenet-300-100', 'the card speaks of LeNet-300-100');
  return drain(session.evaluateSteps(pruneSettingOf(state)));
}

const percent = (share: number, digits = 2) => `${(share * 100).toFixed(digits)} %`;
const count = (n: number) => n.toLocaleString('en');
const shrunk = (r: PruneEvaluation) => {
  assert.ok('parameters' in r.shrunk, 'it shrinks');
  return r.shrunk;
};

test('a 90 %-sparse network costs the same FLOPs on a dense kernel; a structured one shrinks', () => {
  const { tag, truth } = about(card, 'ten times faster');
  const sparse = shown(tag);
  const structured = shown(tag, { sparsity: 50, method: 'l1-structured' });
  quotes(truth, `at 90 % still costs ${count(sparse.flops.dense)} FLOPs`, `could do ${count(sparse.flops.nonzero)}`, `does ${count(shrunk(sparse).flops)}`, `shrinks it to ${count(shrunk(structured).flops)} FLOPs`);
  assert.equal(sparse.flops.dense, shown(tag, { sparsity: 0 }).flops.dense, 'the same as dense');
  assert.equal(sparse.flops.dense / sparse.flops.nonzero, 10);
});

test('CSR costs more than dense at 50 %; a bitmask less', () => {
  const { tag, truth } = about(card, 'sparse format');
  const half = shown(tag);
  assert.ok(half.storage.csrBytes > half.storage.denseBytes);
  quotes(truth, `takes ${count(half.storage.csrBytes)} bytes in CSR against ${count(half.storage.denseBytes)} dense`, `takes ${count(half.storage.bitmaskBytes)}`, `at 90 % CSR takes ${count(shown(tag, { sparsity: 90 }).storage.csrBytes)}`);
});

test('magnitude pruning keeps what random pruning loses', () => {
  const { tag, truth } = about(card, 'Which weights');
  quotes(truth, `keeps ${percent(shown(tag).accuracy)} of the digits right`, `at random keeps ${percent(shown(tag, { method: 'random' }).accuracy)}`);
});

test('one global threshold spares the small last layer', () => {
  const { tag, truth } = about(card, 'same share');
  const layer = shown(tag);
  const global = shown(tag, { scope: 'global' });
  assert.ok(global.accuracy > layer.accuracy);
  const share = (r: PruneEvaluation, name: string) => {
    const w = r.weights.find((weight) => weight.layer === name)!;
    return { share: w.pruned / w.elements, elements: w.elements };
  };
  const [first, last] = [share(global, 'fc1'), share(global, 'fc3')];
  quotes(truth, `leaves ${percent(layer.accuracy)}`, `leaves ${percent(global.accuracy)}`, `takes ${percent(last.share, 1)} of the small last layer (${count(last.elements)} weights`, `and ${percent(first.share, 1)} of the first (${count(first.elements)})`);
});

test('structured pruning costs accuracy sooner, and shrinks the model', () => {
  const { tag, truth } = about(card, 'whole neurons');
  const structured = shown(tag);
  const single = shown(tag, { method: 'magnitude' });
  assert.ok(structured.accuracy < single.accuracy);
  quotes(
    truth,
    `single weights by magnitude keep ${percent(single.accuracy)}`,
    `by L1 norm keep ${percent(structured.accuracy)}`,
    `shrinks to ${count(shrunk(structured).parameters)} parameters and ${count(shrunk(structured).flops)} FLOPs per image, from ${count(structured.parameters.total)} and ${count(structured.flops.dense)}`,
  );
});

test('fine-tuning with the masks fixed wins back much of what pruning lost', () => {
  const { tag, truth } = about(card, 'lost for good');
  const state = stateOf(tag);
  const pruned = shown(tag);
  const tuned = drain(new SettingFineTuning(loadModel('lenet-300-100').model, pruneSettingOf(state), trainingSet, testSet, { epochs: state.fineTuneEpochs, seed: FINE_TUNE_SEED }).steps());
  assert.ok(tuned.accuracy - pruned.accuracy > 0.3);
  quotes(truth, `keeps ${percent(pruned.accuracy)}`, `for ${state.fineTuneEpochs} epochs on the 2,000 training digits`, `back to ${percent(tuned.accuracy)}`);
});

test('the assignment quotes the dense accuracy', () => {
  quotes(card.assignment.predict, `scores ${percent(session.dense.accuracy)}`);
});
