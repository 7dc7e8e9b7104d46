// Runs on the surfaces against theory (Goh 2017, "Why Momentum Really Works",
// https://distill.pub/2017/momentum/), divergence stopped and explained, seeded runs repeatable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { drain } from '../../src/core/shared/steps.js';
import {
  Run,
  createSurface,
  gradientDescentRate,
  measuredRate,
  momentumRate,
  optimalGradientDescent,
  optimalMomentum,
  predictedLosses,
  quadratic,
  quadraticDerivations,
  runSteps,
  stabilityEdge,
  type OptimizerConfig,
  type RunSpec,
  type Surface,
} from '../../src/core/optim/index.js';

const valley = quadratic(100, 30);
const runOf = (surface: Surface, optimizer: OptimizerConfig, steps = 400, extra: Partial<RunSpec> = {}) =>
  drain(runSteps({ surface, optimizer, start: surface.start, steps, ...extra }));
const near = (actual: number, expected: number, relative: number) =>
  assert.ok(Math.abs(actual - expected) <= relative * Math.abs(expected), `${actual} vs ${expected}`);

test('Goh’s optimal rates for κ = 100: gradient descent 99/101, momentum 9/11', () => {
  const gd = optimalGradientDescent([1, 100]);
  near(gd.lr, 2 / 101, 1e-15);
  near(gd.rate, 99 / 101, 1e-15);
  near(gradientDescentRate(gd.lr, [1, 100]), 99 / 101, 1e-14);
  const heavyBall = optimalMomentum([1, 100]);
  near(heavyBall.rate, 9 / 11, 1e-15);
  near(heavyBall.momentum, 81 / 121, 1e-15);
  near(heavyBall.lr, 4 / 121, 1e-15);
  near(momentumRate(heavyBall.lr, heavyBall.momentum, [1, 100]), 9 / 11, 1e-7);
  // Any other tuning is slower.
  assert.ok(gradientDescentRate(0.9 * gd.lr, [1, 100]) > gd.rate);
  assert.ok(momentumRate(heavyBall.lr, 0.5, [1, 100]) > heavyBall.rate);
});

test('measured rates on the rotated quadratic match the predicted ones within 1 %', () => {
  const gd = optimalGradientDescent(valley.curvatures);
  const descent = runOf(valley, { type: 'sgd', lr: gd.lr }, 300);
  near(measuredRate(descent.losses, 0, 50), 99 / 101, 0.01);
  const heavyBall = optimalMomentum(valley.curvatures);
  const momentum = runOf(valley, { type: 'sgd', lr: heavyBall.lr, momentum: heavyBall.momentum }, 400);
  // At Goh's optimum the two roots coincide, so the error is t·rateᵗ; over steps 200–400 that costs 0.4 %.
  near(measuredRate(momentum.losses, 0, 200), 9 / 11, 0.01);
  const predicted = predictedLosses(descent.losses[0]!, 0, gd.rate, 300);
  near(predicted[300]!, descent.losses[0]! * (99 / 101) ** 600, 1e-9);
});

test('gradient descent’s edge is α·λ_max = 2, momentum’s 2(1 + β), Nesterov’s 2(1 + μ)/(1 + 2μ)', () => {
  assert.equal(runOf(valley, { type: 'sgd', lr: 0.0199 }).stop, undefined);
  const over = runOf(valley, { type: 'sgd', lr: 0.023 });
  assert.equal(over.stop?.kind, 'diverged');
  assert.match(over.stop!.reason, /^step \d+: the learning rate times the largest curvature, 2\.3, passed 2$/);
  assert.ok(over.losses.length < 100, 'stopped soon, not left to spin');

  assert.equal(runOf(valley, { type: 'sgd', lr: 0.037, momentum: 0.9 }, 2000).stop, undefined);
  const momentum = runOf(valley, { type: 'sgd', lr: 0.04, momentum: 0.9 });
  assert.match(momentum.stop!.reason, /the learning rate times the largest curvature, 4, passed 2\(1 \+ β\) = 3\.8$/);

  const edge = stabilityEdge({ momentum: 0.9, nesterov: true });
  near(edge, 3.8 / 2.8, 1e-15);
  assert.equal(runOf(valley, { type: 'sgd', lr: (0.98 * edge) / 100, momentum: 0.9, nesterov: true }, 3000).stop, undefined);
  assert.equal(runOf(valley, { type: 'sgd', lr: (1.02 * edge) / 100, momentum: 0.9, nesterov: true }, 3000).stop?.kind, 'diverged');
});

