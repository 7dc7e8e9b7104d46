// The shipped test digits and trained models, read from assets/ as the node tests need them.
import { readFileSync } from 'node:fs';
import { parseModel, type ModelManifest } from '../../src/core/nn/serialize.js';

/** A file's bytes as an ArrayBuffer of their own (a Buffer may share a larger one). */
export function readArrayBuffer(path: string): ArrayBuffer {
  const file = readFileSync(path);
  return file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer;
}

/** A shipped model rebuilt from its committed manifest and weights. */
export function loadModel(name: string) {
  const manifest = JSON.parse(readFileSync(`assets/models/${name}.json`, 'utf8')) as ModelManifest;
  const buffer = readArrayBuffer(`assets/models/${manifest.weights.file}`);
  return { manifest, buffer, model: parseModel(buffer, manifest) };
}
