/**
 * Time of one training step on one device from a roofline (Williams et al. 2009,
 * https://doi.org/10.1145/1498765.1498785): time = max(FLOPs / (peak · u_c), bytes / (bandwidth · u_b)).
 */
import type { Device, PeakPrecision } from '../catalog/devices.js';
import { formatBytes, formatCount, formatScientific, formatTflops } from '../shared/format.js';
import { estimateTrainingMemory, resolveTrainingOptions } from './training.js';
import type { ResolvedTrainingOptions, TrainingMemory, TrainingOptions } from './training.js';
import { forwardFlopsPerSequence } from './transformer.js';
import { buildVisionTable } from './vision.js';

export interface StepOptions extends TrainingOptions {
  /** Achievable fraction of peak FLOP/s (model FLOPs utilization). Default 0.5. */
  computeUtilization?: number;
  /** Achievable fraction of peak bandwidth. Default 0.8. */
  bandwidthUtilization?: number;
  /** Run `fp32` matmuls on TF32 tensor cores where the device has them. Default false. */
  allowTf32?: boolean;
}

export interface StepEstimate {
  /** FLOPs of one step: forward, backward (2× forward) and any recomputed forward. */
  flops: number;
  flopsFormula: string;
  flopsSubstituted: string;
  /** Bytes moved to and from device memory, a lower bound (each tensor once per use). */
  bytesMoved: number;
  bytesFormula: string;
  bytesSubstituted: string;
  /** The peak used and its precision; falls back to FP32 when the part lacks the regime's format. */
  peak: { precision: PeakPrecision; flopsPerSecond: number; source: string };
  computeSeconds: number;
  memorySeconds: number;
  stepSeconds: number;
  bound: 'compute' | 'memory';
  samplesPerSecond: number;
  /** Tokens per second for transformers; undefined for vision models. */
  tokensPerSecond: number | undefined;
  memory: TrainingMemory;
  /** Modelling choices a reader should know about, one sentence each. */
  assumptions: string[];
  /**
   * Where the estimate departs from what was asked (a precision the device has no peak for,
   * timed at its FP32 peak): these change the result, so a reader should see them first.
   */
  caveats: string[];
}

export const DEFAULT_COMPUTE_UTILIZATION = 0.5;
export const DEFAULT_BANDWIDTH_UTILIZATION = 0.8;

function choosePeak(device: Device, o: ResolvedTrainingOptions, allowTf32: boolean, caveats: string[]) {
  const wanted: PeakPrecision =
    o.precision === 'fp32' ? (allowTf32 ? 'tf32' : 'fp32') : o.precision === 'mixed-fp16' ? 'fp16' : 'bf16';
  const entry = device.peak[wanted] ?? device.peak.fp32;
  if (entry === undefined) throw new RangeError(`device ${device.id} has no FP32 peak`);
  const precision = device.peak[wanted] ? wanted : 'fp32';
  if (precision !== wanted) {
    caveats.push(`The ${device.name} lists no ${wanted.toUpperCase()} peak, so the step is timed at its FP32 peak (${formatTflops(entry.value)}).`);
  }
  return { precision, flopsPerSecond: entry.value, source: entry.source };
}

/** Training FLOPs of one step per Narayanan et al. 2021 / Korthikanti et al. 2022 §5. */
function stepFlops(o: ResolvedTrainingOptions) {
  const b = o.batchSize;
  if (o.model.kind === 'transformer') {
    const s = o.sequenceLength;
    const forward = forwardFlopsPerSequence(o.model.config, o.model.params, s);
    const { numLayers: L, numHeads: a, headDim } = o.model.config;
    const h = a * headDim;
    // Full recomputation reruns the whole forward; selective reruns only QKᵀ and attention over V.
    const extra = o.recomputation === 'full' ? forward.total : o.recomputation === 'selective' ? forward.attentionScores : 0;
    const flops = b * (3 * forward.total + extra);
    const formulas = {
      none: ['6·Ψ·b·s + 12·L·h·s²·b', `6 × ${formatCount(o.model.params)} × ${b} × ${s} + 12 × ${L} × ${h} × ${s}² × ${b}`],
      selective: ['6·Ψ·b·s + 16·L·h·s²·b', `6 × ${formatCount(o.model.params)} × ${b} × ${s} + 16 × ${L} × ${h} × ${s}² × ${b}`],
      full: ['8·Ψ·b·s + 16·L·h·s²·b', `8 × ${formatCount(o.model.params)} × ${b} × ${s} + 16 × ${L} × ${h} × ${s}² × ${b}`],
    }[o.recomputation];
    return { flops, formula: formulas[0], substituted: `${formulas[1]} = ${formatScientific(flops)}` };
  }
  const forward = buildVisionTable(o.model.architecture, o.imageSize).forwardFlops;
  const passes = o.recomputation === 'full' ? 4 : 3;
  const flops = passes * forward * b;
  return {
    flops,
    formula: `${passes}·F_fwd·b (F_fwd: conv, linear and attention matmuls)`,
    substituted: `${passes} × ${formatCount(forward)} × ${b} = ${formatScientific(flops)}`,
  };
}

