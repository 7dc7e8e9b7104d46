// The surfaces' gradients against central finite differences of their values, and their known
// minima (Jamil & Yang 2013, https://arxiv.org/abs/1308.4008): zero gradient, known value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SURFACE_NAMES, createSurface, largestCurvature, noisyGradient, quadratic, type Surface } from '../../src/core/optim/index.js';

const surfaces: Surface[] = [...SURFACE_NAMES.map((name) => createSurface(name)), quadratic(100, 30)];

test('every gradient matches finite differences of the value', () => {
  const grad = new Float64Array(2);
  for (const surface of surfaces) {
    const { x: [x0, x1], y: [y0, y1] } = surface.domain;
    for (const [u, v] of [[0.2, 0.3], [0.5, 0.9], [0.8, 0.15], [0.35, 0.6]] as const) {
      const x = x0 + u * (x1 - x0);
      const y = y0 + v * (y1 - y0);
      const h = 1e-6;
      surface.gradient(x, y, grad);
      const dx = (surface.value(x + h, y) - surface.value(x - h, y)) / (2 * h);
      const dy = (surface.value(x, y + h) - surface.value(x, y - h)) / (2 * h);
      const scale = 1 + Math.abs(surface.value(x, y));
      assert.ok(Math.abs(grad[0]! - dx) < 1e-6 * scale, `${surface.label} ∂x at (${x}, ${y}): ${grad[0]} vs ${dx}`);
      assert.ok(Math.abs(grad[1]! - dy) < 1e-6 * scale, `${surface.label} ∂y at (${x}, ${y}): ${grad[1]} vs ${dy}`);
    }
  }
});

test('the known minima have zero gradient and the known value, and lie in the plotted region', () => {
  const grad = new Float64Array(2);
  for (const surface of surfaces) {
    for (const { x, y } of surface.minima) {
      surface.gradient(x, y, grad);
      assert.ok(Math.hypot(grad[0]!, grad[1]!) < 1e-12, `${surface.label} at (${x}, ${y}): gradient ${grad}`);
      assert.ok(Math.abs(surface.value(x, y) - surface.minimumValue!) < 1e-24, `${surface.label}: f = ${surface.value(x, y)}`);
      assert.ok(x >= surface.domain.x[0] && x <= surface.domain.x[1] && y >= surface.domain.y[0] && y <= surface.domain.y[1]);
    }
  }
  assert.equal(createSurface('himmelblau').minima.length, 4);
  assert.deepEqual(createSurface('rosenbrock').minima, [{ x: 1, y: 1 }]);
  assert.deepEqual(createSurface('beale').minima, [{ x: 3, y: 0.5 }]);
  assert.deepEqual(createSurface('booth').minima, [{ x: 1, y: 3 }]);
  const saddle = createSurface('saddle');
  assert.equal(saddle.minima.length, 0);
  saddle.gradient(0, 0, grad);
  assert.equal(Math.hypot(grad[0]!, grad[1]!), 0);
});

test('the quadratic has curvatures 1 and κ along axes turned by its angle', () => {
  const surface = quadratic(100, 30);
  assert.deepEqual(surface.curvatures, [1, 100]);
  assert.ok(Math.abs(largestCurvature(surface, 0.3, -0.7) - 100) < 1e-6);
  const angle = Math.PI / 6;
  // Along the steep axis (−sin 30°, cos 30°) the loss is ½·κ·t².
  assert.ok(Math.abs(surface.value(-Math.sin(angle), Math.cos(angle)) - 50) < 1e-12);
  assert.ok(Math.abs(surface.value(Math.cos(angle), Math.sin(angle)) - 0.5) < 1e-12);
  assert.ok(Math.abs(largestCurvature(createSurface('rosenbrock'), 1, 1) - (501 + Math.sqrt(501 ** 2 - 400))) < 1e-3);
});

test('noisy gradients are the exact gradient plus seeded Gaussian noise of the given scale', () => {
  const surface = createSurface('booth');
  const exact = new Float64Array(2);
  surface.gradient(0.5, -1, exact);
  const draw = (seed: number) => {
    const gradient = noisyGradient(surface, 0.3, seed);
    const out = new Float64Array(2);
    return Array.from({ length: 2000 }, () => (gradient(0.5, -1, out), out[0]! - exact[0]!));
  };
  const a = draw(7);
  assert.deepEqual(a, draw(7));
  assert.notDeepEqual(a, draw(8));
  const mean = a.reduce((s, v) => s + v, 0) / a.length;
  const sd = Math.sqrt(a.reduce((s, v) => s + (v - mean) ** 2, 0) / a.length);
  assert.ok(Math.abs(mean) < 0.03 && Math.abs(sd - 0.3) < 0.03, `mean ${mean}, sd ${sd}`);
});
