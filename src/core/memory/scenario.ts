import { findDevice, type Device } from '../catalog/index.js';
import {
  POWER_OF_TWO_BATCH_SIZES,
  estimateInferenceMemory,
  estimateStep,
  estimateTrainingMemory,
  maxBatchSize,
  parseTransformerConfig,
  resolveModel,
  sweepInferenceMemory,
  sweepTraining,
  transformerModel,
  type MemoryBreakdown,
  type Model,
  type OptimizerName,
  type PrecisionRegime,
  type Recomputation,
  type StepEstimate,
  type StepOptions,
  type Sweep,
  type WeightPrecision,
  type ZeroStage,
} from './index.js';

/** The lab's state: what the reader chose. Every field is an attribute of `<ml-batch-memory>`. */
export interface BatchMemoryScenario {
  model: string;
  modelConfig: string;
  mode: 'training' | 'inference';
  batchSize: number;
  sequenceLength: number;
  imageSize: number;
  precision: PrecisionRegime;
  optimizer: OptimizerName;
  recomputation: Recomputation;
  zeroStage: ZeroStage;
  gpus: number;
  device: string;
  utilization: number;
}

/** A change that would make an out-of-memory setting fit, with the memory it leads to. */
export interface Mitigation {
  text: string;
  totalBytes: number;
  fits: boolean;
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
}

const inferenceWeights: Record<PrecisionRegime, WeightPrecision> = {
  fp32: 'fp32',
  'mixed-fp16': 'fp16',
  'mixed-bf16': 'bf16',
  bf16: 'bf16',
};

function chooseModel(scenario: BatchMemoryScenario): { model: Model; configError?: string } {
  if (scenario.model !== 'custom') return { model: resolveModel(scenario.model) };
  let json: unknown;
  try {
    json = JSON.parse(scenario.modelConfig);
  } catch {
    return { model: resolveModel('gpt2'), configError: 'config.json is not valid JSON' };
  }
  const parsed = parseTransformerConfig(json);
  if (!parsed.ok) return { model: resolveModel('gpt2'), configError: parsed.error };
  return { model: transformerModel(parsed.config) };
}

/** The estimators' options for a scenario's training recipe (everything but the batch size). */
export function trainingOptions(scenario: BatchMemoryScenario, model: Model): Omit<StepOptions, 'batchSize'> {
  return {
    model,
    sequenceLength: scenario.sequenceLength,
    imageSize: scenario.imageSize,
    precision: scenario.precision,
    optimizer: scenario.optimizer,
    recomputation: scenario.recomputation,
    zeroStage: scenario.zeroStage,
    dataParallel: scenario.gpus,
    computeUtilization: scenario.utilization,
  };
}

/** Largest batch in 1…4096 whose memory fits, from a sweep's totals (0 when none fits). */
function largestFitting(totalAt: (batch: number) => number, capacity: number): number {
  if (totalAt(1) > capacity) return 0;
  let low = 1;
  let high = 4096;
  if (totalAt(high) <= capacity) return high;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (totalAt(middle) <= capacity) low = middle;
    else high = middle;
  }
  return low;
}

/** What the first few mitigations would bring the total to, each tried on its own. */
function trainingMitigations(scenario: BatchMemoryScenario, model: Model, largest: number, capacity: number): Mitigation[] {
  const base = { ...trainingOptions(scenario, model), batchSize: scenario.batchSize };
  const tries: [string, Partial<StepOptions>][] = [];
  if (largest >= 1) tries.push([`Batch size ${largest}`, { batchSize: largest }]);
  if (scenario.recomputation !== 'full') tries.push(['Full activation recomputation', { recomputation: 'full' }]);
  if (scenario.precision === 'fp32') tries.push(['Mixed precision (BF16)', { precision: 'mixed-bf16' }]);
  if (scenario.optimizer === 'adam' || scenario.optimizer === 'adamw') tries.push(['8-bit Adam', { optimizer: 'adam-8bit' }]);
  if (scenario.zeroStage < 3 && scenario.gpus > 1) tries.push([`ZeRO stage 3 over ${scenario.gpus} GPUs`, { zeroStage: 3 }]);
  if (scenario.zeroStage < 3 && scenario.gpus === 1) tries.push(['ZeRO stage 3 over 8 GPUs', { zeroStage: 3, dataParallel: 8 }]);
  return tries.map(([text, change]) => {
    const totalBytes = estimateTrainingMemory({ ...base, ...change }).total.bytes;
    return { text, totalBytes, fits: totalBytes <= capacity };
  });
}

/** Everything the lab shows for one scenario: pure, synchronous, well under a millisecond. */
export function evaluateScenario(scenario: BatchMemoryScenario): BatchMemoryResult {
  const { model, configError } = chooseModel(scenario);
  const device = findDevice(scenario.device) ?? findDevice('t4')!;
  const capacity = device.memoryBytes.value;

  if (scenario.mode === 'inference') {
    const options = {
      model,
      sequenceLength: scenario.sequenceLength,
      imageSize: scenario.imageSize,
      weightPrecision: inferenceWeights[scenario.precision],
    };
    const breakdown = estimateInferenceMemory({ ...options, batchSize: scenario.batchSize });
    const largestBatch = largestFitting((batchSize) => estimateInferenceMemory({ ...options, batchSize }).total.bytes, capacity);
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
          : [{ text: largestBatch >= 1 ? `Batch size ${largestBatch}` : 'A larger device', totalBytes: 0, fits: largestBatch >= 1 }],
      configError,
    };
  }

  const options = trainingOptions(scenario, model);
  const step = estimateStep({ ...options, batchSize: scenario.batchSize }, device);
  const breakdown = step.memory;
  const sweeps = sweepTraining(options, device);
  const computeIndex = sweeps.steps.findIndex((batchStep) => batchStep.bound === 'compute');
  const largestBatch = maxBatchSize(options, device).largest;
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
    largestBatch: Math.min(largestBatch, 4096),
    capacityBytes: capacity,
    fits,
    activationShare: activations / breakdown.total.bytes,
    mitigations: fits ? [] : trainingMitigations(scenario, model, Math.min(largestBatch, 4096), capacity),
    configError,
  };
}
