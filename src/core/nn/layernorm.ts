import type { Layer, LayerSpec } from './layer.js';
import { rowsOf } from './layer.js';
import { createParameter, Scratch, type Parameter } from './tensor.js';

/**
 * Layer normalisation over the last dimension with a learned gain and shift, as
 * torch.nn.LayerNorm (biased variance, eps inside the square root; gain 1 and shift 0 at start).
 */
export class LayerNorm implements Layer {
  readonly params: Parameter[];
  readonly outputShape: readonly number[];
  readonly gain: Parameter;
  readonly shift: Parameter;
  private readonly eps: number;
  private readonly normalized = new Scratch();
  private readonly inverseStd = new Scratch();
  private readonly output = new Scratch();
  private readonly gradInput = new Scratch();

  constructor(
    readonly name: string,
    readonly spec: Extract<LayerSpec, { type: 'layernorm' }>,
    readonly inputShape: readonly number[],
  ) {
    const width = inputShape[inputShape.length - 1]!;
    this.outputShape = inputShape;
    this.eps = spec.eps ?? 1e-5;
    this.gain = createParameter(`${name}.weight`, [width]);
    this.shift = createParameter(`${name}.bias`, [width]);
    this.gain.data.fill(1);
    this.params = [this.gain, this.shift];
  }

  forward(input: Float32Array, batch: number): Float32Array {
    const { rows, width } = rowsOf(this.inputShape, batch);
    const normalized = this.normalized.take(rows * width);
    const inverseStd = this.inverseStd.take(rows);
    const out = this.output.take(rows * width);
    const gain = this.gain.data;
    const shift = this.shift.data;
    for (let r = 0; r < rows; r++) {
      const base = r * width;
      let mean = 0;
      for (let j = 0; j < width; j++) mean += input[base + j]!;
      mean /= width;
      let variance = 0;
      for (let j = 0; j < width; j++) variance += (input[base + j]! - mean) ** 2;
      const inv = 1 / Math.sqrt(variance / width + this.eps);
      inverseStd[r] = inv;
      for (let j = 0; j < width; j++) {
        const xHat = (input[base + j]! - mean) * inv;
        normalized[base + j] = xHat;
        out[base + j] = xHat * gain[j]! + shift[j]!;
      }
    }
    return out;
  }

  /** dx = inv·(dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂)) with dx̂ = g·gain. */
  backward(gradOutput: Float32Array, batch: number): Float32Array {
    const { rows, width } = rowsOf(this.inputShape, batch);
    const normalized = this.normalized.take(rows * width);
    const inverseStd = this.inverseStd.take(rows);
    const gradInput = this.gradInput.take(rows * width);
    const gain = this.gain.data;
    for (let r = 0; r < rows; r++) {
      const base = r * width;
      let meanGrad = 0;
      let meanGradDotX = 0;
      for (let j = 0; j < width; j++) {
        const g = gradOutput[base + j]!;
        const xHat = normalized[base + j]!;
        this.gain.grad[j] += g * xHat;
        this.shift.grad[j] += g;
        const dxHat = g * gain[j]!;
        meanGrad += dxHat;
        meanGradDotX += dxHat * xHat;
      }
      meanGrad /= width;
      meanGradDotX /= width;
      const inv = inverseStd[r]!;
      for (let j = 0; j < width; j++) {
        const dxHat = gradOutput[base + j]! * gain[j]!;
        gradInput[base + j] = inv * (dxHat - meanGrad - normalized[base + j]! * meanGradDotX);
      }
    }
    return gradInput;
  }
}
