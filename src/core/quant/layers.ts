/** Which layers of a model the quantization lab can quantize, and what feeds each of them. */
import type { Sequential } from '../nn/index.js';

export interface QuantizableLayer {
  /** Layer name, for example `fc1` or `conv2`. */
  name: string;
  type: 'linear' | 'conv2d';
  /** Position among the model's top-level layers. */
  index: number;
  /** The weight parameter's name (`fc1.weight`) and shape ([out][in] or [out][in][k][k]). */
  weight: string;
  shape: readonly number[];
  /**
   * Name of the layer whose output this layer reads, or `'input'` for the model's input. Flatten
   * layers are skipped: they hand on their input array unchanged, so the tensor belongs to the
   * layer before them (and rewriting a flatten that follows the input would rewrite the data set).
   */
  inputFrom: string;
}

/**
 * The linear and convolution layers among the model's top-level layers, in order: the layers
 * whose weights are quantized and whose inputs are the activations to quantize. Biases stay
 * 32-bit, as in PyTorch's and ONNX's quantized operators, which keep them as float or int32
 * with scale = input scale × weight scale.
 */
export function quantizableLayers(model: Sequential): QuantizableLayer[] {
  const found: QuantizableLayer[] = [];
  model.layers.forEach((layer, index) => {
    const type = layer.spec.type;
    if (type !== 'linear' && type !== 'conv2d') return;
    const weight = `${layer.name}.weight`;
    found.push({
      name: layer.name,
      type,
      index,
      weight,
      shape: model.parameter(weight).shape,
      inputFrom: producerOf(model, index),
    });
  });
  return found;
}

function producerOf(model: Sequential, index: number): string {
  let source = index - 1;
  while (source >= 0 && model.layers[source]!.spec.type === 'flatten') source--;
  return source < 0 ? 'input' : model.layers[source]!.name;
}

/** The chosen layers (all when `names` is omitted), refusing names that are not quantizable. */
export function selectLayers(model: Sequential, names?: readonly string[]): QuantizableLayer[] {
  const all = quantizableLayers(model);
  if (!names) return all;
  const unknown = names.filter((name) => !all.some((layer) => layer.name === name));
  if (unknown.length) {
    throw new RangeError(`cannot quantize ${unknown.join(', ')}; quantizable layers are ${all.map((l) => l.name).join(', ')}`);
  }
  return all.filter((layer) => names.includes(layer.name));
}
