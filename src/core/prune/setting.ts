/**
 * What the pruning lab applies to a model: one method, its scope and its sparsity, turned into
 * the `torch.nn.utils.prune` calls a reader would write (see masks.ts and pruned-model.ts).
 *
 * - `magnitude`: `l1_unstructured` on every linear and conv weight, each by the same share
 *   (`layer`), or `global_unstructured` with one threshold over all of them (`global`).
 * - `random`: `random_unstructured`, the same two ways, seeded.
 * - `l1-structured`, `l2-structured`: `ln_structured(n, dim=0)` on every layer but the last,
 *   removing whole neurons (a linear layer's output rows) or filters (a conv's). The last layer's
 *   outputs are the ten classes, so it keeps them all. A removed unit's bias goes with it
 *   (`custom_from_mask` on the bias): the unit is gone, as in the smaller dense model it shrinks
 *   to, rather than left outputting its bias (PyTorch's `ln_structured` alone prunes only the
 *   weight).
 * - `2:4`: the two largest |w| of every four along each row, in every layer whose rows split into
 *   groups of four; others (the CNN's first conv, rows of 9) stay dense, as NVIDIA's tools leave
 *   such layers (Mishra et al. 2021, arXiv:2104.08378). Always 50 % of what it prunes.
 */
import type { Sequential } from '../nn/index.js';
import type { PrunedModel } from './pruned-model.js';

export const PRUNE_METHODS = ['magnitude', 'random', 'l1-structured', 'l2-structured', '2:4'] as const;
export type PruneMethod = (typeof PRUNE_METHODS)[number];
export type PruneScope = 'layer' | 'global';

export interface PruneSetting {
  method: PruneMethod;
  scope: PruneScope;
  /** Share pruned, in [0, 1]: of the weights (unstructured), of each pruned layer's units (structured); 0.5 for 2:4. */
  sparsity: number;
}

/** Seed of random pruning (each layer's draw offsets it by its index). */
export const RANDOM_SEED = 1;

/** A linear or conv weight, as a matrix of `rows` outputs by `cols` inputs (a conv's [in·k·k] flattened). */
export interface PrunableWeight {
  layer: string;
  /** The parameter, `fc1.weight`. */
  name: string;
  type: 'linear' | 'conv2d';
  shape: readonly number[];
  rows: number;
  cols: number;
}

export function prunableWeights(model: Sequential): PrunableWeight[] {
  return model.layers
    .filter((layer) => layer.spec.type === 'linear' || layer.spec.type === 'conv2d')
    .map((layer) => {
      const { shape, data } = model.parameter(`${layer.name}.weight`);
      return { layer: layer.name, name: `${layer.name}.weight`, type: layer.spec.type as 'linear' | 'conv2d', shape, rows: shape[0]!, cols: data.length / shape[0]! };
    });
}

export const isUnstructured = (method: PruneMethod) => method === 'magnitude' || method === 'random';
export const isStructured = (method: PruneMethod) => method === 'l1-structured' || method === 'l2-structured';

/** The setting as it acts: scope only for unstructured methods, 2:4 always at 50 %. Equal settings act alike. */
export function actingSetting(setting: PruneSetting): PruneSetting {
  return {
    method: setting.method,
    scope: isUnstructured(setting.method) ? setting.scope : 'layer',
    sparsity: setting.method === '2:4' ? 0.5 : setting.sparsity,
  };
}

/** A key that two settings acting alike share. */
export function settingKey(setting: PruneSetting): string {
  const { method, scope, sparsity } = actingSetting(setting);
  return `${method}|${scope}|${sparsity}`;
}

/** The weights a method prunes (see the module notes). */
export function targetsOf(method: PruneMethod, weights: readonly PrunableWeight[]): PrunableWeight[] {
  if (isStructured(method)) return weights.slice(0, -1);
  if (method === '2:4') return weights.filter((weight) => weight.cols % 4 === 0);
  return [...weights];
}

/** 1 for each row (unit) of `mask` with an entry alive, 0 for a row pruned whole. */
export function aliveUnits(mask: Uint8Array, rows: number): Uint8Array {
  const cols = mask.length / rows;
  return Uint8Array.from({ length: rows }, (_, row) => (mask.subarray(row * cols, (row + 1) * cols).some((alive) => alive === 1) ? 1 : 0));
}

/** Prunes `pruned`'s model as `setting` says (on top of nothing: call it on an unpruned model). */
export function applySetting(pruned: PrunedModel, setting: PruneSetting): void {
  const { method, scope, sparsity } = actingSetting(setting);
  const targets = targetsOf(method, prunableWeights(pruned.model));
  const names = targets.map((weight) => weight.name);
  if (isUnstructured(method) && scope === 'global') {
    pruned.globalUnstructured(names, method === 'magnitude' ? { method: 'l1-unstructured', amount: sparsity } : { method: 'random-unstructured', amount: sparsity, seed: RANDOM_SEED });
    return;
  }
  targets.forEach((weight, index) => {
    if (method === 'magnitude') pruned.l1Unstructured(weight.name, sparsity);
    else if (method === 'random') pruned.randomUnstructured(weight.name, sparsity, RANDOM_SEED + index);
    else if (method === '2:4') pruned.semiStructured(weight.name);
    else {
      const mask = pruned.lnStructured(weight.name, sparsity, method === 'l1-structured' ? 1 : 2, 0);
      pruned.customFromMask(`${weight.layer}.bias`, aliveUnits(mask, weight.rows));
    }
  });
}
