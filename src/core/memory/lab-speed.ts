/**
 * What the memory lab shows of speed, from the speed core (core/speed): a training step kernel
 * by kernel with data parallelism's communication, serving's latency and throughput, both
 * against batch size, where the step's time goes, the Math Peek's derivations, and the published
 * measurements for the model and device beside the curve.
 */
import type { Device, Interconnect } from '../catalog/index.js';
import type { Derivation } from '../shared/derivation.js';
import { formatCount, formatDuration, formatScientific, formatShare, formatSignificant, formatTflops } from '../shared/format.js';
import { estimateMeasurement, type CalibrationPoint } from '../speed/calibration.js';
import { dataParallelCommunication, scaling, type DataParallelCommunication, type Scaling } from '../speed/communication.js';
import { inferenceSpeed, visionInferenceSpeed } from '../speed/inference.js';
import { PUBLISHED_MEASUREMENTS, type PublishedMeasurement } from '../speed/measurements.js';
import { matmulPrecisionOf, peaksFor, type KernelTime, type SpeedAssumptions } from '../speed/roofline.js';
import { trainingSpeed, type StepSpeed } from '../speed/training-step.js';
import { precisionBytes, type PrecisionRegime } from './model-state.js';
import type { Model } from './models.js';
import type { ResolvedTrainingOptions } from './training.js';

/** Where a step's time goes, as the lab's bar shows it. */
export type TimeShareKey = 'matmul' | 'attention' | 'elementwise' | 'optimizer' | 'communication' | 'launch';

const TIME_SHARE_LABELS: Record<TimeShareKey, string> = {
  matmul: 'Matmuls',
  attention: 'Attention',
  elementwise: 'Memory-bound elementwise',
  optimizer: 'Optimizer update',
  communication: 'Communication (exposed)',
  launch: 'Kernel launches',
};

export interface TimeShare {
  key: TimeShareKey;
  label: string;
  seconds: number;
}

/** What the speed model runs on besides the recipe: the device, its link, and the assumptions. */
export interface SpeedSetting {
  device: Device;
  /** The link data-parallel GPUs talk over; undefined for a part that runs alone. */
  link: Interconnect | undefined;
  assumptions: SpeedAssumptions;
  /** FP32 matmuls on TF32 tensor cores. */
  allowTf32: boolean;
  /** Fraction of the communication that may hide under backward. */
  overlap: number;
}

export interface TrainingThroughput {
  /** One GPU's step, kernel by kernel. */
  step: StepSpeed;
  /** Data parallelism's collectives, for more than one GPU on a link. */
  communication?: DataParallelCommunication;
  scaling: Scaling;
  /** Per GPU, the exposed communication included. */
  samplesPerSecond: number;
  /** Transformers only. */
  tokensPerSecond?: number;
  /** One step, the exposed communication included. */
  stepSeconds: number;
  shares: TimeShare[];
}

/** Each kernel's time under its class, or under launches when the host's launch bounds it. */
function sharesOf(kernels: readonly KernelTime[], communicationSeconds = 0): TimeShare[] {
  const seconds: Record<TimeShareKey, number> = { matmul: 0, attention: 0, elementwise: 0, optimizer: 0, communication: communicationSeconds, launch: 0 };
  for (const time of kernels) seconds[time.bound === 'launch' ? 'launch' : time.kernel.class] += time.seconds;
  return (Object.keys(seconds) as TimeShareKey[]).map((key) => ({ key, label: TIME_SHARE_LABELS[key], seconds: seconds[key] }));
}

/** A training step of `options` on one GPU of the job, with the communication the job adds. */
export function trainingThroughput(options: Omit<ResolvedTrainingOptions, 'overhead'>, setting: SpeedSetting): TrainingThroughput {
  const step = trainingSpeed({ ...options, device: setting.device, allowTf32: setting.allowTf32, assumptions: setting.assumptions });
  const gpus = options.dataParallel;
  const bytes = precisionBytes(options.precision);
  const communication =
    gpus > 1 && setting.link
      ? dataParallelCommunication({
          parameters: options.model.params,
          gradientBytesPerParameter: bytes.gradient,
          parameterBytesPerParameter: bytes.weight,
          gpus,
          zeroStage: options.zeroStage,
          link: setting.link,
          backwardSeconds: step.kernels.filter(({ kernel }) => kernel.pass === 'backward').reduce((sum, time) => sum + time.seconds, 0),
          overlap: setting.overlap,
        })
      : undefined;
  const exposed = communication?.exposedSeconds ?? 0;
  const job = scaling({ stepSecondsOneGpu: step.seconds, communicationExposedSeconds: exposed, gpus, samplesPerGpu: options.batchSize });
  const model = options.model;
  return {
    step,
    communication,
    scaling: job,
    samplesPerSecond: job.perDeviceSamplesPerSecond,
    tokensPerSecond: model.kind === 'transformer' ? job.perDeviceSamplesPerSecond * options.sequenceLength : undefined,
    stepSeconds: job.stepSeconds,
    shares: sharesOf(step.kernels, exposed),
  };
}

