/**
 * The kernels of one training step of a transformer, forward and backward, each with its own
 * shapes, FLOPs and bytes, as an eager PyTorch step launches them (one kernel per operator;
 * the kernel counts and traffic of fused implementations differ, and FlashAttention is an
 * option). Shapes follow the estimators' TransformerConfig: T = b·s tokens, hidden h, a query
 * heads and a_kv key/value heads of d dimensions, MLP width f, vocabulary V.
 *
 * Bytes count each tensor read or written once per kernel, in the precision it is stored in:
 * activations and weights in the compute precision e (2 bytes in mixed precision, 4 in FP32),
 * dropout masks in 1 byte, logits and the loss in FP32. A matmul's backward is two matmuls of
 * the same FLOPs (the gradients of its input and of its weight); an elementwise kernel's backward
 * reads the gradient and what it saved and writes one gradient: 1.5 times the forward's traffic.
 */
import type { TransformerConfig } from '../memory/config.js';
import type { PrecisionRegime } from '../memory/model-state.js';
import type { Recomputation } from '../memory/training.js';
import type { Kernel } from './roofline.js';

export interface TransformerStepOptions {
  config: TransformerConfig;
  batchSize: number;
  sequenceLength: number;
  precision: PrecisionRegime;
  recomputation: Recomputation;
  /** FlashAttention (Dao et al. 2022, https://arxiv.org/abs/2205.14135): no score matrix in memory, scores recomputed in backward. */
  fusedAttention: boolean;
}

type Pass = Kernel['pass'];

/** A matmul of an m×k by a k×n matrix, `count` times per step. */
export function matmul(name: string, pass: Pass, m: number, n: number, k: number, e: number, count: number): Kernel {
  return { name, class: 'matmul', pass, flops: 2 * m * n * k, bytes: e * (m * k + k * n + m * n), count, tensorCores: true };
}

/** An elementwise kernel over `elements`, reading `reads` and writing `writes` tensors of them (plus `extraBytes`). */
export function elementwise(name: string, pass: Pass, elements: number, e: number, count: number, flopsPerElement: number, reads = 1, writes = 1, extraBytes = 0): Kernel {
  return { name, class: 'elementwise', pass, flops: flopsPerElement * elements, bytes: e * elements * (reads + writes) + extraBytes, count, tensorCores: false };
}

/**
 * A kernel's backward. A matmul's is two matmuls of its FLOPs and traffic: the gradient of its
 * input (m×n · n×k) and of its weight (k×m · m×n) read and write the same three sizes. An
 * elementwise kernel's reads the output gradient and what the forward saved and writes the input
 * gradient, three tensors for the forward's two: 1.5 times its traffic.
 */
export function backwardOf(forward: Kernel): Kernel[] {
  if (forward.tensorCores) {
    return [
      { ...forward, name: `${forward.name}: input gradient`, pass: 'backward' },
      { ...forward, name: `${forward.name}: weight gradient`, pass: 'backward' },
    ];
  }
  return [{ ...forward, name: `${forward.name}: gradient`, pass: 'backward', bytes: 1.5 * forward.bytes }];
}

/** Bytes of each activation and weight element in the compute precision. */
export function computeBytes(precision: PrecisionRegime): number {
  return precision === 'fp32' ? 4 : 2;
}

/**
 * One layer's forward kernels (returned with `layerAttention` marking those that selective
 * recomputation runs again: the score matrix's, per Korthikanti et al. 2022, §4).
 */
