/**
 * The quantization lab (`<ml-quant-lab>`) as a module: its state, declared once; the
 * quantization a state asks for; and what the lab says about a result: the cliff diagnosis with
 * its reasons and the Math Peek's derivations. Pure: the evaluation itself runs on a
 * `QuantSession` (see model.ts), in steps; what the lab draws before (or without) evaluating
 * needs only the model's `QuantWeights`.
 */
import type { Derivation } from '../shared/derivation.js';
import { defineSchema, type StateOf } from '../shared/lab-schema.js';
import { formatBytes, formatShare, formatSignificant } from '../shared/format.js';
import { FLOAT_FORMATS, FLOAT_FORMAT_SPECS } from '../shared/float-format-specs.js';
import type { LayerSensitivity, ModelQuantConfig, QuantizedEvaluation, QuantWeights } from './model.js';
import type { QuantizableLayer } from './layers.js';
import type { QuantScheme } from './scheme.js';
import { idealSqnrDb } from './stats.js';

/** Accuracy falling more than this many points below FP32 is a "cliff". */
export const CLIFF_POINTS = 5;

/** The quantization lab's state: every parameter with its range, default, unit and label. */
export const quantLabSchema = defineSchema({
  params: {
    model: {
      kind: 'choice',
      label: 'Model',
      default: 'mlp',
      widget: 'toggle',
      choices: [
        { value: 'mlp', label: 'MLP' },
        { value: 'cnn', label: 'CNN' },
      ],
    },
    format: {
      kind: 'choice',
      label: 'Format',
      default: 'int',
      choices: [{ value: 'int', label: 'Integer (choose bits)' }, ...FLOAT_FORMATS.map((value) => ({ value, label: FLOAT_FORMAT_SPECS[value].label }))],
    },
    bits: { kind: 'integer', label: 'Bit width', default: 8, min: 2, max: 8, unit: 'bits' },
    scheme: {
      kind: 'choice',
      label: 'Zero point',
      default: 'symmetric',
      widget: 'toggle',
      choices: [
        { value: 'symmetric', label: 'Symmetric' },
        { value: 'asymmetric', label: 'Asymmetric' },
      ],
    },
    granularity: {
      kind: 'choice',
      label: 'Scale per',
      default: 'per-tensor',
      widget: 'toggle',
      choices: [
        { value: 'per-tensor', label: 'Tensor' },
        { value: 'per-channel', label: 'Channel' },
        { value: 'per-group', label: 'Group' },
      ],
    },
    groupSize: { kind: 'integer', label: 'Group size', default: 32, min: 2, max: 256, scale: 'pow2', unit: 'inputs' },
    calibration: {
      kind: 'choice',
      label: 'Clipping range',
      default: 'min-max',
      choices: [
        { value: 'min-max', label: 'Min–max' },
        { value: 'percentile', label: '99.9th percentile' },
        { value: 'mse', label: 'Least squared error' },
      ],
    },
    quantize: {
      kind: 'choice',
      label: 'Quantize',
      default: 'weights',
      widget: 'toggle',
      choices: [
        { value: 'weights', label: 'Weights' },
        { value: 'weights-activations', label: '+ activations' },
      ],
    },
    // The layers are the loaded model's: the lab draws this control itself.
    layer: { kind: 'text', label: 'Histogram of layer', default: '', maxLength: 60 },
  },
  applies: {
    bits: (state) => state.format === 'int',
    scheme: (state) => state.format === 'int',
    granularity: (state) => state.format === 'int',
    groupSize: (state) => state.format === 'int' && state.granularity === 'per-group',
    calibration: (state) => state.format === 'int',
  },
  results: {
    accuracy: {
      kind: 'accuracy',
      label: 'Test accuracy',
      prompt: 'What accuracy will the model keep on the 2,000 test digits at this setting?',
    },
    // The size and the compression give each other away (the FP32 size is shown).
    bytes: { kind: 'quantity', label: 'Model size', unit: 'KiB', per: 1024, scale: 'log', alsoHides: ['compression'], prompt: 'How large is the quantized model?' },
    compression: {
      kind: 'quantity',
      label: 'Compression against FP32',
      unit: 'times smaller',
      scale: 'log',
      alsoHides: ['bytes'],
      prompt: 'How many times smaller than in FP32 is the model at this setting?',
    },
  },
});

export type QuantLabState = StateOf<typeof quantLabSchema.params>;

/** Bits per weight of the state's format. */
export function weightBits(state: QuantLabState): number {
  return state.format === 'int' ? state.bits : FLOAT_FORMAT_SPECS[state.format].bits;
}

/** The scheme of the weights a state asks for. */
export function weightScheme(state: QuantLabState): QuantScheme {
  if (state.format !== 'int') return { kind: 'float', format: state.format };
  return {
    kind: 'int',
    bits: state.bits,
    symmetric: state.scheme === 'symmetric',
    granularity: state.granularity,
    // Only groups have a size: other schemes stay the same (and cached) whatever it is.
    ...(state.granularity === 'per-group' ? { groupSize: state.groupSize } : {}),
    calibration: state.calibration === 'percentile' ? { method: 'percentile', percentile: 99.9 } : { method: state.calibration },
  };
}

/** The evaluation a state asks for: its weights' scheme and, if chosen, the activations'. */
export function quantConfig(state: QuantLabState): ModelQuantConfig {
  const weights = weightScheme(state);
  if (state.quantize !== 'weights-activations') return { weights };
  // Activations have one scale per tensor, calibrated once on the calibration images.
  return { weights, activations: weights.kind === 'int' ? { ...weights, granularity: 'per-tensor' } : weights };
}

