/**
 * Uniform integer quantization of a tensor with the semantics of ONNX QuantizeLinear /
 * DequantizeLinear (https://onnx.ai/onnx/operators/onnx__QuantizeLinear.html) and PyTorch's
 * `torch.quantize_per_tensor` / `quantize_per_channel`:
 *
 *   q = saturate(round(x / scale) + zeroPoint),   x̂ = (q − zeroPoint) · scale
 *
 * with round half to even and saturation to [qmin, qmax]. Scales are float32, and x / scale is
 * computed as float32 division (`Math.fround` of the float64 quotient of two float32 values is
 * the correctly rounded float32 quotient), as the ONNX reference does, so ties land where they
 * land in ONNX.
 *
 * Ranges: signed b-bit codes are −2^(b−1)…2^(b−1)−1 (INT4: −8…7), unsigned 0…2^b−1.
 *
 * Scale and zero point from a clipping range [lo, hi]:
 * - Symmetric: zero point 0 (signed) or 2^(b−1) (unsigned), scale = max(|lo|, |hi|) / (2^(b−1) − 1),
 *   so ±max land exactly on ±(2^(b−1) − 1) and the most negative code −2^(b−1) is reached only by
 *   saturation. This is the "restricted range" convention of Wu et al. 2020, "Integer Quantization
 *   for Deep Learning Inference: Principles and Empirical Evaluation" (arXiv:2004.09602, §3.1, s =
 *   (2^(b−1) − 1)/α) and of TensorRT. PyTorch's MinMaxObserver differs slightly: it divides by
 *   (qmax − qmin)/2 = 127.5 for INT8, so its largest value maps to 127.5 and saturates to 127.
 *   Symmetric quantization needs at least 2 bits.
 * - Asymmetric (affine): the range is first widened to include 0 so that 0 is exact (PyTorch's
 *   `_calculate_qparams`: min_val_neg = min(lo, 0), max_val_pos = max(hi, 0)); scale =
 *   (hi − lo)/(qmax − qmin); zero point = qmin − round(lo/scale), rounded half to even and clamped
 *   into [qmin, qmax] (ONNX DynamicQuantizeLinear).
 * - A zero range gives scale = float32 machine epsilon 2^−23, as PyTorch's observers do
 *   (`torch.max(scale, self.eps)`), so an all-zero tensor quantizes to its zero point.
 *
 * Granularity: per tensor (one scale); per channel along `axis` (for weights stored [out][in…],
 * axis 0 gives one scale per output channel); per group: consecutive `groupSize` elements of
 * each row of the [shape[0]][rest] view (for linear weights a row is one output's inputs; for
 * conv weights its in·k·k patch), the last group of a row shorter when `groupSize` does not
 * divide the row.
 */
import { ErrorAccumulator, type QuantStats } from './stats.js';
import { roundHalfEven } from '../shared/rounding.js';

export { roundHalfEven };

export type Granularity = 'per-tensor' | 'per-channel' | 'per-group';

/**
 * How the clipping range of each tensor, channel or group is chosen.
 * - `min-max`: the observed minimum and maximum (PyTorch MinMaxObserver).
 * - `percentile`: the `percentile`-th percentile of |x| (symmetric) or the (100 − p)-th and p-th
 *   of x (asymmetric), interpolated linearly between order statistics (numpy's default), so that
 *   rare outliers are clipped rather than stretching the grid.
 * - `mse`: `candidates` clipping ratios evenly spaced from 1 down to `minRatio` of the min-max
 *   range; the one whose quantize–dequantize MSE is lowest wins (ties go to the wider range),
 *   as in the grid searches of Banner et al. 2019 and NVIDIA's pytorch-quantization "mse" calibrator.
 */
export type RangeCalibration =
  | { method: 'min-max' }
  | { method: 'percentile'; percentile: number }
  | { method: 'mse'; candidates?: number; minRatio?: number };

export interface IntegerScheme {
  kind: 'int';
  /** Code width, 1 to 8 bits (symmetric schemes need at least 2). */
  bits: number;
  /** Signed codes −2^(b−1)…2^(b−1)−1 or unsigned 0…2^b−1. Default true. */
  signed?: boolean;
  /** Zero point fixed at the middle of the code range (true) or fitted to the data (false). Default true. */
  symmetric?: boolean;
  /** Default 'per-tensor'. */
  granularity?: Granularity;
  /** Per-channel axis; default 0 (output channels of a weight). */
  axis?: number;
  /** Per-group group size along the input dimension; default 32. */
  groupSize?: number;
  /** Default min-max. */
  calibration?: RangeCalibration;
}

