/**
 * Memory of serving a model: weights, KV cache and the activations of one forward pass.
 */
import { MEMORY_UNITS_NOTE, overheadPart, totalPart } from './breakdown.js';
import type { MemoryBreakdown, MemoryPart, OverheadOptions } from './breakdown.js';
import type { TransformerConfig } from './config.js';
import { formatBytes, formatCount } from '../shared/format.js';
import { resolveModel } from './models.js';
import type { Model, ModelRef } from './models.js';
import { buildVisionTable } from './vision.js';

export type WeightPrecision = 'fp32' | 'fp16' | 'bf16' | 'fp8' | 'int8' | 'int4';
export type CachePrecision = 'fp32' | 'fp16' | 'bf16' | 'fp8' | 'int8';

export const CACHE_PRECISIONS: readonly CachePrecision[] = ['fp32', 'fp16', 'bf16', 'fp8', 'int8'];

/** Bytes per element; int4 packs two weights per byte. Quantization scales are not counted. */
export const BYTES_PER_ELEMENT: Record<WeightPrecision, number> = {
  fp32: 4,
  fp16: 2,
  bf16: 2,
  fp8: 1,
  int8: 1,
  int4: 0.5,
};

export interface KvCacheShape {
  numLayers: number;
  /** Key/value heads: the attention heads for MHA, fewer for GQA, 1 for MQA. */
  numKvHeads: number;
  headDim: number;
  sequenceLength: number;
  batchSize: number;
  bytesPerElement: number;
}

/**
 * KV-cache bytes: a key and a value vector per layer, KV head, token and sequence,
 * 2 · L · n_kv · d_head · s · b · bytes (Kwon et al. 2023, https://arxiv.org/abs/2309.06180, §3;
 * grouped-query attention shares each K/V head among n_heads / n_kv query heads, Ainslie et al. 2023).
 */
export function kvCacheBytes(shape: KvCacheShape): number {
  return 2 * shape.numLayers * shape.numKvHeads * shape.headDim * shape.sequenceLength * shape.batchSize * shape.bytesPerElement;
}

/** The KV-cache shape of a transformer config. */
export function kvCacheShape(config: TransformerConfig, sequenceLength: number, batchSize: number, bytesPerElement: number): KvCacheShape {
  return { numLayers: config.numLayers, numKvHeads: config.numKvHeads, headDim: config.headDim, sequenceLength, batchSize, bytesPerElement };
}

export interface InferenceOptions {
  model: ModelRef;
  batchSize: number;
  /** Tokens held per sequence (prompt plus generated). Default: the model's maximum positions. */
  sequenceLength?: number;
  imageSize?: number;
  weightPrecision: WeightPrecision;
  /** Default: FP32 for FP32 weights, else 16-bit. */
  kvCachePrecision?: CachePrecision;
  overhead?: OverheadOptions;
}

export type InferencePartKey = 'weights' | 'kvCache' | 'activations' | 'overhead';

export const INFERENCE_PART_KEYS: readonly InferencePartKey[] = ['weights', 'kvCache', 'activations', 'overhead'];

export interface InferenceMemory extends MemoryBreakdown<InferencePartKey> {
  model: Model;
}

const KV_SOURCE = 'vLLM, Kwon et al. 2023, §3 (https://arxiv.org/abs/2309.06180)';

