import { expect } from '@open-wc/testing';
import { formatDifference, formatDuration } from '../../src/lib/format.js';

describe('formatDuration', () => {
  it('picks the most readable unit, and writes zero in seconds', () => {
    expect([0, 8.5e-4, 3.2e-3, 1.4, 150, 9000].map((seconds) => formatDuration(seconds, 'en-US'))).to.deep.equal([
      '0 s',
      '850 µs',
      '3.2 ms',
      '1.4 s',
      '2.5 min',
      '2.5 h',
    ]);
  });
});

describe('formatDifference', () => {
  it('writes the sign of a difference, and none on zero', () => {
    expect([1.5, -0.35, 0, -0, 2].map((value) => formatDifference(value, 'en-US'))).to.deep.equal(['+1.5', '-0.35', '0', '0', '+2']);
  });
});
