/**
 * The time of one training step on one device, kernel by kernel (roofline.ts): forward,
 * recomputation, backward and the optimizer's update, for a transformer or a vision model of the
 * catalog. Communication between devices is added by communication.ts.
 */
import type { Device } from '../catalog/index.js';
import type { OptimizerName, PrecisionRegime, ZeroStage } from '../memory/model-state.js';
import { modelParameterTensors, type Model } from '../memory/models.js';
import type { Recomputation } from '../memory/training.js';
import { optimizerStepKernel } from './optimizer.js';
import { DEFAULT_SPEED_ASSUMPTIONS, kernelTime, peaksFor, timeByClass, type KernelClass, type KernelTime, type SpeedAssumptions } from './roofline.js';
import { transformerStepKernels } from './transformer-kernels.js';
import { visionStepKernels } from './vision-kernels.js';

export interface TrainingSpeedOptions {
  model: Model;
  device: Device;
  batchSize: number;
  /** Tokens per sample (transformers). */
  sequenceLength: number;
  /** Image side in pixels (vision models). */
  imageSize: number;
  precision: PrecisionRegime;
  optimizer: OptimizerName;
  recomputation: Recomputation;
  zeroStage: ZeroStage;
  dataParallel: number;
  /** FlashAttention for transformers (see transformer-kernels.ts). */
  fusedAttention?: boolean;
  /** FP32 matmuls on TF32 tensor cores (PyTorch's `allow_tf32`), where the device has them. */
  allowTf32?: boolean;
  assumptions?: SpeedAssumptions;
}

export interface StepSpeed {
  kernels: KernelTime[];
  byClass: Record<KernelClass, number>;
  seconds: number;
  samplesPerSecond: number;
  /** FLOPs of the step, recomputation included. */
  flops: number;
  /** The precision the matmuls run in. */
  matmulPrecision: 'fp32' | 'tf32' | 'fp16' | 'bf16';
}

export function trainingSpeed(o: TrainingSpeedOptions): StepSpeed {
  const matmulPrecision =
    o.precision === 'fp32' ? (o.allowTf32 && o.device.peak.tf32 ? 'tf32' : 'fp32') : o.precision === 'mixed-fp16' ? 'fp16' : 'bf16';
  const peaks = peaksFor(o.device, matmulPrecision);
  const { model } = o;
  const step =
    model.kind === 'transformer'
      ? transformerStepKernels({ ...o, config: model.config, fusedAttention: o.fusedAttention ?? false })
      : visionStepKernels({ ...o, architecture: model.architecture });
  const update = optimizerStepKernel({ ...o, params: model.params, tensors: () => modelParameterTensors(model) });
  const kernels = [...step, update].map((kernel) => kernelTime(kernel, peaks, o.assumptions ?? DEFAULT_SPEED_ASSUMPTIONS));
  const seconds = kernels.reduce((sum, time) => sum + time.seconds, 0);
  return {
    kernels,
    byClass: timeByClass(kernels),
    seconds,
    samplesPerSecond: o.batchSize / seconds,
    flops: kernels.reduce((sum, { kernel }) => sum + kernel.flops * kernel.count, 0),
    matmulPrecision,
  };
}
