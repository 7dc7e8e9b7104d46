// Fine-tuning a pruned model with its masks held fixed, on the shipped training split and scored
// on the test set: pruned weights stay exactly zero through every optimizer step (and the
// optimizer keeps no state for them, as PyTorch's masked gradient leaves none), heavy pruning of
// LeNet-300-100 loses accuracy that a short fine-tune wins back, `original` follows the
// fine-tuned values, and a cancelled run puts the weights back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate, parseDigits, snapshotWeights, type OptimizerConfig } from '../../src/core/nn/index.js';
import { fineTuneSteps, MaskedFineTuning, PrunedModel, type FineTuneProgress } from '../../src/core/prune/index.js';
import { drain } from '../../src/core/shared/steps.js';
import { loadModel, readArrayBuffer } from './shipped-models.js';

const testSet = parseDigits(readArrayBuffer('assets/digits-14/test.bin'));
const trainingSplit = parseDigits(readArrayBuffer('assets/digits-14/train.bin'));
const LENET_WEIGHTS = ['fc1.weight', 'fc2.weight', 'fc3.weight'];

/** Every pruned entry of every pruned parameter is +0 in the model. */
function prunedStayZero(pruned: PrunedModel): boolean {
  return pruned.prunedParameters().every((name) => {
    const mask = pruned.mask(name)!;
    return pruned.model.parameter(name).data.every((w, i) => mask[i] || Object.is(w, 0));
  });
}

test('LeNet-300-100: 90 % global magnitude pruning drops accuracy; one epoch of masked fine-tuning wins most of it back', () => {
  const { manifest, model } = loadModel('lenet-300-100');
  const pruned = new PrunedModel(model);
  pruned.globalUnstructured(LENET_WEIGHTS, { method: 'l1-unstructured', amount: 0.9 });
  const sparsity = pruned.sparsity();
  const before = evaluate(model, testSet);
  // Measured: 97.95 % dense, 76.00 % at 90 % sparsity.
  assert.equal(manifest.test.correct, 1959);
  assert.equal(before.correct, 1520);

  const run = new MaskedFineTuning(pruned, trainingSplit, { epochs: 1, seed: 1 });
  assert.equal(run.totalBatches, 62); // ⌊2,000 / 32⌋, the last partial batch dropped
  let progress: FineTuneProgress | undefined;
  while (!run.done) {
    progress = run.advance(10);
    assert.ok(prunedStayZero(pruned), `a pruned weight moved by batch ${progress.batches}`);
  }
  assert.equal(progress!.batches, 62);
  assert.equal(progress!.epochLosses.length, 1);
  assert.deepEqual(pruned.sparsity(), sparsity, 'the masks did not change');
  const after = evaluate(model, testSet);
  // Measured: 94.10 % after one epoch on the 2,000 training digits.
  assert.equal(after.correct, 1882);
  assert.ok(after.accuracy - before.accuracy > 0.15, `${before.accuracy} → ${after.accuracy}`);
  assert.ok(after.accuracy < manifest.test.accuracy, 'not all of it: 90 % of these weights are not free');

  // The masked gradient leaves Adam no state for a pruned weight, as it leaves none for weight_orig in PyTorch.
  const { expAvg, expAvgSq } = run.optimizerState;
  const mask = pruned.mask('fc1.weight')!;
  assert.ok(mask.every((alive, i) => alive || (expAvg![0]![i] === 0 && expAvgSq![0]![i] === 0)));
  assert.ok(expAvgSq![0]!.some((v) => v > 0));
});

test('the same seed gives the same weights; another seed other weights', () => {
  const runOnce = (seed: number) => {
    const { model } = loadModel('mlp');
    const pruned = new PrunedModel(model);
    pruned.l1Unstructured('fc1.weight', 0.8);
    drain(fineTuneSteps(pruned, trainingSplit, { epochs: 1, seed }));
    return model.parameter('fc1.weight').data;
  };
  assert.deepEqual(runOnce(3), runOnce(3));
  assert.notDeepEqual(runOnce(3), runOnce(4));
});

