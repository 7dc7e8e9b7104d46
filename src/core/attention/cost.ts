import type { TransformerConfig } from '../memory/config.js';
import { kvCacheBytes, kvCacheShape } from '../memory/inference.js';
import { resolveModel, type ModelRef, type TransformerModel } from '../memory/models.js';
import { forwardFlopsPerSequence, layerActivationBytesPerToken } from '../memory/transformer.js';
import type { Derivation } from '../shared/derivation.js';
import { formatBytes, formatCount, formatScientific, formatShare } from '../shared/format.js';
import { MAX_COST_CONTEXT } from './lab.js';

export { MAX_COST_CONTEXT };

const NARAYANAN = 'Narayanan et al. 2021, §5.1 (https://arxiv.org/abs/2104.04473)';
const KORTHIKANTI = 'Korthikanti et al. 2022, §4.1 (https://arxiv.org/abs/2205.05198)';
const FLASH = 'FlashAttention, Dao et al. 2022 (https://arxiv.org/abs/2205.14135): one FP32 softmax statistic per head and token';
const KV = 'Kwon et al. 2023, §3 (https://arxiv.org/abs/2309.06180)';

export interface AttentionCostOptions {
  /** A memory-core preset id (`gpt2`, `llama-2-7b`, …) or a transformer model. */
  model: ModelRef;
  /** Tokens per sequence, 1..MAX_COST_CONTEXT; past the model's own maximum it is the cost the same layers would have. */
  contextLength: number;
  batchSize?: number;
  /** Bytes per activation and per cached key or value (2 for FP16/BF16). */
  bytesPerValue?: number;
}

export interface AttentionCost {
  model: TransformerModel;
  contextLength: number;
  batchSize: number;
  /** Forward FLOPs per sequence of the score and value products, QKᵀ and A·V, over all layers. */
  attentionFlops: number;
  /** Forward FLOPs per sequence of the layers' linear maps (projections and MLP), all layers. */
  linearFlops: number;
  /** attentionFlops / linearFlops; s/(6h) for GPT-style layers. */
  attentionShare: number;
  /** The attention scores one training step stores for backward, all layers (the s² term). */
  scoreBytes: number;
  /** What FlashAttention stores instead, all layers (linear in s). */
  flashBytes: number;
  /** Key and value bytes one token adds to the KV cache, all layers. */
  kvCacheBytesPerToken: number;
  derivations: Derivation[];
}

/** Weights in one layer's matrix products: Q, K, V, output projection and the MLP's two or three matrices. */
function layerMatrixWeights(c: TransformerConfig): number {
  const q = c.numHeads * c.headDim;
  const kv = c.numKvHeads * c.headDim;
  return c.hiddenSize * (q + 2 * kv) + q * c.hiddenSize + (c.mlp === 'gated' ? 3 : 2) * c.hiddenSize * c.intermediateSize;
}

/**
 * What attention costs a model at a context length, beside the rest: FLOPs against the linear
 * layers', the score memory a training step keeps against FlashAttention's, and the KV cache a
 * served token adds. Every figure uses the memory core's formulas on its presets.
 */
export function attentionCost(options: AttentionCostOptions): AttentionCost {
  const model = resolveModel(options.model);
  if (model.kind !== 'transformer') throw new RangeError(`${model.name} is not a transformer`);
  const s = options.contextLength;
  const b = options.batchSize ?? 1;
  const w = options.bytesPerValue ?? 2;
  if (!(Number.isInteger(s) && s >= 1 && s <= MAX_COST_CONTEXT)) throw new RangeError(`contextLength must be an integer in 1..${MAX_COST_CONTEXT}, got ${s}`);
  if (!(Number.isInteger(b) && b >= 1)) throw new RangeError(`batchSize must be a positive integer, got ${b}`);
  const c = model.config;
  const { numLayers: L, numHeads: a, hiddenSize: h, headDim } = c;
  const attentionFlops = forwardFlopsPerSequence(c, model.params, s).attentionScores;
  const linearFlops = 2 * s * L * layerMatrixWeights(c);
  const attentionShare = attentionFlops / linearFlops;
  const scorePerPosition = layerActivationBytesPerToken(c, w).perTokenPerPosition;
  const scoreBytes = L * scorePerPosition * s * s * b;
  const flashBytes = L * 4 * a * s * b;
  const kvCacheBytesPerToken = kvCacheBytes(kvCacheShape(c, 1, 1, w));
  const scoreCoefficient = scorePerPosition / a;
  const derivations: Derivation[] = [
    {
      label: 'Attention FLOPs (forward, per sequence)',
      formula: 'F_attn = 4·L·a·d_head·s²',
      substituted: `4 × ${L} × ${a} × ${headDim} × ${s}²`,
      result: formatScientific(attentionFlops),
      source: `${NARAYANAN}; QKᵀ and A·V counted dense, as there (a causal kernel may skip about half)`,
    },
    {
      label: 'Linear-layer FLOPs (forward, per sequence)',
      formula: 'F_lin = 2·s·L·W_layer (W_layer: weights of Q, K, V, O and the MLP)',
      substituted: `2 × ${s} × ${L} × ${formatCount(layerMatrixWeights(c))}`,
      result: formatScientific(linearFlops),
      source: `${NARAYANAN}: 24·s·h² per GPT layer`,
    },
    {
      label: 'Attention against the linear layers',
      formula: c.mlp === 'gelu' && c.numKvHeads === c.numHeads && c.intermediateSize === 4 * h ? 'F_attn / F_lin = s/(6·h)' : 'F_attn / F_lin',
      substituted: `${formatScientific(attentionFlops)} / ${formatScientific(linearFlops)}`,
      result: formatShare(attentionShare),
      source: NARAYANAN,
    },
    {
      label: 'Attention scores stored for backward (all layers)',
      formula: `M_scores = L·${formatCount(scoreCoefficient)}·a·s²·b`,
      substituted: `${L} × ${formatCount(scoreCoefficient)} × ${a} × ${s}² × ${b}`,
      result: formatBytes(scoreBytes),
      source: `${KORTHIKANTI}: softmax output${c.attentionDropout ? ', dropout mask and dropout output (5·a·s²·b at 16 bits)' : ` (${w}·a·s²·b, no attention dropout)`}`,
    },
    {
      label: 'FlashAttention instead (all layers)',
      formula: 'M_flash = L·4·a·s·b',
      substituted: `${L} × 4 × ${a} × ${s} × ${b}`,
      result: formatBytes(flashBytes),
      source: FLASH,
    },
    {
      label: 'KV cache per token',
      formula: 'M_kv = 2·L·n_kv·d_head·k_kv',
      substituted: `2 × ${L} × ${c.numKvHeads} × ${headDim} × ${w}`,
      result: formatBytes(kvCacheBytesPerToken),
      source: KV,
    },
  ];
  return { model, contextLength: s, batchSize: b, attentionFlops, linearFlops, attentionShare, scoreBytes, flashBytes, kvCacheBytesPerToken, derivations };
}

/** Context lengths from 128 to 128 k in powers of two, for the cost chart's x axis. */
export function costContextLengths(from = 128, to = MAX_COST_CONTEXT): number[] {
  const lengths: number[] = [];
  for (let s = from; s <= to; s *= 2) lengths.push(s);
  return lengths;
}