/** Estimated time, throughput and bound of one training step of `options` on `device`. */
export function estimateStep(options: StepOptions, device: Device): StepEstimate {
  const o = resolveTrainingOptions(options);
  const computeUtilization = options.computeUtilization ?? DEFAULT_COMPUTE_UTILIZATION;
  const bandwidthUtilization = options.bandwidthUtilization ?? DEFAULT_BANDWIDTH_UTILIZATION;
  for (const [name, value] of [['computeUtilization', computeUtilization], ['bandwidthUtilization', bandwidthUtilization]] as const) {
    if (!(value > 0 && value <= 1)) throw new RangeError(`${name} must be in (0, 1], got ${value}`);
  }
  const caveats: string[] = [];
  const peak = choosePeak(device, o, options.allowTf32 ?? false, caveats);
  const memory = estimateTrainingMemory(options);
  const part = (key: string) => memory.parts.find((p) => p.key === key)?.bytes ?? 0;
  const { flops, formula, substituted } = stepFlops(o);

  // Weights are read in forward and backward (all of them, gathered under ZeRO-3), gradients
  // written, then the update reads gradients and state and writes state and weights; stored
  // activations are written once and read once.
  const fullWeights = part('weights') * (o.zeroStage >= 3 ? o.dataParallel : 1);
  const bytesMoved = 2 * fullWeights + 2 * part('gradients') + 2 * part('optimizer') + part('weights') + 2 * part('activations');
  const computeSeconds = flops / (peak.flopsPerSecond * computeUtilization);
  const memorySeconds = bytesMoved / (device.bandwidthBytesPerSecond.value * bandwidthUtilization);
  const stepSeconds = Math.max(computeSeconds, memorySeconds);
  const samplesPerSecond = o.batchSize / stepSeconds;
  const assumptions = [
    `Compute at ${computeUtilization} of peak, memory traffic at ${bandwidthUtilization} of peak bandwidth; compute and traffic overlap fully.`,
    'Throughput is per device; data parallelism over N_d devices multiplies it by N_d and adds communication not modelled here.',
  ];
  return {
    flops,
    flopsFormula: formula,
    flopsSubstituted: substituted,
    bytesMoved,
    bytesFormula: '2·W_full + 2·G + 2·O + W + 2·A',
    bytesSubstituted: `2 × ${formatBytes(fullWeights)} + 2 × ${formatBytes(part('gradients'))} + 2 × ${formatBytes(part('optimizer'))} + ${formatBytes(part('weights'))} + 2 × ${formatBytes(part('activations'))} = ${formatBytes(bytesMoved)}`,
    peak,
    computeSeconds,
    memorySeconds,
    stepSeconds,
    bound: computeSeconds >= memorySeconds ? 'compute' : 'memory',
    samplesPerSecond,
    tokensPerSecond: o.model.kind === 'transformer' ? samplesPerSecond * o.sequenceLength : undefined,
    memory,
    assumptions,
    caveats,
  };
}

/**
 * The largest batch whose memory `totalAt(batch)` fits in `capacity` (0 when not even one sample
 * fits). Memory is affine in the batch size for training and serving alike, so the answer is
 * solved for from two points and then stepped to the exact boundary, which also corrects any
 * rounding (and would walk a merely monotone curve to its boundary).
 */
export function largestFitting(totalAt: (batchSize: number) => number, capacity: number): number {
  const one = totalAt(1);
  if (one > capacity) return 0;
  const perSample = totalAt(2) - one;
  let largest = perSample > 0 ? Math.max(1, Math.floor((capacity - one) / perSample) + 1) : Number.MAX_SAFE_INTEGER;
  while (largest > 1 && totalAt(largest) > capacity) largest--;
  while (largest < Number.MAX_SAFE_INTEGER && totalAt(largest + 1) <= capacity) largest++;
  return largest;
}

/**
 * The largest micro-batch whose training memory fits in the device's memory (see
 * largestFitting); `largestPowerOfTwo` is the largest power of two not above it. Both are 0 when
 * not even one sample fits.
 */
export function maxBatchSize(options: Omit<TrainingOptions, 'batchSize'>, device: Device) {
  const capacity = device.memoryBytes.value;
  const largest = largestFitting((batchSize) => estimateTrainingMemory({ ...options, batchSize }).total.bytes, capacity);
  return { largest, largestPowerOfTwo: largest === 0 ? 0 : 2 ** Math.floor(Math.log2(largest)), capacityBytes: capacity };
}
