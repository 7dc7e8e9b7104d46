/**
 * Accuracy against sparsity, one-shot (pruned, not fine-tuned), for each method on the same grid:
 * the curves a pruning paper draws, measured on the whole test set. The points are the session's
 * (it remembers every setting it evaluated), so a sweep cut short and started again, or asked for
 * with another scope, computes only what is missing: the structured methods do not depend on the
 * scope, nor does 2:4, a single point at 50 %.
 */
import type { Steps } from '../shared/steps.js';
import type { PruneSession } from './session.js';
import type { PruneMethod, PruneScope, PruneSetting } from './setting.js';

/** Denser towards the top, where the curves fall. */
export const SWEEP_SPARSITIES: readonly number[] = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.92, 0.94, 0.96, 0.98, 0.99];
/** The methods drawn as curves; 2:4 is one point. */
export const SWEEP_METHODS = ['magnitude', 'random', 'l1-structured', 'l2-structured'] as const satisfies readonly PruneMethod[];
export type SweepMethod = (typeof SWEEP_METHODS)[number];

/** More than this share below the dense accuracy is a drop (one point). */
export const DROP_SHARE = 0.01;

export interface PruneSweep {
  scope: PruneScope;
  sparsities: readonly number[];
  dense: number;
  /** Accuracy of each method at each sparsity; null where not yet measured. */
  series: { method: SweepMethod; accuracy: (number | null)[] }[];
  /** 2:4, one point at 50 %; null until measured. */
  semiStructured: number | null;
  complete: boolean;
}

const setting = (method: PruneMethod, scope: PruneScope, sparsity: number): PruneSetting => ({ method, scope, sparsity });

/** What the session knows of the sweep for `scope`. */
export function sweepSnapshot(session: PruneSession, scope: PruneScope): PruneSweep {
  const dense = session.dense.accuracy;
  const series = SWEEP_METHODS.map((method) => ({
    method,
    accuracy: SWEEP_SPARSITIES.map((sparsity) => (sparsity === 0 ? dense : (session.knownAccuracy(setting(method, scope, sparsity)) ?? null))),
  }));
  const semiStructured = session.knownAccuracy(setting('2:4', scope, 0.5)) ?? null;
  const complete = semiStructured !== null && series.every((s) => s.accuracy.every((a) => a !== null));
  return { scope, sparsities: SWEEP_SPARSITIES, dense, series, semiStructured, complete };
}

/**
 * The sweep for `scope`, one evaluation per run of steps: `first`'s curve (the reader's method),
 * then 2:4, then the other curves, each from low sparsity to high. `onPoint` hears after every
 * point (for a chart that fills in).
 */
export function* sweepSteps(session: PruneSession, scope: PruneScope, first: PruneMethod = 'magnitude', onPoint?: (sweep: PruneSweep) => void): Steps<PruneSweep> {
  const order = ([first, '2:4', ...SWEEP_METHODS] as PruneMethod[]).filter((method, i, all) => all.indexOf(method) === i);
  const points = order.flatMap((method) => (method === '2:4' ? [setting(method, scope, 0.5)] : SWEEP_SPARSITIES.filter((s) => s > 0).map((s) => setting(method, scope, s))));
  for (const [index, point] of points.entries()) {
    if (session.knownAccuracy(point) !== undefined) continue;
    yield* session.accuracySteps(point);
    onPoint?.(sweepSnapshot(session, scope));
    yield (index + 1) / points.length;
  }
  return sweepSnapshot(session, scope);
}

/**
 * The first sparsity on the sweep's grid at which `method` loses more than one point against the
 * dense model; null if none does up to 99 %, undefined while its curve is not measured that far.
 */
export function firstDrop(sweep: PruneSweep, method: PruneMethod): number | null | undefined {
  const series = sweep.series.find((s) => s.method === method);
  if (!series) return method === '2:4' ? null : undefined;
  for (const [i, accuracy] of series.accuracy.entries()) {
    if (accuracy === null) return undefined;
    if (sweep.dense - accuracy > DROP_SHARE + 1e-9) return sweep.sparsities[i]!;
  }
  return null;
}