test('off the quadratic, the reason names the place where the curvature was too large', () => {
  const rosenbrock = createSurface('rosenbrock');
  const { stop } = runOf(rosenbrock, { type: 'sgd', lr: 0.01 });
  assert.match(stop!.reason, /the learning rate times the largest curvature at \(-1\.2, 1\), 15\.1, passed 2$/);
});

test('adaptive methods and Lion say what grew and where', () => {
  const adagrad = runOf(createSurface('rosenbrock'), { type: 'adagrad', lr: 100 });
  assert.equal(adagrad.stop?.kind, 'diverged');
  assert.match(adagrad.stop!.reason, /the loss grew from 24\.2 at step 0 to .*; the largest step, 100, was in x, .* Adagrad scaled it by γ\/\(√s \+ ε\) = 0\.464/);
  const lion = runOf(valley, { type: 'lion', lr: 0.5, weightDecay: 5 });
  assert.match(lion.stop!.reason, /the learning rate times the weight decay, 2\.5, passed 2$/);
});

test('overflow stops the run as NaN; the saddle’s fall without bound is an escape, not a divergence', () => {
  const overflow = runOf(createSurface('booth'), { type: 'sgd', lr: 1e200 });
  assert.equal(overflow.stop?.kind, 'nan');
  assert.match(overflow.stop!.reason, /^step 1: the loss overflowed to Infinity; step 1: the learning rate times the largest curvature/);
  const saddle = runOf(createSurface('saddle'), { type: 'sgd', lr: 0.1 });
  assert.equal(saddle.stop?.kind, 'escaped');
  assert.match(saddle.stop!.reason, /the surface has no minimum that way/);
});

test('a seeded noisy run is bit-for-bit repeatable; stepping in pieces gives the same path', () => {
  const surface = createSurface('himmelblau');
  const spec: RunSpec = { surface, optimizer: { type: 'adam', lr: 0.05 }, start: surface.start, steps: 700, noise: { scale: 2, seed: 11 } };
  const first = drain(runSteps(spec, 64));
  const second = drain(runSteps(spec, 500));
  assert.deepEqual(second, first);
  assert.notDeepEqual(drain(runSteps({ ...spec, noise: { scale: 2, seed: 12 } })).xs, first.xs);
  const pieces = new Run(spec).advance(3).advance(300).advance(1000);
  assert.deepEqual(pieces.result(), first);
  assert.equal(first.losses.length, 701);
  const progress = [...(function* () { const steps = runSteps(spec, 200); for (let s = steps.next(); !s.done; s = steps.next()) yield s.value; })()];
  assert.deepEqual(progress, [200 / 700, 400 / 700, 600 / 700, 1]);
});

test('the Math Peek’s steps carry the numbers the run uses', () => {
  const [edge, rate, best] = quadraticDerivations(0.015, 0, [1, 100]);
  assert.equal(edge!.result, '0.02');
  assert.equal(rate!.result, '0.985'); // max(|1 − 0.015|, |1 − 1.5|)
  assert.equal(best!.result, '0.9802');
});

test('a noisy run that starts at a minimum is not called diverged', async () => {
  const { createSurface } = await import('../../src/core/optim/surfaces.js');
  const { Run } = await import('../../src/core/optim/run.js');
  const surface = createSurface('rosenbrock');
  const run = new Run({ surface, optimizer: { type: 'sgd', lr: 1e-3 }, start: { x: 1, y: 1 }, steps: 50, noise: { scale: 0.01, seed: 7 } });
  run.advance(50);
  assert.equal(run.result().stop, undefined);
});

test('dampening without momentum leaves the edge at 2, as PyTorch ignores it then', async () => {
  const { stabilityEdge, stabilityEdgeText } = await import('../../src/core/optim/theory.js');
  assert.equal(stabilityEdge({ momentum: 0, dampening: 0.5 }), 2);
  assert.equal(stabilityEdgeText({ momentum: 0, dampening: 0.5 }), '2');
});
