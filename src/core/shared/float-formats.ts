/**
 * Narrow floating-point formats of the precision ladder, emulated on float64 numbers: rounding
 * a value to a format, and encoding and decoding its bit pattern.
 *
 * - FP16: IEEE 754-2008 binary16 (1 sign, 5 exponent, 10 mantissa bits; bias 15).
 * - BF16: bfloat16, float32's top 16 bits (8 exponent, 7 mantissa bits; bias 127), as in
 *   Google's TPU format and `torch.bfloat16`.
 * - FP8 E4M3 and E5M2: the OCP 8-bit Floating Point Specification (OFP8) rev. 1.0, 2023
 *   (https://www.opencompute.org/documents/ocp-8-bit-floating-point-specification-ofp8-revision-1-0-2023-12-01-pdf-1),
 *   also Micikevicius et al. 2022, "FP8 Formats for Deep Learning" (arXiv:2209.05433).
 *   E4M3 has no infinities, a single NaN per sign (S.1111.111) and so reaches 448 (S.1111.110);
 *   E5M2 follows IEEE conventions (infinities, NaNs) with a largest finite value of 57344.
 *
 * Every conversion rounds to nearest, ties to even, with gradual underflow (subnormals). Overflow
 * follows the convention of each format's usual conversion: FP16 and BF16 overflow to ±∞ as IEEE
 * 754 requires (numpy, `Tensor.half()`); both FP8 formats saturate to ±max finite, as NVIDIA's
 * `cvt.rn.satfinite.{e4m3,e5m2}x2.f32` and `__nv_cvt_float_to_fp8(x, __NV_SATFINITE, …)` do
 * (CUDA `cuda_fp8.hpp`), which is how FP8 is used for weights and activations in practice.
 * `saturate` overrides the default: without saturation E4M3 overflows to NaN (it has no ∞) and
 * E5M2 to ±∞, as `__NV_NOSAT` does. Values are compared after rounding with an unbounded
 * exponent, so E4M3 rounds anything up to 464 (the midpoint 448 + ulp/2, a tie to the even 448)
 * to 448, the same thresholds as CUDA's.
 */

import { FLOAT_FORMATS, FLOAT_FORMAT_SPECS, type FloatFormat, type FloatFormatSpec } from './float-format-specs.js';

export { FLOAT_FORMATS, FLOAT_FORMAT_SPECS } from './float-format-specs.js';
export type { FloatFormat, FloatFormatSpec } from './float-format-specs.js';

const POW2 = new Float64Array(2100);
{
  // Exact powers of two 2^-1074 … 2^1023, built by doubling so no library rounding can creep in.
  let v = 1;
  for (let k = 0; k <= 1023; k++, v *= 2) POW2[k + 1074] = v;
  v = 1;
  for (let k = 0; k >= -1074; k--, v /= 2) POW2[k + 1074] = v;
}

/** 2^k for integer k in [−1074, 1023], exactly. */
function pow2(k: number): number {
  return POW2[k + 1074]!;
}

/** floor(log2(a)) for finite a > 0, exactly (Math.log2 may be off by one near powers of two). */
function exponentOf(a: number): number {
  let e = Math.floor(Math.log2(a));
  if (e > 1023) e = 1023;
  if (e < -1074) e = -1074;
  if (pow2(e) > a) e--;
  else if (e < 1023 && pow2(e + 1) <= a) e++;
  return e;
}

export interface FloatRoundingOptions {
  /** Overflow to ±max finite instead of ±∞ (or NaN for E4M3). Default: the format's convention (see above). */
  saturate?: boolean;
}

export function floatFormatSpec(format: FloatFormat): FloatFormatSpec {
  const found = FLOAT_FORMAT_SPECS[format];
  if (!found) throw new RangeError(`unknown float format "${String(format)}"; expected one of ${FLOAT_FORMATS.join(', ')}`);
  return found;
}

/** Rounds a finite a ≥ 0 to the format's grid with an unbounded exponent, ties to even. */
function roundMagnitude(a: number, mantissaBits: number, emin: number): number {
  if (a === 0) return 0;
  const e = Math.max(exponentOf(a), emin);
  const quantum = pow2(e - mantissaBits);
  const scaled = a / quantum; // exact: dividing by a power of two
  let k = Math.round(scaled);
  if (k - scaled === 0.5 && k % 2 !== 0) k -= 1;
  return k * quantum;
}

/** What an overflowing magnitude becomes: max finite when saturating, else ∞ or (E4M3) NaN. */
function overflowValue(s: FloatFormatSpec, saturate: boolean): number {
  if (saturate) return s.maxFinite;
  return s.infinities ? Infinity : NaN;
}

