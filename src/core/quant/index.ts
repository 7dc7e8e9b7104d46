/**
 * mlsys-labs/core/quant: integer quantization with ONNX QuantizeLinear / PyTorch semantics
 * (1–8 bits, signed or unsigned, symmetric or affine, per tensor, channel or group, min-max,
 * percentile or MSE calibration), the floating formats of the precision ladder (FP16, BF16,
 * FP8 E4M3 and E5M2) bit-exactly, post-training quantization of a real model's weights and
 * activations evaluated on its test set, per-layer sensitivity, accuracy-versus-bits sweeps
 * (each long computation also as steps, see core/shared/steps), model size with scales and zero points, and the 6.02 dB-per-bit reference.
 * Pure: no DOM, no timers.
 */
export {
  DEFAULT_GROUP_SIZE,
  DEFAULT_MSE_CANDIDATES,
  DEFAULT_MSE_MIN_RATIO,
  MIN_SCALE,
  affineZeroPoint,
  calibrateRange,
  fakeQuantizeInPlace,
  groupCount,
  quantParams,
  quantizeTensor,
  quantizeValue,
  resolveIntegerScheme,
  roundHalfEven,
} from './integer.js';
export type { Granularity, IntegerScheme, QuantizedTensor, RangeCalibration, ResolvedIntegerScheme } from './integer.js';
export {
  FLOAT_FORMATS,
  FLOAT_FORMAT_SPECS,
  decodeFloat,
  encodeFloat,
  floatFormatSpec,
  halfUlpAt,
  roundToFormat,
  roundToFormatCounting,
  roundValueToFormat,
} from '../shared/float-formats.js';
export type { FloatFormat, FloatFormatSpec, FloatRoundingOptions } from '../shared/float-formats.js';
export { applyScheme, checkScheme, roundTensorToFormat, scaleCount, schemeBits, schemeLabel } from './scheme.js';
export type { FloatScheme, QuantScheme, RoundedTensor } from './scheme.js';
export { idealSqnrDb, sqnrDb } from './stats.js';
export type { QuantStats } from './stats.js';
export { quantizableLayers, selectLayers } from './layers.js';
export type { QuantizableLayer } from './layers.js';
export { modelSize } from './size.js';
export type { ModelSize, ParameterSize } from './size.js';
export { DEFAULT_CALIBRATION_IMAGES, DEFAULT_CALIBRATION_SEED, QuantSession, QuantWeights, createQuantSession, quantSessionSteps } from './model.js';
export type { ActivationReport, CalibrationOptions, LayerSensitivity, ModelQuantConfig, QuantizedEvaluation, WeightReport } from './model.js';
export { createSweep, sweepSteps } from './sweep.js';
export { DEFAULT_SWEEP_BITS, DEFAULT_SWEEP_SCHEMES, DEFAULT_SWEEP_SERIES_LABELS } from './sweep-schemes.js';
export type { QuantSweep, QuantSweepConfig, QuantSweepSeries, QuantSweepState } from './sweep.js';
export type { IntegerSchemeShape, SweepSchemeSpec } from './sweep-schemes.js';
export { CLIFF_POINTS, diagnoseCliff, outlierRatio, quantConfig, quantDerivations, quantLabSchema, weightBits, weightScheme } from './lab.js';
export type { CliffDiagnosis, QuantLabState } from './lab.js';
export { quantLabCard } from './card.js';
export { instructorCardMarkdown } from '../shared/instructor-card.js';
export type { Assignment, InstructorCard, Misconception } from '../shared/instructor-card.js';
