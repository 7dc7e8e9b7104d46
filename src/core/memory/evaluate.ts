/**
 * Everything the memory lab (`<ml-batch-memory>`) shows for a state: the breakdown with each
 * part's formula, the sweeps, the largest batch that fits, the roofline step, the out-of-memory
 * diagnosis with its mitigations, the Math Peek's derivations. Pure and synchronous: well under a
 * millisecond. Its state is declared in ./lab.ts.
 */
import { defaultInterconnect, findDevice, findInterconnect, type Device } from '../catalog/index.js';
import type { Derivation } from '../shared/derivation.js';
import { formatTflops } from '../shared/format.js';
import type { PrecisionRegime, ZeroStage } from './model-state.js';
import { MEMORY_UNITS_NOTE, type MemoryBreakdown } from './breakdown.js';
import { estimateInferenceMemory, type WeightPrecision } from './inference.js';
import { resolveModel, transformerModel, type Model } from './models.js';
import { largestFitting, maxBatchSize } from './fit.js';
import { DEFAULT_SPEED_ASSUMPTIONS } from '../speed/roofline.js';
import {
  kernelDerivations,
  measurementsFor,
  peakCaveats,
  saturationBatch,
  servingThroughput,
  speedAssumptions,
  trainingDerivations,
  trainingThroughput,
  type MeasuredPoint,
  type ServingThroughput,
  type SpeedSetting,
  type TrainingThroughput,
} from './lab-speed.js';
import { POWER_OF_TWO_BATCH_SIZES, sweepInferenceMemory, sweepTrainingMemory, type Sweep } from './sweep.js';
import { estimateTrainingMemory, resolveTrainingOptions, type TrainingOptions } from './training.js';
import { CONFIG_FALLBACK_MODEL, MAX_BATCH, batchMemorySchema, precisionLabels, readPastedConfig, type BatchMemoryState } from './lab.js';

/** The model a state names: a preset, or the one a pasted config.json describes (GPT-2 small when it cannot be read). */
function chooseModel(state: { model: string; modelConfig: string }): { model: Model; configError?: string } {
  if (state.model !== 'custom') return { model: resolveModel(state.model) };
  const { config, error } = readPastedConfig(state.modelConfig);
  return config ? { model: transformerModel(config) } : { model: resolveModel(CONFIG_FALLBACK_MODEL), configError: error };
}

/** A change that would make an out-of-memory setting fit, with the memory it leads to. */
export interface Mitigation {
  text: string;
  totalBytes: number;
  fits: boolean;
  /** The lab's named results it gives away (the largest batch, for "Batch size 10"). */
  reveals?: string[];
}

/** Speed against batch size, per GPU: training's throughput and step time, or serving's throughput and latency. */
export interface SpeedSweep {
  x: number[];
  /** Training: samples/s per GPU; serving: tokens/s while decoding, else samples/s. */
  perSecond: number[];
  unit: 'samples/s' | 'tokens/s';
  /** Training: one step; serving: one decode step or one forward pass. */
  seconds: number[];
  /** Training on more than one GPU: one GPU's throughput alone, without communication. */
  alone?: number[];
}

/** A published measurement beside the lab's curve. */
export interface LabMeasurement extends MeasuredPoint {
  /** The lab's attributes for the measurement's setting (its batch included). */
  state: Partial<BatchMemoryState>;
  /** Whether the curve is drawn at the measurement's setting, apart from the batch (so the point belongs on it). */
  onChart: boolean;
}

export interface BatchMemoryResult {
  model: Model;
  device: Device;
  breakdown: MemoryBreakdown;
  memorySweep: Sweep;
  speedSweep: SpeedSweep;
  /** The first batch of the sweep reaching 90 % of the best throughput. */
  saturatesFrom: number;
  /** Training only: the step at the current batch, kernel by kernel, and the job around it. */
  training?: TrainingThroughput;
  /** Inference only: serving at the current batch. */
  serving?: ServingThroughput;
  /** Published measurements of this model on this device in this workload. */
  measured: LabMeasurement[];
  largestBatch: number;
  capacityBytes: number;
  fits: boolean;
  activationShare: number;
  mitigations: Mitigation[];
  /** Set when a pasted config.json could not be read; the preset model is used instead. */
  configError?: string;
  /** Each part's formula with the numbers in, then the speed model's steps: the Math Peek. */
  derivations: Derivation[];
  /** The memory units and how a datasheet's capacity is read, for beside the numbers. */
  unitsNote: string;
  /** Every other modelling choice the estimators made, one sentence each. */
  assumptions: string[];
  /** Where the estimate departs from what the reader chose (a precision the device lacks), and what would not. */
  caveats: string[];
}

