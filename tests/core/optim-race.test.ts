// The optimizer race on a real network: every optimizer trains the MLP's architecture from the
// same seeded initialisation on the same minibatches of the shipped training split; the same
// seed gives the same runs to the bit, every optimizer's training loss falls and its test
// accuracy rises, and a race stopped part-way resumes where it was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDigits } from '../../src/core/nn/index.js';
import { NetworkRace, RACE_TEST_EVERY, finalTrainingLoss, networkOptimizerConfig, windowMeans, type RaceOptimizer } from '../../src/core/optim/index.js';
import { drain } from '../../src/core/shared/steps.js';
import { loadModel, readArrayBuffer } from './shipped-models.js';

const testSet = parseDigits(readArrayBuffer('assets/digits-14/test.bin'));
const trainingSplit = parseDigits(readArrayBuffer('assets/digits-14/train.bin'));
const { architecture } = loadModel('mlp').manifest;
const OPTIMIZERS: RaceOptimizer[] = ['sgd', 'momentum', 'adam'];

const race = (seed: number, steps = 100) => new NetworkRace({ architecture, optimizers: OPTIMIZERS, steps, seed }, trainingSplit, testSet);

test('the same seed gives the same runs to the bit; another seed other runs', () => {
  const [a, b, c] = [drain(race(1).steps()), drain(race(1).steps()), drain(race(2).steps())];
  assert.deepEqual(a, b);
  assert.notDeepEqual(a.runs[0]!.losses, c.runs[0]!.losses);
});

test('every optimizer starts from the same weights and minibatches, and its loss falls', () => {
  const result = drain(race(1, 300).steps());
  assert.ok(result.complete);
  const first = result.runs[0]!.losses[0]!;
  assert.ok(Math.abs(first - Math.log(10)) < 0.1, `first loss ${first}, ln 10 from a fresh initialisation`);
  for (const run of result.runs) {
    assert.equal(run.losses[0], first, `${run.name} saw the same first minibatch from the same weights`);
    assert.equal(run.taken, 300);
    assert.equal(run.stop, undefined);
    assert.deepEqual(run.testSteps, [0, 25, 50, 75, 100, 125, 150, 175, 200, 225, 250, 275, 300]);
    assert.ok(finalTrainingLoss(run) < 0.35 * first, `${run.name}: ${first} → ${finalTrainingLoss(run)}`);
    assert.ok(run.testAccuracies.at(-1)! > 0.8 && run.testAccuracies[0]! < 0.2, `${run.name}: ${run.testAccuracies.join()}`);
  }
  assert.equal(RACE_TEST_EVERY, 25);
});

test('a race stopped part-way resumes where it was, to the same runs', () => {
  const whole = drain(race(5, 60).steps());
  const stopped = race(5, 60);
  const steps = stopped.steps();
  for (let i = 0; i < 70; i++) steps.next();
  steps.return(undefined as never);
  assert.ok(!stopped.result().complete);
  assert.deepEqual(drain(stopped.steps()), whole);
});

test('each optimizer’s settings: PyTorch’s defaults where it has them', () => {
  assert.deepEqual(networkOptimizerConfig('adam'), { type: 'adam', lr: 0.001 });
  assert.deepEqual(networkOptimizerConfig('adamw'), { type: 'adamw', lr: 0.001, weightDecay: 0.01 });
  assert.deepEqual(networkOptimizerConfig('rmsprop'), { type: 'rmsprop', lr: 0.01 });
  assert.deepEqual(windowMeans([1, 2, 3, 4, 5], 5, 2), { steps: [2, 4, 5], means: [1.5, 3.5, 5] });
});