export const DEFAULT_GROUP_SIZE = 32;
export const DEFAULT_MSE_CANDIDATES = 100;
export const DEFAULT_MSE_MIN_RATIO = 0.3;
/** float32 machine epsilon, the smallest scale (PyTorch's observers clamp to it). */
export const MIN_SCALE = 2 ** -23;

/** A scheme with every default filled in and checked. */
export interface ResolvedIntegerScheme {
  bits: number;
  signed: boolean;
  symmetric: boolean;
  granularity: Granularity;
  axis: number;
  groupSize: number;
  calibration: RangeCalibration;
  qmin: number;
  qmax: number;
}

/** Fills in defaults and refuses impossible schemes with a message naming the field. */
export function resolveIntegerScheme(scheme: IntegerScheme): ResolvedIntegerScheme {
  const { bits } = scheme;
  if (!Number.isInteger(bits) || bits < 1 || bits > 8) throw new RangeError(`bits must be an integer from 1 to 8, got ${bits}`);
  const signed = scheme.signed ?? true;
  const symmetric = scheme.symmetric ?? true;
  if (symmetric && bits < 2) throw new RangeError('symmetric quantization needs at least 2 bits (scale = max|x| / (2^(b−1) − 1))');
  const granularity = scheme.granularity ?? 'per-tensor';
  if (granularity !== 'per-tensor' && granularity !== 'per-channel' && granularity !== 'per-group') {
    throw new RangeError(`granularity must be per-tensor, per-channel or per-group, got ${String(granularity)}`);
  }
  const axis = scheme.axis ?? 0;
  if (!Number.isInteger(axis) || axis < 0) throw new RangeError(`axis must be a non-negative integer, got ${axis}`);
  const groupSize = scheme.groupSize ?? DEFAULT_GROUP_SIZE;
  if (!Number.isInteger(groupSize) || groupSize < 1) throw new RangeError(`groupSize must be a positive integer, got ${groupSize}`);
  const calibration = scheme.calibration ?? { method: 'min-max' };
  if (calibration.method === 'percentile') {
    const p = calibration.percentile;
    if (!(p >= 50 && p <= 100)) throw new RangeError(`percentile must be in [50, 100], got ${p}`);
  } else if (calibration.method === 'mse') {
    const n = calibration.candidates ?? DEFAULT_MSE_CANDIDATES;
    const r = calibration.minRatio ?? DEFAULT_MSE_MIN_RATIO;
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`mse candidates must be a positive integer, got ${n}`);
    if (!(r > 0 && r <= 1)) throw new RangeError(`mse minRatio must be in (0, 1], got ${r}`);
  } else if (calibration.method !== 'min-max') {
    throw new RangeError(`calibration method must be min-max, percentile or mse, got ${String((calibration as { method: unknown }).method)}`);
  }
  const qmin = signed ? -(2 ** (bits - 1)) : 0;
  const qmax = signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
  return { bits, signed, symmetric, granularity, axis, groupSize, calibration, qmin, qmax };
}

/** Scale and zero point for the clipping range [lo, hi] (see the module notes for the formulas). */
export function quantParams(lo: number, hi: number, scheme: ResolvedIntegerScheme): { scale: number; zeroPoint: number } {
  const { qmin, qmax, bits } = scheme;
  if (scheme.symmetric) {
    const amax = Math.max(Math.abs(lo), Math.abs(hi));
    const scale = Math.max(Math.fround(amax / (2 ** (bits - 1) - 1)), MIN_SCALE);
    return { scale, zeroPoint: scheme.signed ? 0 : 2 ** (bits - 1) };
  }
  const low = Math.min(lo, 0);
  const high = Math.max(hi, 0);
  const scale = Math.max(Math.fround((high - low) / (qmax - qmin)), MIN_SCALE);
  return { scale, zeroPoint: affineZeroPoint(low, scale, qmin, qmax) };
}

/**
 * The affine zero point qmin − lo/scale, rounded half to even and clamped into [qmin, qmax]
 * (ONNX DynamicQuantizeLinear; PyTorch `_calculate_qparams`). The clamp matters when the range
 * does not contain 0, for instance a caller's fixed range.
 */
export function affineZeroPoint(lo: number, scale: number, qmin: number, qmax: number): number {
  const zeroPoint = roundHalfEven(qmin - lo / scale);
  return zeroPoint < qmin ? qmin : zeroPoint > qmax ? qmax : zeroPoint;
}

/** The code of x: saturate(round_half_even(x / scale) + zeroPoint). */
export function quantizeValue(x: number, scale: number, zeroPoint: number, qmin: number, qmax: number): number {
  const q = roundHalfEven(Math.fround(x / scale)) + zeroPoint;
  return q < qmin ? qmin : q > qmax ? qmax : q;
}

/**
 * Quantizes and dequantizes `values` in place with one scale and zero point (fake quantization,
 * as `torch.fake_quantize_per_tensor_affine`); returns how many values were clipped: beyond the
 * rounding cells of the extreme codes, so that their error exceeds Δ/2.
 */
