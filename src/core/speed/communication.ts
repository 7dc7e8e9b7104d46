/**
 * What data parallelism adds to a training step: the collectives each GPU runs, their time over
 * a link, how much of it hides under the backward pass, and what is left of linear scaling.
 *
 * Time of a ring collective, the α-β model of Patarasuk & Yuan 2009 ("Bandwidth optimal
 * all-reduce algorithms for clusters of workstations", https://doi.org/10.1016/j.jpdc.2008.09.002):
 * a reduce-scatter or an all-gather of S bytes over N GPUs takes N−1 steps, each sending S/N
 * bytes, so t = (N−1)/N · S/B + (N−1)·α; an all-reduce is one of each, 2(N−1)/N · S/B + 2(N−1)·α.
 * B is what one GPU sends in one direction, the "bus bandwidth" NCCL's tests compare with the
 * hardware (https://github.com/NVIDIA/nccl-tests/blob/master/doc/PERFORMANCE.md).
 *
 * Volume per step, from ZeRO (Rajbhandari et al. 2020, https://arxiv.org/abs/1910.02054, §7):
 * - Plain data parallelism all-reduces the gradients, which the paper counts as a reduce-scatter
 *   and an all-gather, each moving Ψ elements: 2Ψ in all (§7.1).
 * - Partitioning optimizer state and gradients (stages 1 and 2) reduce-scatters the gradients
 *   (Ψ) and all-gathers the updated parameters (Ψ): 2Ψ, the same as plain data parallelism (§7.2.1).
 * - Partitioning parameters too (stage 3) all-gathers them again before the forward pass (Ψ)
 *   and before the backward pass (Ψ), besides reducing-scattering the gradients (Ψ): 3Ψ, 1.5×
 *   plain data parallelism (§7.2.2).
 * The paper's Ψ rounds (N−1)/N up to 1; the functions here keep it, so one GPU moves nothing.
 */
import type { Interconnect } from '../catalog/interconnects.js';
import type { ZeroStage } from '../memory/model-state.js';
import type { Derivation } from '../shared/derivation.js';
import { formatBytes, formatCount, formatDuration, formatShare, formatSignificant } from '../shared/format.js';

/** The link a ring runs over: only its per-direction bandwidth enters the model. */
export type RingLink = Pick<Interconnect, 'busBandwidthBytesPerSecond'>;

/**
 * α, the fixed cost of each step of a ring, in seconds. An assumption: NCCL's own cost model
 * charges its ring up to a few microseconds a step, by protocol and link (hwLat in
 * src/graph/tuning.cc, https://github.com/NVIDIA/nccl). It matters only for small messages;
 * the gradients of millions of parameters are bandwidth-bound.
 */
export const DEFAULT_STEP_LATENCY_SECONDS = 5e-6;

/**
 * Fraction of the step's communication that can run under the backward pass. An assumption to
 * adjust, not a measurement: PyTorch DDP starts each gradient bucket's all-reduce as soon as the
 * bucket is ready, during backward (Li et al. 2020, "PyTorch Distributed", §3.2.3,
 * https://arxiv.org/abs/2006.15704), but the last bucket's can only start when backward ends,
 * and how much hides depends on bucket size, model and link.
 */
export const DEFAULT_OVERLAP = 0.5;

export interface RingOptions {
  /** α, seconds per ring step. Default DEFAULT_STEP_LATENCY_SECONDS. */
  latencySeconds?: number;
}

function checkRing(bytes: number, gpus: number, link: RingLink, latencySeconds: number): void {
  if (!Number.isInteger(gpus) || gpus < 1) throw new RangeError(`gpus must be a whole number ≥ 1, got ${gpus}`);
  if (!(bytes >= 0)) throw new RangeError(`bytes must be ≥ 0, got ${bytes}`);
  if (!(link.busBandwidthBytesPerSecond.value > 0)) throw new RangeError('the link needs a positive bandwidth');
  if (!(latencySeconds >= 0)) throw new RangeError(`latencySeconds must be ≥ 0, got ${latencySeconds}`);
}

/**
 * Seconds of a ring reduce-scatter or all-gather of `bytes` (the whole tensor, S) over `gpus`
 * GPUs: (N−1)/N · S/B + (N−1)·α. Zero for one GPU.
 */
