// The optimizer lab's instructor's card says what the lab shows: each misconception's tag is
// evaluated as the lab evaluates it, and every step count, loss and edge the card quotes is what
// comes out (Goh's rates from the theory module).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatCount, formatSignificant } from '../../src/core/shared/format.js';
import {
  evaluate,
  optimLandscapeCard,
  optimLandscapeSchema,
  optimalGradientDescent,
  optimalMomentum,
  rosenbrock,
  largestCurvature,
  type OptimLandscapeResult,
  type OptimLandscapeState,
  type RaceOptimizer,
} from '../../src/core/optim/index.js';
import { about, quotes, readTag } from './card-checks.js';

const card = optimLandscapeCard;

/** What the lab shows for a tag, with some controls moved. */
function shown(tag: string, moved: Partial<OptimLandscapeState> = {}): OptimLandscapeResult {
  return evaluate({ ...readTag(optimLandscapeSchema, card.lab, tag).state, ...moved });
}

const run = (result: OptimLandscapeResult, name: RaceOptimizer) => result.runs.find((r) => r.name === name)!;

test('a larger learning rate is faster only up to 2/(λ_min + λ_max), and diverges past 2/λ_max', () => {
  const { tag, truth } = about(card, 'larger learning rate');
  const at = (learningRate: number) => run(shown(tag, { learningRate }), 'sgd');
  const [slow, best, over] = [at(0.1), at(0.18), at(0.19)];
  assert.ok(best.stepsToTolerance! < slow.stepsToTolerance! && best.stepsToTolerance! < over.stepsToTolerance!);
  const past = at(0.21);
  assert.equal(past.outcome, 'diverges');
  quotes(truth, `step ${slow.stepsToTolerance} with α = 0.1`, `step ${best.stepsToTolerance} with α = 0.18`, `step ${over.stepsToTolerance} with α = 0.19`);
  quotes(truth, `2/λ_max = ${formatSignificant(past.theory!.edge)}`, `(${past.stop!.reason})`);
});

test('momentum is slower than gradient descent on a well-conditioned valley', () => {
  const { tag, truth } = about(card, 'Momentum always');
  const result = shown(tag);
  const [sgd, momentum] = [run(result, 'sgd'), run(result, 'momentum')];
  assert.ok(momentum.stepsToTolerance! > 3 * sgd.stepsToTolerance!);
  quotes(truth, `step ${sgd.stepsToTolerance} and momentum`, `only at step ${momentum.stepsToTolerance}`);
  quotes(truth, `√β ≈ ${formatSignificant(Math.sqrt(0.9))}`, `gradient descent’s ${formatSignificant(sgd.theory!.predictedRate)}`);
  assert.equal(formatSignificant(momentum.theory!.predictedRate), formatSignificant(Math.sqrt(0.9)));
});

test('momentum converges past gradient descent’s edge, inside its own', () => {
  const { tag, truth } = about(card, 'Past 2/λ_max');
  const result = shown(tag);
  const [sgd, momentum] = [run(result, 'sgd'), run(result, 'momentum')];
  assert.equal(sgd.outcome, 'diverges');
  assert.equal(momentum.outcome, 'converges');
  quotes(truth, `stopped at step ${sgd.stop!.step}`, `at step ${momentum.stepsToTolerance}`, `2(1 + β)/λ_max = ${formatSignificant(momentum.theory!.edge)}`);
});

test('Adam moves about α per coordinate per step, and falls behind where the minimum is far', () => {
  const { tag, truth } = about(card, 'Adam is at least');
  const result = shown(tag);
  const [sgd, adam] = [run(result, 'sgd'), run(result, 'adam')];
  assert.equal(sgd.outcome, 'converges');
  assert.equal(adam.outcome, 'not-yet');
  // No coordinate moved more than about α per step.
  for (let k = 1; k < adam.xs.length; k++) assert.ok(Math.abs(adam.xs[k]! - adam.xs[k - 1]!) <= 0.05 * 1.001);
  quotes(truth, `at step ${sgd.stepsToTolerance},`, `still ${formatSignificant(adam.finalGap)} above it after ${adam.xs.length - 1} steps`, `9 units away in x`);
  assert.equal(adam.nearest!.point.x - -8, 9);
});

test('with noise, SGD hovers at a floor the learning rate sets', () => {
  const { tag, truth } = about(card, 'noisy gradients');
  const result = shown(tag);
  const sgd = run(result, 'sgd');
  const smaller = run(shown(tag, { learningRate: 0.0125 }), 'sgd');
  assert.equal(sgd.outcome, 'not-yet');
  assert.ok(smaller.finalGap < sgd.finalGap);
  quotes(truth, `${formatSignificant(sgd.finalGap)} above the minimum after ${formatCount(2000)} steps`, `tolerance at step ${sgd.stepsToTolerance} and did not stay`);
  quotes(truth, `lower, ${formatSignificant(smaller.finalGap)} above`);
});

test('the assignment’s gradient descent diverges just past 2/λ_max = 0.02', () => {
  const { state, predict } = readTag(optimLandscapeSchema, card.lab, card.assignment.tag);
  assert.equal(predict, 'outcome');
  const result = evaluate(state);
  assert.equal(result.runs[0]!.outcome, 'diverges');
  assert.equal(result.runs[0]!.theory!.edge, 0.02);
  assert.match(card.assignment.predict, /κ = 100.*α = 0\.021/);
});

test('the prompts quote Goh’s κ = 100 rates and Rosenbrock’s curvature at its start', () => {
  const gd = optimalGradientDescent([1, 100]);
  const heavyBall = optimalMomentum([1, 100]);
  assert.ok(Math.abs(gd.rate - 99 / 101) < 1e-15);
  assert.ok(Math.abs(heavyBall.rate - 9 / 11) < 1e-15);
  // About ten times fewer steps for the same progress.
  assert.equal(Math.round(Math.log(heavyBall.rate) / Math.log(gd.rate)), 10);
  assert.match(card.prompts[0]!, /99\/101 per step and the best momentum by 9\/11/);
  const curvature = largestCurvature(rosenbrock, rosenbrock.start.x, rosenbrock.start.y);
  assert.equal(Math.round(curvature / 100) * 100, 1500);
  quotes(card.prompts[3]!, 'about 1,500 at its classic start');
});
