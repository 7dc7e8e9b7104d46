/**
 * Post-training quantization of a real model, evaluated on its full test set.
 *
 * Weights: each chosen layer's weight is quantized from the FP32 original and the dequantized
 * values are written into the model (fake quantization: the arithmetic stays float32, the values
 * are exactly those an integer kernel would reconstruct). Biases stay 32-bit.
 *
 * Activations (static post-training quantization, as in PyTorch's `prepare` → calibrate →
 * `convert` flow): the tensor that feeds each chosen layer (the model's input for the first
 * layer, otherwise the previous layer's output) is observed on calibration images with the FP32
 * model, a per-tensor scale and zero point are fixed from those observations, and during
 * evaluation the tensor is fake-quantized in place through `model.observe` before the layer
 * reads it. The logits the last layer produces are left in float32.
 *
 * Calibration images: a fixed seeded subset of the data set (Fisher–Yates shuffle of the indices
 * with the shared seeded generator, first `images` of them). The shipped assets contain only
 * the held-out test set, so the calibration images are drawn from it and also scored; with 256
 * of 2,000 images and only a range (two numbers) learned per tensor, the leak is slight, and
 * the lab says so.
 *
 * Every evaluation restores the original weights before it returns, even when it throws or is
 * abandoned part-way (`return()` on its steps). A session runs one evaluation at a time.
 */
import { evaluationSteps, writeWeights, snapshotWeights, sizeOf, type Dataset, type Evaluation, type Sequential } from '../nn/index.js';
import { createRng } from '../shared/rng.js';
import { drain, within, type Steps } from '../shared/steps.js';
import { roundToFormatCounting } from '../shared/float-formats.js';
import { calibrateRange, fakeQuantizeInPlace, quantParams, resolveIntegerScheme, type IntegerScheme } from './integer.js';
import { selectLayers, quantizableLayers, type QuantizableLayer } from './layers.js';
import { applyScheme, checkScheme, schemeLabel, type QuantScheme, type RoundedTensor } from './scheme.js';
import { modelSize, type ModelSize } from './size.js';
import type { QuantStats } from './stats.js';

export const DEFAULT_CALIBRATION_IMAGES = 256;
export const DEFAULT_CALIBRATION_SEED = 1;
/** Weight quantizations a session keeps: every integer width of a few schemes for each layer. */
const QUANTIZED_WEIGHTS_KEPT = 64;

export interface CalibrationOptions {
  /** How many images calibrate the activation ranges; default 256. */
  images?: number;
  /** Seed of the subset; default 1. */
  seed?: number;
}

export interface ModelQuantConfig {
  /** Format of the chosen layers' weights; omitted: float32. */
  weights?: QuantScheme;
  /** Format of the activations feeding the chosen layers; omitted: float32. Integer schemes must be per-tensor. */
  activations?: QuantScheme;
  /** Names of the linear and conv layers to quantize; default all of them. */
  layers?: readonly string[];
}

export interface WeightReport {
  layer: string;
  parameter: string;
  shape: readonly number[];
  scheme: string;
  scaleCount: number;
  stats: QuantStats;
}

export interface ActivationReport {
  /** The layer that reads the quantized tensor. */
  layer: string;
  /** Where the tensor comes from: a layer name or `'input'`. */
  inputFrom: string;
  scheme: string;
  /** Calibrated clipping range (integer schemes; the format's ±max for floating ones). */
  lo: number;
  hi: number;
  /** Integer schemes only (NaN for floating formats). */
  scale: number;
  zeroPoint: number;
  /** Fraction of activation values clipped (beyond the extreme codes' rounding cells) during the evaluation. */
  clippedFraction: number;
}

export interface QuantizedEvaluation {
  accuracy: number;
  baselineAccuracy: number;
  /** baselineAccuracy − accuracy (fraction, not points). */
  accuracyDrop: number;
  evaluation: Evaluation;
  weights: WeightReport[];
  activations: ActivationReport[];
  size: ModelSize;
}

export interface LayerSensitivity {
  layer: string;
  accuracy: number;
  accuracyDrop: number;
  weightStats: QuantStats | undefined;
}

