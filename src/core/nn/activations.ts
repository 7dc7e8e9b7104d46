import type { Layer, LayerSpec } from './layer.js';
import { rowsOf } from './layer.js';
import { Scratch, sizeOf, type Parameter } from './tensor.js';

type ElementwiseSpec = Extract<LayerSpec, { type: 'relu' | 'gelu' }>;

const GELU_SCALE = Math.sqrt(2 / Math.PI);

/**
 * Element-wise activations. GELU uses the tanh approximation, PyTorch's
 * GELU(approximate='tanh'): 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))
 * (https://pytorch.org/docs/stable/generated/torch.nn.GELU.html), as GPT-2 does.
 */
export class Elementwise implements Layer {
  readonly params: Parameter[] = [];
  readonly outputShape: readonly number[];
  private input: Float32Array = new Float32Array(0);
  private readonly output = new Scratch();
  private readonly gradInput = new Scratch();

  constructor(
    readonly name: string,
    readonly spec: ElementwiseSpec,
    readonly inputShape: readonly number[],
  ) {
    this.outputShape = inputShape;
  }

  forward(input: Float32Array, batch: number): Float32Array {
    this.input = input;
    const size = batch * sizeOf(this.inputShape);
    const out = this.output.take(size);
    if (this.spec.type === 'relu') {
      for (let i = 0; i < size; i++) {
        const x = input[i]!;
        out[i] = x > 0 ? x : 0;
      }
    } else {
      for (let i = 0; i < size; i++) {
        const x = input[i]!;
        out[i] = 0.5 * x * (1 + Math.tanh(GELU_SCALE * (x + 0.044715 * x * x * x)));
      }
    }
    return out;
  }

  backward(gradOutput: Float32Array, batch: number): Float32Array {
    const input = this.input;
    const size = batch * sizeOf(this.inputShape);
    const gradInput = this.gradInput.take(size);
    if (this.spec.type === 'relu') {
      for (let i = 0; i < size; i++) gradInput[i] = input[i]! > 0 ? gradOutput[i]! : 0;
    } else {
      for (let i = 0; i < size; i++) {
        const x = input[i]!;
        const t = Math.tanh(GELU_SCALE * (x + 0.044715 * x * x * x));
        const dInner = GELU_SCALE * (1 + 3 * 0.044715 * x * x);
        gradInput[i] = gradOutput[i]! * (0.5 * (1 + t) + 0.5 * x * (1 - t * t) * dInner);
      }
    }
    return gradInput;
  }
}

/** Softmax over the last dimension of `values` (rows × width), written into `out`. */
export function softmaxRows(values: Float32Array, out: Float32Array, rows: number, width: number): void {
  for (let r = 0; r < rows; r++) {
    const base = r * width;
    let max = -Infinity;
    for (let j = 0; j < width; j++) max = Math.max(max, values[base + j]!);
    let sum = 0;
    for (let j = 0; j < width; j++) {
      const e = Math.exp(values[base + j]! - max);
      out[base + j] = e;
      sum += e;
    }
    for (let j = 0; j < width; j++) out[base + j] = out[base + j]! / sum;
  }
}

/** Softmax over the last dimension as a layer (for models that output probabilities). */
export class Softmax implements Layer {
  readonly params: Parameter[] = [];
  readonly outputShape: readonly number[];
  private readonly output = new Scratch();
  private readonly gradInput = new Scratch();

  constructor(
    readonly name: string,
    readonly spec: Extract<LayerSpec, { type: 'softmax' }>,
    readonly inputShape: readonly number[],
  ) {
    this.outputShape = inputShape;
  }

  forward(input: Float32Array, batch: number): Float32Array {
    const { rows, width } = rowsOf(this.inputShape, batch);
    const out = this.output.take(rows * width);
    softmaxRows(input, out, rows, width);
    return out;
  }

  /** dx_j = y_j·(g_j − Σ_i g_i·y_i). */
  backward(gradOutput: Float32Array, batch: number): Float32Array {
    const { rows, width } = rowsOf(this.inputShape, batch);
    const y = this.output.take(rows * width);
    const gradInput = this.gradInput.take(rows * width);
    for (let r = 0; r < rows; r++) {
      const base = r * width;
      let dot = 0;
      for (let j = 0; j < width; j++) dot += gradOutput[base + j]! * y[base + j]!;
      for (let j = 0; j < width; j++) gradInput[base + j] = y[base + j]! * (gradOutput[base + j]! - dot);
    }
    return gradInput;
  }
}
