/**
 * mlsys-labs/core/speed: the time of a training step kernel by kernel (a per-operator roofline)
 * for the catalog's transformers and vision models, with the optimizer's update; serving's
 * prefill and decode; data parallelism's communication and scaling; and the published
 * measurements the model is calibrated on. Every number with its formula and source. Pure: no
 * DOM, no timers.
 */
export { DEFAULT_SPEED_ASSUMPTIONS, kernelTime, matmulPrecisionOf, peaksFor, timeByClass, timeKernels } from './roofline.js';
export type { Kernel, KernelClass, KernelTime, MatmulPrecision, Peaks, SpeedAssumptions } from './roofline.js';
export { computeBytes, transformerStepKernels } from './transformer-kernels.js';
export type { TransformerStepOptions } from './transformer-kernels.js';
export { optimizerStepKernel } from './optimizer.js';
export type { OptimizerStepOptions } from './optimizer.js';
export { visionStepKernels } from './vision-kernels.js';
export type { VisionStepOptions } from './vision-kernels.js';
export { trainingSpeed } from './training-step.js';
export type { StepSpeed, TrainingSpeedOptions } from './training-step.js';
export { inferenceSpeed, visionInferenceSpeed } from './inference.js';
export type { InferenceSpeedOptions, PhaseSpeed, VisionInferenceOptions } from './inference.js';
export { PUBLISHED_MEASUREMENTS } from './measurements.js';
export type { MeasurementSetting, PublishedMeasurement, ThroughputUnit } from './measurements.js';
export { estimateMeasurement, estimatedSetting } from './calibration.js';
export type { CalibrationPoint, EstimatedSetting } from './calibration.js';
export {
  DEFAULT_OVERLAP,
  DEFAULT_STEP_LATENCY_SECONDS,
  dataParallelCommunication,
  ringAllGatherSeconds,
  ringAllReduceSeconds,
  scaling,
} from './communication.js';
export type {
  Collective,
  CollectiveKind,
  DataParallelCommunication,
  DataParallelOptions,
  RingLink,
  RingOptions,
  Scaling,
  ScalingOptions,
} from './communication.js';
