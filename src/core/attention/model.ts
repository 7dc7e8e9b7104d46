import type { CausalSelfAttention } from '../nn/attention.js';
import type { Sequential } from '../nn/model.js';
import { parseModel, type ModelManifest } from '../nn/serialize.js';
import { Scratch } from '../nn/tensor.js';
import { attentionLayers, type TransformerShape } from './architecture.js';
import type { CharacterVocabulary } from './tokenizer.js';

/** One point of the training curve: mean training loss since the last point, validation loss. */
export interface CurvePoint {
  step: number;
  trainLoss: number;
  validationLoss: number;
}

/** The manifest of a shipped text model: the weights file's, plus its tokens, text and curve. */
export interface TextModelManifest
  extends Pick<ModelManifest, 'format' | 'version' | 'name' | 'description' | 'architecture' | 'parameters' | 'parameterCount' | 'weights'> {
  shape: TransformerShape;
  vocabulary: CharacterVocabulary;
  dataset: {
    name: string;
    source: string;
    license: string;
    trainCharacters: number;
    validationCharacters: number;
    validationFile: string;
    splitSeed: number;
    preprocessing: string;
    mix: string;
  };
  training: {
    script: string;
    seed: number;
    steps: number;
    plannedSteps: number;
    /** True for a short run whose weights stand in until the full run is committed. */
    provisional: boolean;
    batchSize: number;
    optimizer: Record<string, unknown>;
    schedule: string;
    gradientClipping: number;
    curve: CurvePoint[];
  };
  /** Mean next-character loss (nats) of the shipped weights on the validation text. */
  validation: { meanLoss: number; tokens: number; windows: number };
}

/**
 * A decoder-only transformer ready to be looked into: runs batches of token sequences of any
 * length up to its context, padded at the end, and keeps each attention layer's pattern. Padding
 * changes nothing before it: the model is causal and every other layer works position by
 * position, so position t sees exactly the tokens up to t.
 */
export class AttentionModel {
  readonly layers: readonly CausalSelfAttention[];
  readonly contextLength: number;
  readonly vocabSize: number;
  readonly heads: number;
  private readonly inputs = new Scratch();

  constructor(readonly network: Sequential) {
    this.layers = attentionLayers(network);
    this.contextLength = network.inputShape[0]!;
    this.vocabSize = network.outputShape[network.outputShape.length - 1]!;
    this.heads = this.layers[0]?.heads ?? 0;
  }

  /** Logits [batch][contextLength][vocab] (positions past a sequence's end are padding). */
  forward(sequences: readonly ArrayLike<number>[]): Float32Array {
    const T = this.contextLength;
    const inputs = this.inputs.take(sequences.length * T, true);
    sequences.forEach((sequence, n) => {
      if (sequence.length > T) throw new RangeError(`a sequence of ${sequence.length} tokens exceeds the context of ${T}`);
      for (let t = 0; t < sequence.length; t++) inputs[n * T + t] = sequence[t]!;
    });
    return this.network.forward(inputs, sequences.length);
  }

  /** Head `head` of layer `layer` for sample `sample` of the last batch: length×length, row = query. */
  pattern(layer: number, head: number, sample: number, length: number): Float32Array {
    const T = this.contextLength;
    const weights = this.layers[layer]!.attention;
    const out = new Float32Array(length * length);
    const base = (sample * this.heads + head) * T * T;
    for (let t = 0; t < length; t++) out.set(weights.subarray(base + t * T, base + t * T + length), t * length);
    return out;
  }
}

/** −log softmax(row)[target] of one row of logits, in float64. */
export function tokenLoss(logits: Float32Array, offset: number, width: number, target: number): number {
  let max = -Infinity;
  for (let c = 0; c < width; c++) max = Math.max(max, logits[offset + c]!);
  let sum = 0;
  for (let c = 0; c < width; c++) sum += Math.exp(logits[offset + c]! - max);
  return max + Math.log(sum) - logits[offset + target]!;
}

/** Windows of a long token stream: inputs of `length` tokens each, the next token as target. */
export function windowsOf(ids: readonly number[], length: number): number[][] {
  const windows: number[][] = [];
  for (let start = 0; start + length < ids.length; start += length) windows.push(ids.slice(start, start + length + 1));
  return windows;
}

/**
 * Mean next-token loss over a token stream cut into non-overlapping windows of the context
 * length (the last, incomplete window dropped), each predicting its next `length` tokens from its
 * own tokens only: the validation loss the manifest records. Batches only change speed.
 */
export function streamLoss(model: AttentionModel, ids: readonly number[], batchSize = 16): { meanLoss: number; tokens: number; windows: number } {
  const T = model.contextLength;
  const V = model.vocabSize;
  const windows = windowsOf(ids, T);
  let total = 0;
  for (let start = 0; start < windows.length; start += batchSize) {
    const batch = windows.slice(start, start + batchSize);
    const logits = model.forward(batch.map((window) => window.slice(0, T)));
    batch.forEach((window, n) => {
      for (let t = 0; t < T; t++) total += tokenLoss(logits, (n * T + t) * V, V, window[t + 1]!);
    });
  }
  return { meanLoss: total / (windows.length * T), tokens: windows.length * T, windows: windows.length };
}

/** A shipped text model rebuilt from its manifest and weights file (FP16 or float32). */
export function parseTextModel(buffer: ArrayBuffer, manifest: TextModelManifest): AttentionModel {
  return new AttentionModel(parseModel(buffer, manifest));
}
