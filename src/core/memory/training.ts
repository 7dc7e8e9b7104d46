/**
 * Memory of one training step on one device: model states per ZeRO, activations per
 * Korthikanti et al. 2022 (transformers) or the layer table (vision), and framework overhead.
 */
import { MEMORY_UNITS_NOTE, overheadPart, totalPart } from './breakdown.js';
import type { MemoryBreakdown, MemoryPart, OverheadOptions } from './breakdown.js';
import { formatBytes, formatCount } from '../shared/format.js';
import { OPTIMIZERS, PRECISION_REGIMES, optimizerState, precisionBytes, zeroDivisors } from './model-state.js';
import type { OptimizerName, PrecisionRegime, ZeroStage } from './model-state.js';
import { modelParameterTensors, resolveModel } from './models.js';
import type { Model, ModelRef, TransformerModel, VisionModel } from './models.js';
import { layerActivationBytesPerToken, outsideLayerActivationBytesPerToken } from './transformer.js';
import { buildVisionTable } from './vision.js';

export type Recomputation = 'none' | 'selective' | 'full';

export const RECOMPUTATIONS: readonly Recomputation[] = ['none', 'selective', 'full'];

export interface TrainingOptions {
  model: ModelRef;
  /** Micro-batch on each device (samples per forward/backward). */
  batchSize: number;
  /** Tokens per sample (transformers). Default: min(1024, the model's maximum positions). */
  sequenceLength?: number;
  /** Square input side in pixels (vision). Default: the preset's (224). */
  imageSize?: number;
  precision: PrecisionRegime;
  optimizer: OptimizerName;
  /** Activation recomputation (Korthikanti et al. 2022). Default 'none'. */
  recomputation?: Recomputation;
  /**
   * A fused attention kernel (FlashAttention, Dao et al. 2022, https://arxiv.org/abs/2205.14135)
   * for transformers: the scores are never stored. Default false.
   */
  fusedAttention?: boolean;
  /** ZeRO stage 0–3. Default 0. */
  zeroStage?: ZeroStage;
  /** Data-parallel degree N_d that ZeRO shards over. Default 1. */
  dataParallel?: number;
  overhead?: OverheadOptions;
}

export type TrainingPartKey = 'weights' | 'gradients' | 'optimizer' | 'activations' | 'overhead';

export const TRAINING_PART_KEYS: readonly TrainingPartKey[] = ['weights', 'gradients', 'optimizer', 'activations', 'overhead'];

export interface TrainingMemory extends MemoryBreakdown<TrainingPartKey> {
  model: Model;
  params: number;
}

/** Options with defaults filled in and checked; throws a RangeError naming a bad option. */
export interface ResolvedTrainingOptions {
  model: Model;
  batchSize: number;
  sequenceLength: number;
  imageSize: number;
  precision: PrecisionRegime;
  optimizer: OptimizerName;
  recomputation: Recomputation;
  /** Always false for vision models (their attention, in ViT, is counted unfused). */
  fusedAttention: boolean;
  zeroStage: ZeroStage;
  dataParallel: number;
  overhead: OverheadOptions | undefined;
}

function oneOf<T>(name: string, value: T, allowed: readonly T[]): void {
  if (!allowed.includes(value)) throw new RangeError(`${name} must be one of ${allowed.join(', ')}, got ${String(value)}`);
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  return value;
}

// Below 32 px the five stride-2 stages of these networks leave no feature map.
function imageSize(value: number): number {
  if (!Number.isInteger(value) || value < 32) throw new RangeError(`imageSize must be an integer ≥ 32, got ${value}`);
  return value;
}

export function resolveTrainingOptions(options: TrainingOptions): ResolvedTrainingOptions {
  const model = resolveModel(options.model);
  const sequenceLength =
    model.kind === 'transformer'
      ? positiveInteger('sequenceLength', options.sequenceLength ?? Math.min(1024, model.config.maxPositions))
      : 1;
  if (model.kind === 'transformer' && sequenceLength > model.config.maxPositions) {
    throw new RangeError(`sequenceLength ${sequenceLength} exceeds the model's max_position_embeddings ${model.config.maxPositions}`);
  }
  const zeroStage = options.zeroStage ?? 0;
  oneOf('zeroStage', zeroStage, [0, 1, 2, 3]);
  oneOf('precision', options.precision, PRECISION_REGIMES);
  oneOf('optimizer', options.optimizer, OPTIMIZERS);
  oneOf('recomputation', options.recomputation ?? 'none', RECOMPUTATIONS);
  return {
    model,
    batchSize: positiveInteger('batchSize', options.batchSize),
    sequenceLength,
    imageSize: model.kind === 'vision' ? imageSize(options.imageSize ?? model.defaultImageSize) : 0,
    precision: options.precision,
    optimizer: options.optimizer,
    recomputation: options.recomputation ?? 'none',
    fusedAttention: model.kind === 'transformer' && (options.fusedAttention ?? false),
    zeroStage,
    dataParallel: positiveInteger('dataParallel', options.dataParallel ?? 1),
    overhead: options.overhead,
  };
}