const inferenceWeights: Record<PrecisionRegime, WeightPrecision> = {
  fp32: 'fp32',
  'mixed-fp16': 'fp16',
  'mixed-bf16': 'bf16',
  bf16: 'bf16',
};

/**
 * The regime `auto` stands for on a device: mixed BF16 where the device has a BF16 peak (BF16
 * tensor cores), else mixed FP16, which needs loss scaling but runs on the FP16 tensor cores of a
 * T4 or V100 (Micikevicius et al. 2018, https://arxiv.org/abs/1710.03740). FP32 with TF32
 * matmuls stores what FP32 stores. A named regime stands for itself.
 */
export function resolvePrecision(precision: BatchMemoryState['precision'], device: Device): PrecisionRegime {
  if (precision === 'tf32') return 'fp32';
  if (precision !== 'auto') return precision;
  return device.peak.bf16 ? 'mixed-bf16' : 'mixed-fp16';
}

/** What `auto` chose on this device, and why: the reader sees it among the assumptions. */
function autoPrecisionNotes(scenario: BatchMemoryState, precision: PrecisionRegime, device: Device): string[] {
  if (scenario.precision !== 'auto') return [];
  const bf16 = precision === 'mixed-bf16';
  const what =
    scenario.mode === 'inference'
      ? `${bf16 ? 'BF16' : 'FP16'} weights, KV cache and activations`
      : `mixed ${bf16 ? 'BF16 (FP32 master weights)' : 'FP16 (FP32 master weights, loss scaling)'}`;
  return [`Precision "auto" is ${what}, since the ${device.name} ${bf16 ? 'has a' : 'lists no'} BF16 peak.`];
}

/** The estimators' options for a scenario's training recipe on a device (everything but the batch size). */
export function trainingOptions(scenario: BatchMemoryState, model: Model, device: Device): Omit<TrainingOptions, 'batchSize'> {
  return {
    model,
    sequenceLength: scenario.sequenceLength,
    imageSize: scenario.imageSize,
    precision: resolvePrecision(scenario.precision, device),
    optimizer: scenario.optimizer,
    recomputation: scenario.recomputation,
    fusedAttention: scenario.attention === 'flash',
    zeroStage: scenario.zeroStage as ZeroStage,
    dataParallel: scenario.gpus,
  };
}

/** The speed model's setting for a scenario: the device, the link its GPUs talk over, the assumptions. */
export function speedSetting(scenario: BatchMemoryState, device: Device): SpeedSetting {
  return {
    device,
    link: scenario.interconnect === 'auto' ? defaultInterconnect(device.id) : findInterconnect(scenario.interconnect),
    assumptions: {
      matmulEfficiency: scenario.matmulEfficiency,
      vectorEfficiency: DEFAULT_SPEED_ASSUMPTIONS.vectorEfficiency,
      bandwidthEfficiency: scenario.bandwidthEfficiency,
      launchSeconds: scenario.launchOverhead * 1e-6,
    },
    allowTf32: scenario.precision === 'tf32',
    overlap: scenario.overlap,
  };
}

/** What the first few mitigations would bring the total to, each tried on its own. */
function trainingMitigations(scenario: BatchMemoryState, model: Model, device: Device, largest: number): Mitigation[] {
  const base = { ...trainingOptions(scenario, model, device), batchSize: scenario.batchSize };
  const capacity = device.memoryBytes.value;
  const mixed = resolvePrecision('auto', device);
  const tries: [string, Partial<TrainingOptions>][] = [];
  if (largest >= 1) tries.push([`Batch size ${largest}`, { batchSize: largest }]);
  if (scenario.recomputation !== 'full') tries.push(['Full activation recomputation', { recomputation: 'full' }]);
  if (base.precision === 'fp32') tries.push([precisionLabels[mixed], { precision: mixed }]);
  if (scenario.optimizer === 'adam' || scenario.optimizer === 'adamw') tries.push(['8-bit Adam', { optimizer: 'adam-8bit' }]);
  if (scenario.zeroStage < 3 && scenario.gpus > 1) tries.push([`ZeRO stage 3 over ${scenario.gpus} GPUs`, { zeroStage: 3 }]);
  if (scenario.zeroStage < 3 && scenario.gpus === 1) tries.push(['ZeRO stage 3 over 8 GPUs', { zeroStage: 3, dataParallel: 8 }]);
  return tries.map(([text, change]) => {
    const totalBytes = estimateTrainingMemory({ ...base, ...change }).total.bytes;
    return { text, totalBytes, fits: totalBytes <= capacity, ...(change.batchSize === undefined ? {} : { reveals: ['largestBatch'] }) };
  });
}

/**
 * The published measurements of the scenario's model and device, each with the lab's attributes
 * for its setting; on the chart when the scenario matches that setting in all but the batch.
 */
