// Integer quantization: hand-worked cases against ONNX QuantizeLinear / PyTorch semantics, and
// the invariants every scheme must keep (error ≤ Δ/2 inside the clipping range, more bits never
// worse under min-max calibration, the 6.02 dB-per-bit rule on signals that fill the range).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../src/core/shared/rng.js';
import {
  affineZeroPoint,
  idealSqnrDb,
  quantParams,
  quantizeTensor,
  quantizeValue,
  resolveIntegerScheme,
  roundHalfEven,
  sqnrDb,
  type IntegerScheme,
} from '../../src/core/quant/index.js';

const int8: IntegerScheme = { kind: 'int', bits: 8 };

function normals(count: number, seed: number, sigma = 1): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: count }, () => rng.normal() * sigma);
}

test('round half to even in code space: 2.5 → 2, 3.5 → 4, −2.5 → −2 (ONNX QuantizeLinear, torch.round)', () => {
  assert.deepEqual([2.5, 3.5, -2.5, -3.5, 0.5, -0.5, 1.5, 2.4999, 2.5001].map(roundHalfEven), [2, 4, -2, -4, 0, -0, 2, 2, 3]);
  // A tensor whose scale is exactly 1: symmetric INT8 with max|x| = 127 → scale = 127 / 127.
  const { codes, scales, dequantized } = quantizeTensor(Float32Array.from([127, 2.5, 3.5, -2.5, -3.5, 0.5, -0.5]), [7], int8);
  assert.deepEqual([...scales], [1]);
  assert.deepEqual([...codes], [127, 2, 4, -2, -4, 0, 0]);
  assert.deepEqual([...dequantized], [127, 2, 4, -2, -4, 0, 0]);
});

test('the ONNX QuantizeLinear uint8 example: scale 2, zero point 128', () => {
  // onnx/backend/test/case/node/quantizelinear.py: x = [0, 2, 3, 1000, −254, −1000] → [128, 129, 130, 255, 1, 0]
  // (3 / 2 = 1.5 rounds to the even 2; ±1000 saturate at both ends of 0…255).
  const codes = [0, 2, 3, 1000, -254, -1000].map((x) => quantizeValue(x, 2, 128, 0, 255));
  assert.deepEqual(codes, [128, 129, 130, 255, 1, 0]);
});

test('saturation at both ends, counted as clipped', () => {
  // Symmetric INT4 with the 50th percentile of |x| as the bound: |x| sorted 0, 1, 1, 10, 10 → 1,
  // so scale = 1/7; −10 → −70 saturates to −8 and 10 → 70 saturates to 7.
  const result = quantizeTensor(Float32Array.from([-10, -1, 0, 1, 10]), [5], {
    kind: 'int',
    bits: 4,
    calibration: { method: 'percentile', percentile: 50 },
  });
  assert.deepEqual([...result.scales], [Math.fround(1 / 7)]);
  assert.deepEqual([...result.codes], [-8, -7, 0, 7, 7]);
  assert.equal(result.stats.clippedFraction, 2 / 5);
  assert.ok(Math.abs(result.dequantized[0]! - -8 / 7) < 1e-6);
  // Clipped elements carry more than Δ/2 of error; that is what the fraction warns about.
  assert.ok(result.stats.maxAbsError > 8);
});

test('INT4 codes span −8…7 (asymmetric), symmetric uses ±7 and reaches −8 only by saturation', () => {
  const r4 = resolveIntegerScheme({ kind: 'int', bits: 4 });
  assert.deepEqual([r4.qmin, r4.qmax], [-8, 7]);
  assert.deepEqual([resolveIntegerScheme({ kind: 'int', bits: 4, signed: false }).qmax, resolveIntegerScheme({ kind: 'int', bits: 1, symmetric: false }).qmin], [15, -1]);
  // Asymmetric on [−1, 2]: scale 3 / 15 = 0.2, zero point −8 + 5 = −3; the ends land on −8 and 7.
  const skewed = Float32Array.from({ length: 101 }, (_, i) => -1 + (3 * i) / 100);
  const asym = quantizeTensor(skewed, [101], { kind: 'int', bits: 4, symmetric: false });
  assert.deepEqual([asym.scales[0], asym.zeroPoints[0]], [Math.fround(0.2), -3]);
  assert.deepEqual([Math.min(...asym.codes), Math.max(...asym.codes)], [-8, 7]);
  const ramp = Float32Array.from({ length: 101 }, (_, i) => -1 + i / 50);
  const sym = quantizeTensor(ramp, [101], { kind: 'int', bits: 4 });
  assert.deepEqual([Math.min(...sym.codes), Math.max(...sym.codes)], [-7, 7]);
  // Wu et al. 2020 / TensorRT convention: scale = max|x| / (2^(b−1) − 1) = 1 / 7.
  assert.deepEqual([...sym.scales], [Math.fround(1 / 7)]);
  // Unsigned symmetric: zero point 2^(b−1) = 8, codes 1…15.
  const usym = quantizeTensor(ramp, [101], { kind: 'int', bits: 4, signed: false });
  assert.deepEqual([usym.zeroPoints[0], Math.min(...usym.codes), Math.max(...usym.codes)], [8, 1, 15]);
});

