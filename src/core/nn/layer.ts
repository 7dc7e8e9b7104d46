import type { Parameter } from './tensor.js';

/**
 * The JSON description of one layer: enough, with the model's input shape, to rebuild it.
 * Input features and channels are not repeated here; they follow from the previous layer.
 */
export type LayerSpec =
  | { type: 'linear'; name?: string; outFeatures: number }
  | { type: 'conv2d'; name?: string; outChannels: number; kernelSize: number; padding?: number }
  | { type: 'relu'; name?: string }
  | { type: 'gelu'; name?: string }
  | { type: 'maxpool2d'; name?: string; size: number }
  | { type: 'avgpool2d'; name?: string; size: number }
  | { type: 'flatten'; name?: string }
  | { type: 'layernorm'; name?: string; eps?: number }
  | { type: 'embedding'; name?: string; vocabSize: number; dim: number; contextLength?: number; initStd?: number }
  | { type: 'attention'; name?: string; heads: number }
  | { type: 'softmax'; name?: string }
  | { type: 'residual'; name?: string; layers: LayerSpec[] };

/**
 * One layer working on a batch of samples laid out one after another, each sample of
 * `inputShape` (the batch dimension is not part of the shapes).
 *
 * `forward` returns an array the layer owns and overwrites on the next call; it keeps what
 * `backward` needs. `backward` adds parameter gradients into each `Parameter.grad` and returns
 * the gradient with respect to the input (also owned by the layer).
 */
export interface Layer {
  readonly name: string;
  readonly spec: LayerSpec;
  readonly inputShape: readonly number[];
  readonly outputShape: readonly number[];
  readonly params: readonly Parameter[];
  forward(input: Float32Array, batch: number): Float32Array;
  backward(gradOutput: Float32Array, batch: number): Float32Array;
}

/** Last dimension and the number of rows it spans in a batch (a [T, D] sample has T rows). */
export function rowsOf(shape: readonly number[], batch: number): { rows: number; width: number } {
  const width = shape[shape.length - 1]!;
  let rows = batch;
  for (let i = 0; i < shape.length - 1; i++) rows *= shape[i]!;
  return { rows, width };
}
