import type { Layer, LayerSpec } from './layer.js';
import { Scratch, sizeOf, type Parameter } from './tensor.js';

type PoolSpec = Extract<LayerSpec, { type: 'maxpool2d' | 'avgpool2d' }>;

/**
 * Max or average pooling over non-overlapping size×size windows (kernel = stride, as
 * torch.nn.MaxPool2d(size) / AvgPool2d(size)); rows and columns that do not fill a window are dropped.
 */
export class Pool2d implements Layer {
  readonly params: Parameter[] = [];
  readonly outputShape: number[];
  private readonly output = new Scratch();
  private readonly gradInput = new Scratch();
  /** For max pooling: the input index that won each output, for the backward pass. */
  private winners = new Int32Array(0);

  constructor(
    readonly name: string,
    readonly spec: PoolSpec,
    readonly inputShape: readonly number[],
  ) {
    const [channels, height, width] = inputShape as [number, number, number];
    this.outputShape = [channels, Math.floor(height / spec.size), Math.floor(width / spec.size)];
  }

  forward(input: Float32Array, batch: number): Float32Array {
    const [, height, width] = this.inputShape as [number, number, number];
    const [channels, outHeight, outWidth] = this.outputShape as [number, number, number];
    const size = this.spec.size;
    const isMax = this.spec.type === 'maxpool2d';
    const outSize = batch * sizeOf(this.outputShape);
    const out = this.output.take(outSize);
    if (isMax && this.winners.length < outSize) this.winners = new Int32Array(outSize);
    let o = 0;
    for (let plane = 0; plane < batch * channels; plane++) {
      for (let oy = 0; oy < outHeight; oy++) {
        for (let ox = 0; ox < outWidth; ox++) {
          let best = -Infinity;
          let winner = 0;
          let sum = 0;
          for (let dy = 0; dy < size; dy++) {
            const row = (plane * height + oy * size + dy) * width + ox * size;
            for (let dx = 0; dx < size; dx++) {
              const value = input[row + dx]!;
              sum += value;
              if (value > best) {
                best = value;
                winner = row + dx;
              }
            }
          }
          if (isMax) this.winners[o] = winner;
          out[o++] = isMax ? best : sum / (size * size);
        }
      }
    }
    return out;
  }

  backward(gradOutput: Float32Array, batch: number): Float32Array {
    const [, height, width] = this.inputShape as [number, number, number];
    const [channels, outHeight, outWidth] = this.outputShape as [number, number, number];
    const size = this.spec.size;
    const gradInput = this.gradInput.take(batch * sizeOf(this.inputShape), true);
    if (this.spec.type === 'maxpool2d') {
      const count = batch * sizeOf(this.outputShape);
      for (let o = 0; o < count; o++) gradInput[this.winners[o]!] += gradOutput[o]!;
      return gradInput;
    }
    const share = 1 / (size * size);
    let o = 0;
    for (let plane = 0; plane < batch * channels; plane++) {
      for (let oy = 0; oy < outHeight; oy++) {
        for (let ox = 0; ox < outWidth; ox++) {
          const g = gradOutput[o++]! * share;
          for (let dy = 0; dy < size; dy++) {
            const row = (plane * height + oy * size + dy) * width + ox * size;
            for (let dx = 0; dx < size; dx++) gradInput[row + dx] += g;
          }
        }
      }
    }
    return gradInput;
  }
}

/** Reshapes each sample to one dimension; the data are already laid out that way. */
export class Flatten implements Layer {
  readonly params: Parameter[] = [];
  readonly outputShape: number[];

  constructor(
    readonly name: string,
    readonly spec: Extract<LayerSpec, { type: 'flatten' }>,
    readonly inputShape: readonly number[],
  ) {
    this.outputShape = [sizeOf(inputShape)];
  }

  forward(input: Float32Array): Float32Array {
    return input;
  }

  backward(gradOutput: Float32Array): Float32Array {
    return gradOutput;
  }
}
