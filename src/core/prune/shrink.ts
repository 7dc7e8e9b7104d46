/**
 * Structured pruning that shrinks the network: a hidden unit (a linear layer's output neuron, a
 * conv's filter) whose weights are all zero, or whose every outgoing weight in the next layer is
 * zero, is taken out, with the next layer's matching inputs, leaving a smaller dense model that
 * computes the same function.
 *
 * A unit whose incoming weights are all zero still outputs its bias (PyTorch's `ln_structured`
 * prunes the weight, not the bias), so it is a constant: act(bias) after the activation and
 * pooling that follow. Removing it moves that constant into the next layer's bias,
 * b′ = b + W[:, unit] · act(bias), which is exact for a linear next layer and for a convolution
 * without padding. With zero padding the border sees the constant only partly, so a nonzero
 * constant cannot be folded and `shrinkModel` refuses; prune the bias too, or keep that unit.
 *
 * The folded bias is summed in a different order than the masked model sums its products, so
 * logits agree to float32 rounding (about 1e-6), not bit for bit.
 */
import { createModel, sizeOf, type Layer, type LayerSpec, type Sequential } from '../nn/index.js';

/** What shrinking did to one linear or conv layer's outputs. */
export interface ShrunkLayer {
  name: string;
  /** Output units before shrinking. */
  units: number;
  /** Indices (in the original layer) of the units kept, ascending. */
  kept: number[];
  /** Indices of the units removed, ascending. */
  removed: number[];
  /** The removed units whose constant output was moved into the next layer's bias. */
  folded: number[];
}

export interface ShrunkModel {
  model: Sequential;
  /** Every linear and conv layer in order; the last one keeps all its outputs (the model's output). */
  layers: ShrunkLayer[];
}

/** Layers that pass each channel through on its own, so a unit's output stays in its own inputs of the next layer. */
const CHANNELWISE = new Set<LayerSpec['type']>(['relu', 'gelu', 'maxpool2d', 'avgpool2d', 'flatten']);

interface Link {
  producer: Layer;
  consumer: Layer;
  /** The layers between them (channel-wise, parameter-free). */
  between: Layer[];
  units: number;
  /** The consumer's weight columns per producer unit (linear: positions per channel; conv: k·k). */
  block: number;
}

function weightOf(layer: Layer): Float32Array {
  return layer.params.find((p) => p.name === `${layer.name}.weight`)!.data;
}

function biasOf(layer: Layer): Float32Array {
  return layer.params.find((p) => p.name === `${layer.name}.bias`)!.data;
}

function unitsOf(layer: Layer): number {
  return layer.spec.type === 'linear' ? layer.spec.outFeatures : (layer.spec as Extract<LayerSpec, { type: 'conv2d' }>).outChannels;
}

/** The consecutive pairs of weighted layers, checked to be of a shape this module can shrink. */
function linksOf(model: Sequential): { weighted: Layer[]; links: Link[] } {
  const weighted: Layer[] = [];
  const links: Link[] = [];
  let between: Layer[] = [];
  for (const layer of model.layers) {
    const spec = layer.spec;
    if (spec.type !== 'linear' && spec.type !== 'conv2d') {
      if (layer.params.length) throw new RangeError(`${layer.name} (${spec.type}) holds parameters; shrinking handles models whose parameters are all in linear and conv layers`);
      between.push(layer);
      continue;
    }
    if (spec.type === 'linear' && layer.inputShape.length !== 1) throw new RangeError(`${layer.name}: shrinking handles linear layers on vectors, got input [${layer.inputShape.join(', ')}]`);
    const producer = weighted[weighted.length - 1];
    if (producer) {
      const mixer = between.find((l) => !CHANNELWISE.has(l.spec.type));
      if (mixer) throw new RangeError(`${mixer.name} (${mixer.spec.type}) mixes channels; shrinking handles linear and conv layers joined by ${[...CHANNELWISE].join(', ')}`);
      const units = unitsOf(producer);
      const block = spec.type === 'linear' ? layer.inputShape[0]! / units : spec.kernelSize ** 2;
      if (!Number.isInteger(block) || (spec.type === 'conv2d' && layer.inputShape[0] !== units)) {
        throw new RangeError(`${layer.name}'s inputs do not split into ${producer.name}'s ${units} units`);
      }
      links.push({ producer, consumer: layer, between, units, block });
    }
    weighted.push(layer);
    between = [];
  }
  return { weighted, links };
}

/** act(bias) of every unit, as the consumer reads it: the producer's output with each channel constant at its bias, run through the layers between. */
function constantInputs(link: Link): Float32Array {
  const bias = biasOf(link.producer);
  const size = sizeOf(link.producer.outputShape);
  const plane = size / link.units;
  let values: Float32Array = new Float32Array(size);
  for (let u = 0; u < link.units; u++) values.fill(bias[u]!, u * plane, (u + 1) * plane);
  for (const layer of link.between) values = layer.forward(values, 1);
  return values;
}

