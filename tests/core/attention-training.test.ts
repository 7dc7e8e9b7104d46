// Live training of the attention-only model on repeated random tokens: deterministic for a seed,
// its loss falls, and its steps report progress and stop when asked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InductionTraining, inductionTrainingSteps } from '../../src/core/attention/index.js';
import { drain } from '../../src/core/shared/steps.js';

test('the same seed trains the same model; another seed another', () => {
  const a = new InductionTraining({ seed: 7 });
  const b = new InductionTraining({ seed: 7 });
  const c = new InductionTraining({ seed: 8 });
  for (let k = 0; k < 12; k++) {
    a.step();
    b.step();
    c.step();
  }
  assert.deepEqual(a.history, b.history);
  assert.deepEqual(a.model.network.parameters().map((p) => p.data), b.model.network.parameters().map((p) => p.data));
  assert.notDeepEqual(a.history, c.history);
  assert.equal(a.history.at(-1)!.step, 12);
});

test('the loss on the repeats falls as it trains, and the scores stay in [0, 1]', () => {
  const training = new InductionTraining({ seed: 1 });
  const points = drain(inductionTrainingSteps(training, 120));
  assert.equal(points.length, 120);
  const first = points[0]!;
  const last = points.at(-1)!;
  assert.ok(last.repeatLoss < first.repeatLoss - 0.1, `repeat loss ${first.repeatLoss} → ${last.repeatLoss}`);
  const mean = (from: number, to: number) => points.slice(from, to).reduce((sum, p) => sum + p.loss, 0) / (to - from);
  assert.ok(mean(100, 120) < mean(0, 20), 'training loss falls');
  for (const point of points) {
    assert.ok(point.inductionScore >= 0 && point.inductionScore <= 1);
    assert.ok(point.previousTokenScore >= 0 && point.previousTokenScore <= 1);
  }
  // Before training, loss is near ln 24 (uniform over the tokens).
  assert.ok(Math.abs(first.loss - Math.log(24)) < 0.5, `first loss ${first.loss}`);
});

test('steps yield their progress, and stopping keeps what was trained', () => {
  const training = new InductionTraining({ seed: 3 });
  const steps = inductionTrainingSteps(training, 10);
  const progress = [steps.next().value, steps.next().value, steps.next().value];
  assert.deepEqual(progress, [0.1, 0.2, 0.3]);
  steps.return([]);
  assert.equal(steps.next().done, true);
  assert.equal(training.history.length, 3);
  drain(inductionTrainingSteps(training, 2));
  assert.equal(training.history.at(-1)!.step, 5);
});
