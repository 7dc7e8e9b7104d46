import type { Rng } from '../shared/rng.js';
import type { Layer, LayerSpec } from './layer.js';
import { rowsOf } from './layer.js';
import { matmulAccumulate, matmulTransposedAAccumulate, matmulTransposedB } from './kernels.js';
import { createParameter, Scratch, type Parameter } from './tensor.js';

/**
 * PyTorch's default initialisation for Linear and Conv2d: weights and biases uniform in
 * ±1/√fan_in (kaiming_uniform_ with a = √5, https://pytorch.org/docs/stable/generated/torch.nn.Linear.html).
 */
export function initUniform(values: Float32Array, fanIn: number, rng: Rng): void {
  const bound = 1 / Math.sqrt(fanIn);
  for (let i = 0; i < values.length; i++) values[i] = (2 * rng.next() - 1) * bound;
}

/** y = x·Wᵀ + b over the last dimension; weight stored [out][in] (dot-product order). */
export class Linear implements Layer {
  readonly params: Parameter[];
  readonly outputShape: number[];
  readonly weight: Parameter;
  readonly bias: Parameter;
  private readonly inFeatures: number;
  private readonly outFeatures: number;
  private input: Float32Array = new Float32Array(0);
  private readonly output = new Scratch();
  private readonly gradInput = new Scratch();

  constructor(
    readonly name: string,
    readonly spec: Extract<LayerSpec, { type: 'linear' }>,
    readonly inputShape: readonly number[],
    rng: Rng,
  ) {
    this.inFeatures = inputShape[inputShape.length - 1]!;
    this.outFeatures = spec.outFeatures;
    this.outputShape = [...inputShape.slice(0, -1), spec.outFeatures];
    this.weight = createParameter(`${name}.weight`, [this.outFeatures, this.inFeatures]);
    this.bias = createParameter(`${name}.bias`, [this.outFeatures]);
    initUniform(this.weight.data, this.inFeatures, rng);
    initUniform(this.bias.data, this.inFeatures, rng);
    this.params = [this.weight, this.bias];
  }

  forward(input: Float32Array, batch: number): Float32Array {
    const { rows } = rowsOf(this.inputShape, batch);
    this.input = input;
    const out = this.output.take(rows * this.outFeatures);
    matmulTransposedB(input, this.weight.data, out, rows, this.outFeatures, this.inFeatures, this.bias.data);
    return out;
  }

  backward(gradOutput: Float32Array, batch: number): Float32Array {
    const { rows } = rowsOf(this.inputShape, batch);
    const { inFeatures, outFeatures } = this;
    matmulTransposedAAccumulate(gradOutput, this.input, this.weight.grad, outFeatures, inFeatures, rows);
    const biasGrad = this.bias.grad;
    for (let r = 0; r < rows; r++) {
      for (let o = 0; o < outFeatures; o++) biasGrad[o] += gradOutput[r * outFeatures + o]!;
    }
    const gradInput = this.gradInput.take(rows * inFeatures, true);
    matmulAccumulate(gradOutput, this.weight.data, gradInput, rows, inFeatures, outFeatures);
    return gradInput;
  }
}
