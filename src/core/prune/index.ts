/**
 * mlsys-labs/core/prune: pruning a real model with the semantics of `torch.nn.utils.prune`
 * (masks beside the original weights; L1 and random unstructured, Ln structured, global and
 * iterative pruning; Python's round-half-even counts), fine-tuning with the masks held fixed,
 * N:M semi-structured sparsity (2:4), shrinking a structurally pruned network into a smaller
 * dense one, and the bytes each storage format takes. Pure: no DOM, no timers.
 */
export {
  computeMask,
  l1UnstructuredMask,
  lnStructuredMask,
  nmMask,
  pruneCount,
  pruningType,
  randomUnstructuredMask,
} from './masks.js';
export type { PruneAmount, PruningMethod } from './masks.js';
export { PrunedModel } from './pruned-model.js';
export { DEFAULT_FINE_TUNE_BATCH, fineTuneSteps, MaskedFineTuning } from './fine-tune.js';
export type { FineTuneConfig, FineTuneProgress } from './fine-tune.js';
export type { ParameterSparsity } from './pruned-model.js';
export { shrinkModel } from './shrink.js';
export type { ShrunkLayer, ShrunkModel } from './shrink.js';
export { isNmSparse, storageSizes, weightStorage } from './size.js';
export type { StorageSizes, WeightStorage } from './size.js';
