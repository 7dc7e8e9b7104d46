/**
 * The speed model against published measurements (measurements.ts): what it estimates for each
 * measured setting with the default assumptions, and how far off it is. A setting the source does
 * not publish is filled with a stated guess, listed with the point, so the error can be read
 * with it in mind. Communication is not modelled here: multi-GPU runs are compared per GPU, as if
 * it overlapped fully (the sources' FSDP and Megatron-style runs overlap most of it).
 */
import { findDevice } from '../catalog/index.js';
import { resolveModel } from '../memory/index.js';
import type { OptimizerName, PrecisionRegime } from '../memory/model-state.js';
import { inferenceSpeed } from './inference.js';
import type { PublishedMeasurement } from './measurements.js';
import { DEFAULT_SPEED_ASSUMPTIONS, matmulPrecisionOf, peaksFor, timeKernels, type SpeedAssumptions } from './roofline.js';
import { trainingSpeed } from './training-step.js';
import { visionStepKernels } from './vision-kernels.js';

export interface CalibrationPoint {
  measurement: PublishedMeasurement;
  /** The model's throughput per GPU, in the measurement's unit. */
  estimate: number;
  /** estimate / measured − 1. */
  error: number;
  /** Settings the source does not publish, and what the estimate took for them. */
  guessed: string[];
}

export function estimateMeasurement(m: PublishedMeasurement, assumptions: SpeedAssumptions = DEFAULT_SPEED_ASSUMPTIONS): CalibrationPoint {
  const guessed: string[] = [];
  const known = <T>(value: T | 'unknown' | undefined, fallback: T, what: string): T => {
    if (value !== undefined && value !== 'unknown') return value;
    guessed.push(`${what}: ${String(fallback)}`);
    return fallback;
  };
  const model = resolveModel(m.model);
  const device = findDevice(m.device)!;
  const s = m.setting;
  const llm = model.kind === 'transformer' && model.config.family === 'llama';
  const batchSize = known(s.batchSizePerGpu, 1, 'batch per GPU');
  const measured = known(s.precision, 'mixed-bf16', 'precision');
  const precision: PrecisionRegime = measured === 'tf32' ? 'fp32' : measured;
  const sequenceLength = model.kind === 'transformer' ? known(s.sequenceLength, m.mode === 'inference' ? 256 : 4096, 'tokens per sequence') : 0;
  const fusedAttention = model.kind === 'transformer' && known(s.fusedAttention, llm, 'fused attention');
  // A compiled run replays its kernels as a CUDA graph: no per-kernel launch from the host.
  const assumed = s.cudaGraphs ? { ...assumptions, launchSeconds: 0 } : assumptions;
  let estimate: number;
  if (m.mode === 'training') {
    const optimizer: OptimizerName = s.optimizer === 'lamb' ? 'adam' : known(s.optimizer, 'adamw', 'optimizer');
    const speed = trainingSpeed({
      model,
      device,
      batchSize,
      sequenceLength,
      imageSize: s.imageSize ?? 224,
      precision,
      optimizer,
      recomputation: known(s.recomputation, 'none', 'recomputation'),
      zeroStage: 0,
      dataParallel: 1,
      fusedAttention,
      allowTf32: measured === 'tf32',
      assumptions: assumed,
    });
    // Accumulated micro-batches share one optimizer step.
    const accumulation = known(s.gradientAccumulationSteps, 1, 'micro-batches per optimizer step');
    const update = speed.byClass.optimizer;
    const seconds = speed.seconds - update + update / accumulation;
    estimate = (batchSize * (m.unit === 'tokens/s' ? sequenceLength : 1)) / seconds;
  } else if (model.kind === 'transformer') {
    const serving = inferenceSpeed({ config: model.config, device, batchSize, sequenceLength, precision, fusedAttention, assumptions: assumed });
    // An end-to-end timing of a short prompt and its generation is almost all decode.
    estimate = m.phase === 'prefill' ? serving.prefill.tokensPerSecond : serving.decode.tokensPerSecond;
  } else {
    const peaks = peaksFor(device, matmulPrecisionOf(precision, device));
    const forward = visionStepKernels({ architecture: model.architecture, imageSize: s.imageSize ?? 224, batchSize, precision, recomputation: 'none' }).filter((k) => k.pass === 'forward');
    estimate = batchSize / timeKernels(forward, peaks, assumed).seconds;
  }
  return { measurement: m, estimate, error: estimate / m.value - 1, guessed };
}
