/**
 * Serving a transformer, forward only, in its two phases: the prefill runs the prompt's s tokens
 * of each of b sequences through the model at once (matmuls of b·s rows, like training's
 * forward); each decode step then runs one new token per sequence, whose matmuls have b rows and
 * whose attention reads the cached keys and values of the whole context, so a small batch reads
 * every weight to make b tokens: decode is bound by memory bandwidth until the batch is large
 * (Pope et al. 2022, "Efficiently Scaling Transformer Inference", https://arxiv.org/abs/2211.05102, §2).
 * No dropout runs in inference. Only the last position's logits are computed.
 */
import type { Device } from '../catalog/index.js';
import type { TransformerConfig } from '../memory/config.js';
import type { PrecisionRegime } from '../memory/model-state.js';
import { DEFAULT_SPEED_ASSUMPTIONS, kernelTime, peaksFor, type Kernel, type KernelTime, type SpeedAssumptions } from './roofline.js';
import { computeBytes, layerForward } from './transformer-kernels.js';

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
  return [
    { name: 'Final norm', class: 'elementwise', pass: 'forward', flops: 8 * b * c.hiddenSize, bytes: 2 * e * b * c.hiddenSize, count: 1, tensorCores: false },
    { name: 'Language-model head', class: 'matmul', pass: 'forward', flops: 2 * b * c.hiddenSize * c.vocabSize, bytes: e * (b * c.hiddenSize + c.hiddenSize * c.vocabSize + b * c.vocabSize), count: 1, tensorCores: true },
  ];
}

/** One decode step's kernels: one token per sequence, attending to a cache of `context` positions. */
function decodeKernels(c: TransformerConfig, b: number, context: number, e: number): Kernel[] {
  const L = c.numLayers;
  const h = c.hiddenSize;
  const d = c.headDim;
  const mm = (name: string, n: number, k: number): Kernel => ({ name, class: 'matmul', pass: 'forward', flops: 2 * b * n * k, bytes: e * (b * k + k * n + b * n), count: L, tensorCores: true });
  const ew = (name: string, elements: number, tensors = 2): Kernel => ({ name, class: 'elementwise', pass: 'forward', flops: 5 * elements, bytes: tensors * e * elements, count: L, tensorCores: false });
  const mlp =
    c.mlp === 'gated'
      ? [mm('MLP gate projection', c.intermediateSize, h), mm('MLP up projection', c.intermediateSize, h), ew('SiLU(gate) × up', b * c.intermediateSize, 3)]
      : [mm('MLP up projection', c.intermediateSize, h), ew('GELU', b * c.intermediateSize)];
  return [
    { name: 'Embedding lookup', class: 'elementwise', pass: 'forward', flops: 0, bytes: 2 * e * b * h, count: 1, tensorCores: false },
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
  const peaks = peaksFor(o.device, o.precision === 'fp32' ? 'fp32' : o.precision === 'mixed-fp16' ? 'fp16' : 'bf16');
  const time = (kernels: Kernel[]) => kernels.map((kernel) => kernelTime(kernel, peaks, o.assumptions ?? DEFAULT_SPEED_ASSUMPTIONS));
  const phase = (kernels: KernelTime[], tokens: number): PhaseSpeed => {
    const seconds = kernels.reduce((sum, k) => sum + k.seconds, 0);
    return { kernels, seconds, tokensPerSecond: tokens / seconds };
  };
  const config = { ...o.config, attentionDropout: false, hiddenDropout: false };
  const embedding: Kernel = { name: 'Embedding lookup', class: 'elementwise', pass: 'forward', flops: 0, bytes: 2 * e * o.batchSize * o.sequenceLength * config.hiddenSize, count: 1, tensorCores: false };
  const layers = layerForward({ config, batchSize: o.batchSize, sequenceLength: o.sequenceLength, precision: o.precision, recomputation: 'none', fusedAttention: o.fusedAttention ?? false }).kernels;
  return {
    prefill: phase(time([embedding, ...layers, ...head(config, o.batchSize, e)]), o.batchSize * o.sequenceLength),
    decode: phase(time(decodeKernels(config, o.batchSize, o.sequenceLength, e)), o.batchSize),
  };
}
