/**
 * The memory lab (`<ml-batch-memory>`) as a module: its state, declared once, with what its
 * controls need to know of a model (its kind and context) and nothing more. What the lab shows
 * for a state is computed by `evaluate` (./evaluate.ts), which a page loads after the lab's
 * first paint: the estimators are most of the lab's code.
 */
import { DEVICES, INTERCONNECTS, MODEL_PRESETS, findModelPreset } from '../catalog/index.js';
import { defineSchema, type Bounds, type StateOf } from '../shared/lab-schema.js';
import { OPTIMIZERS, PRECISION_REGIMES, type OptimizerName, type PrecisionRegime } from './model-state.js';
import { parseTransformerConfig, type TransformerConfig } from './config.js';

export const precisionLabels: Record<PrecisionRegime, string> = {
  fp32: 'FP32',
  'mixed-fp16': 'Mixed FP16',
  'mixed-bf16': 'Mixed BF16',
  bf16: 'Pure BF16',
};
export const optimizerLabels: Record<OptimizerName, string> = {
  sgd: 'SGD',
  'sgd-momentum': 'SGD + momentum',
  adam: 'Adam',
  adamw: 'AdamW',
  adafactor: 'Adafactor',
  'adam-8bit': '8-bit Adam',
};

/** The precisions the lab offers: the memory estimators' regimes, and FP32 with TF32 matmuls (same memory as FP32). */
export type LabPrecision = PrecisionRegime | 'tf32';

/** The heading of the speed model's assumptions among the controls. */
const SPEED_ASSUMPTIONS = 'Speed assumptions';

/** The largest batch the lab sweeps and offers. */
export const MAX_BATCH = 4096;

/** The memory lab's state: every parameter with its range, default, unit and label. */
export const batchMemorySchema = defineSchema({
  params: {
    model: {
      kind: 'choice',
      label: 'Model',
      default: 'gpt2',
      choices: [
        ...MODEL_PRESETS.map((preset) => ({ value: preset.id, label: preset.name, group: preset.kind === 'vision' ? 'Vision' : 'Transformers' })),
        { value: 'custom', label: 'Paste a config.json…', group: 'Your own' },
      ],
    },
    modelConfig: { kind: 'text', label: 'config.json (GPT-2, BERT or Llama family)', default: '', maxLength: 20000, control: false },
    mode: {
      kind: 'choice',
      label: 'Workload',
      default: 'training',
      widget: 'toggle',
      choices: [
        { value: 'training', label: 'Training' },
        { value: 'inference', label: 'Inference' },
      ],
    },
    device: { kind: 'choice', label: 'Device', default: 't4', choices: DEVICES.map((device) => ({ value: device.id, label: device.name })) },
    batchSize: { kind: 'integer', label: 'Batch size per GPU', default: 8, min: 1, max: MAX_BATCH, scale: 'pow2', unit: 'samples' },
    sequenceLength: { kind: 'integer', label: 'Sequence length', default: 1024, min: 1, max: 131072, scale: 'pow2', unit: 'tokens' },
    imageSize: { kind: 'integer', label: 'Image size', default: 224, min: 32, max: 1024, step: 32, unit: 'px' },
    precision: {
      kind: 'choice',
      label: 'Precision',
      default: 'auto',
      choices: [
        { value: 'auto', label: 'Auto: mixed BF16 or FP16' },
        ...PRECISION_REGIMES.flatMap((value) => [
          { value, label: precisionLabels[value] },
          ...(value === 'fp32' ? [{ value: 'tf32', label: 'FP32, TF32 matmuls' } as const] : []),
        ]),
      ],
    },
    attention: {
      kind: 'choice',
      label: 'Attention kernel',
      default: 'standard',
      widget: 'toggle',
      choices: [
        { value: 'standard', label: 'Standard' },
        { value: 'flash', label: 'FlashAttention' },
      ],
    },
    optimizer: { kind: 'choice', label: 'Optimizer', default: 'adamw', choices: OPTIMIZERS.map((value) => ({ value, label: optimizerLabels[value] })) },
    recomputation: {
      kind: 'choice',
      label: 'Activation recomputation',
      default: 'none',
      widget: 'toggle',
      choices: [
        { value: 'none', label: 'None' },
        { value: 'selective', label: 'Selective' },
        { value: 'full', label: 'Full' },
      ],
    },
    zeroStage: { kind: 'integer', label: 'ZeRO stage', default: 0, min: 0, max: 3, widget: 'toggle' },
    gpus: { kind: 'integer', label: 'Data-parallel GPUs', default: 1, min: 1, max: 1024, scale: 'pow2', unit: 'GPUs' },
    interconnect: {
      kind: 'choice',
      label: 'Link between GPUs',
      default: 'auto',
      choices: [{ value: 'auto', label: 'Auto: the device’s own' }, ...INTERCONNECTS.map((link) => ({ value: link.id, label: link.name }))],
    },
    // The speed model's assumptions (core/speed/roofline.ts, communication.ts), defaults included.
    matmulEfficiency: {
      kind: 'number',
      label: 'Matmul efficiency (of peak FLOP/s)',
      default: 0.55,
      min: 0.05,
      max: 1,
      step: 0.01,
      format: 'percent',
      group: SPEED_ASSUMPTIONS,
      formerAttributes: ['utilization'],
    },
    bandwidthEfficiency: {
      kind: 'number',
      label: 'Bandwidth efficiency (of peak)',
      default: 0.55,
      min: 0.05,
      max: 1,
      step: 0.01,
      format: 'percent',
      group: SPEED_ASSUMPTIONS,
    },
    launchOverhead: { kind: 'number', label: 'Launch overhead per kernel', default: 10, min: 0, max: 100, step: 1, unit: 'µs', group: SPEED_ASSUMPTIONS },
    overlap: {
      kind: 'number',
      label: 'Communication hidden under backward',
      default: 0.5,
      min: 0,
      max: 1,
      step: 0.05,
      format: 'percent',
      group: SPEED_ASSUMPTIONS,
    },
  },
  applies: {
    sequenceLength: (state) => modelOutline(state).kind === 'transformer',
    imageSize: (state) => modelOutline(state).kind === 'vision',
    optimizer: (state) => state.mode === 'training',
    recomputation: (state) => state.mode === 'training',
    zeroStage: (state) => state.mode === 'training',
    gpus: (state) => state.mode === 'training',
    attention: (state) => modelOutline(state).kind === 'transformer',
    interconnect: (state) => state.mode === 'training' && state.gpus > 1,
    overlap: (state) => state.mode === 'training' && state.gpus > 1,
  },
  bounds: {
    // A model reads at most its own context: BERT takes 512 tokens, GPT-2 1,024.
    sequenceLength: (state): Bounds => {
      const { maxPositions } = modelOutline(state);
      return maxPositions ? { max: maxPositions } : {};
    },
  },
  results: {
    largestBatch: {
      kind: 'quantity',
      label: 'Largest batch that fits',
      unit: 'samples',
      scale: 'log',
      prompt: 'What is the largest batch that fits in one GPU’s memory?',
    },
    totalBytes: { kind: 'quantity', label: 'Memory per GPU', unit: 'GiB', per: 2 ** 30, scale: 'log', prompt: 'How much memory does one GPU need at this batch size?' },
    fits: {
      kind: 'choice',
      label: 'Fits in memory',
      alsoHides: ['totalBytes', 'largestBatch'],
      choices: [
        { value: 'true', label: 'It fits' },
        { value: 'false', label: 'It runs out of memory' },
      ],
      prompt: 'Does this batch fit in one GPU’s memory?',
    },
    samplesPerSecond: {
      kind: 'quantity',
      label: 'Throughput per GPU',
      unit: 'samples/s',
      scale: 'log',
      // The job's throughput is the GPUs' times this; one GPU alone with its efficiency gives it too.
      alsoHides: ['wholeJobSamplesPerSecond', 'scalingEfficiency'],
      prompt: 'How many samples per second will one GPU train at this batch size?',
    },
  },
});