test('pruned weights stay zero under every optimizer, weight decay and momentum included, and when a mask grows mid-run', () => {
  const optimizers: OptimizerConfig[] = [
    { type: 'sgd', lr: 0.05, momentum: 0.9, weightDecay: 1e-3 },
    { type: 'adam', lr: 1e-3, weightDecay: 1e-2 },
    { type: 'adamw', lr: 1e-3, weightDecay: 0.1, amsgrad: true },
    { type: 'rmsprop', lr: 1e-3, momentum: 0.5, centered: true },
    { type: 'adagrad', lr: 1e-2 },
    { type: 'lion', lr: 1e-4, weightDecay: 0.1 },
  ];
  for (const optimizer of optimizers) {
    const { model } = loadModel('mlp');
    const pruned = new PrunedModel(model);
    pruned.lnStructured('fc1.weight', 0.25, 2, 0);
    pruned.l1Unstructured('fc2.weight', 0.5);
    const run = new MaskedFineTuning(pruned, trainingSplit, { epochs: 1, seed: 1, optimizer, schedule: 'constant' });
    run.advance(20);
    assert.ok(prunedStayZero(pruned), optimizer.type);
    // Pruning more now: these weights have momentum, which would carry them off zero were the mask not written after each step.
    pruned.l1Unstructured('fc1.weight', 0.5);
    run.advance(20);
    assert.ok(prunedStayZero(pruned), `${optimizer.type} after the mask grew`);
  }
});

test('original follows fine-tuning: alive entries are the fine-tuned values, pruned ones those from before; pruning again keeps the fine-tuned values', () => {
  const { model } = loadModel('mlp');
  const trained = snapshotWeights(model);
  const pruned = new PrunedModel(model);
  pruned.l1Unstructured('fc1.weight', 0.5);
  pruned.l1Unstructured('fc2.weight', 0.5);
  pruned.l1Unstructured('fc1.bias', 0.5); // left alone until restored
  const masks = new Map(['fc1.weight', 'fc2.weight', 'fc1.bias'].map((name) => [name, pruned.mask(name)!.slice()]));
  drain(fineTuneSteps(pruned, trainingSplit, { epochs: 1, seed: 1 }));
  const tuned = snapshotWeights(model);
  /** weight_orig after fine-tuning: fine-tuned where the first mask kept the weight, as trained where it pruned it. */
  const expectedOriginal = (name: string) => tuned.get(name)!.map((w, i) => (masks.get(name)![i] ? w : trained.get(name)![i]!));
  assert.notDeepEqual(tuned.get('fc2.weight'), trained.get('fc2.weight'), 'fine-tuning changed the alive weights');

  assert.deepEqual(pruned.original('fc2.weight'), expectedOriginal('fc2.weight'));

  // Pruning again ranks and keeps the fine-tuned values (Han et al.'s iterative prune and retrain), never the stale ones.
  pruned.l1Unstructured('fc1.weight', 0.5);
  const again = pruned.mask('fc1.weight')!;
  const data = model.parameter('fc1.weight').data;
  assert.ok(data.every((w, i) => (again[i] ? w === tuned.get('fc1.weight')![i] : Object.is(w, 0))));

  // Restoring gives back weight_orig.
  pruned.restore();
  for (const name of masks.keys()) assert.deepEqual(model.parameter(name).data, expectedOriginal(name), name);
});

test('fine-tuning as steps: progress in (0, 1), a loss per epoch, and a cancelled run puts every weight back', () => {
  const { model } = loadModel('mlp');
  const pruned = new PrunedModel(model);
  pruned.l1Unstructured('fc1.weight', 0.9);
  const before = snapshotWeights(model);
  const heard: FineTuneProgress[] = [];
  const steps = fineTuneSteps(pruned, trainingSplit, { epochs: 2, seed: 1, batchSize: 100 }, (progress) => heard.push(progress), 5);
  const shares: number[] = [];
  for (let step = steps.next(); !step.done; step = steps.next()) shares.push(step.value);
  // 2 epochs × 20 batches in steps of 5: 8 steps, the last one returning rather than yielding.
  assert.deepEqual(shares, [1, 2, 3, 4, 5, 6, 7].map((k) => k / 8));
  assert.equal(heard.length, 8);
  assert.equal(heard.at(-1)!.epochLosses.length, 2);
  assert.ok(heard.at(-1)!.epochLosses[1]! < heard.at(-1)!.epochLosses[0]!, 'the loss falls');
  assert.notDeepEqual(model.parameter('fc1.bias').data, before.get('fc1.bias'));

  const restart = snapshotWeights(model);
  const cancelled = fineTuneSteps(pruned, trainingSplit, { epochs: 2, seed: 1 });
  cancelled.next();
  cancelled.next();
  assert.notDeepEqual(model.parameter('fc1.bias').data, restart.get('fc1.bias'));
  cancelled.return(undefined as never);
  for (const [name, values] of restart) assert.deepEqual(model.parameter(name).data, values, name);
  assert.throws(() => new MaskedFineTuning(pruned, trainingSplit, { epochs: 1.5, seed: 1 }), /whole number/);
});
