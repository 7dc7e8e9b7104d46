/**
 * mlsys-labs/core/prune: pruning a real model with the semantics of `torch.nn.utils.prune`
 * (masks beside the original weights; L1 and random unstructured, Ln structured, global and
 * iterative pruning; Python's round-half-even counts), fine-tuning with the masks held fixed,
 * N:M semi-structured sparsity (2:4), shrinking a structurally pruned network into a smaller
 * dense one, the bytes each storage format takes and the FLOPs each forward pass does; and the
 * pruning lab's module: its schema, sessions that evaluate a setting, sweep accuracy against
 * sparsity and fine-tune one setting, in steps, and what the lab says about a result.
 * Pure: no DOM, no timers.
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
export { forwardFlops } from './flops.js';
export type { ForwardFlops, LayerFlops } from './flops.js';
export { PRUNE_METHODS, RANDOM_SEED, actingSetting, aliveUnits, applySetting, isStructured, isUnstructured, prunableWeights, settingKey, targetsOf } from './setting.js';
export type { PrunableWeight, PruneMethod, PruneScope, PruneSetting } from './setting.js';
export { PruneSession, TIMED_IMAGES, TIMED_RUNS, pruneSessionSteps } from './session.js';
export type { ForwardTimes, LayerCost, PruneEvaluation, PrunedWeight, ShrunkSummary } from './session.js';
export { CsrForward, csrProduct, toCsr } from './sparse-forward.js';
export type { CsrMatrix } from './sparse-forward.js';
export { DROP_SHARE, SWEEP_METHODS, SWEEP_SPARSITIES, firstDrop, sweepSnapshot, sweepSteps } from './sweep.js';
export type { PruneSweep, SweepMethod } from './sweep.js';
export { FINE_TUNE_SEED, SettingFineTuning } from './fine-tune-setting.js';
export type { SettingFineTuned } from './fine-tune-setting.js';
export { CLIFF_POINTS, describeSetting, pruneSettingOf, pruningLabSchema } from './lab.js';
export type { PruningLabState } from './lab.js';
export { diagnoseCliff, pruneDerivations, representations, speedVerdict } from './explain.js';
export type { CliffDiagnosis, Representation } from './explain.js';
export { pruningLabCard } from './card.js';
export { instructorCardMarkdown } from '../shared/instructor-card.js';
export type { Assignment, InstructorCard, Misconception } from '../shared/instructor-card.js';