export function ringAllGatherSeconds(bytes: number, gpus: number, link: RingLink, options: RingOptions = {}): number {
  const latency = options.latencySeconds ?? DEFAULT_STEP_LATENCY_SECONDS;
  checkRing(bytes, gpus, link, latency);
  const steps = gpus - 1;
  return (steps / gpus) * (bytes / link.busBandwidthBytesPerSecond.value) + steps * latency;
}

/** Seconds of a ring all-reduce: 2(N−1)/N · S/B + 2(N−1)·α. Zero for one GPU. */
export function ringAllReduceSeconds(bytes: number, gpus: number, link: RingLink, options: RingOptions = {}): number {
  return 2 * ringAllGatherSeconds(bytes, gpus, link, options);
}

export type CollectiveKind = 'all-reduce' | 'reduce-scatter' | 'all-gather';

/** One collective of a training step, as each GPU sees it. */
export interface Collective {
  /** What it moves and when, e.g. "parameter all-gather before forward". */
  label: string;
  kind: CollectiveKind;
  /** Bytes of each element moved: k_g for gradients, k_p for parameters. */
  bytesPerElement: number;
  /** S: bytes of the whole tensor, Ψ · bytesPerElement. */
  bytes: number;
  /** Passes over the tensor, in ZeRO's units of Ψ: 2 for an all-reduce, 1 otherwise. */
  passes: number;
  /**
   * Whether it runs while backward computes, and so can hide under it: the gradients' collectives
   * and ZeRO-3's gather of the next layer's parameters do; the gather of updated parameters after
   * the optimizer step and ZeRO-3's gather before forward do not (prefetching under the forward
   * pass is not modelled).
   */
  duringBackward: boolean;
  /** Bytes one GPU sends (and receives): passes · (N−1)/N · S. */
  bytesPerGpu: number;
  seconds: number;
}

export interface DataParallelOptions extends RingOptions {
  /** Ψ: parameters of the model. */
  parameters: number;
  /** Bytes of each gradient on the wire (2 for FP16/BF16, 4 for FP32). */
  gradientBytesPerParameter: number;
  /** Bytes of each parameter ZeRO gathers (2 for FP16/BF16 weights). */
  parameterBytesPerParameter: number;
  /** N: data-parallel GPUs. */
  gpus: number;
  /** 0 for plain data parallelism; 1–3 shard optimizer state, then gradients, then parameters. */
  zeroStage: ZeroStage;
  link: RingLink;
  /** One GPU's backward pass, seconds: the window communication can hide in. */
  backwardSeconds: number;
  /** Fraction of the communication that can run under backward, 0–1. Default DEFAULT_OVERLAP. */
  overlap?: number;
}

export interface DataParallelCommunication {
  collectives: Collective[];
  /** Per-step volume in units of Ψ as ZeRO §7 counts it: 2 for stages 0–2, 3 for stage 3. */
  volumeInParameters: number;
  /** Bytes one GPU sends per step: the sum over collectives. */
  bytesPerGpu: number;
  /** Time of all the step's collectives, one after another. */
  seconds: number;
  /** The part that runs under backward: min(overlap · seconds, backwardSeconds). */
  hiddenSeconds: number;
  /** The part the step waits for. */
  exposedSeconds: number;
  derivations: Derivation[];
  /** Modelling choices a reader should know about, one sentence each. */
  assumptions: string[];
}

const ZERO_SOURCE = 'ZeRO (Rajbhandari et al. 2020), §7';
const RING_SOURCE = 'Patarasuk & Yuan 2009; NCCL tests, PERFORMANCE.md';

type PlannedCollective = Pick<Collective, 'label' | 'kind' | 'bytesPerElement' | 'duringBackward'>;

