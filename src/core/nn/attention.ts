import type { Rng } from '../shared/rng.js';
import type { Layer, LayerSpec } from './layer.js';
import { Linear } from './linear.js';
import { Scratch, type Parameter } from './tensor.js';

/**
 * Multi-head causal self-attention on samples shaped [T, dim] (Vaswani et al. 2017, with GPT's
 * causal mask): one projection to queries, keys and values ([3·dim][dim], heads side by side),
 * softmax(q·kᵀ/√d_head) over positions s ≤ t, then an output projection. After each forward
 * pass `attention` holds the weights as [batch][heads][T][T] (zeros above the diagonal), which
 * the attention lab draws, `qkvValues` the projections ([batch][T][3·dim]: q, k, v, heads side
 * by side) and `headOutputs` each head's weighted sum of values ([batch][T][dim]) as the output
 * projection read it.
 */
export class CausalSelfAttention implements Layer {
  readonly params: Parameter[];
  readonly outputShape: readonly number[];
  readonly qkv: Linear;
  readonly proj: Linear;
  readonly heads: number;
  readonly headDim: number;
  attention: Float32Array = new Float32Array(0);
  qkvValues: Float32Array = new Float32Array(0);
  headOutputs: Float32Array = new Float32Array(0);
  /**
   * Head ablation: where entry h is set, head h's output is replaced by that vector (d_head
   * values) at every position before the output projection: zeros switch the head off, its mean
   * over some text mean-ablates it. Gradients do not flow through a replaced head.
   */
  ablation: readonly (Float32Array | null)[] = [];
  private readonly length: number;
  private readonly dim: number;
  private readonly weights = new Scratch();
  private readonly context = new Scratch();
  private readonly gradQkv = new Scratch();
  private readonly gradWeights: Float32Array;

  constructor(
    readonly name: string,
    readonly spec: Extract<LayerSpec, { type: 'attention' }>,
    readonly inputShape: readonly number[],
    rng: Rng,
  ) {
    const [length, dim] = inputShape as [number, number];
    if (inputShape.length !== 2 || dim % spec.heads !== 0) {
      throw new RangeError(`${name}: input [T, dim] with dim divisible by ${spec.heads} heads, got [${inputShape.join(', ')}]`);
    }
    this.outputShape = inputShape;
    this.length = length;
    this.dim = dim;
    this.heads = spec.heads;
    this.headDim = dim / spec.heads;
    this.qkv = new Linear(`${name}.qkv`, { type: 'linear', outFeatures: 3 * dim }, inputShape, rng);
    this.proj = new Linear(`${name}.proj`, { type: 'linear', outFeatures: dim }, inputShape, rng);
    this.params = [...this.qkv.params, ...this.proj.params];
    this.gradWeights = new Float32Array(length);
  }

  forward(input: Float32Array, batch: number): Float32Array {
    const { length: T, dim, heads, headDim } = this;
    const qkv = this.qkv.forward(input, batch);
    this.qkvValues = qkv;
    const weights = this.weights.take(batch * heads * T * T, true);
    const context = this.context.take(batch * T * dim, true);
    const scale = 1 / Math.sqrt(headDim);
    const stride = 3 * dim;
    for (let b = 0; b < batch; b++) {
      for (let h = 0; h < heads; h++) {
        const q0 = h * headDim;
        const k0 = dim + h * headDim;
        const v0 = 2 * dim + h * headDim;
        for (let t = 0; t < T; t++) {
          const row = ((b * heads + h) * T + t) * T;
          const qRow = (b * T + t) * stride + q0;
          let max = -Infinity;
          for (let s = 0; s <= t; s++) {
            const kRow = (b * T + s) * stride + k0;
            let dot = 0;
            for (let d = 0; d < headDim; d++) dot += qkv[qRow + d]! * qkv[kRow + d]!;
            weights[row + s] = dot * scale;
            max = Math.max(max, dot * scale);
          }
          let sum = 0;
          for (let s = 0; s <= t; s++) {
            const e = Math.exp(weights[row + s]! - max);
            weights[row + s] = e;
            sum += e;
          }
          const out = (b * T + t) * dim + q0;
          for (let s = 0; s <= t; s++) {
            const p = weights[row + s]! / sum;
            weights[row + s] = p;
            const vRow = (b * T + s) * stride + v0;
            for (let d = 0; d < headDim; d++) context[out + d] += p * qkv[vRow + d]!;
          }
        }
      }
    }
    this.attention = weights;
    this.ablation.forEach((replacement, h) => {
      if (!replacement) return;
      for (let row = 0; row < batch * T; row++) context.set(replacement, row * dim + h * headDim);
    });
    this.headOutputs = context;
    return this.proj.forward(context, batch);
  }

  backward(gradOutput: Float32Array, batch: number): Float32Array {
    const { length: T, dim, heads, headDim } = this;
    const gradContext = this.proj.backward(gradOutput, batch);
    this.ablation.forEach((replacement, h) => {
      if (!replacement) return;
      for (let row = 0; row < batch * T; row++) gradContext.fill(0, row * dim + h * headDim, row * dim + (h + 1) * headDim);
    });
    const qkv = this.qkvValues;
    const weights = this.attention;
    const gradQkv = this.gradQkv.take(batch * T * 3 * dim, true);
    const gradWeights = this.gradWeights;
    const scale = 1 / Math.sqrt(headDim);
    const stride = 3 * dim;
    for (let b = 0; b < batch; b++) {
      for (let h = 0; h < heads; h++) {
        const q0 = h * headDim;
        const k0 = dim + h * headDim;
        const v0 = 2 * dim + h * headDim;
        for (let t = 0; t < T; t++) {
          const row = ((b * heads + h) * T + t) * T;
          const gOut = (b * T + t) * dim + q0;
          const qRow = (b * T + t) * stride + q0;
          // dP[s] = dContext_t · v_s, and dV_s += P[t][s] · dContext_t
          let weightedSum = 0;
          for (let s = 0; s <= t; s++) {
            const vRow = (b * T + s) * stride + v0;
            const p = weights[row + s]!;
            let dot = 0;
            for (let d = 0; d < headDim; d++) {
              const g = gradContext[gOut + d]!;
              dot += g * qkv[vRow + d]!;
              gradQkv[vRow + d] += p * g;
            }
            gradWeights[s] = dot;
            weightedSum += p * dot;
          }
          // Softmax backward dS = P·(dP − Σ P·dP), then the scores' two factors.
          for (let s = 0; s <= t; s++) {
            const dScore = weights[row + s]! * (gradWeights[s]! - weightedSum) * scale;
            const kRow = (b * T + s) * stride + k0;
            for (let d = 0; d < headDim; d++) {
              gradQkv[qRow + d] += dScore * qkv[kRow + d]!;
              gradQkv[kRow + d] += dScore * qkv[qRow + d]!;
            }
          }
        }
      }
    }
    return this.qkv.backward(gradQkv, batch);
  }
}