const ZERO_SOURCE = 'ZeRO, Rajbhandari et al. 2020, §3.1 and §5 (https://arxiv.org/abs/1910.02054)';
const KORTHIKANTI = 'Korthikanti et al. 2022, §4 (https://arxiv.org/abs/2205.05198)';

function shardedPart(
  key: TrainingPartKey,
  label: string,
  bytesPerParam: number,
  symbol: string,
  params: number,
  divisor: number,
  source: string,
): MemoryPart<TrainingPartKey> {
  const bytes = (bytesPerParam * params) / divisor;
  const shard = divisor > 1 ? ' / N_d' : '';
  const shardValue = divisor > 1 ? ` / ${divisor}` : '';
  return {
    key,
    label,
    bytes,
    formula: `${symbol}·Ψ${shard}`,
    substituted: `${bytesPerParam} B × ${formatCount(params)}${shardValue} = ${formatBytes(bytes)}`,
    source,
  };
}

/** Activation bytes of a transformer training step, per Korthikanti et al. 2022. */
function transformerActivations(model: TransformerModel, o: ResolvedTrainingOptions): MemoryPart<TrainingPartKey> {
  const c = model.config;
  const w = precisionBytes(o.precision).activation;
  const { batchSize: b, sequenceLength: s } = o;
  const { numLayers: L, hiddenSize: h, numHeads: a, vocabSize: V } = c;
  const layer = layerActivationBytesPerToken(c, w);
  const outside = outsideLayerActivationBytesPerToken(c, w);
  const outsideHidden = (outside - 4 * V) / h;
  const coefficientH = layer.perToken / h;
  const coefficientA = layer.perTokenPerPosition / a;
  const outsideFormula = `s·b·(${formatCount(outsideHidden)}·h + 4·V)`;
  const outsideValue = `${s} × ${b} × (${formatCount(outsideHidden)} × ${h} + 4 × ${formatCount(V)})`;
  const outsideBytes = s * b * outside;
  let layerBytes: number;
  let formula: string;
  let substituted: string;
  // FlashAttention keeps only each row's softmax statistics (one FP32 log-sum-exp per head and
  // token) and regenerates the dropout mask: the s² terms go, as with selective recomputation.
  const recomputation = o.recomputation === 'none' && o.fusedAttention ? 'fused' : o.recomputation;
  switch (recomputation) {
    case 'fused':
      layerBytes = s * b * (layer.perToken + 4 * a);
      formula = `L·s·b·(h·c_h + 4·a) + ${outsideFormula}`;
      substituted = `${L} × ${s} × ${b} × (${h} × ${formatCount(coefficientH)} + 4 × ${a})`;
      break;
    case 'none':
      layerBytes = s * b * (layer.perToken + layer.perTokenPerPosition * s);
      formula = `L·s·b·h·(c_h + c_a·a·s/h) + ${outsideFormula}`;
      substituted = `${L} × ${s} × ${b} × ${h} × (${formatCount(coefficientH)} + ${formatCount(coefficientA)} × ${a} × ${s} / ${h})`;
      break;
    case 'selective':
      layerBytes = s * b * layer.perToken;
      formula = `L·s·b·h·c_h + ${outsideFormula}`;
      substituted = `${L} × ${s} × ${b} × ${h} × ${formatCount(coefficientH)}`;
      break;
    case 'full':
      layerBytes = s * b * h * w;
      formula = `L·s·b·h·w + ${outsideFormula}`;
      substituted = `${L} × ${s} × ${b} × ${h} × ${w}`;
      break;
  }
  const bytes = L * layerBytes + outsideBytes;
  return {
    key: 'activations',
    label: 'Activations',
    bytes,
    formula,
    substituted: `${substituted} + ${outsideValue} = ${formatBytes(bytes)}`,
    source: `${KORTHIKANTI}; c_h = 34, c_a = 5 for GPT-style layers at 16 bits; logits in FP32`,
  };
}

