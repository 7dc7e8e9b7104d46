/**
 * The three matrix products the layers need, on row-major Float32Arrays.
 *
 * The forward product walks both operands contiguously ("dot-product order": weights are
 * stored [out][in]) and keeps a 2×4 tile of sums in registers, which runs at about
 * 4.4 GFLOP/s in plain JS against about 2 for a naive triple loop. When most of its left
 * operand is zero (digit images are three-quarters background; ReLU zeroes about half of a
 * layer's outputs), it first gathers each row's non-zero entries and multiplies only those.
 * The backward products are axpy loops whose innermost index is contiguous in every operand.
 */

/** Below this share of non-zero entries in `a`, the forward product skips the zeros. */
const SPARSE_SHARE = 0.5;

/**
 * out[i][j] = Σ_p a[i][p]·b[j][p] (+ columnBias[j]); a is m×k, b is n×k, out is m×n.
 *
 * Both paths add the same non-zero products in the same order (a product with a zero adds
 * nothing to a sum), so their results are identical, bit for bit, for finite b.
 */
export function matmulTransposedB(
  a: Float32Array,
  b: Float32Array,
  out: Float32Array,
  m: number,
  n: number,
  k: number,
  columnBias?: Float32Array,
): void {
  // Which path is only a matter of speed (both give the same result): every 8th entry tells.
  let nonZero = 0;
  let sampled = 0;
  for (let p = 0; p < m * k; p += 8, sampled++) if (a[p] !== 0) nonZero++;
  if (nonZero <= SPARSE_SHARE * sampled) sparseTransposedB(a, b, out, m, n, k, columnBias);
  else denseTransposedB(a, b, out, m, n, k, columnBias);
}

let gatheredIndex = new Int32Array(0);
let gatheredValue = new Float64Array(0);

/** matmulTransposedB over the non-zero entries of each row of a, gathered first. */
const sparseTransposedB: typeof matmulTransposedB = (a, b, out, m, n, k, columnBias) => {
  if (gatheredIndex.length < k) {
    gatheredIndex = new Int32Array(k);
    gatheredValue = new Float64Array(k);
  }
  const index = gatheredIndex;
  const value = gatheredValue;
  for (let i = 0; i < m; i++) {
    const ai = i * k;
    let count = 0;
    for (let p = 0; p < k; p++) {
      const x = a[ai + p]!;
      if (x !== 0) {
        index[count] = p;
        value[count++] = x;
      }
    }
    const oi = i * n;
    let j = 0;
    // Eight sums at a time: each gathered entry is loaded once for eight products.
    for (; j + 7 < n; j += 8) {
      const b0 = j * k;
      const b1 = b0 + k, b2 = b1 + k, b3 = b2 + k, b4 = b3 + k, b5 = b4 + k, b6 = b5 + k, b7 = b6 + k;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
      for (let q = 0; q < count; q++) {
        const p = index[q]!;
        const x = value[q]!;
        s0 += x * b[b0 + p]!; s1 += x * b[b1 + p]!; s2 += x * b[b2 + p]!; s3 += x * b[b3 + p]!;
        s4 += x * b[b4 + p]!; s5 += x * b[b5 + p]!; s6 += x * b[b6 + p]!; s7 += x * b[b7 + p]!;
      }
      const o = oi + j;
      if (columnBias) {
        s0 += columnBias[j]!; s1 += columnBias[j + 1]!; s2 += columnBias[j + 2]!; s3 += columnBias[j + 3]!;
        s4 += columnBias[j + 4]!; s5 += columnBias[j + 5]!; s6 += columnBias[j + 6]!; s7 += columnBias[j + 7]!;
      }
      out[o] = s0; out[o + 1] = s1; out[o + 2] = s2; out[o + 3] = s3;
      out[o + 4] = s4; out[o + 5] = s5; out[o + 6] = s6; out[o + 7] = s7;
    }
    for (; j < n; j++) {
      const bj = j * k;
      let s = 0;
      for (let q = 0; q < count; q++) s += value[q]! * b[bj + index[q]!]!;
      out[oi + j] = s + (columnBias ? columnBias[j]! : 0);
    }
  }
};