function labMeasurements(scenario: BatchMemoryState, device: Device, setting: SpeedSetting): LabMeasurement[] {
  return measurementsFor(scenario.model, device.id, scenario.mode, setting.assumptions).map((measured) => {
    const s = measured.point.setting;
    const state: Partial<BatchMemoryState> = {
      precision: s.allowTf32 ? 'tf32' : s.precision,
      ...(s.sequenceLength ? { sequenceLength: s.sequenceLength, attention: s.fusedAttention ? 'flash' : 'standard' } : { imageSize: s.imageSize }),
      ...(scenario.mode === 'training' ? { optimizer: s.optimizer, recomputation: s.recomputation, gpus: 1, zeroStage: 0 } : {}),
    };
    const onChart =
      measured.batchSize !== undefined &&
      Object.entries(state).every(([key, value]) =>
        key === 'precision' ? samePrecision(value as BatchMemoryState['precision'], scenario, device) : scenario[key as keyof BatchMemoryState] === value,
      );
    return { ...measured, state: { ...state, ...(measured.batchSize ? { batchSize: measured.batchSize } : {}) }, onChart };
  });
}

/** Whether a measurement's precision is the scenario's, as its workload stores and computes it. */
function samePrecision(precision: BatchMemoryState['precision'], scenario: BatchMemoryState, device: Device): boolean {
  const [theirs, ours] = [resolvePrecision(precision, device), resolvePrecision(scenario.precision, device)];
  // Serving keeps no master weights: mixed and pure BF16 serve alike.
  if (scenario.mode === 'inference') return inferenceWeights[theirs] === inferenceWeights[ours];
  return theirs === ours && (precision === 'tf32') === (scenario.precision === 'tf32');
}

/** The sweep's batch sizes: the powers of two, and the batch of each measurement on the chart. */
function sweepBatches(measured: readonly LabMeasurement[]): number[] {
  const extra = measured.flatMap((m) => (m.onChart && m.batchSize ? [m.batchSize] : []));
  return [...new Set([...POWER_OF_TWO_BATCH_SIZES, ...extra])].filter((b) => b <= MAX_BATCH).sort((x, y) => x - y);
}

/** Everything the lab shows for one scenario: pure, synchronous, about a millisecond. */
export function evaluate(scenario: BatchMemoryState): BatchMemoryResult {
  const { model, configError } = chooseModel(scenario);
  const device = findDevice(scenario.device) ?? findDevice(batchMemorySchema.params.device.default)!;
  const capacity = device.memoryBytes.value;
  const precision = resolvePrecision(scenario.precision, device);
  const autoNotes = autoPrecisionNotes(scenario, precision, device);
  const setting = speedSetting(scenario, device);
  // The measurements and the curves do not depend on the batch: moving it reuses them.
  const measured = sweepOnce('measured', scenario, () => (configError || scenario.model === 'custom' ? [] : labMeasurements(scenario, device, setting)));
  const batches = sweepBatches(measured);
  const speedNotes = speedAssumptions(precision, setting);
  const caveats = [...peakCaveats(precision, setting), ...fasterPrecision(precision, setting)];

  if (scenario.mode === 'inference') {
    const options = {
      model,
      sequenceLength: scenario.sequenceLength,
      imageSize: scenario.imageSize,
      weightPrecision: inferenceWeights[precision],
    };
    const breakdown = estimateInferenceMemory({ ...options, batchSize: scenario.batchSize });
    const largestBatch = Math.min(largestFitting((batchSize) => estimateInferenceMemory({ ...options, batchSize }).total.bytes, capacity), MAX_BATCH);
    const kv = breakdown.parts.find((part) => part.key === 'kvCache')?.bytes ?? 0;
    const activations = breakdown.parts.find((part) => part.key === 'activations')?.bytes ?? 0;
    const serve = (batchSize: number) => servingThroughput({ ...options, batchSize, precision, fusedAttention: scenario.attention === 'flash' }, setting);
    const serving = serve(scenario.batchSize);
    return {
      model,
      device,
      breakdown,
      memorySweep: sweepInferenceMemory(options),
      ...sweepOnce('speed', scenario, () => {
        const sweep = batches.map(serve);
        return speedSweep(batches, sweep.map((point) => point.perSecond), serving.unit, sweep.map((point) => point.seconds));
      }),
      serving,
      measured,
      largestBatch,
      capacityBytes: capacity,
      fits: breakdown.total.bytes <= capacity,
      activationShare: (kv + activations) / breakdown.total.bytes,
      mitigations:
        breakdown.total.bytes <= capacity
          ? []
          : [{ text: largestBatch >= 1 ? `Batch size ${largestBatch}` : 'A larger device', totalBytes: 0, fits: largestBatch >= 1, reveals: ['largestBatch'] }],
      configError,
      derivations: [...partDerivations(breakdown), ...kernelDerivations(serving.kernels, serving.shares, setting, precision)],
      ...notes([...autoNotes, ...breakdown.assumptions, ...speedNotes], caveats),
    };
  }

  const options = trainingOptions(scenario, model, device);
  const run = (batchSize: number) => trainingThroughput(resolveTrainingOptions({ ...options, batchSize }), setting);
  const training = run(scenario.batchSize);
  const breakdown = estimateTrainingMemory({ ...options, batchSize: scenario.batchSize });
  // The lab offers batches up to MAX_BATCH.
  const largestBatch = Math.min(maxBatchSize(options, device).largest, MAX_BATCH);
  const activations = breakdown.parts.find((part) => part.key === 'activations')?.bytes ?? 0;
  const fits = breakdown.total.bytes <= capacity;
  const isolated = scenario.gpus > 1 && !setting.link;
  return {
    model,
    device,
    breakdown,
    memorySweep: sweepTrainingMemory(options),
    ...sweepOnce('speed', scenario, () => {
      const sweep = batches.map(run);
      const alone = training.communication ? sweep.map((point) => point.scaling.singleGpuSamplesPerSecond) : undefined;
      return speedSweep(batches, sweep.map((point) => point.samplesPerSecond), 'samples/s', sweep.map((point) => point.stepSeconds), alone);
    }),
    training,
    measured,
    largestBatch,
    capacityBytes: capacity,
    fits,
    activationShare: activations / breakdown.total.bytes,
    mitigations: fits ? [] : trainingMitigations(scenario, model, device, largestBatch),
    configError,
    derivations: [...partDerivations(breakdown), ...trainingDerivations(training, setting, precision, scenario.batchSize)],
    ...notes(
      [...autoNotes, ...breakdown.assumptions, ...speedNotes, ...(training.communication?.assumptions ?? [])],
      isolated ? [...caveats, isolatedDevice(device, scenario.gpus)] : caveats,
    ),
  };
}

