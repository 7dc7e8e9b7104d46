import type { Rng } from '../shared/rng.js';
import type { Layer, LayerSpec } from './layer.js';
import { createParameter, Scratch, type Parameter } from './tensor.js';

/**
 * Token embedding, optionally plus a learned position embedding (GPT-2's wte + wpe). Each sample
 * is a sequence of T token ids stored as floats; the output is [T, dim]. Both tables start from
 * N(0, σ²) with σ = `initStd`: 1 by default, torch.nn.Embedding's; GPT-2 uses 0.02, which keeps
 * the embeddings from drowning out what the first blocks add to the residual stream.
 */
export class Embedding implements Layer {
  readonly params: Parameter[];
  readonly outputShape: number[];
  readonly tokens: Parameter;
  readonly positions: Parameter | undefined;
  private input: Float32Array = new Float32Array(0);
  private readonly output = new Scratch();
  private readonly gradInput = new Scratch();

  constructor(
    readonly name: string,
    readonly spec: Extract<LayerSpec, { type: 'embedding' }>,
    readonly inputShape: readonly number[],
    rng: Rng,
  ) {
    const length = inputShape[0]!;
    if (inputShape.length !== 1) throw new RangeError(`${name}: embedding input must be [T], got [${inputShape.join(', ')}]`);
    if (spec.contextLength !== undefined && length > spec.contextLength) {
      throw new RangeError(`${name}: sequence length ${length} exceeds contextLength ${spec.contextLength}`);
    }
    this.outputShape = [length, spec.dim];
    this.tokens = createParameter(`${name}.weight`, [spec.vocabSize, spec.dim]);
    const std = spec.initStd ?? 1;
    for (let i = 0; i < this.tokens.data.length; i++) this.tokens.data[i] = rng.normal() * std;
    this.params = [this.tokens];
    if (spec.contextLength !== undefined) {
      this.positions = createParameter(`${name}.position`, [spec.contextLength, spec.dim]);
      for (let i = 0; i < this.positions.data.length; i++) this.positions.data[i] = rng.normal() * std;
      this.params.push(this.positions);
    }
  }

  forward(input: Float32Array, batch: number): Float32Array {
    const { dim, vocabSize } = this.spec;
    const length = this.inputShape[0]!;
    this.input = input;
    const out = this.output.take(batch * length * dim);
    const table = this.tokens.data;
    const positions = this.positions?.data;
    for (let row = 0; row < batch * length; row++) {
      const token = input[row]!;
      if (!(token >= 0 && token < vocabSize && Number.isInteger(token))) {
        throw new RangeError(`${this.name}: token id ${token} outside [0, ${vocabSize})`);
      }
      const t = row % length;
      for (let d = 0; d < dim; d++) {
        out[row * dim + d] = table[token * dim + d]! + (positions ? positions[t * dim + d]! : 0);
      }
    }
    return out;
  }

  /** Token ids have no gradient: the returned input gradient is all zeros. */
  backward(gradOutput: Float32Array, batch: number): Float32Array {
    const dim = this.spec.dim;
    const length = this.inputShape[0]!;
    const tokenGrad = this.tokens.grad;
    const positionGrad = this.positions?.grad;
    for (let row = 0; row < batch * length; row++) {
      const token = this.input[row]!;
      const t = row % length;
      for (let d = 0; d < dim; d++) {
        const g = gradOutput[row * dim + d]!;
        tokenGrad[token * dim + d] += g;
        if (positionGrad) positionGrad[t * dim + d] += g;
      }
    }
    return this.gradInput.take(batch * length, true);
  }
}
