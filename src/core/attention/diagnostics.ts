import { createRng } from '../shared/rng.js';
import { tokenLoss, type AttentionModel } from './model.js';
import { repeatedRandomTokens } from './sequences.js';

/**
 * Scores that name what a head does, each the mean attention weight a query puts on one key
 * chosen by a rule, over the queries the rule applies to (1 = always all of it):
 * - previous-token score: key t − 1 for query t ≥ 1 (the "previous token heads" of Elhage et al.
 *   2021, https://transformer-circuits.pub/2021/framework/index.html, and Olsson et al. 2022);
 * - induction score: on tokens that repeat with period n, key t − n + 1 for query t ≥ n, the
 *   token right after the current token's previous occurrence (Olsson et al. 2022,
 *   https://arxiv.org/abs/2209.11895, "prefix matching" on repeated random tokens);
 * - first-token score: key 0 for query t ≥ 1 (query 0 can attend nowhere else), a head that parks
 *   its attention when it has nothing to do (Xiao et al. 2023's "attention sinks",
 *   https://arxiv.org/abs/2309.17453).
 * Patterns are length × length, row t = query t.
 */

/** Mean over queries t in [from, length) of pattern[t][key(t)]. */
function meanWeight(pattern: Float32Array, length: number, from: number, key: (t: number) => number): number {
  if (length <= from) return NaN;
  let sum = 0;
  for (let t = from; t < length; t++) sum += pattern[t * length + key(t)]!;
  return sum / (length - from);
}

export function previousTokenScore(pattern: Float32Array, length: number): number {
  return meanWeight(pattern, length, 1, (t) => t - 1);
}

export function firstTokenScore(pattern: Float32Array, length: number): number {
  return meanWeight(pattern, length, 1, () => 0);
}

export function inductionScore(pattern: Float32Array, length: number, period: number): number {
  return meanWeight(pattern, length, period, (t) => t - period + 1);
}

/** The key query t puts its largest weight on (the earliest, on a tie). */
function strongestKey(pattern: Float32Array, length: number, t: number): number {
  let best = 0;
  for (let s = 1; s <= t; s++) if (pattern[t * length + s]! > pattern[t * length + best]!) best = s;
  return best;
}

/** Share of queries in [from, length) whose largest weight is on key(t): "in 94 % of positions". */
export function shareAttendingTo(pattern: Float32Array, length: number, from: number, key: (t: number) => number): number {
  if (length <= from) return NaN;
  let hits = 0;
  for (let t = from; t < length; t++) if (strongestKey(pattern, length, t) === key(t)) hits++;
  return hits / (length - from);
}

export type PatternRule = 'previous-token' | 'first-token' | 'current-token' | 'induction';

export interface HeadSummary {
  /** The rule the head's strongest weights follow most often, or null when none holds for half the queries. */
  rule: PatternRule | null;
  /** Share of the queries the rule applies to whose strongest key it names. */
  share: number;
  /** The same in words, e.g. "Head 1.3 attends to the previous token in 94% of positions." */
  text: string;
}

const RULE_WORDS: Readonly<Record<PatternRule, string>> = {
  'previous-token': 'the previous token',
  'first-token': 'the first token',
  'current-token': 'its own token',
  induction: 'the token after an earlier occurrence of the current one',
};

/**
 * What one head of a run does, in words, for the lab's text summary: for each rule, the share of
 * queries (among those it applies to) whose strongest key it names; induction, on any text,
 * names every key s whose previous token is the query's own token (ids[s − 1] = ids[t], s ≤ t).
 * Layers and heads are numbered from 1 in the text.
 */
export function summarizeHead(pattern: Float32Array, ids: readonly number[], layer: number, head: number): HeadSummary {
  const n = ids.length;
  const tallies: Record<PatternRule, { hits: number; queries: number }> = {
    'previous-token': { hits: 0, queries: 0 },
    'first-token': { hits: 0, queries: 0 },
    'current-token': { hits: 0, queries: 0 },
    induction: { hits: 0, queries: 0 },
  };
  const count = (rule: PatternRule, hit: boolean) => {
    tallies[rule].queries++;
    if (hit) tallies[rule].hits++;
  };
  for (let t = 1; t < n; t++) {
    const best = strongestKey(pattern, n, t);
    count('previous-token', best === t - 1);
    count('first-token', best === 0);
    count('current-token', best === t);
    if (ids.slice(0, t).includes(ids[t]!)) count('induction', best >= 1 && ids[best - 1] === ids[t]);
  }
  let rule: PatternRule | null = null;
  let share = 0;
  for (const [name, { hits, queries }] of Object.entries(tallies) as [PatternRule, { hits: number; queries: number }][]) {
    if (queries > 0 && hits / queries > share) {
      rule = name;
      share = hits / queries;
    }
  }
  const name = `Head ${layer + 1}.${head + 1}`;
  if (rule === null || share < 0.5) {
    return { rule: null, share, text: `${name} follows no single rule: its strongest weight is on the previous, first, own or induction token in under half of the positions.` };
  }
  // A whole percentage written here, not with core/shared/format: this runs in the compute worker,
  // and a module the worker shares with the lab runtime becomes a chunk every lab loads first.
  return { rule, share, text: `${name} attends to ${RULE_WORDS[rule]} in ${Math.round(share * 100)}% of positions.` };
}

