/**
 * mlsys-labs/core/speed: the time of a training step, kernel by kernel (a per-operator
 * roofline), with the optimizer's update. Pure: no DOM, no timers.
 */
export { DEFAULT_SPEED_ASSUMPTIONS, kernelTime, peaksFor, timeByClass } from './roofline.js';
export type { Kernel, KernelClass, KernelTime, Peaks, SpeedAssumptions } from './roofline.js';
export { computeBytes, transformerStepKernels } from './transformer-kernels.js';
export type { TransformerStepOptions } from './transformer-kernels.js';
export { optimizerStepKernel } from './optimizer.js';
export type { OptimizerStepOptions } from './optimizer.js';
export { transformerTrainingSpeed } from './training-step.js';
export type { StepSpeed, TransformerTrainingSpeedOptions } from './training-step.js';
