import { createRng, type Rng } from '../shared/rng.js';
import { Elementwise, Softmax } from './activations.js';
import { CausalSelfAttention } from './attention.js';
import { Conv2d } from './conv.js';
import { Embedding } from './embedding.js';
import type { Layer, LayerSpec } from './layer.js';
import { LayerNorm } from './layernorm.js';
import { Linear } from './linear.js';
import { Flatten, Pool2d } from './pooling.js';
import { Scratch, sizeOf, type Parameter } from './tensor.js';

/** A model's architecture: per-sample input shape and its layers in order. */
export interface ModelSpec {
  inputShape: number[];
  layers: LayerSpec[];
}

/**
 * Called with a layer's output right after the layer runs (`batch` samples of the layer's
 * `outputShape`). The array is only valid during the call; an observer may rewrite it in place,
 * for example to fake-quantize activations before the next layer reads them.
 */
export type ActivationObserver = (output: Float32Array, batch: number, layer: Layer) => void;

/** Layers applied one after another; parameters are named `<layer>.<role>`. */
export class Sequential {
  readonly outputShape: readonly number[];
  private readonly observers = new Map<string, Set<ActivationObserver>>();

  constructor(
    readonly inputShape: readonly number[],
    readonly layers: readonly Layer[],
  ) {
    this.outputShape = layers.length ? layers[layers.length - 1]!.outputShape : inputShape;
  }

  forward(input: Float32Array, batch: number): Float32Array {
    if (input.length !== batch * sizeOf(this.inputShape)) {
      throw new RangeError(`expected ${batch} samples of [${this.inputShape.join(', ')}], got ${input.length} values`);
    }
    let values = input;
    for (const layer of this.layers) {
      values = layer.forward(values, batch);
      const observers = this.observers.get(layer.name);
      if (observers) {
        // A layer that passes its input through (flatten) returns the caller's own array; since
        // observers may rewrite what they get, they get a copy rather than the caller's data.
        if (values === input) values = values.slice();
        for (const observe of observers) observe(values, batch, layer);
      }
    }
    return values;
  }

  /** Back-propagates `gradOutput` (for the last forward batch), adding into every parameter's grad. */
  backward(gradOutput: Float32Array, batch: number): Float32Array {
    let grad = gradOutput;
    for (let i = this.layers.length - 1; i >= 0; i--) grad = this.layers[i]!.backward(grad, batch);
    return grad;
  }

  /** Every parameter, in the order the weights file stores them. */
  parameters(): Parameter[] {
    return this.layers.flatMap((layer) => layer.params);
  }

  parameter(name: string): Parameter {
    const found = this.parameters().find((p) => p.name === name);
    if (!found) throw new RangeError(`no parameter named ${name}; have ${this.parameters().map((p) => p.name).join(', ')}`);
    return found;
  }

  zeroGrad(): void {
    for (const p of this.parameters()) p.grad.fill(0);
  }

  /** The layer with this name, searching inside residual blocks too. */
  layer(name: string): Layer {
    const owner = this.ownerOf(name);
    if (!owner) throw new RangeError(`no layer named ${name}`);
    return owner.layers.find((layer) => layer.name === name)!;
  }

  /** Calls `observer` after every forward pass of the named layer; returns the unsubscribe function. */
  observe(layerName: string, observer: ActivationObserver): () => void {
    const owner = this.ownerOf(layerName);
    if (!owner) throw new RangeError(`no layer named ${layerName}`);
    let set = owner.observers.get(layerName);
    if (!set) owner.observers.set(layerName, (set = new Set()));
    set.add(observer);
    return () => {
      set.delete(observer);
    };
  }

  private ownerOf(name: string): Sequential | undefined {
    for (const layer of this.layers) {
      if (layer.name === name) return this;
      if (layer instanceof Residual) {
        const owner = layer.body.ownerOf(name);
        if (owner) return owner;
      }
    }
    return undefined;
  }
}

/** y = x + body(x), as in a transformer block. */
export class Residual implements Layer {
  readonly params: Parameter[];
  readonly outputShape: readonly number[];
  private readonly output = new Scratch();
  private readonly gradInput = new Scratch();

  constructor(
    readonly name: string,
    readonly spec: Extract<LayerSpec, { type: 'residual' }>,
    readonly inputShape: readonly number[],
    readonly body: Sequential,
  ) {
    if (body.outputShape.join() !== inputShape.join()) {
      throw new RangeError(`${name}: body maps [${inputShape.join(', ')}] to [${body.outputShape.join(', ')}]`);
    }
    this.outputShape = inputShape;
    this.params = body.parameters();
  }

  forward(input: Float32Array, batch: number): Float32Array {
    const inner = this.body.forward(input, batch);
    const out = this.output.take(inner.length);
    for (let i = 0; i < out.length; i++) out[i] = input[i]! + inner[i]!;
    return out;
  }

  backward(gradOutput: Float32Array, batch: number): Float32Array {
    const inner = this.body.backward(gradOutput, batch);
    const gradInput = this.gradInput.take(gradOutput.length);
    for (let i = 0; i < gradInput.length; i++) gradInput[i] = gradOutput[i]! + inner[i]!;
    return gradInput;
  }
}

function buildLayers(specs: readonly LayerSpec[], inputShape: readonly number[], rng: Rng, prefix: string): Sequential {
  const layers: Layer[] = [];
  let shape = inputShape;
  specs.forEach((spec, index) => {
    const layer = buildLayer(spec, `${prefix}${spec.name ?? `${spec.type}${index}`}`, shape, rng);
    layers.push(layer);
    shape = layer.outputShape;
  });
  return new Sequential(inputShape, layers);
}

function buildLayer(spec: LayerSpec, name: string, shape: readonly number[], rng: Rng): Layer {
  switch (spec.type) {
    case 'linear':
      return new Linear(name, spec, shape, rng);
    case 'conv2d':
      return new Conv2d(name, spec, shape, rng);
    case 'relu':
    case 'gelu':
      return new Elementwise(name, spec, shape);
    case 'maxpool2d':
    case 'avgpool2d':
      return new Pool2d(name, spec, shape);
    case 'flatten':
      return new Flatten(name, spec, shape);
    case 'layernorm':
      return new LayerNorm(name, spec, shape);
    case 'embedding':
      return new Embedding(name, spec, shape, rng);
    case 'attention':
      return new CausalSelfAttention(name, spec, shape, rng);
    case 'softmax':
      return new Softmax(name, spec, shape);
    case 'residual':
      return new Residual(name, spec, shape, buildLayers(spec.layers, shape, rng, `${name}.`));
  }
}

/**
 * Builds a model with freshly initialised weights. Initialisation draws from one generator
 * seeded with `seed`, layer by layer, so the same spec and seed give the same weights.
 */
export function createModel(spec: ModelSpec, seed: number): Sequential {
  return buildLayers(spec.layers, spec.inputShape, createRng(seed), '');
}
