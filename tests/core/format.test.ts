import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatCsvNumber, formatTflops } from '../../src/core/shared/format.js';

test('a CSV number keeps six significant digits, and every digit of a whole part', () => {
  assert.equal(formatCsvNumber(993099366.4000001), '993099366');
  assert.equal(formatCsvNumber(36.90991142192847), '36.9099');
  assert.equal(formatCsvNumber(0.012345678), '0.0123457');
  assert.equal(formatCsvNumber(123456.7), '123457');
  assert.equal(formatCsvNumber(-0.35000000000000003), '-0.35');
  assert.equal(formatCsvNumber(4096), '4096');
  assert.equal(formatCsvNumber(-0), '0');
  assert.equal(formatCsvNumber(1.5e-7), '1.5e-7');
});

test('a peak rate reads as a datasheet prints it', () => {
  assert.equal(formatTflops(8.1e12), '8.1 TFLOP/s');
  assert.equal(formatTflops(65e12), '65 TFLOP/s');
});
