/**
 * Arithmetic of one forward pass, per image: the multiply-adds of every linear and conv layer,
 * 2 FLOPs each (one multiply, one add), as FLOP counts are usually quoted (e.g. Molchanov et al.
 * 2017, https://arxiv.org/abs/1611.06440, §4). Activations, pooling and biases are left out: they
 * cost a few hundred operations against tens or hundreds of thousands.
 *
 * A dense kernel does every multiply-add, zero weights included, so a pruned model costs what the
 * dense one does (`dense`); a sparse kernel skips the zeros (`nonzero`); a shrunk model is dense
 * again, and smaller.
 */
import type { Layer, Sequential } from '../nn/index.js';

export interface LayerFlops {
  name: string;
  /** How many times each weight is used per image: 1 for a linear layer on a vector, the output positions for a conv. */
  uses: number;
  /** 2 × weights × uses. */
  dense: number;
  /** 2 × nonzero weights × uses. */
  nonzero: number;
}

export interface ForwardFlops {
  layers: LayerFlops[];
  dense: number;
  nonzero: number;
}

function usesOf(layer: Layer): number {
  if (layer.spec.type === 'conv2d') return layer.outputShape[1]! * layer.outputShape[2]!;
  // A linear layer applies its weights to every row of its input (one row for a vector).
  return layer.inputShape.slice(0, -1).reduce((product, size) => product * size, 1);
}

/** FLOPs of one image through `model`'s linear and conv layers, with its weights as they are. */
export function forwardFlops(model: Sequential): ForwardFlops {
  const layers = model.layers
    .filter((layer) => layer.spec.type === 'linear' || layer.spec.type === 'conv2d')
    .map((layer): LayerFlops => {
      const weight = model.parameter(`${layer.name}.weight`).data;
      const nonzeros = weight.reduce((count, w) => count + (w !== 0 ? 1 : 0), 0);
      const uses = usesOf(layer);
      return { name: layer.name, uses, dense: 2 * weight.length * uses, nonzero: 2 * nonzeros * uses };
    });
  return {
    layers,
    dense: layers.reduce((sum, layer) => sum + layer.dense, 0),
    nonzero: layers.reduce((sum, layer) => sum + layer.nonzero, 0),
  };
}