function visionActivations(model: VisionModel, o: ResolvedTrainingOptions): MemoryPart<TrainingPartKey> {
  const table = buildVisionTable(model.architecture, o.imageSize);
  const w = precisionBytes(o.precision).activation;
  const b = o.batchSize;
  const source = 'layer table: tensors PyTorch autograd saves (conv/BN/linear inputs, ReLU outputs, pool indices)';
  if (o.recomputation === 'full') {
    const bytes = b * w * table.blockInputElements;
    return {
      key: 'activations',
      label: 'Activations',
      bytes,
      formula: 'b·w·E_blocks (inputs of checkpointed blocks)',
      substituted: `${b} × ${w} × ${formatCount(table.blockInputElements)} = ${formatBytes(bytes)}`,
      source: `${source}; full recomputation keeps only each block's input (Chen et al. 2016, https://arxiv.org/abs/1604.06174)`,
    };
  }
  const bytes = b * (w * table.savedElements + table.savedFixedBytes);
  return {
    key: 'activations',
    label: 'Activations',
    bytes,
    formula: 'b·(w·E_saved + B_fixed)',
    substituted: `${b} × (${w} × ${formatCount(table.savedElements)} + ${formatCount(table.savedFixedBytes)}) = ${formatBytes(bytes)}`,
    source,
  };
}

/** Per-device memory of one training step, part by part. */
export function estimateTrainingMemory(options: TrainingOptions): TrainingMemory {
  const o = resolveTrainingOptions(options);
  const { model } = o;
  const params = model.params;
  const bytes = precisionBytes(o.precision);
  const divisors = zeroDivisors(o.zeroStage, o.dataParallel);
  const optimizer = optimizerState(o.optimizer, o.precision, params, () => modelParameterTensors(model));
  const optimizerBytes = optimizer.bytes / divisors.optimizer;
  const modelParts: MemoryPart<TrainingPartKey>[] = [
    shardedPart('weights', 'Weights', bytes.weight, 'k_w', params, divisors.weights, ZERO_SOURCE),
    shardedPart('gradients', 'Gradients', bytes.gradient, 'k_g', params, divisors.gradients, ZERO_SOURCE),
    {
      key: 'optimizer',
      label: 'Optimizer state',
      bytes: optimizerBytes,
      formula: divisors.optimizer > 1 ? `(${optimizer.formula}) / N_d` : optimizer.formula,
      substituted: `${divisors.optimizer > 1 ? `(${optimizer.substituted}) / ${divisors.optimizer}` : optimizer.substituted} = ${formatBytes(optimizerBytes)}`,
      source: `${optimizer.source}; sharding: ${ZERO_SOURCE}`,
    },
    model.kind === 'transformer' ? transformerActivations(model, o) : visionActivations(model, o),
  ];
  const parts = [...modelParts, overheadPart(modelParts.reduce((sum, p) => sum + p.bytes, 0), o.overhead)];
  return { model, params, parts, total: totalPart(parts), assumptions: trainingAssumptions(o) };
}

function trainingAssumptions(o: ResolvedTrainingOptions): string[] {
  const notes = [
    'Batch size is the micro-batch on one device; ZeRO shards model states over N_d data-parallel devices and leaves activations alone.',
    MEMORY_UNITS_NOTE,
  ];
  if (o.precision === 'fp32') notes.push('FP32 activations take 4 bytes each; dropout masks stay 1 byte and FP32 logits 4 bytes.');
  if (o.model.kind === 'transformer') {
    notes.push(
      'Transformer activations ignore the transient working set of the layer being recomputed and of the backward pass, as Korthikanti et al. do.',
      o.fusedAttention
        ? 'FlashAttention stores no attention scores, only one FP32 softmax statistic per head and token, and regenerates its dropout mask.'
        : 'Without recomputation the attention scores are stored, as in an unfused implementation; a fused kernel (FlashAttention) stores none.',
    );
  } else {
    if (o.recomputation === 'selective') {
      notes.push('Selective recomputation only drops attention-score tensors; these vision models store none, so it equals no recomputation.');
    }
    if (o.model.architecture.family === 'vit' && o.imageSize !== o.model.architecture.imageSize) {
      notes.push('ViT at another image size: token count follows the image; the position embedding stays at its trained size (interpolated).');
    }
  }
  return notes;
}