interface ActivationPlan {
  report: Omit<ActivationReport, 'clippedFraction'>;
  /** Fake-quantizes in place; returns the number of saturated values. */
  apply: (values: Float32Array) => number;
}

/**
 * A model's FP32 weights and their quantizations: what a lab draws without evaluating anything
 * (the weight histogram and its grid, a layer's scale in the Math Peek, the outlier ratio). The
 * FP32 weights never change, so each quantization is kept (the QUANTIZED_WEIGHTS_KEPT most
 * recent): calibrating a range can be costly (the MSE search quantizes the tensor 100 times), and
 * a reader moving back and forth revisits schemes.
 */
export class QuantWeights {
  readonly layers: readonly QuantizableLayer[];
  protected readonly original: ReadonlyMap<string, Float32Array>;
  /** Recent weight quantizations by parameter and scheme, newest last (see quantizedWeight). */
  private readonly quantizedWeights = new Map<string, RoundedTensor>();

  constructor(readonly model: Sequential) {
    this.original = snapshotWeights(model);
    this.layers = quantizableLayers(model);
  }

  /** The FP32 values of a parameter, whatever an evaluation under way has written into the model. */
  fp32(parameter: string): Float32Array {
    const values = this.original.get(parameter);
    if (!values) throw new RangeError(`the model has no parameter "${parameter}"`);
    return values;
  }

  /** A layer's weight under a scheme (kept; see the class comment). */
  quantizedWeight(layer: QuantizableLayer, scheme: QuantScheme): RoundedTensor {
    const key = `${layer.weight}|${JSON.stringify(scheme)}`;
    let result = this.quantizedWeights.get(key);
    if (result) this.quantizedWeights.delete(key);
    else result = applyScheme(this.fp32(layer.weight), layer.shape, scheme);
    this.quantizedWeights.set(key, result);
    if (this.quantizedWeights.size > QUANTIZED_WEIGHTS_KEPT) this.quantizedWeights.delete(this.quantizedWeights.keys().next().value!);
    return result;
  }
}

/**
 * A model, its evaluation data and everything worth keeping between evaluations: the FP32
 * weights and their quantizations (QuantWeights), the FP32 accuracy, the calibration
 * activations. A lab evaluates on every control change. Make one with `createQuantSession`, or
 * `quantSessionSteps` to evaluate the FP32 baseline in steps.
 */
export class QuantSession extends QuantWeights {
  /** Indices (ascending) of the calibration images in the data set. */
  readonly calibrationIndices: Uint32Array;
  private activationSamples: Map<string, Float32Array> | undefined;
  private readonly rangeCache = new Map<string, { lo: number; hi: number }>();
  private quantizedInput: { key: string; dataset: Dataset } | undefined;
  private quantizedInputClipped = 0;
  private evaluating = false;

  /** `baseline` is the model's FP32 evaluation on `dataset`; the options are checked first (checkCalibration). */
  constructor(
    model: Sequential,
    readonly dataset: Dataset,
    readonly baseline: Evaluation,
    options: CalibrationOptions = {},
  ) {
    super(model);
    const images = checkCalibration(dataset, options);
    const order = createRng(options.seed ?? DEFAULT_CALIBRATION_SEED).shuffle(Array.from({ length: dataset.count }, (_, i) => i));
    this.calibrationIndices = Uint32Array.from(order.slice(0, images)).sort();
  }

  /** Quantizes as configured, evaluates on the whole data set, restores the FP32 weights. */
  evaluate(config: ModelQuantConfig): QuantizedEvaluation {
    return drain(this.evaluateSteps(config));
  }

