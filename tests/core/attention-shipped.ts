// The attention lab's shipped model and validation text, read from assets/ as the node tests need them.
import { readFileSync } from 'node:fs';
import { AttentionModel, parseTextModel, tokenize, type TextModelManifest } from '../../src/core/attention/index.js';
import { readArrayBuffer } from './shipped-models.js';

export function loadTextModel(): { manifest: TextModelManifest; buffer: ArrayBuffer; model: AttentionModel } {
  const manifest = JSON.parse(readFileSync('assets/models/devil-transformer.json', 'utf8')) as TextModelManifest;
  const buffer = readArrayBuffer(`assets/models/${manifest.weights.file}`);
  return { manifest, buffer, model: parseTextModel(buffer, manifest) };
}

export const validationText = readFileSync('assets/text/devil-validation.txt', 'utf8');

/** The first `length` characters of the validation text as the model's token ids. */
export function validationIds(manifest: TextModelManifest, length: number): number[] {
  return tokenize(validationText, manifest.vocabulary).ids.slice(0, length);
}