/** `value` rounded to the nearest value of `format` (ties to even), as a number. */
export function roundValueToFormat(value: number, format: FloatFormat, options: FloatRoundingOptions = {}): number {
  const s = floatFormatSpec(format);
  const saturate = options.saturate ?? s.saturatesByDefault;
  if (Number.isNaN(value)) return NaN;
  const a = Math.abs(value);
  let r = a === Infinity ? Infinity : roundMagnitude(a, s.mantissaBits, 1 - s.bias);
  if (r > s.maxFinite) r = overflowValue(s, saturate);
  return value < 0 || Object.is(value, -0) ? -r : r;
}

/**
 * Rounds every value to `format` and writes the results to `out` (which may be `values` itself
 * for in-place rounding). Returns `out` and how many values overflowed the largest finite value
 * (they became ±max, ±∞ or NaN by the rules above). Allocates nothing when `out` is given.
 */
export function roundToFormatCounting(
  values: Float32Array,
  format: FloatFormat,
  options: FloatRoundingOptions = {},
  out: Float32Array = new Float32Array(values.length),
): { values: Float32Array; overflowed: number } {
  if (out.length !== values.length) throw new RangeError(`out has ${out.length} values, input has ${values.length}`);
  const s = floatFormatSpec(format);
  const saturate = options.saturate ?? s.saturatesByDefault;
  const { mantissaBits, maxFinite } = s;
  const emin = 1 - s.bias;
  const overflow = overflowValue(s, saturate);
  let overflowed = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (x !== x || x === 0) {
      out[i] = x; // NaN stays NaN; ±0 keeps its sign
      continue;
    }
    const a = x < 0 ? -x : x;
    let r = a === Infinity ? Infinity : roundMagnitude(a, mantissaBits, emin);
    if (r > maxFinite) {
      r = overflow;
      overflowed++;
    }
    out[i] = x < 0 ? -r : r;
  }
  return { values: out, overflowed };
}

/** Every value rounded to `format` (round to nearest even; see the module notes for overflow). */
export function roundToFormat(
  values: Float32Array,
  format: FloatFormat,
  options: FloatRoundingOptions = {},
  out?: Float32Array,
): Float32Array {
  return roundToFormatCounting(values, format, options, out).values;
}

/** The bit pattern of `value` in `format`, as an unsigned integer (for example fp16 1 → 0x3C00). */
export function encodeFloat(value: number, format: FloatFormat, options: FloatRoundingOptions = {}): number {
  const s = floatFormatSpec(format);
  const signBit = 2 ** (s.bits - 1);
  if (Number.isNaN(value)) return s.nanBits;
  const sign = value < 0 || Object.is(value, -0) ? signBit : 0;
  const r = Math.abs(roundValueToFormat(value, format, options));
  if (Number.isNaN(r)) return sign + s.nanBits;
  const { mantissaBits, bias } = s;
  if (r === Infinity) return sign + (2 ** s.exponentBits - 1) * 2 ** mantissaBits;
  if (r === 0) return sign;
  const e = exponentOf(r);
  const emin = 1 - bias;
  if (e < emin) return sign + r / pow2(emin - mantissaBits);
  return sign + (e + bias) * 2 ** mantissaBits + (r / pow2(e - mantissaBits) - 2 ** mantissaBits);
}

/** The value of a bit pattern of `format` (the inverse of `encodeFloat` on representable values). */
export function decodeFloat(bits: number, format: FloatFormat): number {
  const s = floatFormatSpec(format);
  if (!Number.isInteger(bits) || bits < 0 || bits >= 2 ** s.bits) {
    throw new RangeError(`${s.label} bit patterns are integers in [0, ${2 ** s.bits - 1}], got ${bits}`);
  }
  const { mantissaBits, exponentBits, bias } = s;
  const signBit = 2 ** (s.bits - 1);
  const negative = bits >= signBit;
  const magnitude = negative ? bits - signBit : bits;
  const field = Math.floor(magnitude / 2 ** mantissaBits);
  const mantissa = magnitude % 2 ** mantissaBits;
  const allOnes = 2 ** exponentBits - 1;
  let value: number;
  if (s.infinities && field === allOnes) value = mantissa === 0 ? Infinity : NaN;
  else if (!s.infinities && field === allOnes && mantissa === 2 ** mantissaBits - 1) value = NaN;
  else if (field === 0) value = mantissa * pow2(1 - bias - mantissaBits);
  else value = (2 ** mantissaBits + mantissa) * pow2(field - bias - mantissaBits);
  return negative ? -value : value;
}

/**
 * Half the gap between neighbouring values of `format` around magnitude `a`: the largest rounding
 * error for a value of that size that does not overflow.
 */
export function halfUlpAt(a: number, format: FloatFormat): number {
  const s = floatFormatSpec(format);
  const emin = 1 - s.bias;
  const e = a > 0 && Number.isFinite(a) ? Math.max(exponentOf(Math.min(a, s.maxFinite)), emin) : emin;
  return pow2(e - s.mantissaBits) / 2;
}
