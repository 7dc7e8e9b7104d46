import { decodeFloat, encodeFloat } from '../shared/float-formats.js';
import { createModel, type ModelSpec, type Sequential } from './model.js';

/**
 * How a weights file stores each value, little-endian: float32, or IEEE binary16 (rounded to
 * nearest, ties to even), which halves a larger model's download and changes its accuracy by
 * less than the test set can show; the manifest's accuracy is that of the stored values.
 */
export type WeightsDtype = 'float32-le' | 'float16-le';

const BYTES_PER_VALUE: Readonly<Record<WeightsDtype, number>> = { 'float32-le': 4, 'float16-le': 2 };

/**
 * A trained model ships as two files: `<name>.bin`, every parameter in `weights.dtype`, one after
 * another in the order of `parameters`; and `<name>.json`, this manifest.
 */
export interface ModelManifest {
  format: 'mlsys-labs-model';
  version: 1;
  name: string;
  description: string;
  architecture: ModelSpec;
  /** Parameter names and shapes, in file order. */
  parameters: { name: string; shape: number[] }[];
  parameterCount: number;
  weights: { file: string; dtype: WeightsDtype; byteLength: number; sha256: string };
  dataset: {
    name: string;
    source: string;
    license: string;
    trainCount: number;
    testCount: number;
    splitSeed: number;
    preprocessing: string;
  };
  training: {
    script: string;
    seed: number;
    epochs: number;
    batchSize: number;
    optimizer: Record<string, unknown>;
    schedule: string;
    augmentation: string;
    /** Mean training loss of each epoch, in order (absent from manifests written before it was recorded). */
    curve?: number[];
  };
  test: { accuracy: number; correct: number; count: number; meanLoss: number };
}

/** The parameter list a manifest records for this model. */
export function describeParameters(model: Sequential): ModelManifest['parameters'] {
  return model.parameters().map((p) => ({ name: p.name, shape: [...p.shape] }));
}

/** Every parameter in `dtype` (float32 unless said), in `model.parameters()` order. */
export function serializeWeights(model: Sequential, dtype: WeightsDtype = 'float32-le'): Uint8Array {
  const parameters = model.parameters();
  const size = BYTES_PER_VALUE[dtype];
  const count = parameters.reduce((sum, p) => sum + p.data.length, 0);
  const bytes = new Uint8Array(count * size);
  const view = new DataView(bytes.buffer);
  let offset = 0;
  for (const p of parameters) {
    for (const value of p.data) {
      if (dtype === 'float16-le') view.setUint16(offset, encodeFloat(value, 'fp16'), true);
      else view.setFloat32(offset, value, true);
      offset += size;
    }
  }
  return bytes;
}

/**
 * Rebuilds a trained model from its manifest and weights file. Pure: the caller fetches or reads
 * the bytes. Throws when the file does not match the architecture. Weights are float32 unless
 * the manifest's `weights.dtype` says otherwise.
 */
export function parseModel(
  buffer: ArrayBuffer,
  manifest: Pick<ModelManifest, 'architecture' | 'parameters'> & { weights?: Pick<ModelManifest['weights'], 'dtype'> },
): Sequential {
  const dtype = manifest.weights?.dtype ?? 'float32-le';
  const size = BYTES_PER_VALUE[dtype];
  if (size === undefined) throw new RangeError(`weights dtype ${dtype}; this reader knows ${Object.keys(BYTES_PER_VALUE).join(', ')}`);
  const model = createModel(manifest.architecture, 0);
  const parameters = model.parameters();
  const expected = parameters.map((p) => `${p.name}[${p.shape.join(',')}]`).join(' ');
  const listed = manifest.parameters.map((p) => `${p.name}[${p.shape.join(',')}]`).join(' ');
  if (expected !== listed) throw new RangeError(`manifest lists ${listed} but the architecture has ${expected}`);
  const count = parameters.reduce((sum, p) => sum + p.data.length, 0);
  if (buffer.byteLength !== count * size) {
    throw new RangeError(`weights file is ${buffer.byteLength} bytes; ${count} ${dtype} parameters need ${count * size}`);
  }
  const view = new DataView(buffer);
  let offset = 0;
  for (const p of parameters) {
    for (let i = 0; i < p.data.length; i++) {
      p.data[i] = dtype === 'float16-le' ? decodeFloat(view.getUint16(offset, true), 'fp16') : view.getFloat32(offset, true);
      offset += size;
    }
  }
  return model;
}
