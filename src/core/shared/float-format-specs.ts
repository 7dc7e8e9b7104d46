/**
 * The narrow floating-point formats by name: their bit layouts, limits and sources, as data.
 * A lab's controls need only this; the rounding and encoding arithmetic is in float-formats.ts.
 */

export type FloatFormat = 'fp16' | 'bf16' | 'fp8-e4m3' | 'fp8-e5m2';

export const FLOAT_FORMATS: readonly FloatFormat[] = ['fp16', 'bf16', 'fp8-e4m3', 'fp8-e5m2'];

export interface FloatFormatSpec {
  format: FloatFormat;
  label: string;
  bits: number;
  exponentBits: number;
  mantissaBits: number;
  bias: number;
  /** Largest finite value. */
  maxFinite: number;
  /** Smallest positive normal value, 2^(1 − bias). */
  minNormal: number;
  /** Smallest positive subnormal value, 2^(1 − bias − mantissaBits). */
  minSubnormal: number;
  /** Whether the format has ±∞ (all-ones exponent, zero mantissa). */
  infinities: boolean;
  /** Whether overflow saturates to ±maxFinite unless the caller says otherwise. */
  saturatesByDefault: boolean;
  /** The canonical (positive) NaN bit pattern this module writes. */
  nanBits: number;
  source: string;
}

function spec(
  format: FloatFormat,
  label: string,
  exponentBits: number,
  mantissaBits: number,
  infinities: boolean,
  saturatesByDefault: boolean,
  nanBits: number,
  source: string,
): FloatFormatSpec {
  const bias = 2 ** (exponentBits - 1) - 1;
  const emin = 1 - bias;
  // With infinities the all-ones exponent is reserved; without (E4M3) only its all-ones mantissa is.
  const maxExponent = infinities ? bias : bias + 1;
  const maxMantissa = infinities ? 2 ** mantissaBits - 1 : 2 ** mantissaBits - 2;
  return {
    format,
    label,
    bits: 1 + exponentBits + mantissaBits,
    exponentBits,
    mantissaBits,
    bias,
    maxFinite: (1 + maxMantissa / 2 ** mantissaBits) * 2 ** maxExponent,
    minNormal: 2 ** emin,
    minSubnormal: 2 ** (emin - mantissaBits),
    infinities,
    saturatesByDefault,
    nanBits,
    source,
  };
}

export const FLOAT_FORMAT_SPECS: Readonly<Record<FloatFormat, FloatFormatSpec>> = {
  fp16: spec('fp16', 'FP16', 5, 10, true, false, 0x7e00, 'IEEE 754-2008 binary16'),
  bf16: spec('bf16', 'BF16', 8, 7, true, false, 0x7fc0, 'bfloat16: the top half of IEEE binary32'),
  'fp8-e4m3': spec('fp8-e4m3', 'FP8 E4M3', 4, 3, false, true, 0x7f, 'OCP OFP8 rev. 1.0 (2023), E4M3'),
  'fp8-e5m2': spec('fp8-e5m2', 'FP8 E5M2', 5, 2, true, true, 0x7e, 'OCP OFP8 rev. 1.0 (2023), E5M2'),
};
