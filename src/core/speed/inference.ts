/**
 * Serving a transformer, forward only, in its two phases: the prefill runs the prompt's s tokens
 * of each of b sequences through the model at once (matmuls of b·s rows, like training's
 * forward); each decode step then runs one new token per sequence, whose matmuls have b rows and
 * whose attention reads the cached keys and values of the whole context, so a small batch reads
 * every weight to make b tokens: decode is bound by memory bandwidth until the batch is large
 * (Pope et al. 2022, "Efficiently Scaling Transformer Inference", https://arxiv.org/abs/2211.05102, §2).
 * No dropout runs in inference. Only the last position's logits are computed.
 */
import type { Device, VisionArchitecture } from '../catalog/index.js';
import type { TransformerConfig } from '../memory/config.js';
import type { PrecisionRegime } from '../memory/model-state.js';
import { matmulPrecisionOf, peaksFor, timeKernels, type Kernel, type KernelTime, type SpeedAssumptions } from './roofline.js';
import { computeBytes, elementwise, layerForward, matmul } from './transformer-kernels.js';
import { visionStepKernels } from './vision-kernels.js';

export interface InferenceSpeedOptions {
  config: TransformerConfig;
  device: Device;
  batchSize: number;
  /** The prompt's tokens, and the context each decode step attends to. */
  sequenceLength: number;
  /** 16-bit or FP32 weights and activations (the regime's compute precision). */
  precision: PrecisionRegime;
  fusedAttention?: boolean;
  assumptions?: SpeedAssumptions;
}

export interface PhaseSpeed {
  kernels: KernelTime[];
  seconds: number;
  /** Tokens made or read per second, all sequences together. */
  tokensPerSecond: number;
}

/** The head: the final norm and the logits of one position per sequence. */
function head(c: TransformerConfig, b: number, e: number): Kernel[] {
  return [elementwise('Final norm', 'forward', b * c.hiddenSize, e, 1, 8), matmul('Language-model head', 'forward', b, c.vocabSize, c.hiddenSize, e, 1)];
}

/** The embedding lookup of `tokens` tokens. */
const embeddingLookup = (tokens: number, h: number, e: number) => elementwise('Embedding lookup', 'forward', tokens * h, e, 1, 0);

/** One decode step's kernels: one token per sequence, attending to a cache of `context` positions. */
function decodeKernels(c: TransformerConfig, b: number, context: number, e: number): Kernel[] {
  const L = c.numLayers;
  const h = c.hiddenSize;
  const d = c.headDim;
  const mm = (name: string, n: number, k: number) => matmul(name, 'forward', b, n, k, e, L);
  const ew = (name: string, elements: number, tensors = 2) => elementwise(name, 'forward', elements, e, L, 5, tensors - 1, 1);
  const mlp =
    c.mlp === 'gated'
      ? [mm('MLP gate projection', c.intermediateSize, h), mm('MLP up projection', c.intermediateSize, h), ew('SiLU(gate) × up', b * c.intermediateSize, 3)]
      : [mm('MLP up projection', c.intermediateSize, h), ew('GELU', b * c.intermediateSize)];
  return [
    embeddingLookup(b, h, e),
    ew('Norm before attention', b * h),
    mm('QKV projection', (c.numHeads + 2 * c.numKvHeads) * d, h),
    ...(c.family === 'llama' ? [ew('Rotary embedding of q and k', b * (c.numHeads + c.numKvHeads) * d)] : []),
    {
      name: 'Attention over the KV cache',
      class: 'attention',
      pass: 'forward',
      flops: 4 * b * c.numHeads * context * d,
      // Every cached key and value of every sequence, the new ones written, the query and output.
      bytes: e * (2 * b * c.numKvHeads * context * d + 2 * b * c.numKvHeads * d + 2 * b * c.numHeads * d),
      count: L,
      tensorCores: true,
    },
    mm('Attention output projection', h, c.numHeads * d),
    ew('Residual add', b * h, 3),
    ew('Norm before the MLP', b * h),
    ...mlp,
    mm('MLP down projection', h, c.intermediateSize),
    ew('Residual add', b * h, 3),
    ...head(c, b, e),
  ];
}

export function inferenceSpeed(o: InferenceSpeedOptions): { prefill: PhaseSpeed; decode: PhaseSpeed } {
  const e = computeBytes(o.precision);
  const peaks = peaksFor(o.device, matmulPrecisionOf(o.precision, o.device));
  const phase = (kernels: Kernel[], tokens: number): PhaseSpeed => {
    const timed = timeKernels(kernels, peaks, o.assumptions);
    return { ...timed, tokensPerSecond: tokens / timed.seconds };
  };
  const config = { ...o.config, attentionDropout: false, hiddenDropout: false };
  const embedding = embeddingLookup(o.batchSize * o.sequenceLength, config.hiddenSize, e);
  const layers = layerForward({ config, batchSize: o.batchSize, sequenceLength: o.sequenceLength, precision: o.precision, recomputation: 'none', fusedAttention: o.fusedAttention ?? false }).kernels;
  return {
    prefill: phase([embedding, ...layers, ...head(config, o.batchSize, e)], o.batchSize * o.sequenceLength),
    decode: phase(decodeKernels(config, o.batchSize, o.sequenceLength, e), o.batchSize),
  };
}

export interface VisionInferenceOptions {
  architecture: VisionArchitecture;
  imageSize: number;
  device: Device;
  batchSize: number;
  precision: PrecisionRegime;
  assumptions?: SpeedAssumptions;
}

/** A vision model's forward pass over a batch of images: the batch's latency and images per second. */
export function visionInferenceSpeed(o: VisionInferenceOptions): { kernels: KernelTime[]; seconds: number; samplesPerSecond: number } {
  const peaks = peaksFor(o.device, matmulPrecisionOf(o.precision, o.device));
  const forward = visionStepKernels({ ...o, recomputation: 'none' }).filter((kernel) => kernel.pass === 'forward');
  const timed = timeKernels(forward, peaks, o.assumptions);
  return { ...timed, samplesPerSecond: o.batchSize / timed.seconds };
}
