import type { Rng } from '../shared/rng.js';
import type { Layer, LayerSpec } from './layer.js';
import { matmulAccumulate, matmulTransposedAAccumulate, matmulTransposedB } from './kernels.js';
import { initUniform } from './linear.js';
import { createParameter, Scratch, type Parameter } from './tensor.js';

/**
 * 2-D convolution, stride 1, zero padding, on samples shaped [channels, height, width] (PyTorch's
 * layout, so flattening gives the same feature order). The whole batch is unrolled into patch
 * rows (im2col) so that one matrix product with the [out][in·k·k] weights does the work with the
 * fast kernel; the patches are kept for the backward pass.
 */
export class Conv2d implements Layer {
  readonly params: Parameter[];
  readonly outputShape: number[];
  readonly weight: Parameter;
  readonly bias: Parameter;
  private readonly patchSize: number;
  private readonly positions: number;
  private readonly patches = new Scratch();
  private readonly product = new Scratch();
  private readonly output = new Scratch();
  private readonly gradProduct = new Scratch();
  private readonly gradPatches = new Scratch();
  private readonly gradInput = new Scratch();

  constructor(
    readonly name: string,
    readonly spec: Extract<LayerSpec, { type: 'conv2d' }>,
    readonly inputShape: readonly number[],
    rng: Rng,
  ) {
    const [channels, height, width] = inputShape as [number, number, number];
    const { outChannels, kernelSize } = spec;
    const padding = spec.padding ?? 0;
    const outHeight = height + 2 * padding - kernelSize + 1;
    const outWidth = width + 2 * padding - kernelSize + 1;
    this.outputShape = [outChannels, outHeight, outWidth];
    this.patchSize = channels * kernelSize * kernelSize;
    this.positions = outHeight * outWidth;
    this.weight = createParameter(`${name}.weight`, [outChannels, channels, kernelSize, kernelSize]);
    this.bias = createParameter(`${name}.bias`, [outChannels]);
    initUniform(this.weight.data, this.patchSize, rng);
    initUniform(this.bias.data, this.patchSize, rng);
    this.params = [this.weight, this.bias];
  }

  forward(input: Float32Array, batch: number): Float32Array {
    const { patchSize, positions } = this;
    const outChannels = this.spec.outChannels;
    const rows = batch * positions;
    const patches = this.patches.take(rows * patchSize);
    this.unfold(input, patches, batch);
    const product = this.product.take(rows * outChannels);
    matmulTransposedB(patches, this.weight.data, product, rows, outChannels, patchSize, this.bias.data);
    // [batch·positions][channels] → [batch][channels][positions]
    const out = this.output.take(rows * outChannels);
    for (let n = 0; n < batch; n++) {
      const base = n * positions * outChannels;
      for (let p = 0; p < positions; p++) {
        for (let c = 0; c < outChannels; c++) out[base + c * positions + p] = product[base + p * outChannels + c]!;
      }
    }
    return out;
  }

  backward(gradOutput: Float32Array, batch: number): Float32Array {
    const { patchSize, positions } = this;
    const outChannels = this.spec.outChannels;
    const rows = batch * positions;
    const gradProduct = this.gradProduct.take(rows * outChannels);
    const biasGrad = this.bias.grad;
    for (let n = 0; n < batch; n++) {
      const base = n * positions * outChannels;
      for (let c = 0; c < outChannels; c++) {
        for (let p = 0; p < positions; p++) {
          const g = gradOutput[base + c * positions + p]!;
          gradProduct[base + p * outChannels + c] = g;
          biasGrad[c] += g;
        }
      }
    }
    const patches = this.patches.take(rows * patchSize);
    matmulTransposedAAccumulate(gradProduct, patches, this.weight.grad, outChannels, patchSize, rows);
    const gradPatches = this.gradPatches.take(rows * patchSize, true);
    matmulAccumulate(gradProduct, this.weight.data, gradPatches, rows, patchSize, outChannels);
    const gradInput = this.gradInput.take(batch * this.inputShape[0]! * this.inputShape[1]! * this.inputShape[2]!, true);
    this.fold(gradPatches, gradInput, batch);
    return gradInput;
  }

  /**
   * im2col: patches[n·P + p][c·k·k + ky·k + kx] = input[n][c][y + ky − pad][x + kx − pad] (0
   * outside). Public for kernels that multiply the patches another way (a sparse one).
   */
  unfold(input: Float32Array, patches: Float32Array, batch: number): void {
    const [channels, height, width] = this.inputShape as [number, number, number];
    const [, outHeight, outWidth] = this.outputShape as [number, number, number];
    const k = this.spec.kernelSize;
    const padding = this.spec.padding ?? 0;
    let index = 0;
    for (let n = 0; n < batch; n++) {
      for (let oy = 0; oy < outHeight; oy++) {
        for (let ox = 0; ox < outWidth; ox++) {
          for (let c = 0; c < channels; c++) {
            const plane = (n * channels + c) * height;
            for (let ky = 0; ky < k; ky++) {
              const y = oy + ky - padding;
              const rowInside = y >= 0 && y < height;
              const row = (plane + y) * width;
              for (let kx = 0; kx < k; kx++) {
                const x = ox + kx - padding;
                patches[index++] = rowInside && x >= 0 && x < width ? input[row + x]! : 0;
              }
            }
          }
        }
      }
    }
  }

  /** col2im, the adjoint of `unfold`: sums each patch entry's gradient back onto its pixel. */
  private fold(gradPatches: Float32Array, gradInput: Float32Array, batch: number): void {
    const [channels, height, width] = this.inputShape as [number, number, number];
    const [, outHeight, outWidth] = this.outputShape as [number, number, number];
    const k = this.spec.kernelSize;
    const padding = this.spec.padding ?? 0;
    let index = 0;
    for (let n = 0; n < batch; n++) {
      for (let oy = 0; oy < outHeight; oy++) {
        for (let ox = 0; ox < outWidth; ox++) {
          for (let c = 0; c < channels; c++) {
            const plane = (n * channels + c) * height;
            for (let ky = 0; ky < k; ky++) {
              const y = oy + ky - padding;
              const rowInside = y >= 0 && y < height;
              const row = (plane + y) * width;
              for (let kx = 0; kx < k; kx++) {
                const x = ox + kx - padding;
                if (rowInside && x >= 0 && x < width) gradInput[row + x] += gradPatches[index]!;
                index++;
              }
            }
          }
        }
      }
    }
  }
}
