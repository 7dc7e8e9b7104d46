import { expect } from '@open-wc/testing';
import { formatDifference, formatDuration, formatNumber } from '../../src/lib/format.js';

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

describe('formatNumber', () => {
  it('writes numbers far from 1 as a power of ten, the rest in plain digits', () => {
    expect([1e-8, 3.162e-33, -2.5e-5, 9.996e-5, 1.2e24, 0.0312, 37800, 4096, 0].map((value) => formatNumber(value, 'en-US'))).to.deep.equal([
      '10⁻⁸',
      '3.16 × 10⁻³³',
      '-2.5 × 10⁻⁵',
      '10⁻⁴',
      '1.2 × 10²⁴',
      '0.0312',
      '37,800',
      '4,096',
      '0',
    ]);
    expect(formatNumber(1.5e-6, 'de-DE')).to.equal('1,5 × 10⁻⁶');
  });
});