test('asymmetric zero point: range widened to include 0, rounded half to even, clamped', () => {
  const uint8 = resolveIntegerScheme({ kind: 'int', bits: 8, signed: false, symmetric: false });
  // [−2.5, 252.5]: scale 255 / 255 = 1, zero point 0 − (−2.5) = 2.5 → 2 (even); [−3.5, 251.5] → 3.5 → 4.
  assert.deepEqual(quantParams(-2.5, 252.5, uint8), { scale: 1, zeroPoint: 2 });
  assert.deepEqual(quantParams(-3.5, 251.5, uint8), { scale: 1, zeroPoint: 4 });
  // All-positive data: the range becomes [0, hi] (PyTorch min_val_neg = min(min, 0)), so 0 maps to qmin exactly.
  assert.deepEqual(quantParams(3, 255, uint8), { scale: 1, zeroPoint: 0 });
  // All-negative data with signed codes: [lo, 0], zero point at qmax.
  assert.equal(quantParams(-10, -1, resolveIntegerScheme({ kind: 'int', bits: 8, symmetric: false })).zeroPoint, 127);
  // The clamp itself: a range that excludes 0 would put the zero point outside 0…255.
  assert.equal(affineZeroPoint(5, 1, 0, 255), 0);
  assert.equal(affineZeroPoint(-300, 1, 0, 255), 255);
  assert.equal(affineZeroPoint(-300, 1, -128, 127), 127);
  // A constant-zero tensor: scale falls back to float32 epsilon (PyTorch observers), every code is the zero point.
  const zeros = quantizeTensor(new Float32Array(4), [4], { kind: 'int', bits: 8, symmetric: false });
  assert.deepEqual([zeros.scales[0], ...zeros.codes, ...zeros.dequantized], [2 ** -23, -128, -128, -128, -128, 0, 0, 0, 0]);
});

test('per-channel along axis 0 gives one scale per row; other axes and per-group work too', () => {
  const values = Float32Array.from([7, -1, 0, 2, 14, 3, -4, 1, 0.7, 0.1, -0.2, 0]);
  const perRow = quantizeTensor(values, [3, 4], { kind: 'int', bits: 4, granularity: 'per-channel' });
  assert.deepEqual([...perRow.scales], [1, 2, Math.fround(0.1)]);
  assert.deepEqual([...perRow.codes], [7, -1, 0, 2, 7, 2, -2, 0, 7, 1, -2, 0]);
  // Axis 1 of [3][4]: four columns, max |x| 14, 3, 4, 2 → scales 2, 3/7, 4/7, 2/7.
  const perColumn = quantizeTensor(values, [3, 4], { kind: 'int', bits: 4, granularity: 'per-channel', axis: 1 });
  assert.deepEqual([...perColumn.scales], [2, 3 / 7, 4 / 7, 2 / 7].map(Math.fround));
  assert.throws(() => quantizeTensor(values, [3, 4], { kind: 'int', bits: 4, granularity: 'per-channel', axis: 2 }), /axis 2/);
  // Per group of 2 along each row: groups (7, −1) (0, 2) (14, 3) (−4, 1) (0.7, 0.1) (−0.2, 0).
  const groups = quantizeTensor(values, [3, 4], { kind: 'int', bits: 4, granularity: 'per-group', groupSize: 2 });
  assert.deepEqual([...groups.scales], [7, 2, 14, 4, 0.7, 0.2].map((m) => Math.fround(m / 7)));
  // Groups of 3 in rows of 4: a full group and a group of one per row.
  const ragged = quantizeTensor(values, [3, 4], { kind: 'int', bits: 4, granularity: 'per-group', groupSize: 3 });
  assert.deepEqual([...ragged.scales], [7, 2, 14, 1, 0.7, 0].map((m) => Math.max(Math.fround(m / 7), 2 ** -23)));
  // Conv weights [out][in][k][k]: per channel is per output channel; groups run along in·k·k.
  const conv = normals(4 * 2 * 3 * 3, 3);
  assert.equal(quantizeTensor(conv, [4, 2, 3, 3], { kind: 'int', bits: 8, granularity: 'per-channel' }).scales.length, 4);
  assert.equal(quantizeTensor(conv, [4, 2, 3, 3], { kind: 'int', bits: 8, granularity: 'per-group', groupSize: 6 }).scales.length, 12);
});

