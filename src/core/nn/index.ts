/**
 * mlsys-labs/core/nn: a small Float32 neural-network engine (layers with forward and backward
 * passes, PyTorch's optimizers, training, evaluation, weight and activation hooks) and the
 * parsers for the shipped digit data and trained models. Pure: no DOM, no fetching.
 */
export { createParameter, sizeOf, type Tensor, type Parameter } from './tensor.js';
export { matmulTransposedB, matmulAccumulate, matmulTransposedAAccumulate } from './kernels.js';
export type { Layer, LayerSpec } from './layer.js';
export { Linear } from './linear.js';
export { Conv2d } from './conv.js';
export { Pool2d, Flatten } from './pooling.js';
export { Elementwise, Softmax, softmaxRows } from './activations.js';
export { LayerNorm } from './layernorm.js';
export { Embedding } from './embedding.js';
export { CausalSelfAttention } from './attention.js';
export { Sequential, Residual, createModel, type ModelSpec, type ActivationObserver } from './model.js';
export { softmaxCrossEntropy } from './loss.js';
export {
  createOptimizer,
  type Optimizer,
  type OptimizerConfig,
  type OptimizerState,
  type FloatArray,
  type ParameterSlot,
  type SgdConfig,
  type AdamConfig,
  type RmspropConfig,
  type AdagradConfig,
  type LionConfig,
} from './optimizers.js';
export { BatchTrainer, Trainer, cosineLearningRate, type TrainerConfig, type TrainProgress } from './train.js';
export { clipGradientNorm } from './clip.js';
export { EVALUATION_BATCH, evaluate, evaluationSteps, type Evaluation } from './evaluate.js';
export { readWeights, writeWeights, snapshotWeights, restoreWeights } from './weights.js';
export { parseDigits, encodeDigits, digitsFromPixels, type Dataset, type DigitsDataset } from './data.js';
export { parseModel, serializeWeights, describeParameters, type ModelManifest, type WeightsDtype } from './serialize.js';
export { benchmarkEvaluation, benchmarkDenseKernel, median, type Clock, type Timing } from './benchmark.js';