/** The collectives of one step, as ZeRO §7 lists them. */
function planCollectives(stage: ZeroStage, gradientBytes: number, parameterBytes: number): PlannedCollective[] {
  const reduceScatterGradients: PlannedCollective = { label: 'gradient reduce-scatter', kind: 'reduce-scatter', bytesPerElement: gradientBytes, duringBackward: true };
  switch (stage) {
    case 0:
      return [{ label: 'gradient all-reduce', kind: 'all-reduce', bytesPerElement: gradientBytes, duringBackward: true }];
    case 1:
    case 2:
      return [reduceScatterGradients, { label: 'updated-parameter all-gather', kind: 'all-gather', bytesPerElement: parameterBytes, duringBackward: false }];
    case 3:
      return [
        { label: 'parameter all-gather before forward', kind: 'all-gather', bytesPerElement: parameterBytes, duringBackward: false },
        { label: 'parameter all-gather before backward', kind: 'all-gather', bytesPerElement: parameterBytes, duringBackward: true },
        reduceScatterGradients,
      ];
  }
}

/** Per-step communication of data-parallel training with ZeRO stage 0–3, and how much of it the step waits for. */
export function dataParallelCommunication(options: DataParallelOptions): DataParallelCommunication {
  const { parameters, gradientBytesPerParameter, parameterBytesPerParameter, gpus, zeroStage, link, backwardSeconds } = options;
  const overlap = options.overlap ?? DEFAULT_OVERLAP;
  const latencySeconds = options.latencySeconds ?? DEFAULT_STEP_LATENCY_SECONDS;
  if (!(parameters >= 0)) throw new RangeError(`parameters must be ≥ 0, got ${parameters}`);
  if (![0, 1, 2, 3].includes(zeroStage)) throw new RangeError(`zeroStage must be 0, 1, 2 or 3, got ${zeroStage}`);
  if (!(overlap >= 0 && overlap <= 1)) throw new RangeError(`overlap must be between 0 and 1, got ${overlap}`);
  if (!(backwardSeconds >= 0)) throw new RangeError(`backwardSeconds must be ≥ 0, got ${backwardSeconds}`);

  const shareSent = (gpus - 1) / gpus;
  const collectives = planCollectives(zeroStage, gradientBytesPerParameter, parameterBytesPerParameter).map((planned): Collective => {
    const bytes = parameters * planned.bytesPerElement;
    const allReduce = planned.kind === 'all-reduce';
    const seconds = (allReduce ? ringAllReduceSeconds : ringAllGatherSeconds)(bytes, gpus, link, { latencySeconds });
    const passes = allReduce ? 2 : 1;
    return { ...planned, bytes, passes, bytesPerGpu: passes * shareSent * bytes, seconds };
  });

  const volumeInParameters = collectives.reduce((sum, c) => sum + c.passes, 0);
  const bytesPerGpu = collectives.reduce((sum, c) => sum + c.bytesPerGpu, 0);
  const seconds = collectives.reduce((sum, c) => sum + c.seconds, 0);
  const overlappable = collectives.filter((c) => c.duringBackward).reduce((sum, c) => sum + c.seconds, 0);
  const hiddenSeconds = Math.min(overlap * overlappable, backwardSeconds);
  const exposedSeconds = seconds - hiddenSeconds;

  const gbPerSecond = formatSignificant(link.busBandwidthBytesPerSecond.value / 1e9);
  const alpha = formatDuration(latencySeconds);
  const derivations: Derivation[] = [
    ...collectives.map(
      (c): Derivation => ({
        label: `Time of the ${c.label}`,
        formula: `t = ${c.passes === 2 ? '2' : ''}(N−1)/N · S/B + ${c.passes === 2 ? '2' : ''}(N−1)·α`,
        substituted:
          `${c.passes === 2 ? '2 × ' : ''}${gpus - 1}/${gpus} × (${formatBytes(c.bytes)})/(${gbPerSecond} GB/s)` +
          ` + ${c.passes * (gpus - 1)} × ${alpha}`,
        result: formatDuration(c.seconds),
        source: RING_SOURCE,
      }),
    ),
    {
      label: 'Bytes each GPU sends per step',
      formula: `V = ${volumeInParameters}Ψ · (N−1)/N elements × bytes each`,
      substituted: collectives
        .map((c) => `${c.passes} × ${gpus - 1}/${gpus} × ${formatCount(parameters)} × ${c.bytesPerElement} B`)
        .join(' + '),
      result: formatBytes(bytesPerGpu),
      source: ZERO_SOURCE,
    },
    {
      label: 'Communication the step waits for',
      formula: 't_exposed = t_comm − min(o · t_during backward, t_backward)',
      substituted: `${formatDuration(seconds)} − min(${formatCount(overlap)} × ${formatDuration(overlappable)}, ${formatDuration(backwardSeconds)})`,
      result: formatDuration(exposedSeconds),
    },
  ];

  const assumptions = [
    `Every collective is a ring over links of ${gbPerSecond} GB/s each way per GPU, with ${alpha} per ring step; the reduction's arithmetic is not counted.`,
    `Up to ${formatShare(overlap, 0)} of the communication runs under the backward pass, and never longer than backward itself; the rest delays the step.`,
  ];
  if (zeroStage === 3) {
    assumptions.push("ZeRO-3's all-gather before forward is counted with the rest: hiding it under the forward pass (prefetching) is not modelled.");
  }
  return { collectives, volumeInParameters, bytesPerGpu, seconds, hiddenSeconds, exposedSeconds, derivations, assumptions };
}

