import type { Sequential } from './model.js';

/**
 * Reading and replacing a layer's weights by parameter name (`fc1.weight`, `conv2.bias`).
 * The quantization and pruning labs fake-quantize or mask a copy, write it back and re-evaluate;
 * the model reads its parameter arrays directly, so nothing else needs refreshing.
 */

/** A copy of the named parameter's values, laid out as its shape (weights are [out][in…]). */
export function readWeights(model: Sequential, name: string): Float32Array {
  return model.parameter(name).data.slice();
}

/** Overwrites the named parameter with `values` (same length). */
export function writeWeights(model: Sequential, name: string, values: ArrayLike<number>): void {
  const parameter = model.parameter(name);
  if (values.length !== parameter.data.length) {
    throw new RangeError(`${name} has ${parameter.data.length} values, got ${values.length}`);
  }
  parameter.data.set(values);
}

/** Copies every parameter, for restoring a model after an experiment. */
export function snapshotWeights(model: Sequential): Map<string, Float32Array> {
  return new Map(model.parameters().map((p) => [p.name, p.data.slice()]));
}

export function restoreWeights(model: Sequential, snapshot: ReadonlyMap<string, Float32Array>): void {
  for (const [name, values] of snapshot) writeWeights(model, name, values);
}