/** Memory to serve a batch: weights, KV cache (transformers) and the largest transient activation. */
export function estimateInferenceMemory(options: InferenceOptions): InferenceMemory {
  const model = resolveModel(options.model);
  const b = options.batchSize;
  if (!Number.isInteger(b) || b < 1) throw new RangeError(`batchSize must be a positive integer, got ${b}`);
  const weightBytes = BYTES_PER_ELEMENT[options.weightPrecision];
  if (!(options.weightPrecision in BYTES_PER_ELEMENT)) {
    throw new RangeError(`weightPrecision must be one of ${Object.keys(BYTES_PER_ELEMENT).join(', ')}, got ${options.weightPrecision}`);
  }
  // Quantized weights are dequantized into 16-bit matmuls, so activations and, by default, the
  // KV cache are 16-bit unless the model runs in FP32.
  const w = options.weightPrecision === 'fp32' ? 4 : 2;
  const defaultCache: CachePrecision = options.weightPrecision === 'fp32' ? 'fp32' : options.weightPrecision === 'bf16' ? 'bf16' : 'fp16';
  const cachePrecision = options.kvCachePrecision ?? defaultCache;
  const weights: MemoryPart<InferencePartKey> = {
    key: 'weights',
    label: 'Weights',
    bytes: weightBytes * model.params,
    formula: 'k_w·Ψ',
    substituted: `${weightBytes} B × ${formatCount(model.params)} = ${formatBytes(weightBytes * model.params)}`,
    source: 'one copy of every parameter; quantization scales not counted',
  };
  const parts: MemoryPart<InferencePartKey>[] = [weights];
  const assumptions = [MEMORY_UNITS_NOTE];

  if (model.kind === 'transformer') {
    const c = model.config;
    const s = options.sequenceLength ?? c.maxPositions;
    if (!Number.isInteger(s) || s < 1 || s > c.maxPositions) {
      throw new RangeError(`sequenceLength must be an integer in 1..${c.maxPositions}, got ${s}`);
    }
    const cacheBytes = BYTES_PER_ELEMENT[cachePrecision];
    if (!CACHE_PRECISIONS.includes(cachePrecision)) {
      throw new RangeError(`kvCachePrecision must be one of ${CACHE_PRECISIONS.join(', ')}, got ${cachePrecision}`);
    }
    const kv = kvCacheBytes(kvCacheShape(c, s, b, cacheBytes));
    parts.push({
      key: 'kvCache',
      label: 'KV cache',
      bytes: kv,
      formula: '2·L·n_kv·d_head·s·b·k_kv',
      substituted: `2 × ${c.numLayers} × ${c.numKvHeads} × ${c.headDim} × ${s} × ${b} × ${cacheBytes} = ${formatBytes(kv)}`,
      source: KV_SOURCE,
    });
    // The largest live set in one layer during prefill: residual stream, normed input and the MLP
    // intermediates (gate, up and their product for a gated MLP), plus last-position FP32 logits.
    const mlpWidth = c.mlp === 'gated' ? 3 : 2;
    const activations = w * b * s * (2 * c.hiddenSize + mlpWidth * c.intermediateSize) + 4 * b * c.vocabSize;
    parts.push({
      key: 'activations',
      label: 'Activations (transient)',
      bytes: activations,
      formula: `w·b·s·(2·h + ${mlpWidth}·I) + 4·b·V`,
      substituted: `${w} × ${b} × ${s} × (2 × ${c.hiddenSize} + ${mlpWidth} × ${c.intermediateSize}) + 4 × ${b} × ${formatCount(c.vocabSize)} = ${formatBytes(activations)}`,
      source: 'estimate: peak live tensors of one decoder layer in prefill; attention via fused kernels (no s×s scores)',
    });
    assumptions.push('Nothing is kept between layers in inference, so activations are the peak of one layer, not a sum over layers.');
  } else {
    const imageSize = options.imageSize ?? model.defaultImageSize;
    if (!Number.isInteger(imageSize) || imageSize < 32) throw new RangeError(`imageSize must be an integer ≥ 32, got ${imageSize}`);
    const table = buildVisionTable(model.architecture, imageSize);
    const activations = w * b * table.peakWorkingElements;
    parts.push({
      key: 'activations',
      label: 'Activations (transient)',
      bytes: activations,
      formula: 'w·b·max over layers (input + output elements)',
      substituted: `${w} × ${b} × ${formatCount(table.peakWorkingElements)} = ${formatBytes(activations)}`,
      source: 'layer table: the largest input-plus-output of any layer',
    });
  }
  parts.push(overheadPart(parts.reduce((sum, p) => sum + p.bytes, 0), options.overhead));
  return { model, parts, total: totalPart(parts), assumptions };
}