export interface ScalingOptions {
  /** One GPU's training step on its own, seconds (no communication). */
  stepSecondsOneGpu: number;
  /** Communication each data-parallel step waits for, seconds (`exposedSeconds`). */
  communicationExposedSeconds: number;
  /** N: data-parallel GPUs. */
  gpus: number;
  /** Samples each GPU processes per step; fixed as N grows, so the global batch is N times it. */
  samplesPerGpu: number;
}

export interface Scaling {
  /** A data-parallel step: the one-GPU step plus the exposed communication. */
  stepSeconds: number;
  singleGpuSamplesPerSecond: number;
  perDeviceSamplesPerSecond: number;
  wholeJobSamplesPerSecond: number;
  /** Whole-job throughput over N times one GPU's: 1 when no communication is exposed. */
  efficiency: number;
  derivations: Derivation[];
}

/** Per-device and whole-job throughput of data-parallel training, and its scaling efficiency. */
export function scaling(options: ScalingOptions): Scaling {
  const { stepSecondsOneGpu, communicationExposedSeconds, gpus, samplesPerGpu } = options;
  if (!(stepSecondsOneGpu > 0)) throw new RangeError(`stepSecondsOneGpu must be > 0, got ${stepSecondsOneGpu}`);
  if (!(communicationExposedSeconds >= 0)) throw new RangeError(`communicationExposedSeconds must be ≥ 0, got ${communicationExposedSeconds}`);
  if (!Number.isInteger(gpus) || gpus < 1) throw new RangeError(`gpus must be a whole number ≥ 1, got ${gpus}`);
  if (!(samplesPerGpu > 0)) throw new RangeError(`samplesPerGpu must be > 0, got ${samplesPerGpu}`);

  const stepSeconds = stepSecondsOneGpu + communicationExposedSeconds;
  const singleGpuSamplesPerSecond = samplesPerGpu / stepSecondsOneGpu;
  const perDeviceSamplesPerSecond = samplesPerGpu / stepSeconds;
  const wholeJobSamplesPerSecond = gpus * perDeviceSamplesPerSecond;
  const efficiency = wholeJobSamplesPerSecond / (gpus * singleGpuSamplesPerSecond);
  const rate = (value: number) => `${formatSignificant(value)} samples/s`;
  const derivations: Derivation[] = [
    {
      label: 'Throughput of the job',
      formula: 'X_job = N · b / (t_step + t_exposed)',
      substituted: `${gpus} × ${formatCount(samplesPerGpu)} / (${formatDuration(stepSecondsOneGpu)} + ${formatDuration(communicationExposedSeconds)})`,
      result: rate(wholeJobSamplesPerSecond),
    },
    {
      label: 'Scaling efficiency',
      formula: 'E = X_job / (N · X_1) = t_step / (t_step + t_exposed)',
      substituted: `${rate(wholeJobSamplesPerSecond)} / (${gpus} × ${rate(singleGpuSamplesPerSecond)})`,
      result: formatShare(efficiency),
    },
  ];
  return { stepSeconds, singleGpuSamplesPerSecond, perDeviceSamplesPerSecond, wholeJobSamplesPerSecond, efficiency, derivations };
}
