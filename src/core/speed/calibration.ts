/**
 * The speed model against published measurements (measurements.ts): what it estimates for each
 * measured setting with the default assumptions, and how far off it is. A setting the source does
 * not publish is filled with a stated guess, listed with the point, so the error can be read
 * with it in mind. Communication is not modelled here: multi-GPU runs are compared per GPU, as if
 * it overlapped fully (the sources' FSDP and Megatron-style runs overlap most of it).
 */
import { findDevice } from '../catalog/index.js';
import { resolveModel } from '../memory/models.js';
import type { OptimizerName, PrecisionRegime } from '../memory/model-state.js';
import type { Recomputation } from '../memory/training.js';
import { inferenceSpeed, visionInferenceSpeed } from './inference.js';
import type { PublishedMeasurement } from './measurements.js';
import { DEFAULT_SPEED_ASSUMPTIONS, type SpeedAssumptions } from './roofline.js';
import { trainingSpeed } from './training-step.js';

export interface CalibrationPoint {
  measurement: PublishedMeasurement;
  /** The setting the estimate ran, the source's with its gaps filled. */
  setting: EstimatedSetting;
  /** The model's throughput per GPU, in the measurement's unit. */
  estimate: number;
  /** estimate / measured − 1. */
  error: number;
  /** Settings the source does not publish, and what the estimate took for them. */
  guessed: string[];
}

/** A measurement's setting as the speed model runs it: every field known. */
export interface EstimatedSetting {
  batchSize: number;
  /** 0 for vision models. */
  sequenceLength: number;
  imageSize: number;
  precision: PrecisionRegime;
  /** FP32 storage with TF32 tensor-core matmuls. */
  allowTf32: boolean;
  optimizer: OptimizerName;
  recomputation: Recomputation;
  fusedAttention: boolean;
  /** Micro-batches per optimizer step. */
  accumulation: number;
  cudaGraphs: boolean;
}

/**
 * The setting a measurement ran, its unpublished parts filled with stated guesses: a batch of 1,
 * mixed BF16, 4,096 tokens for training (256 for serving), FlashAttention for Llama models,
 * AdamW, no recomputation, no accumulation.
 */
export function estimatedSetting(m: PublishedMeasurement): { setting: EstimatedSetting; guessed: string[] } {
  const guessed: string[] = [];
  const known = <T>(value: T | 'unknown' | undefined, fallback: T, what: string): T => {
    if (value !== undefined && value !== 'unknown') return value;
    guessed.push(`${what}: ${String(fallback)}`);
    return fallback;
  };
  const model = resolveModel(m.model);
  const s = m.setting;
  const transformer = model.kind === 'transformer';
  const measured = known(s.precision, 'mixed-bf16', 'precision');
  const setting: EstimatedSetting = {
    batchSize: known(s.batchSizePerGpu, 1, 'batch per GPU'),
    sequenceLength: transformer ? known(s.sequenceLength, m.mode === 'inference' ? 256 : 4096, 'tokens per sequence') : 0,
    imageSize: s.imageSize ?? 224,
    precision: measured === 'tf32' ? 'fp32' : measured,
    allowTf32: measured === 'tf32',
    // LAMB is not among the optimizers, but keeps Adam's state.
    optimizer: m.mode !== 'training' ? 'adamw' : s.optimizer === 'lamb' ? 'adam' : known(s.optimizer, 'adamw', 'optimizer'),
    recomputation: m.mode === 'training' ? known(s.recomputation, 'none', 'recomputation') : 'none',
    fusedAttention: transformer && known(s.fusedAttention, model.config.family === 'llama', 'fused attention'),
    accumulation: m.mode === 'training' ? known(s.gradientAccumulationSteps, 1, 'micro-batches per optimizer step') : 1,
    cudaGraphs: s.cudaGraphs ?? false,
  };
  return { setting, guessed };
}

export function estimateMeasurement(m: PublishedMeasurement, assumptions: SpeedAssumptions = DEFAULT_SPEED_ASSUMPTIONS): CalibrationPoint {
  const { setting, guessed } = estimatedSetting(m);
  const model = resolveModel(m.model);
  const device = findDevice(m.device)!;
  const { batchSize, sequenceLength } = setting;
  // A compiled run replays its kernels as a CUDA graph: no per-kernel launch from the host.
  const assumed = setting.cudaGraphs ? { ...assumptions, launchSeconds: 0 } : assumptions;
  let estimate: number;
  if (m.mode === 'training') {
    const speed = trainingSpeed({ ...setting, model, device, zeroStage: 0, dataParallel: 1, assumptions: assumed });
    // Accumulated micro-batches share one optimizer step.
    const update = speed.byClass.optimizer;
    const seconds = speed.seconds - update + update / setting.accumulation;
    estimate = (batchSize * (m.unit === 'tokens/s' ? sequenceLength : 1)) / seconds;
  } else if (model.kind === 'transformer') {
    const serving = inferenceSpeed({ ...setting, config: model.config, device, assumptions: assumed });
    // An end-to-end timing of a short prompt and its generation is almost all decode.
    estimate = m.phase === 'prefill' ? serving.prefill.tokensPerSecond : serving.decode.tokensPerSecond;
  } else {
    estimate = visionInferenceSpeed({ ...setting, architecture: model.architecture, device, assumptions: assumed }).samplesPerSecond;
  }
  return { measurement: m, setting, estimate, error: estimate / m.value - 1, guessed };
}
