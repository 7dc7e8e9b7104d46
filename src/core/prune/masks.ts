/**
 * Pruning masks with the semantics of `torch.nn.utils.prune`
 * (https://pytorch.org/docs/stable/nn.html#module-torch.nn.utils, source torch/nn/utils/prune.py).
 * Each function takes a tensor's importance scores (its current, already masked values, as
 * `BasePruningMethod.apply` passes `getattr(module, name)`) and its current mask (1 alive,
 * 0 pruned), and returns the new mask, which never revives an entry: as PyTorch's
 * `PruningContainer` does, a method acts only on what is still alive, so its amount is a share of
 * the remaining entries (or slices), and pruning 50 % twice leaves 25 % alive.
 *
 * Ranking: entries are ordered by (|value|, index) ascending and pruned from the front. PyTorch
 * selects with `torch.topk(..., largest=False)`, whose order among equal values is unspecified;
 * breaking ties by index makes the result the same in every browser and test.
 */
import { roundHalfEven } from '../shared/rounding.js';
import { createRng } from '../shared/rng.js';

/**
 * How much to prune: a fraction in [0, 1] of the remaining entries, or `{ count }` entries.
 * PyTorch tells the two apart by type (`0.5` against `5`); a JavaScript number cannot tell `1`
 * from `1.0`, so a count is spelled out.
 */
export type PruneAmount = number | { count: number };

/** A pruning method and its arguments, named after its `torch.nn.utils.prune` function. */
export type PruningMethod =
  | { method: 'l1-unstructured'; amount: PruneAmount }
  | { method: 'random-unstructured'; amount: PruneAmount; seed: number }
  | { method: 'ln-structured'; amount: PruneAmount; n: number; dim: number }
  | { method: 'n:m'; n: number; m: number };

/** PyTorch's `PRUNING_TYPE`: what `globalUnstructured` accepts and what a later pass acts on. */
export function pruningType(method: PruningMethod): 'unstructured' | 'structured' | 'semi-structured' {
  switch (method.method) {
    case 'l1-unstructured':
    case 'random-unstructured':
      return 'unstructured';
    case 'ln-structured':
      return 'structured';
    case 'n:m':
      return 'semi-structured';
  }
}

/**
 * How many of `size` entries to prune: PyTorch's `_compute_nparams_toprune`, `round(amount ×
 * size)` for a fraction (Python's `round`, half to even: 0.5 of 5 is 2, 0.5 of 7 is 4) and the
 * count itself otherwise, checked as `_validate_pruning_amount_init` and
 * `_validate_pruning_amount` do.
 */
export function pruneCount(amount: PruneAmount, size: number): number {
  if (typeof amount === 'number') {
    if (!(amount >= 0 && amount <= 1)) throw new RangeError(`amount=${amount} should be a fraction in [0, 1] or { count } with a non-negative integer`);
    return roundHalfEven(amount * size);
  }
  const { count } = amount;
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`amount={ count: ${count} } should be a non-negative integer`);
  if (count > size) throw new RangeError(`amount={ count: ${count} } should be smaller than the number of parameters to prune=${size}`);
  return count;
}

/** The `count` first of `candidates` in (score, index) order. */
function lowest(candidates: number[], score: (index: number) => number, count: number): number[] {
  return candidates.sort((a, b) => score(a) - score(b) || a - b).slice(0, count);
}

function aliveIndices(mask: Uint8Array): number[] {
  const alive: number[] = [];
  for (let i = 0; i < mask.length; i++) if (mask[i]) alive.push(i);
  return alive;
}

function withPruned(mask: Uint8Array, pruned: readonly number[]): Uint8Array {
  const next = mask.slice();
  for (const i of pruned) next[i] = 0;
  return next;
}

/** `l1_unstructured`: the `amount` alive entries with the smallest |value|. */
export function l1UnstructuredMask(values: Float32Array, mask: Uint8Array, amount: PruneAmount): Uint8Array {
  const alive = aliveIndices(mask);
  return withPruned(mask, lowest(alive, (i) => Math.abs(values[i]!), pruneCount(amount, alive.length)));
}

/** `random_unstructured`: `amount` alive entries drawn uniformly without replacement, from `seed`. */
export function randomUnstructuredMask(mask: Uint8Array, amount: PruneAmount, seed: number): Uint8Array {
  const alive = aliveIndices(mask);
  const count = pruneCount(amount, alive.length);
  return withPruned(mask, createRng(seed).shuffle(alive).slice(0, count));
}

