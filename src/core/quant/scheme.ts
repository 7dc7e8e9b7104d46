/**
 * One type for every rung of the precision ladder (integer schemes and floating formats), and
 * one function that applies any of them to a tensor.
 */
import { FLOAT_FORMAT_SPECS, floatFormatSpec, halfUlpAt, roundToFormatCounting, type FloatFormat } from '../shared/float-formats.js';
import { groupCount, quantizeTensor, resolveIntegerScheme, type IntegerScheme, type QuantizedTensor } from './integer.js';
import { ErrorAccumulator, type QuantStats } from './stats.js';

/** A cast to a floating format (no scale: values are rounded as they are). */
export interface FloatScheme {
  kind: 'float';
  format: FloatFormat;
  /** Overflow to ±max instead of ±∞/NaN; default: saturate for FP8, IEEE overflow for FP16/BF16. */
  saturate?: boolean;
}

export type QuantScheme = IntegerScheme | FloatScheme;

/** A tensor after a scheme: the values the model computes with and how far they moved. */
export interface RoundedTensor {
  dequantized: Float32Array;
  stats: QuantStats;
  /** Number of scales kept (0 for floating formats). */
  scaleCount: number;
  /** Integer schemes: the codes, scales and zero points. */
  integer?: QuantizedTensor;
}

/** Bits per element of a scheme's codes. */
export function schemeBits(scheme: QuantScheme): number {
  return scheme.kind === 'float' ? floatFormatSpec(scheme.format).bits : scheme.bits;
}

/** A short human label: "INT4 per-channel symmetric", "UINT8 per-tensor asymmetric", "FP8 E4M3". */
export function schemeLabel(scheme: QuantScheme): string {
  if (scheme.kind === 'float') return FLOAT_FORMAT_SPECS[scheme.format].label;
  const r = resolveIntegerScheme(scheme);
  const granularity = r.granularity === 'per-group' ? `per-group (${r.groupSize})` : r.granularity;
  const calibration = r.calibration.method === 'min-max' ? '' : r.calibration.method === 'percentile' ? `, p${r.calibration.percentile}` : ', MSE';
  return `${r.signed ? 'INT' : 'UINT'}${r.bits} ${granularity} ${r.symmetric ? 'symmetric' : 'asymmetric'}${calibration}`;
}

/** Throws a RangeError naming the bad field; returns the scheme otherwise. */
export function checkScheme(scheme: QuantScheme): QuantScheme {
  if (scheme.kind === 'float') floatFormatSpec(scheme.format);
  else if (scheme.kind === 'int') resolveIntegerScheme(scheme);
  else throw new RangeError(`scheme kind must be "int" or "float", got ${String((scheme as { kind: unknown }).kind)}`);
  return scheme;
}

/**
 * Rounds `values` to a floating format and measures the error. `clippedFraction` counts values
 * beyond the largest finite value; `halfStep` is half the spacing at the largest magnitude.
 */
export function roundTensorToFormat(values: Float32Array, scheme: FloatScheme, out?: Float32Array): RoundedTensor {
  const result = roundToFormatCounting(values, scheme.format, { saturate: scheme.saturate }, out);
  const errors = new ErrorAccumulator();
  let amax = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    errors.add(x, result.values[i]!);
    const a = x < 0 ? -x : x;
    if (a > amax) amax = a;
  }
  return {
    dequantized: result.values,
    stats: errors.finish(halfUlpAt(amax, scheme.format), result.overflowed),
    scaleCount: 0,
  };
}

/** Applies any scheme to a tensor. */
export function applyScheme(values: Float32Array, shape: readonly number[], scheme: QuantScheme): RoundedTensor {
  if (scheme.kind === 'float') return roundTensorToFormat(values, scheme);
  const integer = quantizeTensor(values, shape, scheme);
  return { dequantized: integer.dequantized, stats: integer.stats, scaleCount: integer.scales.length, integer };
}

/** Scales a scheme keeps for a tensor of this shape (0 for floating formats). */
export function scaleCount(shape: readonly number[], scheme: QuantScheme): number {
  return scheme.kind === 'float' ? 0 : groupCount(shape, scheme);
}
