// A trained network's loss on a plane through its weights (Li et al. 2018, Section 4): the
// directions are filter-normalised (each filter's norm is the trained filter's, biases get none),
// the plane passes through the trained weights (its centre gives the trained loss), the same seed
// draws the same plane, and refining the grid reuses the coarse points.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate, parseDigits, type Sequential } from '../../src/core/nn/index.js';
import { LANDSCAPE_LEVELS, LANDSCAPE_SUBSET, LossLandscape, filterNormalizedDirection, firstSamples, planeDirections } from '../../src/core/optim/index.js';
import { createRng } from '../../src/core/shared/rng.js';
import { drain } from '../../src/core/shared/steps.js';
import { loadModel, readArrayBuffer } from './shipped-models.js';

const trainingSplit = parseDigits(readArrayBuffer('assets/digits-14/train.bin'));
const subset = firstSamples(trainingSplit, LANDSCAPE_SUBSET);

const norm = (values: ArrayLike<number>, from = 0, to = values.length) => {
  let sum = 0;
  for (let i = from; i < to; i++) sum += values[i]! ** 2;
  return Math.sqrt(sum);
};

/** Every filter of every weight (a row of a linear layer, an output filter of a conv), as [parameter index, start, end]. */
function filters(model: Sequential): [number, number, number][] {
  return model.parameters().flatMap((parameter, p) => {
    if (parameter.shape.length < 2) return [];
    const size = parameter.data.length / parameter.shape[0]!;
    return Array.from({ length: parameter.shape[0]! }, (_, f): [number, number, number] => [p, f * size, (f + 1) * size]);
  });
}

for (const name of ['mlp', 'cnn']) {
  test(`${name}: each filter of a direction has the norm of the trained filter; biases get a zero direction`, () => {
    const { model } = loadModel(name);
    const direction = filterNormalizedDirection(model, createRng(7));
    const parameters = model.parameters();
    const checked = filters(model);
    assert.ok(checked.length >= 50, `${checked.length} filters`);
    for (const [p, from, to] of checked) {
      const weights = norm(parameters[p]!.data, from, to);
      assert.ok(Math.abs(norm(direction[p]!, from, to) - weights) <= 1e-5 * weights, `${parameters[p]!.name}[${from}…${to}]`);
    }
    parameters.forEach((parameter, p) => {
      if (parameter.shape.length === 1) assert.ok(direction[p]!.every((value) => value === 0), `${parameter.name} has a direction`);
    });
  });
}

test('the plane passes through the trained weights: its centre is the trained loss, and the weights are put back', () => {
  const { model } = loadModel('mlp');
  const before = model.parameters().map((parameter) => parameter.data.slice());
  const trained = evaluate(model, subset).meanLoss;
  const landscape = new LossLandscape(model, subset, { seed: 1, levels: [3, 5] });
  const grid = drain(landscape.steps());
  assert.equal(grid.size, 5);
  assert.equal(grid.values[2 * 5 + 2], Math.fround(trained));
  assert.equal(grid.trainedLoss, Math.fround(trained));
  // The trained weights are a minimum along the plane, the edge far above it.
  assert.equal(grid.min, grid.trainedLoss);
  assert.ok(grid.max > 20 * grid.trainedLoss, `${grid.max} against ${grid.trainedLoss}`);
  model.parameters().forEach((parameter, p) => assert.deepEqual(parameter.data, before[p]));
});

test('the same seed draws the same plane and the same losses; another seed another plane', () => {
  const draw = (seed: number) => {
    const { model } = loadModel('mlp');
    const landscape = new LossLandscape(model, firstSamples(subset, 100), { seed, levels: [3] });
    return { directions: planeDirections(model, seed), grid: drain(landscape.steps()) };
  };
  const [a, b, c] = [draw(3), draw(3), draw(4)];
  assert.deepEqual(a.directions, b.directions);
  assert.deepEqual(a.grid.values, b.grid.values);
  assert.notDeepEqual(a.directions.delta, c.directions.delta);
  assert.notDeepEqual(a.directions.delta, a.directions.eta, 'δ and η differ');
  assert.notDeepEqual(a.grid.values, c.grid.values);
});

test('refining the grid computes only the new points: the coarse losses are the fine grid’s at the same places', () => {
  const { model } = loadModel('mlp');
  const digits = firstSamples(subset, 100);
  const landscape = new LossLandscape(model, digits, { seed: 2, levels: [3, 5, 9] });
  assert.equal(LANDSCAPE_LEVELS.join(), '5,9,17,33');
  const steps = landscape.steps();
  let coarse = landscape.grid();
  assert.equal(coarse, undefined, 'nothing to show before the first level');
  while (landscape.grid()?.level !== 1) steps.next();
  // The first level is complete when the second starts; its points are shown at the second's resolution.
  coarse = landscape.grid()!;
  assert.equal(coarse.size, 5);
  assert.equal(coarse.computed, 9);
  const fine = drain(steps);
  assert.equal(fine.size, 9);
  assert.equal(fine.computed, 81, 'each point once: 9 + 16 + 56');
  for (let row = 0; row < 5; row++) for (let col = 0; col < 5; col++) {
    if (row % 2 || col % 2) continue;
    assert.equal(coarse.values[row * 5 + col], fine.values[2 * row * 9 + 2 * col]);
  }
  // Resumable: a stopped run goes on where it was and gives the same losses.
  const again = new LossLandscape(loadModel('mlp').model, digits, { seed: 2, levels: [3, 5, 9] });
  const first = again.steps();
  for (let i = 0; i < 40; i++) first.next();
  first.return(undefined as never);
  assert.deepEqual(drain(again.steps()).values, fine.values);
});