/** Dimension `dim` of `shape` (negative counts from the end, as in PyTorch), checked. */
function resolveDim(shape: readonly number[], dim: number): number {
  const resolved = dim < 0 ? shape.length + dim : dim;
  if (!Number.isInteger(dim) || resolved < 0 || resolved >= shape.length) {
    throw new RangeError(`dim ${dim} is out of range for a tensor of shape [${shape.join(', ')}]`);
  }
  return resolved;
}

/** Which slice along `dim` each entry of a row-major tensor of `shape` belongs to. */
function sliceOf(shape: readonly number[], dim: number): (index: number) => number {
  const d = resolveDim(shape, dim);
  const inner = shape.slice(d + 1).reduce((product, size) => product * size, 1);
  const size = shape[d]!;
  return (index) => Math.floor(index / inner) % size;
}

/**
 * `ln_structured`: the `amount` alive slices along `dim` (dim 0: a linear layer's output neurons
 * or a conv's filters; dim 1: their inputs) with the smallest Ln norm of their values, `n` ≥ 1 or
 * `Infinity` (torch.norm's `p`). A slice is alive while any of its entries is
 * (`_combine_masks`'s `keep_channel`).
 */
export function lnStructuredMask(values: Float32Array, shape: readonly number[], mask: Uint8Array, amount: PruneAmount, n: number, dim: number): Uint8Array {
  if (!(n >= 1)) throw new RangeError(`the norm's order n must be at least 1 (or Infinity), got ${n}`);
  const d = resolveDim(shape, dim);
  const slices = shape[d]!;
  const slice = sliceOf(shape, d);
  const norms = new Float64Array(slices);
  const alive = new Uint8Array(slices);
  for (let i = 0; i < values.length; i++) {
    const s = slice(i);
    const magnitude = Math.abs(values[i]!);
    norms[s] = n === Infinity ? Math.max(norms[s]!, magnitude) : norms[s]! + magnitude ** n;
    if (mask[i]) alive[s] = 1;
  }
  const aliveSlices = aliveIndices(alive);
  const prunedSlices = new Set(lowest(aliveSlices, (s) => norms[s]!, pruneCount(amount, aliveSlices.length)));
  // The n-th root is monotonic, so ranking the sums of |v|ⁿ ranks the norms.
  const next = mask.slice();
  for (let i = 0; i < next.length; i++) if (prunedSlices.has(slice(i))) next[i] = 0;
  return next;
}

/**
 * N:M semi-structured sparsity: in every group of `m` consecutive weights along the input
 * dimension (a row of the [out][in] matrix; a conv's flattened [in·k·k] row, the reduction
 * dimension of its matrix product), keep the `n` largest |value| and prune the rest: 2:4 is the
 * pattern NVIDIA's sparse tensor cores run at up to twice the dense rate (Mishra et al. 2021,
 * "Accelerating Sparse Deep Neural Networks", arXiv:2104.08378, §2). Not a PyTorch pruning
 * method; it composes like one: entries already pruned rank as zeros and stay pruned.
 */
export function nmMask(values: Float32Array, shape: readonly number[], mask: Uint8Array, n: number, m: number): Uint8Array {
  if (!Number.isInteger(n) || !Number.isInteger(m) || n < 0 || n > m || m < 1) throw new RangeError(`N:M needs integers 0 ≤ N ≤ M, M ≥ 1, got ${n}:${m}`);
  const rowLength = values.length / shape[0]!;
  if (rowLength % m !== 0) throw new RangeError(`rows of ${rowLength} weights do not split into groups of ${m}`);
  const pruned: number[] = [];
  for (let start = 0; start < values.length; start += m) {
    const group = Array.from({ length: m }, (_, j) => start + j);
    pruned.push(...lowest(group, (i) => (mask[i] ? Math.abs(values[i]!) : 0), m - n));
  }
  return withPruned(mask, pruned);
}

/** The new mask of one tensor under `method` (see the module notes). */
export function computeMask(method: PruningMethod, values: Float32Array, shape: readonly number[], mask: Uint8Array): Uint8Array {
  switch (method.method) {
    case 'l1-unstructured':
      return l1UnstructuredMask(values, mask, method.amount);
    case 'random-unstructured':
      return randomUnstructuredMask(mask, method.amount, method.seed);
    case 'ln-structured':
      return lnStructuredMask(values, shape, mask, method.amount, method.n, method.dim);
    case 'n:m':
      return nmMask(values, shape, mask, method.n, method.m);
  }
}
