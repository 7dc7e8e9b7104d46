import { test } from 'node:test';
import assert from 'node:assert/strict';
import { histogram } from '../../src/core/shared/histogram.js';

test('bins cover [min, max], count every value once, and put the maximum in the last bin', () => {
  const h = histogram([0, 0.1, 0.5, 0.99, 1], 4);
  assert.deepEqual(h.counts, [2, 0, 1, 2]);
  assert.deepEqual(h.centers, [0.125, 0.375, 0.625, 0.875]);
  assert.equal(h.binWidth, 0.25);
});

test('constant and empty inputs do not divide by zero', () => {
  assert.deepEqual(histogram([3, 3, 3], 2).counts, [3, 0]);
  assert.deepEqual(histogram([], 5).counts, []);
});