function speedSweep(x: number[], perSecond: number[], unit: SpeedSweep['unit'], seconds: number[], alone?: number[]) {
  return { speedSweep: { x, perSecond, unit, seconds, ...(alone ? { alone } : {}) }, saturatesFrom: saturationBatch(x, perSecond) };
}

/** The last of each batch-independent part made, with the state it was made for, its batch apart. */
const lastMade = new Map<string, { key: string; value: unknown }>();

/**
 * A part of the result that does not depend on the batch (the speed curve, the measurements),
 * made again only when something else changed: moving the batch is what a reader does most.
 */
function sweepOnce<T>(slot: string, scenario: BatchMemoryState, make: () => T): T {
  const key = JSON.stringify({ ...scenario, batchSize: 0 });
  const last = lastMade.get(slot);
  if (last?.key === key) return last.value as T;
  const value = make();
  lastMade.set(slot, { key, value });
  return value;
}

/** A device that runs alone has no link to its peers: the job's communication is not counted. */
function isolatedDevice(device: Device, gpus: number): string {
  return `The ${device.name} has no link to other GPUs, so the communication between ${gpus} of them is not counted; choose a link under "${batchMemorySchema.params.interconnect.label}".`;
}

/** The estimators' notes as the lab shows them, the units convention apart (it goes beside the numbers). */
function notes(assumptions: string[], caveats: string[]): Pick<BatchMemoryResult, 'unitsNote' | 'assumptions' | 'caveats'> {
  return { unitsNote: MEMORY_UNITS_NOTE, assumptions: assumptions.filter((note) => note !== MEMORY_UNITS_NOTE), caveats };
}

/** When the matmuls fell back to the FP32 peak, the 16-bit regime the device does run fast, if it has one. */
function fasterPrecision(precision: PrecisionRegime, setting: SpeedSetting): string[] {
  if (peakCaveats(precision, setting).length === 0) return [];
  const { device } = setting;
  const mixed = resolvePrecision('auto', device);
  const format = mixed === 'mixed-bf16' ? 'bf16' : 'fp16';
  const peak = device.peak[format];
  return peak && precision !== mixed ? [`${precisionLabels[mixed]} ("auto" on this device) runs at its ${format.toUpperCase()} peak, ${formatTflops(peak.value)}.`] : [];
}

/** Each part's memory: together they give the total away, and whether it fits. */
function partDerivations(breakdown: MemoryBreakdown): Derivation[] {
  const reveals = ['totalBytes', 'fits'];
  return [...breakdown.parts, breakdown.total].map(({ label, formula, substituted, source }) => ({ label, formula, substituted, source, reveals }));
}
