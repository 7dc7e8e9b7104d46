// The optimizer lab's module: its schema, the optimizer each race name stands for, and what
// `evaluate` shows for a state (the surface drawn, each run's outcome, the quadratic's rates,
// the derivations), checked against the core it is built on and against hand-worked cases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaults, parseValue, schemaProblems } from '../../src/core/shared/lab-schema.js';
import {
  Run,
  TOLERANCE,
  evaluate,
  gradientDescentRate,
  momentumRate,
  optimLandscapeSchema,
  optimizerConfig,
  quadratic,
  rosenbrock,
  snapStart,
  startStep,
  surfaceView,
  viewExtent,
  type OptimLandscapeState,
} from '../../src/core/optim/index.js';

const base = defaults(optimLandscapeSchema);
const state = (over: Partial<OptimLandscapeState> = {}): OptimLandscapeState => ({ ...base, ...over });
const near = (actual: number, expected: number, relative: number) =>
  assert.ok(Math.abs(actual - expected) <= relative * Math.abs(expected), `${actual} vs ${expected}`);

test('the schema is consistent and its defaults are a narrow valley raced by SGD, momentum and Adam', () => {
  assert.deepEqual(schemaProblems(optimLandscapeSchema), []);
  assert.deepEqual(base.optimizers, ['sgd', 'momentum', 'adam']);
  assert.equal(base.surface, 'quadratic');
  assert.equal(base.conditionNumber, 50);
  // A race needs a runner, and each once.
  const race = optimLandscapeSchema.params.optimizers;
  assert.equal(parseValue(race, ''), undefined);
  assert.equal(parseValue(race, 'sgd,sgd'), undefined);
  assert.deepEqual(parseValue(race, 'adam, lion'), ['adam', 'lion']);
  assert.deepEqual(parseValue(optimLandscapeSchema.params.start, '-8,-6'), [-8, -6]);
  assert.equal(parseValue(optimLandscapeSchema.params.start, '11,0'), undefined);
});

test('the controls that only some states use apply there only', () => {
  const applies = optimLandscapeSchema.applies!;
  assert.equal(applies.conditionNumber!(state({ surface: 'rosenbrock' })), false);
  assert.equal(applies.momentum!(state({ optimizers: ['adam'] })), false);
  assert.equal(applies.momentum!(state({ optimizers: ['nesterov'] })), true);
  assert.equal(applies.beta2!(state({ optimizers: ['sgd', 'adamw'] })), true);
  assert.equal(applies.eps!(state({ optimizers: ['sgd', 'lion'] })), false);
  assert.equal(applies.seed!(state()), false);
  assert.equal(applies.seed!(state({ noise: 0.5 })), true);
});

test('each race name stands for PyTorch’s optimizer with the state’s settings', () => {
  const s = state({ learningRate: 0.2, momentum: 0.5, beta1: 0.8, beta2: 0.99, eps: 1e-6, weightDecay: 0.01 });
  assert.deepEqual(optimizerConfig('sgd', s), { type: 'sgd', lr: 0.2, weightDecay: 0.01 });
  assert.deepEqual(optimizerConfig('nesterov', s), { type: 'sgd', lr: 0.2, momentum: 0.5, nesterov: true, weightDecay: 0.01 });
  assert.deepEqual(optimizerConfig('adamw', s), { type: 'adamw', lr: 0.2, betas: [0.8, 0.99], eps: 1e-6, weightDecay: 0.01 });
  assert.deepEqual(optimizerConfig('lion', s), { type: 'lion', lr: 0.2, weightDecay: 0.01 });
  // Nesterov without momentum, which PyTorch refuses, is plain gradient descent.
  assert.equal((optimizerConfig('nesterov', { ...s, momentum: 0 }) as { nesterov: boolean }).nesterov, false);
});

test('each run is the core’s Run with the same optimizer, start and steps, bit for bit', () => {
  const s = state({ optimizers: ['sgd', 'adam', 'lion'], steps: 60 });
  const result = evaluate(s);
  const surface = quadratic(50, 0);
  for (const run of result.runs) {
    const own = new Run({ surface, optimizer: optimizerConfig(run.name, s), start: { x: -1.8, y: 0.4 }, steps: 60 }).advance(60).result();
    assert.deepEqual([...run.xs], [...own.xs], run.name);
    assert.deepEqual([...run.losses], [...own.losses], run.name);
  }
});