export function fakeQuantizeInPlace(values: Float32Array, scale: number, zeroPoint: number, qmin: number, qmax: number): number {
  const low = qmin - zeroPoint - 0.5;
  const high = qmax - zeroPoint + 0.5;
  let clipped = 0;
  for (let i = 0; i < values.length; i++) {
    const v = Math.fround(values[i]! / scale);
    if (v < low || v > high) clipped++;
    let r = Math.round(v);
    if (r - v === 0.5 && r % 2 !== 0) r -= 1;
    let q = r + zeroPoint;
    q = q < qmin ? qmin : q > qmax ? qmax : q;
    values[i] = (q - zeroPoint) * scale;
  }
  return clipped;
}

/** How a tensor splits into quantization groups: group g is `runCount` runs of `runLength` elements. */
interface GroupLayout {
  groups: number;
  /** Fills `run` with [start, runCount, runStride, runLength] of group g. */
  runsOf(g: number, run: Int32Array): void;
  maxGroupSize: number;
}

function setRun(run: Int32Array, start: number, runCount: number, runStride: number, runLength: number): void {
  run[0] = start;
  run[1] = runCount;
  run[2] = runStride;
  run[3] = runLength;
}

function layoutOf(shape: readonly number[], length: number, scheme: ResolvedIntegerScheme): GroupLayout {
  if (scheme.granularity === 'per-tensor') {
    return {
      groups: 1,
      maxGroupSize: length,
      runsOf: (_g, run) => setRun(run, 0, 1, 0, length),
    };
  }
  if (scheme.granularity === 'per-channel') {
    const { axis } = scheme;
    if (axis >= shape.length) throw new RangeError(`axis ${axis} is out of range for shape [${shape.join(', ')}]`);
    const channels = shape[axis]!;
    let outer = 1;
    for (let i = 0; i < axis; i++) outer *= shape[i]!;
    const inner = length / (outer * channels);
    return {
      groups: channels,
      maxGroupSize: outer * inner,
      runsOf: (c, run) => setRun(run, c * inner, outer, channels * inner, inner),
    };
  }
  const rows = shape.length > 1 ? shape[0]! : 1;
  const cols = length / rows;
  const size = scheme.groupSize;
  const perRow = Math.ceil(cols / size);
  return {
    groups: rows * perRow,
    maxGroupSize: Math.min(size, cols),
    runsOf: (g, run) => {
      const row = Math.floor(g / perRow);
      const k = g - row * perRow;
      setRun(run, row * cols + k * size, 1, 0, Math.min(size, cols - k * size));
    },
  };
}

export interface QuantizedTensor {
  /** One integer code per element, in [qmin, qmax]. */
  codes: Int32Array;
  /** One float32 scale per group (1 per tensor, one per channel or per group). */
  scales: Float32Array;
  /** One zero point per group, in [qmin, qmax]. */
  zeroPoints: Int32Array;
  /** (code − zeroPoint) · scale, as float32: what the model computes with. */
  dequantized: Float32Array;
  qmin: number;
  qmax: number;
  stats: QuantStats;
}

/** Copies group g's elements into `into` (contiguous) and returns how many there are. */
function gather(values: Float32Array, layout: GroupLayout, g: number, run: Int32Array, into: Float32Array): number {
  layout.runsOf(g, run);
  let n = 0;
  for (let r = 0, base = run[0]!; r < run[1]!; r++, base += run[2]!) {
    for (let i = 0; i < run[3]!; i++) into[n++] = values[base + i]!;
  }
  return n;
}