const schemes: { name: string; scheme: Omit<IntegerScheme, 'bits' | 'kind'> }[] = [
  { name: 'per-tensor symmetric', scheme: {} },
  { name: 'per-tensor asymmetric', scheme: { symmetric: false } },
  { name: 'per-tensor asymmetric unsigned', scheme: { symmetric: false, signed: false } },
  { name: 'per-channel symmetric', scheme: { granularity: 'per-channel' } },
  { name: 'per-channel asymmetric', scheme: { granularity: 'per-channel', symmetric: false } },
  { name: 'per-group (16) asymmetric', scheme: { granularity: 'per-group', groupSize: 16, symmetric: false } },
];

test('every element inside the clipping range is within Δ/2 of its original (min-max, 2–8 bits)', () => {
  // Rows of different spread, as real weight matrices have.
  const rows = 12;
  const cols = 64;
  const values = new Float32Array(rows * cols);
  const rng = createRng(7);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) values[r * cols + c] = rng.normal() * (0.05 + r * 0.1) + (r % 3 === 0 ? 0.3 : 0);
  for (const { name, scheme } of schemes) {
    for (let bits = 2; bits <= 8; bits++) {
      const q = quantizeTensor(values, [rows, cols], { ...scheme, kind: 'int', bits });
      const groupOf = (i: number) => {
        if (q.scales.length === 1) return 0;
        if (scheme.granularity === 'per-channel') return Math.floor(i / cols);
        return Math.floor(i / 16);
      };
      for (let i = 0; i < values.length; i++) {
        const bound = q.scales[groupOf(i)]! / 2;
        const error = Math.abs(values[i]! - q.dequantized[i]!);
        // 1e-4 of a step: float32 rounding of the scale may push the range's own edge a hair past the last cell.
        assert.ok(error <= bound * (1 + 1e-4), `${name}, ${bits} bits, element ${i}: |error| ${error} > Δ/2 = ${bound}`);
        assert.ok(q.codes[i]! >= q.qmin && q.codes[i]! <= q.qmax);
      }
      assert.ok(q.stats.maxAbsError <= q.stats.halfStep * (1 + 1e-4), name);
      assert.ok(q.stats.clippedFraction <= 2 / values.length, `${name}, ${bits} bits: clipped ${q.stats.clippedFraction}`);
    }
  }
});

test('more bits never worsen the MSE under min-max calibration (2 → 8 bits)', () => {
  const values = normals(4096, 11, 0.1);
  for (const { name, scheme } of schemes) {
    let previous = Infinity;
    for (let bits = 2; bits <= 8; bits++) {
      const { mse } = quantizeTensor(values, [64, 64], { ...scheme, kind: 'int', bits }).stats;
      assert.ok(mse < previous, `${name}: ${bits} bits MSE ${mse} ≥ ${bits - 1} bits MSE ${previous}`);
      previous = mse;
    }
  }
});

test('percentile calibration clips at the interpolated percentile (numpy linear)', () => {
  // 0 … 1000: the 99.9th percentile sits at position 0.999 · 1000 = 999 of the sorted values → 999.
  const ramp = Float32Array.from({ length: 1001 }, (_, i) => i);
  const sym = quantizeTensor(ramp, [1001], { kind: 'int', bits: 8, calibration: { method: 'percentile', percentile: 99.9 } });
  assert.equal(sym.scales[0], Math.fround(999 / 127));
  // 99.5th: position 995 → 995; 99.95th: position 999.5, halfway between 999 and 1000 → 999.5.
  const half = quantizeTensor(ramp, [1001], { kind: 'int', bits: 8, calibration: { method: 'percentile', percentile: 99.95 } });
  assert.equal(half.scales[0], Math.fround(999.5 / 127));
  // Asymmetric on −500 … 500: the 0.1th and 99.9th percentiles of x are −499 and 499, scale 998 / 255.
  const centred = Float32Array.from({ length: 1001 }, (_, i) => i - 500);
  const asym = quantizeTensor(centred, [1001], { kind: 'int', bits: 8, symmetric: false, calibration: { method: 'percentile', percentile: 99.9 } });
  assert.equal(asym.scales[0], Math.fround(998 / 255));
  assert.deepEqual([asym.codes[0], asym.codes[1000]], [-128, 127]);
  // Symmetric 99th percentile of |x| (0, 1, 1, 2, 2, …): position 990 → 495, scale 495 / 127 ≈ 3.9.
  // Past the last cell (127.5 steps ≈ 496.95) lie 497…500; the negative side reaches 128.5 steps,
  // since −128 is a code, so nothing there is clipped: 4 of 1001 values.
  const clipped = quantizeTensor(centred, [1001], { kind: 'int', bits: 8, calibration: { method: 'percentile', percentile: 99 } });
  assert.equal(clipped.scales[0], Math.fround(495 / 127));
  assert.equal(clipped.stats.clippedFraction, 4 / 1001);
  assert.deepEqual([clipped.codes[0], clipped.codes[1000]], [-128, 127]);
});

