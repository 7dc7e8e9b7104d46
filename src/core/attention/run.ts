import { tokenLoss, type AttentionModel } from './model.js';

/** A head: its layer and its index in the layer, both from 0. */
export interface HeadRef {
  layer: number;
  head: number;
}

/**
 * Replacement outputs for heads: `zero` switches each listed head off (its output becomes 0);
 * `mean` puts in its mean output over some reference text (`headMeans`), so that what is removed
 * is only what the head adds for this input (mean ablation, as in Wang et al. 2022,
 * https://arxiv.org/abs/2211.00593).
 */
export interface HeadAblation {
  heads: readonly HeadRef[];
  mode: 'zero' | 'mean';
  /** [layer][head] mean outputs; needed for `mean`. */
  means?: readonly (readonly Float32Array[])[];
}

export interface Prediction {
  id: number;
  /** The token's character (the unknown symbol for the unknown id); undefined without a vocabulary. */
  symbol?: string;
  probability: number;
}

export interface PositionResult {
  /** The k likeliest next tokens after this position, likeliest first. */
  top: Prediction[];
  /** Probability given to the token that actually comes next (null at the last position). */
  nextProbability: number | null;
  /** −ln of that probability, in nats (null at the last position). */
  loss: number | null;
}

export interface TextRun {
  ids: number[];
  /** [layer][head]: ids.length × ids.length weights, row t = query t, zero right of the diagonal. */
  patterns: Float32Array[][];
  positions: PositionResult[];
  /** Mean loss over the positions that have a next token (NaN for fewer than two tokens). */
  meanLoss: number;
}

export interface RunOptions {
  topK?: number;
  /** Characters of the ids, for the predictions' `symbol`. */
  symbols?: readonly string[];
  ablation?: HeadAblation;
}

/** Sets each attention layer's head replacements for the ablation (or clears them all). */
function applyAblation(model: AttentionModel, ablation: HeadAblation | undefined): void {
  const replacements = model.layers.map((layer) => new Array<Float32Array | null>(layer.heads).fill(null));
  for (const { layer, head } of ablation?.heads ?? []) {
    const attention = model.layers[layer];
    if (!attention || !(head >= 0 && head < attention.heads)) {
      throw new RangeError(`no head ${layer}.${head}: the model has ${model.layers.length} layers of ${model.heads} heads`);
    }
    const mean = ablation!.means?.[layer]?.[head];
    if (ablation!.mode === 'mean' && !mean) throw new RangeError('mean ablation needs the heads\' mean outputs (headMeans)');
    replacements[layer]![head] = ablation!.mode === 'zero' ? new Float32Array(attention.headDim) : mean!;
  }
  model.layers.forEach((layer, i) => (layer.ablation = replacements[i]!));
}

/**
 * Logits for a batch of sequences with the given heads ablated; the model is left unablated.
 * Every layer's pattern, projections and head outputs of the batch stay readable on the model.
 */
export function forwardWithAblation(model: AttentionModel, sequences: readonly ArrayLike<number>[], ablation?: HeadAblation): Float32Array {
  applyAblation(model, ablation);
  try {
    return model.forward(sequences);
  } finally {
    applyAblation(model, undefined);
  }
}

/** The `k` likeliest tokens of one row of logits, by softmax probability. */
export function topPredictions(logits: Float32Array, offset: number, width: number, k: number, symbols?: readonly string[]): Prediction[] {
  let max = -Infinity;
  for (let c = 0; c < width; c++) max = Math.max(max, logits[offset + c]!);
  let sum = 0;
  for (let c = 0; c < width; c++) sum += Math.exp(logits[offset + c]! - max);
  const order = Array.from({ length: width }, (_, c) => c).sort((a, b) => logits[offset + b]! - logits[offset + a]! || a - b);
  return order.slice(0, k).map((id) => ({
    id,
    ...(symbols ? { symbol: symbols[id] } : {}),
    probability: Math.exp(logits[offset + id]! - max) / sum,
  }));
}

/**
 * Runs the model over one sequence of token ids (at most its context): every layer's and head's
 * attention pattern, the top-k next-token predictions at each position, and the loss of the token
 * that actually follows.
 */
export function runTokens(model: AttentionModel, ids: readonly number[], options: RunOptions = {}): TextRun {
  const { topK = 5, symbols, ablation } = options;
  const V = model.vocabSize;
  const n = ids.length;
  const logits = forwardWithAblation(model, [ids], ablation);
  const patterns = model.layers.map((_, layer) => Array.from({ length: model.heads }, (_, head) => model.pattern(layer, head, 0, n)));
  let total = 0;
  const positions = Array.from({ length: n }, (_, t): PositionResult => {
    const offset = t * V;
    const top = topPredictions(logits, offset, V, topK, symbols);
    if (t + 1 >= n) return { top, nextProbability: null, loss: null };
    const loss = tokenLoss(logits, offset, V, ids[t + 1]!);
    total += loss;
    return { top, nextProbability: Math.exp(-loss), loss };
  });
  return { ids: [...ids], patterns, positions, meanLoss: n > 1 ? total / (n - 1) : NaN };
}

/**
 * Each head's mean output (its weighted sum of values, d_head numbers) over every position of the
 * given sequences: the replacement mean ablation puts in. [layer][head].
 */
export function headMeans(model: AttentionModel, sequences: readonly (readonly number[])[]): Float32Array[][] {
  const sums = model.layers.map((layer) => Array.from({ length: layer.heads }, () => new Float64Array(layer.headDim)));
  let count = 0;
  const T = model.contextLength;
  for (let start = 0; start < sequences.length; start += 16) {
    const batch = sequences.slice(start, start + 16);
    forwardWithAblation(model, batch);
    model.layers.forEach((layer, l) => {
      const dim = layer.heads * layer.headDim;
      batch.forEach((sequence, b) => {
        for (let t = 0; t < sequence.length; t++) {
          for (let h = 0; h < layer.heads; h++) {
            const base = (b * T + t) * dim + h * layer.headDim;
            for (let d = 0; d < layer.headDim; d++) sums[l]![h]![d] += layer.headOutputs[base + d]!;
          }
        }
      });
    });
    count += batch.reduce((n, sequence) => n + sequence.length, 0);
  }
  return sums.map((heads) => heads.map((sum) => Float32Array.from(sum, (value) => value / count)));
}

export interface AblationResult {
  baseline: TextRun;
  ablated: TextRun;
  /** Mean loss with the heads ablated minus without. */
  lossChange: number;
  /** Positions whose likeliest next token changed, with both predictions. */
  changed: { position: number; before: Prediction; after: Prediction }[];
}

/** The run of a sequence with and without the ablation, and what changed. */
export function compareAblation(model: AttentionModel, ids: readonly number[], ablation: HeadAblation, options: Omit<RunOptions, 'ablation'> = {}): AblationResult {
  const baseline = runTokens(model, ids, options);
  const ablated = runTokens(model, ids, { ...options, ablation });
  const changed = baseline.positions.flatMap((position, t) => {
    const before = position.top[0]!;
    const after = ablated.positions[t]!.top[0]!;
    return before.id === after.id ? [] : [{ position: t, before, after }];
  });
  return { baseline, ablated, lossChange: ablated.meanLoss - baseline.meanLoss, changed };
}