/** Linear-interpolated percentile of sorted values (numpy's default method). */
function percentileOfSorted(sorted: Float32Array, n: number, p: number): number {
  const position = (p / 100) * (n - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, n - 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

/**
 * Sum of squared quantize–dequantize errors of the first n values for one scale and zero point
 * (quantizeValue written out: the MSE search runs this loop for every candidate range).
 */
function squaredError(values: Float32Array, n: number, scale: number, zeroPoint: number, qmin: number, qmax: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const x = values[i]!;
    const v = Math.fround(x / scale);
    let r = Math.round(v);
    if (r - v === 0.5 && r % 2 !== 0) r -= 1;
    let q = r + zeroPoint;
    q = q < qmin ? qmin : q > qmax ? qmax : q;
    const e = x - (q - zeroPoint) * scale;
    sum += e * e;
  }
  return sum;
}

/**
 * The clipping range [lo, hi] of the first n values of `group` by the scheme's calibration.
 * `group` may be reordered (percentiles sort it).
 */
export function calibrateRange(group: Float32Array, n: number, scheme: ResolvedIntegerScheme): { lo: number; hi: number } {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = group[i]!;
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  if (n === 0) return { lo: 0, hi: 0 };
  const { calibration } = scheme;
  if (calibration.method === 'min-max') return { lo, hi };
  if (calibration.method === 'percentile') {
    const view = group.subarray(0, n);
    if (scheme.symmetric) {
      for (let i = 0; i < n; i++) view[i] = Math.abs(view[i]!);
      view.sort();
      const amax = percentileOfSorted(view, n, calibration.percentile);
      return { lo: -amax, hi: amax };
    }
    view.sort();
    return { lo: percentileOfSorted(view, n, 100 - calibration.percentile), hi: percentileOfSorted(view, n, calibration.percentile) };
  }
  const candidates = calibration.candidates ?? DEFAULT_MSE_CANDIDATES;
  const minRatio = calibration.minRatio ?? DEFAULT_MSE_MIN_RATIO;
  const { qmin, qmax } = scheme;
  let bestRatio = 1;
  let bestError = Infinity;
  for (let i = 0; i < candidates; i++) {
    const ratio = candidates === 1 ? 1 : 1 - ((1 - minRatio) * i) / (candidates - 1);
    const { scale, zeroPoint } = quantParams(lo * ratio, hi * ratio, scheme);
    const error = squaredError(group, n, scale, zeroPoint, qmin, qmax);
    if (error < bestError) {
      bestError = error;
      bestRatio = ratio;
    }
  }
  return { lo: lo * bestRatio, hi: hi * bestRatio };
}

/**
 * Quantizes a tensor (row-major `values` of `shape`) and returns its codes, scales, zero points,
 * dequantized values and error statistics.
 */
export function quantizeTensor(values: Float32Array, shape: readonly number[], scheme: IntegerScheme): QuantizedTensor {
  const resolved = resolveIntegerScheme(scheme);
  const length = values.length;
  const expected = shape.reduce((a, b) => a * b, 1);
  if (expected !== length) throw new RangeError(`shape [${shape.join(', ')}] holds ${expected} values, got ${length}`);
  const layout = layoutOf(shape, length, resolved);
  const { groups } = layout;
  const { qmin, qmax } = resolved;
  const codes = new Int32Array(length);
  const scales = new Float32Array(groups);
  const zeroPoints = new Int32Array(groups);
  const dequantized = new Float32Array(length);
  const needsGather = resolved.calibration.method !== 'min-max';
  const scratch = needsGather ? new Float32Array(layout.maxGroupSize) : undefined;
  const run = new Int32Array(4);
  const errors = new ErrorAccumulator();
  let clipped = 0;
  let maxScale = 0;

  for (let g = 0; g < groups; g++) {
    let lo: number;
    let hi: number;
    if (scratch) {
      const n = gather(values, layout, g, run, scratch);
      ({ lo, hi } = calibrateRange(scratch, n, resolved));
    } else {
      layout.runsOf(g, run);
      lo = Infinity;
      hi = -Infinity;
      for (let r = 0, base = run[0]!; r < run[1]!; r++, base += run[2]!) {
        for (let i = base, end = base + run[3]!; i < end; i++) {
          const x = values[i]!;
          if (x < lo) lo = x;
          if (x > hi) hi = x;
        }
      }
      if (lo > hi) lo = hi = 0;
    }
    const { scale, zeroPoint } = quantParams(lo, hi, resolved);
    scales[g] = scale;
    zeroPoints[g] = zeroPoint;
    if (scale > maxScale) maxScale = scale;
    const low = qmin - zeroPoint - 0.5;
    const high = qmax - zeroPoint + 0.5;
    layout.runsOf(g, run);
    for (let r = 0, base = run[0]!; r < run[1]!; r++, base += run[2]!) {
      for (let i = base, end = base + run[3]!; i < end; i++) {
        const x = values[i]!;
        const v = Math.fround(x / scale);
        if (v < low || v > high) clipped++;
        let rounded = Math.round(v);
        if (rounded - v === 0.5 && rounded % 2 !== 0) rounded -= 1;
        let q = rounded + zeroPoint;
        q = q < qmin ? qmin : q > qmax ? qmax : q;
        codes[i] = q;
        const approx = Math.fround((q - zeroPoint) * scale);
        dequantized[i] = approx;
        errors.add(x, approx);
      }
    }
  }
  return { codes, scales, zeroPoints, dequantized, qmin, qmax, stats: errors.finish(maxScale / 2, clipped) };
}

/** Number of scales (and zero points) a scheme keeps for a tensor of this shape. */
export function groupCount(shape: readonly number[], scheme: IntegerScheme): number {
  const length = shape.reduce((a, b) => a * b, 1);
  return layoutOf(shape, length, resolveIntegerScheme(scheme)).groups;
}