export function layerForward(o: TransformerStepOptions): { kernels: Kernel[]; backward: Kernel[]; attentionScores: Kernel[] } {
  const { config: c, batchSize: b, sequenceLength: s } = o;
  const e = computeBytes(o.precision);
  const L = c.numLayers;
  const T = b * s;
  const h = c.hiddenSize;
  const d = c.headDim;
  const qkv = (c.numHeads + 2 * c.numKvHeads) * d;
  const scores = b * c.numHeads * s * s;
  const llama = c.family === 'llama';
  const kernels: Kernel[] = [];
  const backward: Kernel[] = [];
  const attentionScores: Kernel[] = [];
  const add = (kernel: Kernel, back: Kernel[]) => {
    kernels.push(kernel);
    backward.push(...back);
    return kernel;
  };
  const mm = (name: string, m: number, n: number, k: number) => {
    const kernel = matmul(name, 'forward', m, n, k, e, L);
    return add(kernel, backwardOf(kernel));
  };
  const ew = (name: string, elements: number, flopsPerElement: number, reads = 1, writes = 1, extraBytes = 0) => {
    const kernel = elementwise(name, 'forward', elements, e, L, flopsPerElement, reads, writes, extraBytes);
    return add(kernel, backwardOf(kernel));
  };

  ew(llama ? 'RMSNorm before attention' : 'LayerNorm before attention', T * h, llama ? 4 : 8);
  mm('QKV projection', T, qkv, h);
  if (llama) ew('Rotary embedding of q and k', T * (c.numHeads + c.numKvHeads) * d, 6);
  if (o.fusedAttention) {
    // One kernel: QKᵀ, softmax and ·V in on-chip memory; its backward recomputes the scores,
    // five matmuls to the forward's two (Dao 2023, FlashAttention-2, §3.1).
    const flops = 4 * scores * d;
    const bytes = e * (2 * T * c.numHeads * d + 2 * T * c.numKvHeads * d);
    kernels.push({ name: 'Fused attention (FlashAttention)', class: 'attention', pass: 'forward', flops, bytes, count: L, tensorCores: true });
    backward.push({ name: 'Fused attention (FlashAttention): gradient', class: 'attention', pass: 'backward', flops: 2.5 * flops, bytes: 2 * bytes, count: L, tensorCores: true });
  } else {
    // Batched over b·a heads: QKᵀ (s×d · d×s), softmax over the scores, dropout on them, ·V (s×s · s×d).
    const perHead = (name: string, m: number, n: number, k: number) => {
      const kernel = { ...matmul(name, 'forward', m, n, k, e, L), class: 'attention' as const };
      const heads = b * c.numHeads;
      const batched = { ...kernel, flops: kernel.flops * heads, bytes: kernel.bytes * heads };
      attentionScores.push(add(batched, backwardOf(batched)));
    };
    perHead('Attention scores QKᵀ', s, s, d);
    attentionScores.push(ew('Softmax of the scores', scores, 5));
    if (c.attentionDropout) attentionScores.push(ew('Dropout on the attention probabilities', scores, 2, 1, 1, scores));
    perHead('Attention-weighted values', s, d, s);
  }
  mm('Attention output projection', T, h, c.numHeads * d);
  ew(c.hiddenDropout ? 'Dropout and residual add' : 'Residual add', T * h, 2, 2, 1, c.hiddenDropout ? T * h : 0);
  ew(llama ? 'RMSNorm before the MLP' : 'LayerNorm before the MLP', T * h, llama ? 4 : 8);
  if (c.mlp === 'gated') {
    mm('MLP gate projection', T, c.intermediateSize, h);
    mm('MLP up projection', T, c.intermediateSize, h);
    ew('SiLU(gate) × up', T * c.intermediateSize, 5, 2, 1);
  } else {
    mm('MLP up projection', T, c.intermediateSize, h);
    ew('GELU', T * c.intermediateSize, 8);
  }
  mm('MLP down projection', T, h, c.intermediateSize);
  ew(c.hiddenDropout ? 'Dropout and residual add' : 'Residual add', T * h, 2, 2, 1, c.hiddenDropout ? T * h : 0);
  return { kernels, backward, attentionScores };
}

/**
 * Every kernel of one training step (forward, recomputation, backward), optimizer excepted (see
 * optimizer.ts). Outside the layers: the embedding lookup, the final norm, the language-model
 * head and the cross-entropy over FP32 logits (BERT's base model has no head, as in the memory
 * estimators).
 */
export function transformerStepKernels(o: TransformerStepOptions): Kernel[] {
  const { config: c, batchSize: b, sequenceLength: s } = o;
  const e = computeBytes(o.precision);
  const T = b * s;
  const h = c.hiddenSize;
  const layer = layerForward(o);
  const outside: Kernel[] = [];
  const outsideBackward: Kernel[] = [];
  const embedding = elementwise('Embedding lookup', 'forward', T * h, e, 1, 0, c.family === 'gpt2' ? 2 : 1, 1, 8 * T);
  outside.push(embedding);
  // Eager PyTorch writes a zeroed V×h gradient, then adds each token's row into it.
  outsideBackward.push({ ...embedding, name: 'Embedding gradient', pass: 'backward', bytes: e * (c.vocabSize * h + 2 * T * h) + 8 * T });
  if (c.family !== 'bert') {
    const norm = elementwise('Final norm', 'forward', T * h, e, 1, 8);
    const head = matmul('Language-model head', 'forward', T, c.vocabSize, h, e, 1);
    // The logits go to the loss in FP32: a cast (read in e, written in 4 bytes), then the
    // log-softmax and the loss over them (read and written in 4).
    const cast: Kernel = { name: 'Logits to FP32', class: 'elementwise', pass: 'forward', flops: 0, bytes: (e + 4) * T * c.vocabSize, count: 1, tensorCores: false };
    const loss = elementwise('Cross-entropy over the logits', 'forward', T * c.vocabSize, 4, 1, 5);
    outside.push(norm, head, cast, loss);
    outsideBackward.push(...[norm, head, cast, loss].flatMap(backwardOf));
  }
  const recompute =
    o.recomputation === 'full' ? layer.kernels : o.recomputation === 'selective' ? layer.attentionScores : [];
  return [...outside, ...layer.kernels, ...recompute.map((kernel) => ({ ...kernel, pass: 'recompute' as const })), ...layer.backward, ...outsideBackward];
}
