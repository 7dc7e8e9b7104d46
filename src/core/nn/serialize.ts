import { createModel, type ModelSpec, type Sequential } from './model.js';

/**
 * A trained model ships as two files: `<name>.bin`, every parameter as little-endian float32,
 * one after another in the order of `parameters`; and `<name>.json`, this manifest.
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
  weights: { file: string; dtype: 'float32-le'; byteLength: number; sha256: string };
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
  };
  test: { accuracy: number; correct: number; count: number; meanLoss: number };
}

/** The parameter list a manifest records for this model. */
export function describeParameters(model: Sequential): ModelManifest['parameters'] {
  return model.parameters().map((p) => ({ name: p.name, shape: [...p.shape] }));
}

/** Every parameter as little-endian float32, in `model.parameters()` order. */
export function serializeWeights(model: Sequential): Uint8Array {
  const parameters = model.parameters();
  const count = parameters.reduce((sum, p) => sum + p.data.length, 0);
  const bytes = new Uint8Array(count * 4);
  const view = new DataView(bytes.buffer);
  let offset = 0;
  for (const p of parameters) {
    for (const value of p.data) {
      view.setFloat32(offset, value, true);
      offset += 4;
    }
  }
  return bytes;
}

/**
 * Rebuilds a trained model from its manifest and weights file. Pure: the caller fetches or reads
 * the bytes. Throws when the file does not match the architecture.
 */
export function parseModel(buffer: ArrayBuffer, manifest: Pick<ModelManifest, 'architecture' | 'parameters'>): Sequential {
  const model = createModel(manifest.architecture, 0);
  const parameters = model.parameters();
  const expected = parameters.map((p) => `${p.name}[${p.shape.join(',')}]`).join(' ');
  const listed = manifest.parameters.map((p) => `${p.name}[${p.shape.join(',')}]`).join(' ');
  if (expected !== listed) throw new RangeError(`manifest lists ${listed} but the architecture has ${expected}`);
  const count = parameters.reduce((sum, p) => sum + p.data.length, 0);
  if (buffer.byteLength !== count * 4) {
    throw new RangeError(`weights file is ${buffer.byteLength} bytes; ${count} float32 parameters need ${count * 4}`);
  }
  const view = new DataView(buffer);
  let offset = 0;
  for (const p of parameters) {
    for (let i = 0; i < p.data.length; i++) {
      p.data[i] = view.getFloat32(offset, true);
      offset += 4;
    }
  }
  return model;
}