test('a seeded noisy race is the same every time, and another seed draws other noise', () => {
  const noisy = state({ noise: 1, seed: 7, optimizers: ['sgd', 'adam'] });
  const once = evaluate(noisy);
  const again = evaluate({ ...noisy });
  assert.deepEqual([...once.runs[1]!.xs], [...again.runs[1]!.xs]);
  assert.notDeepEqual([...evaluate({ ...noisy, seed: 8 }).runs[1]!.xs], [...once.runs[1]!.xs]);
  // No rate is measured under noise: it has a floor of its own.
  assert.equal(once.runs[0]!.theory!.measuredRate, undefined);
});

test('outcomes: the tolerance is 10⁻⁴ of the starting gap, reached by the first step within it', () => {
  const result = evaluate(state());
  const [sgd, momentum, adam] = result.runs;
  // At α = 0.03 on κ = 50: gradient descent's rate is 1 − 0.03 = 0.97, too slow for 100 steps.
  assert.equal(sgd!.outcome, 'not-yet');
  assert.equal(momentum!.outcome, 'converges');
  const target = TOLERANCE * momentum!.gaps[0]!;
  assert.ok(momentum!.gaps[momentum!.stepsToTolerance!]! <= target);
  assert.ok(momentum!.gaps[momentum!.stepsToTolerance! - 1]! > target);
  assert.equal(result.fastest, 'momentum');
  assert.match(sgd!.outcomeText, /^Still [\d.e-]+ above the minimum after 100 steps\.$/);
  assert.ok(adam!.nearest!.distance > 0);
  assert.deepEqual(adam!.nearest!.point, { x: 0, y: 0 });
});

test('on the quadratic, gradient descent’s and momentum’s measured rates are Goh’s', () => {
  const result = evaluate(state({ steps: 300 }));
  const [sgd, momentum] = result.runs;
  near(sgd!.theory!.predictedRate, gradientDescentRate(0.03, [1, 50]), 1e-15);
  near(sgd!.theory!.predictedRate, 0.97, 1e-12);
  near(sgd!.theory!.measuredRate!, 0.97, 1e-6);
  near(momentum!.theory!.predictedRate, momentumRate(0.03, 0.9, [1, 50]), 1e-15);
  near(momentum!.theory!.measuredRate!, momentum!.theory!.predictedRate, 0.01);
  assert.equal(result.runs[2]!.theory, undefined, 'no rate for Adam');
  near(sgd!.theory!.edge, 2 / 50, 1e-12);
  near(momentum!.theory!.edge, (2 * 1.9) / 50, 1e-12);
  // Weight decay adds to every curvature: the edge moves in.
  near(evaluate(state({ weightDecay: 1 })).runs[0]!.theory!.edge, 2 / 51, 1e-12);
});

test('just past 2/λ_max gradient descent diverges, stopped with the reason in words', () => {
  const result = evaluate(state({ conditionNumber: 100, learningRate: 0.021, optimizers: ['sgd'] }));
  const [run] = result.runs;
  assert.equal(run!.outcome, 'diverges');
  assert.equal(result.fastest, 'none');
  assert.match(run!.outcomeText, /^Diverges: step \d+: the learning rate times the largest curvature, 2\.1, passed 2\.$/);
  assert.equal(run!.nearest, undefined);
  assert.ok(run!.xs.length < 101, 'stopped early');
  assert.equal(evaluate(state({ conditionNumber: 100, learningRate: 0.019, optimizers: ['sgd'] })).runs[0]!.outcome, 'not-yet');
});

test('the saddle has no minimum: runs run off it, and its values are signed losses', () => {
  const result = evaluate(state({ surface: 'saddle', start: [1.5, 0.01], learningRate: 0.1 }));
  assert.equal(result.view.gaps, false);
  assert.ok(Math.min(...result.view.values) < 0);
  assert.equal(result.runs[0]!.outcome, 'escapes');
  assert.equal(result.runs[0]!.stepsToTolerance, undefined);
  assert.equal(result.runs[0]!.nearest, undefined);
  assert.equal(result.fastest, 'none');
});

