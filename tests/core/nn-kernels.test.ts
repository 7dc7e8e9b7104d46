import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matmulTransposedB } from '../../src/core/nn/index.js';
import { createRng } from '../../src/core/shared/rng.js';

/** The textbook triple loop: each sum in index order, bias added last, as float32 on store. */
function reference(a: Float32Array, b: Float32Array, m: number, n: number, k: number, bias: Float32Array): Float32Array {
  const out = new Float32Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[i * k + p]! * b[j * k + p]!;
      out[i * n + j] = s + bias[j]!;
    }
  }
  return out;
}

function randomMatrix(length: number, nonZeroShare: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length }, () => (rng.next() < nonZeroShare ? 2 * rng.next() - 1 : 0));
}

// Odd sizes exercise the tails of both paths (a row left over, columns outside the 4-wide tiles).
for (const share of [0.1, 0.5, 0.9, 1]) {
  test(`matmulTransposedB equals the triple loop bit for bit with ${share * 100}% non-zero inputs`, () => {
    const [m, n, k] = [7, 11, 29];
    const a = randomMatrix(m * k, share, 1);
    a.fill(0, 2 * k, 3 * k); // a row with no non-zero entry at all
    const b = randomMatrix(n * k, 1, 2);
    const bias = randomMatrix(n, 1, 3);
    const out = new Float32Array(m * n).fill(NaN);
    matmulTransposedB(a, b, out, m, n, k, bias);
    assert.deepEqual([...out], [...reference(a, b, m, n, k, bias)]);
  });
}
