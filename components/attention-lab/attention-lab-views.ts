/**
 * The data the attention lab's pictures take, made from its results: tokens as the reader reads
 * them, the heads grouped by role, the per-position loss with and without the ablation, the cost
 * charts against context length and the live-training curves.
 */
import type { HeadDiagnosis, HeadRole, InductionTrainingPoint, PositionResult } from '../../src/core/attention/index.js';
import type { CostCurves } from '../../src/core/attention/explain.js';
import { formatNumber } from '../../src/lib/format.js';
import type { ChartColumns, ChartSeries } from '../chart/chart-types.js';

/** What a text shorter than two characters shows where its loss would be. */
export const TOO_SHORT = 'Type at least two characters: the loss is that of each next one.';

/** A mean loss as a readout writes it ('–' for a text with nothing to predict). */
export function lossText(loss: number, locale?: string): string {
  return Number.isNaN(loss) ? '–' : `${formatNumber(loss, locale)} nats`;
}

/** A character as a token label: white space made visible, so a space is not an empty cell. */
export function tokenLabel(character: string): string {
  if (character === ' ') return '␣';
  if (character === '\n') return '↵';
  if (character === '\t') return '⇥';
  return character;
}

/** A character as a screen reader should say it: white space by its name. */
export function tokenName(character: string): string {
  return { ' ': 'space', '\n': 'new line', '\t': 'tab' }[character] ?? character;
}

/** Roles in the order the small multiples show them, with their headings. */
export const ROLE_HEADINGS: readonly [HeadRole, string][] = [
  ['previous-token', 'Previous-token heads'],
  ['induction', 'Induction heads'],
  ['first-token', 'First-token heads'],
  ['other', 'No single role'],
];

/** The heads of each role, strongest score first; roles with no head left out. */
export function headsByRole(heads: readonly HeadDiagnosis[]): { role: HeadRole; heading: string; heads: HeadDiagnosis[] }[] {
  const strength = (h: HeadDiagnosis) => Math.max(h.previousToken, h.induction, h.firstToken);
  return ROLE_HEADINGS.map(([role, heading]) => ({ role, heading, heads: heads.filter((h) => h.role === role).sort((a, b) => strength(b) - strength(a)) })).filter(
    (group) => group.heads.length > 0,
  );
}

const lossSeries: ChartSeries[] = [{ label: 'All heads on', color: 1 }, { label: 'Chosen heads off', color: 2, dash: true }];

/** Loss of the next character at each position, with the heads on and switched off. */
export function positionLossChart(before: readonly PositionResult[], after: readonly PositionResult[] | undefined): { columns: ChartColumns; series: ChartSeries[] } {
  const scored = before.slice(0, -1);
  const xs = scored.map((_, t) => t);
  const columns: ChartColumns = after ? [xs, scored.map((p) => p.loss), scored.map((_, t) => after[t]?.loss ?? null)] : [xs, scored.map((p) => p.loss)];
  return { columns, series: after ? lossSeries : lossSeries.slice(0, 1) };
}

export const flopSeries: ChartSeries[] = [
  { label: 'Attention (QKᵀ and A·V)', color: 2 },
  { label: 'Linear layers', color: 1, dash: true },
];

export const memorySeries: ChartSeries[] = [
  { label: 'Scores stored for backward', color: 2 },
  { label: 'FlashAttention’s statistics', color: 3, dash: 'dotted' },
  { label: 'KV cache of the whole context', color: 4, dash: true },
];

/** The cost charts' columns: FLOPs, and memory, against context length. */
export function costCharts(curves: CostCurves): { flops: ChartColumns; memory: ChartColumns } {
  return {
    flops: [curves.lengths, curves.attentionFlops, curves.linearFlops],
    memory: [curves.lengths, curves.scoreBytes, curves.flashBytes, curves.kvCacheBytes],
  };
}

export const trainingLossSeries: ChartSeries[] = [
  { label: 'Training loss', color: 1 },
  { label: 'Loss on the repeated half', color: 2, dash: true },
];

export const trainingScoreSeries: ChartSeries[] = [
  { label: 'Induction score (best layer-2 head)', color: 3 },
  { label: 'Previous-token score (best layer-1 head)', color: 5, dash: true },
];

/** The live training's curves against step. */
export function trainingCharts(points: readonly InductionTrainingPoint[]): { losses: ChartColumns; scores: ChartColumns } {
  const steps = points.map((p) => p.step);
  return {
    losses: [steps, points.map((p) => p.loss), points.map((p) => p.repeatLoss)],
    scores: [steps, points.map((p) => p.inductionScore), points.map((p) => p.previousTokenScore)],
  };
}

/** The first step from which the induction score stays above `level` (the phase change), or null. */
export function inductionRise(points: readonly InductionTrainingPoint[], level = 0.3): number | null {
  let from: number | null = null;
  for (const p of points) {
    if (p.inductionScore >= level) from ??= p.step;
    else from = null;
  }
  return from;
}