/** Serving: a transformer decoder's token-by-token generation, an encoder's or a vision model's forward pass. */
export interface ServingThroughput {
  kind: 'decode' | 'forward';
  /** The latency a reader waits: one decode step (a token of every sequence), or one forward pass. */
  seconds: number;
  /** Tokens per second while decoding; sequences or images per second for a forward pass. */
  perSecond: number;
  unit: 'tokens/s' | 'samples/s';
  /** Decoders: the prompt's prefill, the time to the first token. */
  prefillSeconds?: number;
  kernels: KernelTime[];
  shares: TimeShare[];
}

export interface ServingOptions {
  model: Model;
  batchSize: number;
  sequenceLength: number;
  imageSize: number;
  precision: PrecisionRegime;
  fusedAttention: boolean;
}

export function servingThroughput(o: ServingOptions, setting: SpeedSetting): ServingThroughput {
  const { model, batchSize } = o;
  const device = setting.device;
  if (model.kind === 'vision') {
    const forward = visionInferenceSpeed({ ...o, architecture: model.architecture, device, assumptions: setting.assumptions });
    return { kind: 'forward', seconds: forward.seconds, perSecond: forward.samplesPerSecond, unit: 'samples/s', kernels: forward.kernels, shares: sharesOf(forward.kernels) };
  }
  const phases = inferenceSpeed({ ...o, config: model.config, device, assumptions: setting.assumptions });
  // An encoder (BERT) reads its input once; it makes no tokens one by one.
  if (model.config.family === 'bert') {
    const { prefill } = phases;
    return { kind: 'forward', seconds: prefill.seconds, perSecond: batchSize / prefill.seconds, unit: 'samples/s', kernels: prefill.kernels, shares: sharesOf(prefill.kernels) };
  }
  const { decode, prefill } = phases;
  return {
    kind: 'decode',
    seconds: decode.seconds,
    perSecond: decode.tokensPerSecond,
    unit: 'tokens/s',
    prefillSeconds: prefill.seconds,
    kernels: decode.kernels,
    shares: sharesOf(decode.kernels),
  };
}

/** The first batch at which `values` reach 90 % of their largest. */
export function saturationBatch(batchSizes: readonly number[], values: readonly number[]): number {
  const peak = Math.max(...values);
  return batchSizes[values.findIndex((value) => value >= 0.9 * peak)]!;
}

/** The precision the device runs the matmuls in, when it is not the one asked for. */
export function peakCaveats(precision: PrecisionRegime, setting: SpeedSetting): string[] {
  const { device } = setting;
  const matmuls = matmulPrecisionOf(precision, device, setting.allowTf32);
  if (setting.allowTf32 && matmuls !== 'tf32') {
    return [`The ${device.name} has no TF32 tensor cores, so FP32 matmuls run on its FP32 units (${formatTflops(device.peak.fp32!.value)}).`];
  }
  if (device.peak[matmuls]) return [];
  return [`The ${device.name} lists no ${matmuls.toUpperCase()} peak, so its matmuls are timed at its FP32 peak (${formatTflops(device.peak.fp32!.value)}).`];
}

/** A bandwidth as datasheets print it, in decimal gigabytes per second. */
function bandwidth(bytesPerSecond: number): string {
  return `${formatSignificant(bytesPerSecond / 1e9)} GB/s`;
}

/** The assumptions behind the speed figures, with their values, one sentence each. */
export function speedAssumptions(precision: PrecisionRegime, setting: SpeedSetting): string[] {
  const { device, assumptions: a } = setting;
  const matmuls = matmulPrecisionOf(precision, device, setting.allowTf32);
  const peaks = peaksFor(device, matmuls);
  return [
    `Matmuls run at ${formatShare(a.matmulEfficiency, 0)} of the ${matmuls.toUpperCase()} peak (${formatTflops(peaks.matmulFlops)}), other kernels' arithmetic at ${formatShare(a.vectorEfficiency, 0)} of FP32's (${formatTflops(peaks.vectorFlops)}), memory traffic at ${formatShare(a.bandwidthEfficiency, 0)} of ${bandwidth(peaks.bytesPerSecond)}; the two efficiencies were fitted to seven published measurements.`,
    `Every kernel takes at least the ${formatDuration(a.launchSeconds)} the host needs to launch it (eager PyTorch, no CUDA graphs).`,
  ];
}

