/**
 * mlsys-labs/core/attention: what a small trained transformer's heads attend to and why. Tokens,
 * the model run with every head's pattern and the next-token predictions, head diagnostics
 * (previous-token, induction, first-token scores) and the in-context-learning signature, head
 * ablation, one query row's arithmetic, attention's cost at scale on the memory core's presets,
 * and live training of an attention-only model in which induction heads form. Pure: no DOM, no
 * timers, no fetching.
 */
export { transformerSpec, attentionLayers, type TransformerShape } from './architecture.js';
export { tokenize, detokenize, vocabularyOf, UNKNOWN_SYMBOL, type CharacterVocabulary, type Tokens } from './tokenizer.js';
export {
  AttentionModel,
  parseTextModel,
  streamLoss,
  tokenLoss,
  windowsOf,
  type CurvePoint,
  type TextModelManifest,
} from './model.js';
export { repeatedRandomTokens } from './sequences.js';
export {
  runTokens,
  forwardWithAblation,
  headMeans,
  compareAblation,
  topPredictions,
  type HeadRef,
  type HeadAblation,
  type Prediction,
  type PositionResult,
  type TextRun,
  type RunOptions,
  type AblationResult,
} from './run.js';
export {
  previousTokenScore,
  firstTokenScore,
  inductionScore,
  shareAttendingTo,
  summarizeHead,
  diagnoseHeads,
  ROLE_THRESHOLD,
  type HeadRole,
  type HeadSummary,
  type PatternRule,
  type HeadDiagnosis,
  type InContextSignature,
  type Diagnosis,
  type DiagnosisOptions,
} from './diagnostics.js';
export { queryRowMechanics, type QueryRowMechanics, type KeyStep } from './mechanics.js';
export { attentionCost, costContextLengths, MAX_COST_CONTEXT, type AttentionCost, type AttentionCostOptions } from './cost.js';
export {
  InductionTraining,
  inductionTrainingSteps,
  DEFAULT_INDUCTION_TRAINING,
  type InductionTrainingConfig,
  type InductionTrainingPoint,
} from './induction-training.js';
export {
  attentionLabSchema,
  clipText,
  clippedLength,
  headName,
  headOf,
  EXAMPLE_TEXTS,
  HEAD_NAMES,
  LAB_CONTEXT,
  type AttentionLabState,
  type AttentionView,
} from './lab.js';
export { mechanicsDerivations, costCurves, costDerivations, trainingDerivations, type CostCurves } from './explain.js';
export { attentionLabCard } from './card.js';