/** Widest output channel's range over the median channel's (1 when the channels agree). */
export function outlierRatio(values: Float32Array, channels: number): number {
  const size = values.length / channels;
  const ranges: number[] = [];
  for (let c = 0; c < channels; c++) {
    let max = 0;
    for (let i = c * size; i < (c + 1) * size; i++) max = Math.max(max, Math.abs(values[i]!));
    ranges.push(max);
  }
  ranges.sort((a, b) => a - b);
  const median = ranges[Math.floor(channels / 2)]!;
  return median > 0 ? ranges[channels - 1]! / median : 1;
}

export interface CliffDiagnosis {
  heading: string;
  /** Why accuracy fell, and what to try, most direct first. */
  reasons: string[];
}

/**
 * The quantization cliff (accuracy more than CLIFF_POINTS below FP32) and its likely causes, or
 * undefined while accuracy holds. `layer` is the layer whose weights the lab shows; `sensitivity`,
 * once measured, names the layer that costs most on its own.
 */
export function diagnoseCliff(
  state: QuantLabState,
  result: Pick<QuantizedEvaluation, 'accuracy' | 'baselineAccuracy' | 'accuracyDrop'>,
  weights: QuantWeights,
  layer: QuantizableLayer,
  sensitivity?: readonly LayerSensitivity[],
): CliffDiagnosis | undefined {
  if (result.accuracyDrop * 100 <= CLIFF_POINTS) return undefined;
  const reasons: string[] = [];
  const integer = state.format === 'int';
  if (integer && state.bits <= 3) {
    reasons.push(`${state.bits} bits leave only ${2 ** state.bits} levels for every weight: most weights round to the same few values.`);
  }
  const outliers = outlierRatio(weights.fp32(layer.weight), layer.shape[0]!);
  if (integer && state.granularity === 'per-tensor' && outliers > 2) {
    reasons.push(
      `One output channel's range is ${formatSignificant(outliers)}× the median: with one scale per tensor it stretches the step for all the others. Try a scale per channel.`,
    );
  }
  const worst = sensitivity && [...sensitivity].sort((a, b) => b.accuracyDrop - a.accuracyDrop)[0];
  if (worst) reasons.push(`Layer ${worst.layer} is the most sensitive (−${formatSignificant(worst.accuracyDrop * 100)} points alone): keep it in higher precision.`);
  if (integer && state.calibration === 'min-max') reasons.push('A clipping range chosen for least error (MSE) trades a few clipped outliers for finer steps.');
  return {
    heading: `Quantization cliff: accuracy fell from ${formatShare(result.baselineAccuracy)} to ${formatShare(result.accuracy)}`,
    reasons,
  };
}

/**
 * The Math Peek: for an integer format, the scale (and zero point) of `layer` per tensor and the
 * quantize–dequantize rule with its bound; the 6.02 dB-per-bit reference; and, when `result` is
 * given, each quantized parameter's size and the model's.
 */
export function quantDerivations(state: QuantLabState, weights: QuantWeights, layer: QuantizableLayer, result?: QuantizedEvaluation): Derivation[] {
  const scheme = weightScheme(state);
  const items: Derivation[] = [];
  if (scheme.kind === 'int') {
    const q = weights.quantizedWeight(layer, { ...scheme, granularity: 'per-tensor' }).integer!;
    const scale = q.scales[0]!;
    const levels = 2 ** (state.bits - 1) - 1;
    items.push(
      state.scheme === 'symmetric'
        ? {
            label: `Scale of ${layer.name} (symmetric, per tensor)`,
            formula: 'Δ = max|x| / (2^(b−1) − 1)',
            substituted: `Δ = ${formatSignificant(scale * levels, 4)} / ${levels} = ${formatSignificant(scale, 4)}`,
            source: 'PyTorch MinMaxObserver, symmetric; ONNX QuantizeLinear',
          }
        : {
            label: `Scale and zero point of ${layer.name} (asymmetric, per tensor)`,
            formula: 'Δ = (x_max − x_min)/(2^b − 1), z = q_min − round(x_min/Δ)',
            substituted: `Δ = ${formatSignificant(scale, 4)}, z = ${q.zeroPoints[0]}`,
            source: 'PyTorch MinMaxObserver, affine; ONNX QuantizeLinear',
          },
      {
        label: 'Quantize and dequantize',
        formula: 'q = clamp(round(x/Δ) + z, q_min, q_max), x̂ = (q − z)·Δ',
        substituted: `q_min = ${q.qmin}, q_max = ${q.qmax}; |x − x̂| ≤ Δ/2 = ${formatSignificant(scale / 2, 4)} inside the range`,
        source: 'round half to even, saturation: ONNX QuantizeLinear',
      },
    );
  }
  const bits = weightBits(state);
  items.push({
    label: 'Ideal SQNR of b bits',
    formula: 'SQNR ≈ 6.02·b + 1.76 dB',
    substituted: `6.02 × ${bits} + 1.76 = ${formatSignificant(idealSqnrDb(bits), 4)} dB`,
    source: 'full-scale sine, uniform quantizer (Bennett 1948)',
  });
  if (result) {
    const { size } = result;
    // Each size gives away the model's, and with FP32's the compression.
    const reveals = ['bytes', 'compression'];
    items.push(
      ...size.parameters
        .filter((p) => p.bits < 32)
        .map((p) => ({ label: `Size of ${p.name}`, formula: '⌈n·b/8⌉ + scales + zero points', substituted: p.derivation, reveals })),
      {
        label: 'Model size',
        formula: 'Σ bytes of every parameter',
        substituted: `${formatBytes(size.bytes)} vs ${formatBytes(size.fp32Bytes)} in FP32: ${formatSignificant(size.compression)}× smaller`,
        reveals,
      },
    );
  }
  return items;
}
