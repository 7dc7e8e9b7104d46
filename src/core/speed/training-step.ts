/**
 * The time of one training step of a transformer on one device, kernel by kernel (roofline.ts):
 * forward, recomputation, backward and the optimizer's update. Communication between devices is
 * added by communication.ts.
 */
import type { Device } from '../catalog/index.js';
import type { OptimizerName, ZeroStage } from '../memory/model-state.js';
import type { ParameterTensor } from '../memory/transformer.js';
import { optimizerStepKernel } from './optimizer.js';
import { DEFAULT_SPEED_ASSUMPTIONS, kernelTime, peaksFor, timeByClass, type KernelClass, type KernelTime, type SpeedAssumptions } from './roofline.js';
import { transformerStepKernels, type TransformerStepOptions } from './transformer-kernels.js';

export interface TransformerTrainingSpeedOptions extends TransformerStepOptions {
  device: Device;
  optimizer: OptimizerName;
  params: number;
  tensors: () => readonly ParameterTensor[];
  zeroStage: ZeroStage;
  dataParallel: number;
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

export function transformerTrainingSpeed(o: TransformerTrainingSpeedOptions): StepSpeed {
  const matmulPrecision =
    o.precision === 'fp32' ? (o.allowTf32 && o.device.peak.tf32 ? 'tf32' : 'fp32') : o.precision === 'mixed-fp16' ? 'fp16' : 'bf16';
  const peaks = peaksFor(o.device, matmulPrecision);
  const kernels = [...transformerStepKernels(o), optimizerStepKernel(o)].map((kernel) => kernelTime(kernel, peaks, o.assumptions ?? DEFAULT_SPEED_ASSUMPTIONS));
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