export type HeadRole = 'previous-token' | 'induction' | 'first-token' | 'other';

/** A head takes the role of its highest score when that score reaches this (our threshold, not the papers'). */
export const ROLE_THRESHOLD = 0.4;

export interface HeadDiagnosis {
  layer: number;
  head: number;
  /** On the given text. */
  previousToken: number;
  /** On the given text. */
  firstToken: number;
  /** On repeated random tokens. */
  induction: number;
  role: HeadRole;
}

export interface InContextSignature {
  /** Mean loss predicting the first copy's tokens (nothing to copy from: about ln of the token count). */
  firstHalfLoss: number;
  /** Mean loss predicting the second copy's tokens, after their first. */
  secondHalfLoss: number;
  /** First minus second: how much the repeat helps, Olsson et al.'s in-context learning, in nats. */
  improvement: number;
}

export interface Diagnosis {
  heads: HeadDiagnosis[];
  inContext: InContextSignature;
  /** The repeated random sequences scored (each a segment of `period` tokens, twice). */
  period: number;
  samples: number;
}

export interface DiagnosisOptions {
  /** Token ids of natural text (at most the context) for the previous- and first-token scores. */
  text: readonly number[];
  seed?: number;
  /** Repeated random sequences to average over. */
  samples?: number;
  /** Lowest id the random tokens use (1 skips an unknown id 0). */
  firstId?: number;
}

function roleOf(scores: { previousToken: number; induction: number; firstToken: number }): HeadRole {
  const ranked: [HeadRole, number][] = [
    ['previous-token', scores.previousToken],
    ['induction', scores.induction],
    ['first-token', scores.firstToken],
  ];
  ranked.sort((a, b) => b[1] - a[1]);
  return ranked[0]![1] >= ROLE_THRESHOLD ? ranked[0]![0] : 'other';
}

/**
 * Every head's scores and the model's in-context-learning signature: previous- and first-token
 * scores on the given text, induction scores and the two halves' losses on `samples` sequences of
 * random tokens of half the context, each repeated once.
 */
export function diagnoseHeads(model: AttentionModel, options: DiagnosisOptions): Diagnosis {
  const { text, seed = 1, samples = 8, firstId = 1 } = options;
  const T = model.contextLength;
  const V = model.vocabSize;
  const period = Math.floor(T / 2);
  model.forward([text]);
  const onText = model.layers.map((_, layer) =>
    Array.from({ length: model.heads }, (_, head) => {
      const pattern = model.pattern(layer, head, 0, text.length);
      return { previousToken: previousTokenScore(pattern, text.length), firstToken: firstTokenScore(pattern, text.length) };
    }),
  );
  const rng = createRng(seed);
  const sequences = Array.from({ length: samples }, () => repeatedRandomTokens(rng, 2 * period, period, V, firstId));
  const logits = model.forward(sequences);
  const induction = model.layers.map((_, layer) =>
    Array.from({ length: model.heads }, (_, head) => {
      let sum = 0;
      sequences.forEach((_, n) => (sum += inductionScore(model.pattern(layer, head, n, 2 * period), 2 * period, period)));
      return sum / samples;
    }),
  );
  let first = 0;
  let second = 0;
  sequences.forEach((sequence, n) => {
    for (let t = 0; t + 1 < period; t++) first += tokenLoss(logits, (n * T + t) * V, V, sequence[t + 1]!);
    for (let t = period; t + 1 < 2 * period; t++) second += tokenLoss(logits, (n * T + t) * V, V, sequence[t + 1]!);
  });
  const count = samples * (period - 1);
  const heads = onText.flatMap((row, layer) =>
    row.map((scores, head) => {
      const all = { ...scores, induction: induction[layer]![head]! };
      return { layer, head, ...all, role: roleOf(all) };
    }),
  );
  return {
    heads,
    inContext: { firstHalfLoss: first / count, secondHalfLoss: second / count, improvement: (first - second) / count },
    period,
    samples,
  };
}