  /** `evaluate` one batch of the data set per step. */
  *evaluateSteps(config: ModelQuantConfig): Steps<QuantizedEvaluation> {
    if (this.evaluating) throw new Error('a quantization session runs one evaluation at a time: finish the running one or return() it first');
    const chosen = selectLayers(this.model, config.layers);
    if (config.weights) checkScheme(config.weights);
    const plans = config.activations ? chosen.map((layer) => this.planActivation(layer, config.activations!)) : [];
    const weights: WeightReport[] = [];
    const stops: (() => void)[] = [];
    const clipped = new Float64Array(plans.length);
    const seen = new Float64Array(plans.length);
    let dataset = this.dataset;
    this.evaluating = true;
    try {
      if (config.weights) {
        for (const layer of chosen) {
          const result = this.quantizedWeight(layer, config.weights);
          writeWeights(this.model, layer.weight, result.dequantized);
          weights.push({
            layer: layer.name,
            parameter: layer.weight,
            shape: layer.shape,
            scheme: schemeLabel(config.weights),
            scaleCount: result.scaleCount,
            stats: result.stats,
          });
        }
      }
      plans.forEach((plan, i) => {
        if (plan.report.inputFrom === 'input') {
          dataset = this.quantizedDataset(config.activations!, plan);
          seen[i] = dataset.inputs.length;
          clipped[i] = this.quantizedInputClipped;
          return;
        }
        const inputs = this.dataset.inputs.buffer;
        stops.push(
          this.model.observe(plan.report.inputFrom, (values) => {
            if (values.buffer === inputs) throw new Error(`${plan.report.inputFrom} hands on the data set's own array; refusing to rewrite it`);
            clipped[i] += plan.apply(values);
            seen[i] += values.length;
          }),
        );
      });
      const evaluation = yield* evaluationSteps(this.model, dataset);
      return {
        accuracy: evaluation.accuracy,
        baselineAccuracy: this.baseline.accuracy,
        accuracyDrop: this.baseline.accuracy - evaluation.accuracy,
        evaluation,
        weights,
        activations: plans.map((plan, i) => ({ ...plan.report, clippedFraction: seen[i] ? clipped[i]! / seen[i]! : 0 })),
        size: modelSize(this.model, config),
      };
    } finally {
      for (const stop of stops) stop();
      for (const report of weights) writeWeights(this.model, report.parameter, this.original.get(report.parameter)!);
      this.evaluating = false;
    }
  }

  /** Quantizes one layer at a time (weights, and activations if given) and scores each. */
  sensitivity(scheme: QuantScheme, options: { activations?: QuantScheme } = {}): LayerSensitivity[] {
    return drain(this.sensitivitySteps(scheme, options));
  }

  /** `sensitivity` one batch of one layer's evaluation per step. */
  *sensitivitySteps(scheme: QuantScheme, options: { activations?: QuantScheme } = {}): Steps<LayerSensitivity[]> {
    const entries: LayerSensitivity[] = [];
    for (const [i, layer] of this.layers.entries()) {
      const config = { weights: scheme, activations: options.activations, layers: [layer.name] };
      const result = yield* within(this.evaluateSteps(config), i / this.layers.length, (i + 1) / this.layers.length);
      entries.push({ layer: layer.name, accuracy: result.accuracy, accuracyDrop: result.accuracyDrop, weightStats: result.weights[0]?.stats });
    }
    return entries;
  }

  /** The calibrated clipping range of the tensor feeding `layer` under an integer scheme. */
  activationRange(layer: string, scheme: IntegerScheme): { lo: number; hi: number } {
    const target = selectLayers(this.model, [layer])[0]!;
    const resolved = resolveIntegerScheme(scheme);
    const key = `${target.inputFrom}|${JSON.stringify(resolved)}`;
    let range = this.rangeCache.get(key);
    if (!range) {
      // calibrateRange may reorder its input (percentiles sort), so it gets a copy.
      const samples = this.samplesFor(target.inputFrom).slice();
      range = calibrateRange(samples, samples.length, resolved);
      this.rangeCache.set(key, range);
    }
    return range;
  }