/** The lab's state: what the reader chose. Every field is an attribute of `<ml-batch-memory>`. */
export type BatchMemoryState = StateOf<typeof batchMemorySchema.params>;

/** The model shown while a pasted config.json cannot be read (the lab says "GPT-2 small"). */
export const CONFIG_FALLBACK_MODEL = 'gpt2';

/** The last pasted config.json read (the schema's hooks ask on every update). */
let pasted: { text: string; read: PastedConfig } | undefined;

export interface PastedConfig {
  config?: TransformerConfig;
  /** Why it cannot be used; the lab then shows GPT-2 small. */
  error?: string;
}

/** A pasted config.json, read. */
export function readPastedConfig(text: string): PastedConfig {
  if (pasted?.text === text) return pasted.read;
  let json: unknown;
  let read: PastedConfig;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (json === undefined) read = { error: 'config.json is not valid JSON' };
  else {
    const parsed = parseTransformerConfig(json);
    read = parsed.ok ? { config: parsed.config } : { error: parsed.error };
  }
  pasted = { text, read };
  return read;
}

const presetContexts = new Map<string, number>();

/** A preset transformer's context length, read from its config once. */
function presetContext(id: string, config: Parameters<typeof parseTransformerConfig>[0]): number | undefined {
  if (!presetContexts.has(id)) {
    const parsed = parseTransformerConfig(config);
    if (parsed.ok) presetContexts.set(id, parsed.config.maxPositions);
  }
  return presetContexts.get(id);
}

/**
 * What the controls need of a state's model, without building it: whether it reads tokens or
 * images, and a transformer's context. A config.json that cannot be read stands for GPT-2 small,
 * as in `evaluate`.
 */
function modelOutline(state: { model: string; modelConfig: string }): { kind: 'transformer' | 'vision'; maxPositions?: number } {
  const config = state.model === 'custom' ? readPastedConfig(state.modelConfig).config : undefined;
  if (config) return { kind: 'transformer', maxPositions: config.maxPositions };
  const preset = findModelPreset(state.model === 'custom' ? CONFIG_FALLBACK_MODEL : state.model) ?? findModelPreset(CONFIG_FALLBACK_MODEL)!;
  return preset.kind === 'vision' ? { kind: 'vision' } : { kind: 'transformer', maxPositions: presetContext(preset.id, preset.config) };
}
