import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../src/core/shared/rng.js';

test('the same seed gives the same stream; another seed a different one', () => {
  const a = createRng(42);
  const b = createRng(42);
  const c = createRng(43);
  const streamA = Array.from({ length: 8 }, () => a.next());
  assert.deepEqual(streamA, Array.from({ length: 8 }, () => b.next()));
  assert.notDeepEqual(streamA, Array.from({ length: 8 }, () => c.next()));
});

test('uniform samples stay in [0, 1) and have mean 1/2 and variance 1/12', () => {
  const rng = createRng(7);
  const n = 100_000;
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const u = rng.next();
    assert.ok(u >= 0 && u < 1);
    sum += u;
    sumSq += u * u;
  }
  const mean = sum / n;
  assert.ok(Math.abs(mean - 0.5) < 0.005, `mean ${mean}`);
  assert.ok(Math.abs(sumSq / n - mean * mean - 1 / 12) < 0.002);
});

test('normal samples have mean 0 and variance 1', () => {
  const rng = createRng(1);
  const n = 100_000;
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const z = rng.normal();
    sum += z;
    sumSq += z * z;
  }
  assert.ok(Math.abs(sum / n) < 0.02);
  assert.ok(Math.abs(sumSq / n - 1) < 0.02);
});

test('shuffle is a permutation and int stays in range', () => {
  const rng = createRng(3);
  const items = Array.from({ length: 50 }, (_, i) => i);
  const shuffled = rng.shuffle([...items]);
  assert.notDeepEqual(shuffled, items);
  assert.deepEqual([...shuffled].sort((x, y) => x - y), items);
  for (let i = 0; i < 1000; i++) {
    const k = rng.int(10);
    assert.ok(Number.isInteger(k) && k >= 0 && k < 10);
  }
});