/**
 * A smaller dense model computing what `model` computes with its current (pruned) weights: see
 * the module notes. `model` is left unchanged.
 */
export function shrinkModel(model: Sequential): ShrunkModel {
  const { weighted, links } = linksOf(model);
  const removedOf = new Map<Layer, Set<number>>();
  const foldedOf = new Map<Layer, number[]>();
  const biasShift = new Map<Layer, Float64Array>();

  for (const link of links) {
    const { producer, consumer, units, block } = link;
    const rows = weightOf(producer);
    const rowLength = rows.length / units;
    const columns = weightOf(consumer);
    const outputs = unitsOf(consumer);
    const columnLength = columns.length / outputs;
    const removed = new Set<number>();
    const folded: number[] = [];
    const shift = new Float64Array(outputs);
    let constants: Float32Array | undefined;
    for (let u = 0; u < units; u++) {
      const rowDead = rows.subarray(u * rowLength, (u + 1) * rowLength).every((w) => w === 0);
      let unused = true;
      for (let o = 0; o < outputs && unused; o++) {
        unused = columns.subarray(o * columnLength + u * block, o * columnLength + (u + 1) * block).every((w) => w === 0);
      }
      if (!rowDead && !unused) continue;
      removed.add(u);
      if (unused) continue;
      constants ??= constantInputs(link);
      folded.push(u);
      if (consumer.spec.type === 'linear') {
        for (let o = 0; o < outputs; o++) {
          for (let j = 0; j < block; j++) shift[o] += columns[o * columnLength + u * block + j]! * constants[u * block + j]!;
        }
      } else {
        // Channel-wise layers keep a constant plane constant, so one value stands for the plane.
        const planeSize = sizeOf(consumer.inputShape) / units;
        const value = constants[u * planeSize]!;
        if (value !== 0 && (consumer.spec as Extract<LayerSpec, { type: 'conv2d' }>).padding) {
          throw new RangeError(
            `${producer.name}'s unit ${u} has all-zero weights but outputs the constant ${value} from its bias; ${consumer.name} pads with zeros, so the constant cannot move into its bias: prune ${producer.name}.bias[${u}] too, or keep the unit`,
          );
        }
        for (let o = 0; o < outputs; o++) {
          for (let j = 0; j < block; j++) shift[o] += columns[o * columnLength + u * block + j]! * value;
        }
      }
    }
    removedOf.set(producer, removed);
    foldedOf.set(producer, folded);
    biasShift.set(consumer, shift);
  }

  const spec = {
    inputShape: [...model.inputShape],
    layers: model.layers.map((layer): LayerSpec => {
      const removed = removedOf.get(layer)?.size ?? 0;
      if (layer.spec.type === 'linear') return { ...layer.spec, name: layer.name, outFeatures: layer.spec.outFeatures - removed };
      if (layer.spec.type === 'conv2d') return { ...layer.spec, name: layer.name, outChannels: layer.spec.outChannels - removed };
      return { ...layer.spec, name: layer.name };
    }),
  };
  const shrunk = createModel(spec, 0);

  weighted.forEach((layer, index) => {
    const units = unitsOf(layer);
    const removed = removedOf.get(layer) ?? new Set<number>();
    const keptUnits = range(units).filter((u) => !removed.has(u));
    const link = links[index - 1];
    const inputRemoved = link ? removedOf.get(link.producer)! : new Set<number>();
    const weight = weightOf(layer);
    const rowLength = weight.length / units;
    const block = link?.block ?? rowLength;
    const keptBlocks = range(rowLength / block).filter((b) => !inputRemoved.has(b));
    const target = weightOf(shrunk.layer(layer.name));
    let offset = 0;
    for (const u of keptUnits) {
      for (const b of keptBlocks) {
        const start = u * rowLength + b * block;
        target.set(weight.subarray(start, start + block), offset);
        offset += block;
      }
    }
    const bias = biasOf(layer);
    const shift = biasShift.get(layer);
    biasOf(shrunk.layer(layer.name)).set(keptUnits.map((u) => bias[u]! + (shift ? shift[u]! : 0)));
  });

  return {
    model: shrunk,
    layers: weighted.map((layer) => {
      const removed = removedOf.get(layer) ?? new Set<number>();
      return {
        name: layer.name,
        units: unitsOf(layer),
        kept: range(unitsOf(layer)).filter((u) => !removed.has(u)),
        removed: [...removed],
        folded: foldedOf.get(layer) ?? [],
      };
    }),
  };
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
