/**
 * What the accuracy-against-bit-width sweep (sweep.ts) runs by default, apart from the sweep
 * itself: a lab names the sweep's series (its chart's legend) before any point is computed.
 */
import { FLOAT_FORMATS, FLOAT_FORMAT_SPECS } from '../shared/float-formats.js';
import type { IntegerScheme } from './integer.js';

/** An integer scheme without its width, which the sweep varies. */
export type IntegerSchemeShape = Omit<IntegerScheme, 'kind' | 'bits'>;

export interface SweepSchemeSpec {
  key: string;
  label: string;
  scheme: IntegerSchemeShape;
}

/** Per tensor or per channel, symmetric or asymmetric; signed codes, min-max calibration. */
export const DEFAULT_SWEEP_SCHEMES: readonly SweepSchemeSpec[] = [
  { key: 'per-tensor-symmetric', label: 'Per-tensor, symmetric', scheme: { granularity: 'per-tensor', symmetric: true } },
  { key: 'per-tensor-asymmetric', label: 'Per-tensor, asymmetric', scheme: { granularity: 'per-tensor', symmetric: false } },
  { key: 'per-channel-symmetric', label: 'Per-channel, symmetric', scheme: { granularity: 'per-channel', symmetric: true } },
  { key: 'per-channel-asymmetric', label: 'Per-channel, asymmetric', scheme: { granularity: 'per-channel', symmetric: false } },
];

export const DEFAULT_SWEEP_BITS: readonly number[] = [2, 3, 4, 5, 6, 7, 8];

/** The default sweep's series labels, in order: the integer schemes, then the floating formats. */
export const DEFAULT_SWEEP_SERIES_LABELS: readonly string[] = [
  ...DEFAULT_SWEEP_SCHEMES.map((spec) => spec.label),
  ...FLOAT_FORMATS.map((format) => FLOAT_FORMAT_SPECS[format].label),
];
