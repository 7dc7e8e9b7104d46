import { expect } from '@open-wc/testing';
import { formatDuration } from '../../src/lib/format.js';

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