const denseTransposedB: typeof matmulTransposedB = (a, b, out, m, n, k, columnBias) => {
  let i = 0;
  for (; i + 1 < m; i += 2) {
    const a0 = i * k;
    const a1 = a0 + k;
    const o0 = i * n;
    const o1 = o0 + n;
    let j = 0;
    for (; j + 3 < n; j += 4) {
      const b0 = j * k;
      const b1 = b0 + k;
      const b2 = b1 + k;
      const b3 = b2 + k;
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0;
      let s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      for (let p = 0; p < k; p++) {
        const x0 = a[a0 + p]!;
        const x1 = a[a1 + p]!;
        const w0 = b[b0 + p]!;
        const w1 = b[b1 + p]!;
        const w2 = b[b2 + p]!;
        const w3 = b[b3 + p]!;
        s00 += x0 * w0; s01 += x0 * w1; s02 += x0 * w2; s03 += x0 * w3;
        s10 += x1 * w0; s11 += x1 * w1; s12 += x1 * w2; s13 += x1 * w3;
      }
      const c0 = columnBias ? columnBias[j]! : 0;
      const c1 = columnBias ? columnBias[j + 1]! : 0;
      const c2 = columnBias ? columnBias[j + 2]! : 0;
      const c3 = columnBias ? columnBias[j + 3]! : 0;
      out[o0 + j] = s00 + c0; out[o0 + j + 1] = s01 + c1; out[o0 + j + 2] = s02 + c2; out[o0 + j + 3] = s03 + c3;
      out[o1 + j] = s10 + c0; out[o1 + j + 1] = s11 + c1; out[o1 + j + 2] = s12 + c2; out[o1 + j + 3] = s13 + c3;
    }
    for (; j < n; j++) {
      const bj = j * k;
      let s0 = 0;
      let s1 = 0;
      for (let p = 0; p < k; p++) {
        const w = b[bj + p]!;
        s0 += a[a0 + p]! * w;
        s1 += a[a1 + p]! * w;
      }
      const c = columnBias ? columnBias[j]! : 0;
      out[o0 + j] = s0 + c;
      out[o1 + j] = s1 + c;
    }
  }
  if (i < m) {
    const a0 = i * k;
    for (let j = 0; j < n; j++) {
      const bj = j * k;
      let s = 0;
      for (let p = 0; p < k; p++) s += a[a0 + p]! * b[bj + p]!;
      out[i * n + j] = s + (columnBias ? columnBias[j]! : 0);
    }
  }
};

/** out[i][j] += Σ_p a[i][p]·b[p][j]; a is m×k, b is k×n, out is m×n. */
export function matmulAccumulate(
  a: Float32Array,
  b: Float32Array,
  out: Float32Array,
  m: number,
  n: number,
  k: number,
): void {
  for (let i = 0; i < m; i++) {
    const row = i * n;
    for (let p = 0; p < k; p++) {
      const x = a[i * k + p]!;
      if (x === 0) continue; // ReLU and max-pool gradients are mostly zeros
      const bp = p * n;
      for (let j = 0; j < n; j++) out[row + j] += x * b[bp + j]!;
    }
  }
}

/** out[i][j] += Σ_r a[r][i]·b[r][j]; a is r×m, b is r×n, out is m×n. */
export function matmulTransposedAAccumulate(
  a: Float32Array,
  b: Float32Array,
  out: Float32Array,
  m: number,
  n: number,
  rows: number,
): void {
  for (let r = 0; r < rows; r++) {
    const br = r * n;
    for (let i = 0; i < m; i++) {
      const x = a[r * m + i]!;
      if (x === 0) continue;
      const row = i * n;
      for (let j = 0; j < n; j++) out[row + j] += x * b[br + j]!;
    }
  }
}
