/**
 * The time of one training step on one device, kernel by kernel (roofline.ts): forward,
 * recomputation, backward and the optimizer's update, for a transformer or a vision model of the
 * catalog. Communication between devices is added by communication.ts.
 */
import type { Device } from '../catalog/index.js';
import { modelParameterTensors } from '../memory/models.js';
import type { ResolvedTrainingOptions } from '../memory/training.js';
import { optimizerStepKernel } from './optimizer.js';
import { matmulPrecisionOf, peaksFor, timeByClass, timeKernels, type KernelClass, type KernelTime, type MatmulPrecision, type SpeedAssumptions } from './roofline.js';
import { transformerStepKernels } from './transformer-kernels.js';
import { visionStepKernels } from './vision-kernels.js';

/** The memory estimators' training recipe (overheads aside) on a device, with what only speed depends on. */
export interface TrainingSpeedOptions extends Omit<ResolvedTrainingOptions, 'overhead'> {
  device: Device;
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
  matmulPrecision: MatmulPrecision;
}

export function trainingSpeed(o: TrainingSpeedOptions): StepSpeed {
  const matmulPrecision = matmulPrecisionOf(o.precision, o.device, o.allowTf32);
  const peaks = peaksFor(o.device, matmulPrecision);
  const { model } = o;
  const step =
    model.kind === 'transformer'
      ? transformerStepKernels({ ...o, config: model.config, fusedAttention: o.fusedAttention })
      : visionStepKernels({ ...o, architecture: model.architecture });
  const update = optimizerStepKernel({ ...o, params: model.params, tensors: () => modelParameterTensors(model) });
  const { kernels, seconds } = timeKernels([...step, update], peaks, o.assumptions);
  return {
    kernels,
    byClass: timeByClass(kernels),
    seconds,
    samplesPerSecond: o.batchSize / seconds,
    flops: kernels.reduce((sum, { kernel }) => sum + kernel.flops * kernel.count, 0),
    matmulPrecision,
  };
}