test('the surface is drawn over its region as gaps to the minimum, rows from the top', () => {
  const extent = viewExtent(rosenbrock, { x: -1.2, y: 1 });
  assert.deepEqual(extent, { x: [-2, 2], y: [-1, 3] });
  const view = surfaceView(rosenbrock, extent);
  assert.equal(view.cols, 160);
  assert.equal(view.rows, 160);
  // Cell centres: the top left cell is at (−2 + 4/320, 3 − 4/320).
  near(view.values[0]!, rosenbrock.value(-2 + 4 / 320, 3 - 4 / 320), 1e-6);
  assert.ok(view.values.every((value) => value >= 0));
  assert.equal(surfaceView(rosenbrock, extent), view, 'made once for the same surface and region');
  // A start outside the region widens it, with room to spare.
  const wide = viewExtent(quadratic(10), { x: 6, y: 0 });
  assert.deepEqual(wide.y, [-2, 2]);
  assert.ok(wide.x[1] > 6 && wide.x[0] === -2);
});

test('a placed start lands on a round grid inside the region and the attribute’s range', () => {
  const extent = { x: [-2, 2] as [number, number], y: [-2, 2] as [number, number] };
  assert.equal(startStep(extent), 0.1);
  assert.deepEqual(snapStart({ x: -1.23456, y: 0.98765 }, extent), [-1.23, 0.99]);
  assert.deepEqual(snapStart({ x: -5, y: 9 }, extent), [-2, 2]);
  assert.equal(startStep({ x: [-10, 10], y: [-10, 10] }), 0.5);
  assert.deepEqual(snapStart({ x: 10.7, y: 0 }, { x: [-10, 11], y: [-10, 10] }), [10, 0]);
});

test('the Math Peek gives each optimizer’s step with the numbers, and the quadratic’s edge and rates', () => {
  const result = evaluate(state({ optimizers: ['sgd', 'momentum', 'adam', 'lion'] }));
  const labels = result.derivations.map((step) => step.label);
  assert.deepEqual(labels.slice(0, 4), ['SGD: one step', 'SGD + momentum: one step', 'Adam: one step', 'Lion: one step']);
  const edge = result.derivations.find((step) => step.label === 'SGD: stability edge')!;
  assert.equal(edge.result, '0.04');
  assert.deepEqual(edge.reveals, ['outcome', 'stepsToTolerance', 'finalLoss', 'fastest']);
  assert.match(result.derivations.find((step) => step.label === 'Adam: one step')!.substituted!, /α = 0\.03, β_1 = 0\.9, β_2 = 0\.999/);
  assert.ok(labels.includes('SGD: measured rate'));
  // Elsewhere the edge is the curvature at the start's.
  const rosen = evaluate(state({ surface: 'rosenbrock', start: [-1.2, 1] }));
  near(rosen.curvatureAtStart, 1506.37, 1e-4);
  assert.equal(rosen.derivations.find((step) => step.label.startsWith('Gradient descent’s stability edge there'))!.result, '0.00133');
  // A small number is written as the Math Peek typesets it.
  assert.match(result.derivations.find((step) => step.label === 'Adam: one step')!.substituted!, /ε = 10\^-8,/);
});

test('notes say what the runs assume that a reader might not', () => {
  assert.deepEqual(evaluate(state()).notes, []);
  const notes = evaluate(state({ optimizers: ['nesterov', 'lion', 'adagrad'], momentum: 0, noise: 0.5, weightDecay: 0.1 })).notes;
  assert.equal(notes.length, 5);
  assert.ok(notes.some((note) => note.startsWith('Nesterov with momentum 0')));
  assert.ok(notes.some((note) => note.includes('seed 1')));
});

test('a race of every optimizer at the most steps finishes within a few tens of milliseconds', () => {
  const all = state({ optimizers: ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam', 'adamw', 'lion'], steps: 2000 });
  evaluate(all);
  const started = performance.now();
  evaluate({ ...all, learningRate: 0.0301 });
  assert.ok(performance.now() - started < 60, `${performance.now() - started} ms`);
});