test('MSE calibration never does worse than min-max and clips outliers', () => {
  const values = normals(8192, 5);
  values[17] = 8; // one 8σ outlier stretches the min-max grid
  for (let bits = 2; bits <= 8; bits++) {
    const minMax = quantizeTensor(values, [8192], { kind: 'int', bits });
    const mse = quantizeTensor(values, [8192], { kind: 'int', bits, calibration: { method: 'mse' } });
    assert.ok(mse.stats.mse <= minMax.stats.mse, `${bits} bits`);
    if (bits <= 5) {
      assert.ok(mse.scales[0]! < minMax.scales[0]!, `${bits} bits: MSE search kept the full range`);
      assert.ok(mse.stats.mse < 0.5 * minMax.stats.mse, `${bits} bits: ${mse.stats.mse} vs ${minMax.stats.mse}`);
    }
  }
  // The search spans 1.0 down to minRatio: with one candidate it is min-max.
  const one = quantizeTensor(values, [8192], { kind: 'int', bits: 4, calibration: { method: 'mse', candidates: 1 } });
  assert.equal(one.scales[0], quantizeTensor(values, [8192], { kind: 'int', bits: 4 }).scales[0]);
});

test('the 6.02 dB-per-bit rule: uniform and sine signals that fill the range', () => {
  assert.ok(Math.abs(idealSqnrDb(8) - 49.92) < 0.01);
  assert.ok(Math.abs(idealSqnrDb(8, 'uniform') - 48.16) < 0.01);
  const rng = createRng(2);
  const uniform = Float32Array.from({ length: 50_000 }, () => 2 * rng.next() - 1);
  const sine = Float32Array.from({ length: 50_000 }, (_, i) => Math.sin((2 * Math.PI * i * 1.0001) / 977));
  for (let bits = 2; bits <= 8; bits++) {
    // Asymmetric min-max spreads the range over 2^b − 1 steps (not 2^b), a fraction of a dB below the rule.
    const steps = 2 ** bits - 1;
    const u = quantizeTensor(uniform, [uniform.length], { kind: 'int', bits, symmetric: false });
    assert.ok(Math.abs(u.stats.sqnrDb - 20 * Math.log10(steps)) < 0.2, `uniform, ${bits} bits: ${u.stats.sqnrDb}`);
    assert.equal(u.stats.sqnrDb, sqnrDb(uniform, u.dequantized));
    // The classic sine figure assumes noise uncorrelated with the signal, which needs a few bits;
    // the rounded zero point also shifts the grid by up to half a step against the sine's peaks,
    // where it dwells longest, so the measurement sits a few tenths of a dB below.
    if (bits < 4) continue;
    const s = quantizeTensor(sine, [sine.length], { kind: 'int', bits, symmetric: false });
    const expected = 10 * Math.log10(1.5 * steps ** 2);
    assert.ok(s.stats.sqnrDb < expected && s.stats.sqnrDb > expected - 0.6, `sine, ${bits} bits: ${s.stats.sqnrDb}`);
  }
  const s8 = quantizeTensor(sine, [sine.length], { kind: 'int', bits: 8, symmetric: false });
  assert.ok(Math.abs(s8.stats.sqnrDb - idealSqnrDb(8)) < 0.25);
});

test('impossible schemes are refused with the field named', () => {
  assert.throws(() => quantizeTensor(new Float32Array(4), [4], { kind: 'int', bits: 9 }), /bits must be an integer from 1 to 8/);
  assert.throws(() => quantizeTensor(new Float32Array(4), [4], { kind: 'int', bits: 1 }), /symmetric quantization needs at least 2 bits/);
  assert.throws(() => quantizeTensor(new Float32Array(4), [4], { kind: 'int', bits: 4, granularity: 'per-group', groupSize: 0 }), /groupSize/);
  assert.throws(() => quantizeTensor(new Float32Array(4), [4], { kind: 'int', bits: 4, calibration: { method: 'percentile', percentile: 120 } }), /percentile/);
  assert.throws(() => quantizeTensor(new Float32Array(4), [5], int8), /shape \[5\] holds 5 values, got 4/);
  // One bit works affinely: two levels, min and max.
  const binary = quantizeTensor(Float32Array.from([0, 0.2, 0.7, 1]), [4], { kind: 'int', bits: 1, symmetric: false, signed: false });
  assert.deepEqual([...binary.codes], [0, 0, 1, 1]);
  assert.deepEqual([...binary.dequantized], [0, 0, 1, 1]);
});