/** The Math Peek's steps for one kernel, the step's sum, and the throughput. */
export function kernelDerivations(kernels: readonly KernelTime[], shares: readonly TimeShare[], setting: SpeedSetting, precision: PrecisionRegime): Derivation[] {
  const a = setting.assumptions;
  const peaks = peaksFor(setting.device, matmulPrecisionOf(precision, setting.device, setting.allowTf32));
  const longest = kernels.reduce((most, time) => (time.seconds > most.seconds ? time : most));
  const { kernel } = longest;
  const flopsPerSecond = kernel.tensorCores ? `${formatTflops(peaks.matmulFlops)} × ${a.matmulEfficiency}` : `${formatTflops(peaks.vectorFlops)} × ${a.vectorEfficiency}`;
  // The kernels' time alone: the communication a job waits for is derived with the job.
  const spent = shares.filter((share) => share.seconds > 0 && share.key !== 'communication');
  const total = spent.reduce((sum, share) => sum + share.seconds, 0);
  return [
    {
      label: `Longest kernel: ${kernel.name}${kernel.count > 1 ? ` (× ${kernel.count})` : ''}`,
      formula: 't_k = n·max(F/(P·e), B/(BW·e_bw), t_launch)',
      substituted:
        // Each quotient grouped whole, so the Math Peek sets it as one fraction.
        `${kernel.count} × max((${formatScientific(kernel.flops)} FLOP)/(${flopsPerSecond}), ` +
        `(${formatScientific(kernel.bytes)} B)/(${bandwidth(peaks.bytesPerSecond)} × ${a.bandwidthEfficiency}), ${formatDuration(a.launchSeconds)})`,
      result: `${formatDuration(longest.seconds)}, ${longest.bound}-bound`,
      source: 'roofline per kernel: Williams, Waterman & Patterson 2009',
    },
    {
      // Each kind of kernel runs once per layer, say: the step launches them all.
      label: `Step time: ${formatCount(kernels.reduce((sum, { kernel }) => sum + kernel.count, 0))} kernel launches`,
      formula: `t = Σ t_k = ${spent.map((share) => `t_${share.key}`).join(' + ')}`,
      substituted: spent.map((share) => formatDuration(share.seconds)).join(' + '),
      result: formatDuration(total),
      reveals: ['samplesPerSecond'],
    },
  ];
}

/** Training's derivations: the kernels, the communication and scaling, the throughput. */
export function trainingDerivations(t: TrainingThroughput, setting: SpeedSetting, precision: PrecisionRegime, batchSize: number): Derivation[] {
  const reveals = ['samplesPerSecond'];
  const communication = t.communication ? [...t.communication.derivations, ...t.scaling.derivations].map((d) => ({ ...d, reveals })) : [];
  return [
    ...kernelDerivations(t.step.kernels, t.shares, setting, precision),
    ...communication,
    {
      label: 'Throughput per GPU',
      formula: t.communication ? 'X = b / (t_step + t_exposed)' : 'X = b / t_step',
      substituted: t.communication ? `${batchSize} / (${formatDuration(t.step.seconds)} + ${formatDuration(t.communication.exposedSeconds)})` : `${batchSize} / ${formatDuration(t.step.seconds)}`,
      result: `${formatSignificant(t.samplesPerSecond)} samples/s`,
      reveals,
    },
  ];
}

/** A published measurement of the lab's model and device, and what the model says of it. */
export interface MeasuredPoint {
  /** The model's estimate at the measurement's setting, with the lab's assumptions. */
  point: CalibrationPoint;
  /** Batch size per GPU; undefined when the source does not publish it. */
  batchSize?: number;
  /** The measurement in the chart's unit (samples/s for training, the serving curve's unit otherwise). */
  value: number;
}

/**
 * The measurements taken on this model and device in this workload, each estimated with the
 * lab's assumptions. `chartValue` puts one in the chart's unit (a training throughput in tokens
 * per second into sequences per second, say).
 */
export function measurementsFor(model: string, device: string, mode: 'training' | 'inference', assumptions: SpeedAssumptions): MeasuredPoint[] {
  return PUBLISHED_MEASUREMENTS.filter((m) => m.model === model && m.device === device && m.mode === mode).map((m) => {
    const point = estimateMeasurement(m, assumptions);
    const published = m.setting.batchSizePerGpu;
    return { point, batchSize: published === 'unknown' ? undefined : published, value: chartValue(m, point.setting.sequenceLength) };
  });
}

/** Training charts count sequences; serving charts count what the measurement counts. */
function chartValue(m: PublishedMeasurement, sequenceLength: number): number {
  return m.mode === 'training' && m.unit === 'tokens/s' ? m.value / sequenceLength : m.value;
}
