/**
 * Accuracy against bit width for several quantization schemes and the floating formats:
 * `createSweep` lists the evaluations, `sweepSteps` runs them one batch of test images per step
 * (see core/shared/steps), filling the sweep's columns as each evaluation completes, so a widget
 * can pace the work behind a progress bar and draw the points as they arrive.
 *
 * The result is shaped for charts like the memory sweeps: one x column (bits per weight) and one
 * column per series, also given as uPlot's aligned data `[x, ...series]`
 * (https://github.com/leeoniya/uPlot/tree/master/docs). A floating format is a series with a
 * single point at its width (null elsewhere, which uPlot draws as a gap); points not yet
 * evaluated are null too.
 */
import { FLOAT_FORMATS, FLOAT_FORMAT_SPECS, type FloatFormat } from '../shared/float-formats.js';
import type { ModelQuantConfig, QuantSession } from './model.js';
import { checkScheme, type QuantScheme } from './scheme.js';
import { within, type Steps } from '../shared/steps.js';
import { DEFAULT_SWEEP_BITS, DEFAULT_SWEEP_SCHEMES, type IntegerSchemeShape, type SweepSchemeSpec } from './sweep-schemes.js';

export interface QuantSweepConfig {
  session: QuantSession;
  /** Integer widths; default 2 to 8. */
  bits?: readonly number[];
  schemes?: readonly SweepSchemeSpec[];
  /** Floating formats, one point each; default FP16, BF16, FP8 E4M3, FP8 E5M2. */
  formats?: readonly FloatFormat[];
  /**
   * Quantize activations too: integer points with this per-tensor scheme at the same width as
   * the weights (for example `{ signed: false, symmetric: false }` after ReLUs), float points in
   * the same format as the weights. Omitted: weights only.
   */
  activations?: Omit<IntegerSchemeShape, 'granularity' | 'axis' | 'groupSize'>;
  /** Layers to quantize; default all. */
  layers?: readonly string[];
}

export interface QuantSweepSeries {
  key: string;
  label: string;
  kind: 'int' | 'float';
  /** Test accuracy (0–1) at each x; null where the series has no point or it is not computed yet. */
  values: (number | null)[];
}

export interface QuantSweep {
  xLabel: string;
  /** Bits per weight. */
  x: number[];
  /** FP32 accuracy, drawn as a labelled reference line. */
  baseline: number;
  series: QuantSweepSeries[];
  /** `[x, series[0].values, …]`, ready for uPlot's `setData`. */
  data: (number | null)[][];
}

interface SweepJob {
  series: number;
  column: number;
  config: ModelQuantConfig;
}

export interface QuantSweepState {
  readonly session: QuantSession;
  readonly jobs: readonly SweepJob[];
  /** Evaluations done so far. */
  completed: number;
  readonly sweep: QuantSweep;
}

/** Lists every evaluation of the sweep (checking every scheme up front) without running any. */
export function createSweep(config: QuantSweepConfig): QuantSweepState {
  const bits = [...(config.bits ?? DEFAULT_SWEEP_BITS)];
  const schemes = config.schemes ?? DEFAULT_SWEEP_SCHEMES;
  const formats = config.formats ?? FLOAT_FORMATS;
  const x = [...new Set([...bits, ...formats.map((f) => FLOAT_FORMAT_SPECS[f].bits)])].sort((a, b) => a - b);
  const series: QuantSweepSeries[] = [];
  const jobs: SweepJob[] = [];
  const activationScheme = (width: number): QuantScheme | undefined =>
    config.activations ? { ...config.activations, kind: 'int', bits: width, granularity: 'per-tensor' } : undefined;

  for (const spec of schemes) {
    const index = series.push({ key: spec.key, label: spec.label, kind: 'int', values: x.map(() => null) }) - 1;
    for (const width of bits) {
      const weights = checkScheme({ ...spec.scheme, kind: 'int', bits: width });
      const activations = activationScheme(width);
      if (activations) checkScheme(activations);
      jobs.push({ series: index, column: x.indexOf(width), config: { weights, activations, layers: config.layers } });
    }
  }
  for (const format of formats) {
    const spec = FLOAT_FORMAT_SPECS[format];
    if (!spec) throw new RangeError(`unknown float format "${String(format)}"; expected one of ${FLOAT_FORMATS.join(', ')}`);
    const index = series.push({ key: format, label: spec.label, kind: 'float', values: x.map(() => null) }) - 1;
    const scheme: QuantScheme = { kind: 'float', format };
    jobs.push({ series: index, column: x.indexOf(spec.bits), config: { weights: scheme, activations: config.activations ? scheme : undefined, layers: config.layers } });
  }
  const sweep: QuantSweep = {
    xLabel: 'bits per weight',
    x,
    baseline: config.session.baseline.accuracy,
    series,
    data: [x, ...series.map((s) => s.values)],
  };
  return { session: config.session, jobs, completed: 0, sweep };
}

/** Runs the evaluations not done yet, one batch of one evaluation per step; returns the filled sweep. */
export function* sweepSteps(state: QuantSweepState): Steps<QuantSweep> {
  const total = state.jobs.length;
  while (state.completed < total) {
    const job = state.jobs[state.completed]!;
    const result = yield* within(state.session.evaluateSteps(job.config), state.completed / total, (state.completed + 1) / total);
    state.sweep.series[job.series]!.values[job.column] = result.accuracy;
    state.completed++;
    if (state.completed < total) yield state.completed / total;
  }
  return state.sweep;
}
