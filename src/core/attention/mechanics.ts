import type { AttentionModel } from './model.js';

/** One key's part in a query row. */
export interface KeyStep {
  position: number;
  id: number;
  key: number[];
  value: number[];
  /** q·k. */
  dot: number;
  /** q·k/√d_k; −∞ where the causal mask hides the key. */
  scaled: number;
  /** A key after the query: the causal mask sets its score to −∞, so its weight is 0. */
  masked: boolean;
  /** softmax of the scaled scores over the row. */
  weight: number;
}

/**
 * How one head computes one row of attention, number by number (Vaswani et al. 2017,
 * https://arxiv.org/abs/1706.03762, eq. 1, with GPT's causal mask): the query q of position t,
 * each key k_s with q·k_s/√d_k, the mask for s > t, the softmax, the weighted sum of the values,
 * and the output projection W_O's share of it. Computed in float64 from the model's own q, k, v
 * and weights, so the weights match the model's row to float32 rounding.
 */
export interface QueryRowMechanics {
  layer: number;
  head: number;
  position: number;
  headDim: number;
  /** 1/√d_k. */
  scale: number;
  query: number[];
  keys: KeyStep[];
  /** The largest unmasked scaled score, subtracted before exponentiating (softmax is unchanged by it). */
  maxScore: number;
  /** Σ exp(scaled − max) over the unmasked keys. */
  expSum: number;
  /** Σ_s weight_s·v_s: the head's output at this position (d_k numbers). */
  headOutput: number[];
  /** W_O restricted to this head's columns times its output: what the head adds to the layer's output (d_model numbers). */
  projected: number[];
  /** The attention layer's output at this position: every head's projected output plus W_O's bias. */
  layerOutput: number[];
}

export function queryRowMechanics(model: AttentionModel, ids: readonly number[], layer: number, head: number, position: number): QueryRowMechanics {
  const attention = model.layers[layer];
  if (!attention || !(head >= 0 && head < attention.heads)) throw new RangeError(`no head ${layer}.${head}`);
  if (!(Number.isInteger(position) && position >= 0 && position < ids.length)) throw new RangeError(`position ${position} is outside 0..${ids.length - 1}`);
  model.forward([ids]);
  const { headDim, heads } = attention;
  const dim = heads * headDim;
  const qkv = attention.qkvValues;
  const slice = (row: number, offset: number) => Array.from(qkv.subarray(row * 3 * dim + offset, row * 3 * dim + offset + headDim));
  const scale = 1 / Math.sqrt(headDim);
  const query = slice(position, head * headDim);
  const keys = ids.map((id, s): KeyStep => {
    const key = slice(s, dim + head * headDim);
    const dot = key.reduce((sum, k, d) => sum + k * query[d]!, 0);
    const masked = s > position;
    return { position: s, id, key, value: slice(s, 2 * dim + head * headDim), dot, scaled: masked ? -Infinity : dot * scale, masked, weight: 0 };
  });
  const maxScore = Math.max(...keys.map((k) => k.scaled));
  const expSum = keys.reduce((sum, k) => sum + Math.exp(k.scaled - maxScore), 0);
  for (const k of keys) k.weight = Math.exp(k.scaled - maxScore) / expSum;
  const headOutput = Array.from({ length: headDim }, (_, d) => keys.reduce((sum, k) => sum + k.weight * k.value[d]!, 0));
  const weight = attention.proj.weight.data;
  const projectHead = (h: number, output: ArrayLike<number>) =>
    Array.from({ length: dim }, (_, o) => {
      let sum = 0;
      for (let d = 0; d < headDim; d++) sum += weight[o * dim + h * headDim + d]! * output[d]!;
      return sum;
    });
  const projected = projectHead(head, headOutput);
  const others = Array.from({ length: heads }, (_, h) =>
    h === head ? projected : projectHead(h, attention.headOutputs.subarray(position * dim + h * headDim, position * dim + (h + 1) * headDim)),
  );
  const bias = attention.proj.bias.data;
  const layerOutput = Array.from({ length: dim }, (_, o) => bias[o]! + others.reduce((sum, part) => sum + part[o]!, 0));
  return { layer, head, position, headDim, scale, query, keys, maxScore, expSum, headOutput, projected, layerOutput };
}
