/**
 * What the attention lab says about a result: the Math Peek of one query row (q, each key's
 * q·k/√d_k, the causal mask, the softmax, the weighted sum of values, the output projection), the
 * cost curves against context length with the Math Peek of one length, and the ablation in
 * words. Pure, so node tests reach every number and sentence.
 */
import type { Derivation } from '../shared/derivation.js';
import { formatSignificant } from '../shared/format.js';
import { attentionCost, costContextLengths, type AttentionCost } from './cost.js';
import type { InductionTrainingConfig } from './induction-config.js';
import type { InductionTrainingPoint } from './induction-training.js';
import type { QueryRowMechanics } from './mechanics.js';

export { attentionCost };

const VASWANI = 'Vaswani et al. 2017, eq. 1 (https://arxiv.org/abs/1706.03762), with GPT’s causal mask';
const n = (value: number) => formatSignificant(value, 3);
const vector = (values: readonly number[], shown = 4) =>
  `[${values.slice(0, shown).map(n).join(', ')}${values.length > shown ? `, … (${values.length} numbers)` : ''}]`;

/** The keys a Math Peek writes out: the query's own, the one it weighs most, and the first. */
function keysShown(m: QueryRowMechanics) {
  const open = m.keys.filter((key) => !key.masked);
  const heaviest = open.reduce((best, key) => (key.weight > best.weight ? key : best), open[0]!);
  return [...new Map([open[0]!, heaviest, open[open.length - 1]!].map((key) => [key.position, key])).values()];
}

/**
 * The Math Peek of one query row, number by number: `symbols` are the tokens' characters (for
 * the labels), positions from 0 as the lab shows them.
 */
export function mechanicsDerivations(m: QueryRowMechanics, symbols: readonly string[]): Derivation[] {
  const name = `head ${m.layer + 1}.${m.head + 1}`;
  const token = (position: number) => `“${symbols[position] ?? ''}” (${position})`;
  const shown = keysShown(m);
  const masked = m.keys.filter((key) => key.masked).length;
  const items: Derivation[] = [
    {
      label: `Query of ${token(m.position)} in ${name}: q = x·W_Q, d_k = ${m.headDim} numbers`,
      formula: 'q = LayerNorm(x_t)·W_Q',
      result: vector(m.query),
      source: VASWANI,
    },
    ...shown.map((key) => ({
      label: `Score of key ${token(key.position)}`,
      formula: 'score = (q·k)/√d_k',
      substituted: `(${n(key.dot)})/√${m.headDim}`,
      result: n(key.scaled),
      source: VASWANI,
    })),
    {
      label: `Causal mask: the ${masked} ${masked === 1 ? 'key' : 'keys'} after the query`,
      formula: 'score_s = −∞ (s > t) ⇒ exp(score_s) = 0',
      result: masked === 0 ? 'nothing to mask at the last position' : `${masked} weights set to 0`,
      source: VASWANI,
    },
    ...shown.map((key) => ({
      label: `Softmax weight of key ${token(key.position)}`,
      formula: 'a_s = (exp(score_s − max))/(Σ_j exp(score_j − max))',
      substituted: `(exp(${n(key.scaled)} − ${n(m.maxScore)}))/${n(m.expSum)}`,
      result: n(key.weight),
      source: 'Subtracting the largest score first leaves the softmax unchanged and keeps exp from overflowing',
    })),
    {
      label: `The head’s output at ${token(m.position)}: the values weighed by the softmax`,
      formula: 'o = Σ_s a_s·v_s',
      result: vector(m.headOutput),
      source: VASWANI,
    },
    {
      label: `What ${name} adds to the residual stream: its ${m.headDim} columns of W_O`,
      formula: 'W_O[:, head]·o',
      result: vector(m.projected),
      source: 'Elhage et al. 2021 (https://transformer-circuits.pub/2021/framework/index.html): heads add independently into the residual stream',
    },
    {
      label: 'The attention layer’s output: every head’s part plus W_O’s bias',
      formula: 'y = Σ_h W_O[:, h]·o_h + b_O',
      result: vector(m.layerOutput),
      source: VASWANI,
    },
  ];
  return items;
}

/** Cost curves against context length, one column per series, for the cost chart (log axes). */
export interface CostCurves {
  lengths: number[];
  attentionFlops: number[];
  linearFlops: number[];
  scoreBytes: number[];
  flashBytes: number[];
  kvCacheBytes: number[];
  /** The first length at which attention's FLOPs pass the linear layers' (null if none up to the last). */
  crossover: number | null;
}

/** The costs of the model at every power of two from 128 tokens to 128 k. */
export function costCurves(model: string): CostCurves {
  const lengths = costContextLengths();
  const costs = lengths.map((contextLength) => attentionCost({ model, contextLength }));
  const crossing = costs.find((cost) => cost.attentionFlops >= cost.linearFlops);
  return {
    lengths,
    attentionFlops: costs.map((c) => c.attentionFlops),
    linearFlops: costs.map((c) => c.linearFlops),
    scoreBytes: costs.map((c) => c.scoreBytes),
    flashBytes: costs.map((c) => c.flashBytes),
    kvCacheBytes: costs.map((c) => c.kvCacheBytesPerToken * c.contextLength),
    crossover: crossing?.contextLength ?? null,
  };
}

/** The Math Peek of the cost view: attentionCost's derivations, the share marked as the result a prediction asks for. */
export function costDerivations(cost: AttentionCost): Derivation[] {
  return cost.derivations.map((item) => (item.label.startsWith('Attention against') ? { ...item, reveals: ['attentionShare'] } : item));
}

const OLSSON = 'Olsson et al. 2022, “In-context Learning and Induction Heads” (https://arxiv.org/abs/2209.11895)';

/**
 * The Math Peek of the live training at its latest step: what each plotted number is, on the
 * held-out sequences (a segment of n = length/2 random tokens, twice).
 */
export function trainingDerivations(point: InductionTrainingPoint, config: Pick<InductionTrainingConfig, 'length' | 'vocabSize' | 'probeSamples'>): Derivation[] {
  const n = Math.floor(config.length / 2);
  return [
    {
      label: `Induction score at step ${point.step}: the best layer-2 head’s mean weight on the token after the current token’s earlier occurrence`,
      formula: 'max_h mean_{t ≥ n} A_h[t, t − n + 1]',
      substituted: `n = ${n}, over ${config.probeSamples} held-out sequences`,
      result: n3(point.inductionScore),
      source: OLSSON,
    },
    {
      label: `Previous-token score at step ${point.step}: the best layer-1 head’s mean weight on the token before`,
      formula: 'max_h mean_{t ≥ 1} A_h[t, t − 1]',
      result: n3(point.previousTokenScore),
      source: 'Elhage et al. 2021 (https://transformer-circuits.pub/2021/framework/index.html): an induction head reads a previous-token head’s output (K-composition)',
    },
    {
      label: `Loss on the repeated half at step ${point.step}, against guessing among ${config.vocabSize} tokens`,
      formula: 'mean_{t ≥ n} −ln p(x_{t+1}) vs ln V',
      substituted: `ln ${config.vocabSize} = ${n3(Math.log(config.vocabSize))}`,
      result: `${n3(point.repeatLoss)} nats`,
      source: OLSSON,
    },
  ];
}

function n3(value: number): string {
  return formatSignificant(value, 3);
}
