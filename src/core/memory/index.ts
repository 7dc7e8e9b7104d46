/**
 * mlsys-labs/core/memory: memory of training and serving a model on a device (its speed is
 * mlsys-labs/core/speed's), every number with its formula and source. Pure: no DOM, no timers.
 */
export { parseTransformerConfig } from './config.js';
export type { ParseResult, TransformerConfig, TransformerFamily } from './config.js';
export { paramCount, parameterTensors, layerActivationBytesPerToken, outsideLayerActivationBytesPerToken, forwardFlopsPerSequence } from './transformer.js';
export type { ParameterTensor } from './transformer.js';
export { buildVisionTable } from './vision.js';
export type { VisionLayer, VisionTable } from './vision.js';
export { getModel, listModels, resolveModel, transformerModel } from './models.js';
export type { Model, ModelRef, TransformerModel, VisionModel } from './models.js';
export { DEFAULT_OVERHEAD, MEMORY_UNITS_NOTE } from './breakdown.js';
export type { MemoryBreakdown, MemoryPart, OverheadOptions } from './breakdown.js';
export { OPTIMIZERS, PRECISION_REGIMES, adafactorStateElements, precisionBytes, zeroDivisors } from './model-state.js';
export type { OptimizerName, PrecisionBytes, PrecisionRegime, ZeroStage } from './model-state.js';
export { RECOMPUTATIONS, TRAINING_PART_KEYS, estimateTrainingMemory } from './training.js';
export type { Recomputation, TrainingMemory, TrainingOptions, TrainingPartKey } from './training.js';
export { BYTES_PER_ELEMENT, CACHE_PRECISIONS, INFERENCE_PART_KEYS, estimateInferenceMemory, kvCacheBytes, kvCacheShape } from './inference.js';
export type { CachePrecision, InferenceMemory, InferenceOptions, InferencePartKey, KvCacheShape, WeightPrecision } from './inference.js';
export { largestFitting, maxBatchSize } from './fit.js';
export { POWER_OF_TWO_BATCH_SIZES, sweepInferenceMemory, sweepTrainingMemory } from './sweep.js';
export type { Sweep, SweepSeries } from './sweep.js';
export { formatBytes, formatCount } from '../shared/format.js';
export { MAX_BATCH, batchMemorySchema } from './lab.js';
export type { BatchMemoryState } from './lab.js';
export { evaluate, resolvePrecision, trainingOptions } from './evaluate.js';
export type { BatchMemoryResult, Mitigation } from './evaluate.js';
export { batchMemoryCard } from './card.js';
export { instructorCardMarkdown } from '../shared/instructor-card.js';
export type { Assignment, InstructorCard, Misconception } from '../shared/instructor-card.js';
