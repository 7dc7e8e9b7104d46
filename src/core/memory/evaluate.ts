/**
 * Everything the memory lab (`<ml-batch-memory>`) shows for a state: the breakdown with each
 * part's formula, the sweeps, the largest batch that fits, the roofline step, the out-of-memory
 * diagnosis with its mitigations, the Math Peek's derivations. Pure and synchronous: well under a
 * millisecond. Its state is declared in ./lab.ts.
 */
import { findDevice, type Device } from '../catalog/index.js';
import type { Derivation } from '../shared/derivation.js';
import { formatDuration, formatTflops } from '../shared/format.js';
import type { PrecisionRegime, ZeroStage } from './model-state.js';
import { MEMORY_UNITS_NOTE, type MemoryBreakdown } from './breakdown.js';
import { estimateInferenceMemory, type WeightPrecision } from './inference.js';
import { resolveModel, transformerModel, type Model } from './models.js';
import { estimateStep, largestFitting, maxBatchSize, type StepEstimate, type StepOptions } from './step.js';
import { POWER_OF_TWO_BATCH_SIZES, sweepInferenceMemory, sweepTraining, type Sweep } from './sweep.js';
import { estimateTrainingMemory } from './training.js';
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

export interface BatchMemoryResult {
  model: Model;
  device: Device;
  breakdown: MemoryBreakdown;
  memorySweep: Sweep;
  /** Training only: throughput and step time against batch size. */
  throughputSweep?: Sweep;
  step?: StepEstimate;
  /** First batch size of the sweep at which the step is compute-bound. */
  computeBoundFrom?: number;
  largestBatch: number;
  capacityBytes: number;
  fits: boolean;
  activationShare: number;
  mitigations: Mitigation[];
  /** Set when a pasted config.json could not be read; the preset model is used instead. */
  configError?: string;
  /** Each part's formula with the numbers in, then (training) the step's roofline: the Math Peek. */
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
 * T4 or V100 (Micikevicius et al. 2018, https://arxiv.org/abs/1710.03740). A named regime stands
 * for itself.
 */
export function resolvePrecision(precision: BatchMemoryState['precision'], device: Device): PrecisionRegime {
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
export function trainingOptions(scenario: BatchMemoryState, model: Model, device: Device): Omit<StepOptions, 'batchSize'> {
  return {
    model,
    sequenceLength: scenario.sequenceLength,
    imageSize: scenario.imageSize,
    precision: resolvePrecision(scenario.precision, device),
    optimizer: scenario.optimizer,
    recomputation: scenario.recomputation,
    zeroStage: scenario.zeroStage as ZeroStage,
    dataParallel: scenario.gpus,
    computeUtilization: scenario.utilization,
  };
}

/** What the first few mitigations would bring the total to, each tried on its own. */
function trainingMitigations(scenario: BatchMemoryState, model: Model, device: Device, largest: number): Mitigation[] {
  const base = { ...trainingOptions(scenario, model, device), batchSize: scenario.batchSize };
  const capacity = device.memoryBytes.value;
  const mixed = resolvePrecision('auto', device);
  const tries: [string, Partial<StepOptions>][] = [];
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

/** Everything the lab shows for one scenario: pure, synchronous, well under a millisecond. */
export function evaluate(scenario: BatchMemoryState): BatchMemoryResult {
  const { model, configError } = chooseModel(scenario);
  const device = findDevice(scenario.device) ?? findDevice(batchMemorySchema.params.device.default)!;
  const capacity = device.memoryBytes.value;
  const precision = resolvePrecision(scenario.precision, device);
  const autoNotes = autoPrecisionNotes(scenario, precision, device);

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
    return {
      model,
      device,
      breakdown,
      memorySweep: sweepInferenceMemory(options),
      largestBatch,
      capacityBytes: capacity,
      fits: breakdown.total.bytes <= capacity,
      activationShare: (kv + activations) / breakdown.total.bytes,
      mitigations:
        breakdown.total.bytes <= capacity
          ? []
          : [{ text: largestBatch >= 1 ? `Batch size ${largestBatch}` : 'A larger device', totalBytes: 0, fits: largestBatch >= 1, reveals: ['largestBatch'] }],
      configError,
      derivations: partDerivations(breakdown),
      ...notes([...autoNotes, ...breakdown.assumptions], []),
    };
  }

  const options = trainingOptions(scenario, model, device);
  const step = estimateStep({ ...options, batchSize: scenario.batchSize }, device);
  const breakdown = step.memory;
  const sweeps = sweepTraining(options, device);
  const computeIndex = sweeps.steps.findIndex((batchStep) => batchStep.bound === 'compute');
  // The lab offers batches up to MAX_BATCH.
  const largestBatch = Math.min(maxBatchSize(options, device).largest, MAX_BATCH);
  const activations = breakdown.parts.find((part) => part.key === 'activations')?.bytes ?? 0;
  const fits = breakdown.total.bytes <= capacity;
  return {
    model,
    device,
    breakdown,
    memorySweep: sweeps.memory,
    throughputSweep: sweeps.throughput,
    step,
    computeBoundFrom: computeIndex >= 0 ? POWER_OF_TWO_BATCH_SIZES[computeIndex] : undefined,
    largestBatch,
    capacityBytes: capacity,
    fits,
    activationShare: activations / breakdown.total.bytes,
    mitigations: fits ? [] : trainingMitigations(scenario, model, device, largestBatch),
    configError,
    derivations: [...partDerivations(breakdown), ...stepDerivations(step)],
    ...notes([...autoNotes, ...breakdown.assumptions, ...step.assumptions], [...step.caveats, ...fasterPrecision(step, device)]),
  };
}

/** The estimators' notes as the lab shows them, the units convention apart (it goes beside the numbers). */
function notes(assumptions: string[], caveats: string[]): Pick<BatchMemoryResult, 'unitsNote' | 'assumptions' | 'caveats'> {
  return { unitsNote: MEMORY_UNITS_NOTE, assumptions: assumptions.filter((note) => note !== MEMORY_UNITS_NOTE), caveats };
}

/** When the step fell back to the FP32 peak, the 16-bit regime the device does run fast, if it has one. */
function fasterPrecision(step: StepEstimate, device: Device): string[] {
  if (step.caveats.length === 0) return [];
  const mixed = resolvePrecision('auto', device);
  const format = mixed === 'mixed-bf16' ? 'bf16' : 'fp16';
  const peak = device.peak[format];
  return peak ? [`${precisionLabels[mixed]} ("auto" on this device) runs at its ${format.toUpperCase()} peak, ${formatTflops(peak.value)}.`] : [];
}

/** Each part's memory: together they give the total away, and whether it fits. */
function partDerivations(breakdown: MemoryBreakdown): Derivation[] {
  const reveals = ['totalBytes', 'fits'];
  return [...breakdown.parts, breakdown.total].map(({ label, formula, substituted, source }) => ({ label, formula, substituted, source, reveals }));
}

/** FLOPs, bytes and the roofline of one training step. */
function stepDerivations(step: StepEstimate): Derivation[] {
  return [
    { label: 'FLOPs per step', formula: step.flopsFormula, substituted: step.flopsSubstituted, source: 'Narayanan et al. 2021; Korthikanti et al. 2022' },
    { label: 'Bytes moved per step', formula: step.bytesFormula, substituted: step.bytesSubstituted, source: 'lower bound: each tensor read or written once' },
    {
      label: 'Step time (roofline)',
      reveals: ['samplesPerSecond'],
      formula: 't = max(FLOPs/(P·u), bytes/(B·u_b))',
      substituted: `max(${formatDuration(step.computeSeconds)}, ${formatDuration(step.memorySeconds)}) = ${formatDuration(step.stepSeconds)}`,
      source: `Williams et al. 2009; peak ${step.peak.precision.toUpperCase()}: ${step.peak.source}`,
    },
  ];
}