  private planActivation(layer: QuantizableLayer, scheme: QuantScheme): ActivationPlan {
    checkScheme(scheme);
    const label = schemeLabel(scheme);
    if (scheme.kind === 'float') {
      const options = { saturate: scheme.saturate };
      return {
        report: { layer: layer.name, inputFrom: layer.inputFrom, scheme: label, lo: -Infinity, hi: Infinity, scale: NaN, zeroPoint: NaN },
        apply: (values) => roundToFormatCounting(values, scheme.format, options, values).overflowed,
      };
    }
    if ((scheme.granularity ?? 'per-tensor') !== 'per-tensor') {
      throw new RangeError(`activations are quantized per tensor (one scale per calibrated tensor), got ${scheme.granularity}`);
    }
    const resolved = resolveIntegerScheme(scheme);
    const { lo, hi } = this.activationRange(layer.name, scheme);
    const { scale, zeroPoint } = quantParams(lo, hi, resolved);
    const { qmin, qmax } = resolved;
    return {
      report: { layer: layer.name, inputFrom: layer.inputFrom, scheme: label, lo, hi, scale, zeroPoint },
      apply: (values) => fakeQuantizeInPlace(values, scale, zeroPoint, qmin, qmax),
    };
  }

  /** The data set with its inputs fake-quantized (cached for the last scheme used). */
  private quantizedDataset(scheme: QuantScheme, plan: ActivationPlan): Dataset {
    const key = JSON.stringify(scheme);
    if (this.quantizedInput?.key !== key) {
      const inputs = this.dataset.inputs.slice();
      this.quantizedInputClipped = plan.apply(inputs);
      this.quantizedInput = { key, dataset: { ...this.dataset, inputs } };
    }
    return this.quantizedInput.dataset;
  }

  /** Every value of the tensor `inputFrom` over the calibration images, from the FP32 model. */
  private samplesFor(inputFrom: string): Float32Array {
    if (!this.activationSamples) this.activationSamples = this.collectCalibrationSamples();
    return this.activationSamples.get(inputFrom)!;
  }

  private collectCalibrationSamples(): Map<string, Float32Array> {
    const { model, dataset, calibrationIndices } = this;
    const sampleSize = sizeOf(dataset.sampleShape);
    const count = calibrationIndices.length;
    const inputs = new Float32Array(count * sampleSize);
    calibrationIndices.forEach((index, n) => inputs.set(dataset.inputs.subarray(index * sampleSize, (index + 1) * sampleSize), n * sampleSize));
    const samples = new Map<string, Float32Array>([['input', inputs]]);
    const offsets = new Map<string, number>();
    const stops: (() => void)[] = [];
    for (const layer of this.layers) {
      if (layer.inputFrom === 'input') continue;
      const producer = model.layer(layer.inputFrom);
      samples.set(layer.inputFrom, new Float32Array(count * sizeOf(producer.outputShape)));
      offsets.set(layer.inputFrom, 0);
      stops.push(
        model.observe(layer.inputFrom, (values) => {
          const offset = offsets.get(layer.inputFrom)!;
          samples.get(layer.inputFrom)!.set(values, offset);
          offsets.set(layer.inputFrom, offset + values.length);
        }),
      );
    }
    try {
      const batchSize = 250;
      for (let start = 0; start < count; start += batchSize) {
        const batch = Math.min(batchSize, count - start);
        model.forward(inputs.subarray(start * sampleSize, (start + batch) * sampleSize), batch);
      }
    } finally {
      for (const stop of stops) stop();
    }
    return samples;
  }
}

/** Refuses calibration options that cannot be met; returns the number of calibration images. */
function checkCalibration(dataset: Dataset, options: CalibrationOptions): number {
  const images = options.images ?? DEFAULT_CALIBRATION_IMAGES;
  if (!Number.isInteger(images) || images < 1 || images > dataset.count) {
    throw new RangeError(`calibration images must be an integer from 1 to ${dataset.count}, got ${images}`);
  }
  return images;
}

/** A session for the model (with FP32 weights) and its evaluation data. */
export function createQuantSession(model: Sequential, dataset: Dataset, options: CalibrationOptions = {}): QuantSession {
  return drain(quantSessionSteps(model, dataset, options));
}

/** `createQuantSession` with the FP32 baseline evaluated one batch per step. */
export function* quantSessionSteps(model: Sequential, dataset: Dataset, options: CalibrationOptions = {}): Steps<QuantSession> {
  checkCalibration(dataset, options);
  const baseline = yield* evaluationSteps(model, dataset);
  return new QuantSession(model, dataset, baseline, options);
}
