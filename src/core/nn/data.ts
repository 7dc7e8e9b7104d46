/**
 * Labelled image data sets as the labs use them, and the compact binary format they ship in.
 *
 * Digits file (little-endian), written by scripts/nn/make-digits.ts:
 *   bytes 0–3   ASCII "MLDG"
 *   bytes 4–7   uint32 image count N
 *   bytes 8–9   uint16 height H
 *   bytes 10–11 uint16 width W
 *   bytes 12–13 uint16 class count
 *   bytes 14–15 uint16 format version (1)
 *   then N uint8 labels, then N·H·W uint8 pixels (row-major, 0 = background, 255 = ink)
 */

/** A classification data set ready for a model: inputs as floats, one label per sample. */
export interface Dataset {
  readonly count: number;
  /** Shape of one sample, for example [1, 14, 14]. */
  readonly sampleShape: readonly number[];
  readonly classes: number;
  /** count × size(sampleShape) model inputs. */
  readonly inputs: Float32Array;
  readonly labels: Uint8Array;
}

/** Grey-scale digit images: the raw bytes (for drawing) and inputs scaled to [0, 1]. */
export interface DigitsDataset extends Dataset {
  readonly width: number;
  readonly height: number;
  readonly pixels: Uint8Array;
}

const MAGIC = 'MLDG';
const HEADER_BYTES = 16;
const VERSION = 1;

/** Scales bytes to model inputs; every shipped model was trained on pixel / 255. */
export function digitsFromPixels(
  pixels: Uint8Array,
  labels: Uint8Array,
  height: number,
  width: number,
  classes = 10,
): DigitsDataset {
  const count = labels.length;
  if (pixels.length !== count * height * width) {
    throw new RangeError(`${count} images of ${height}×${width} need ${count * height * width} pixels, got ${pixels.length}`);
  }
  const inputs = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) inputs[i] = pixels[i]! / 255;
  return { count, sampleShape: [1, height, width], classes, inputs, labels, width, height, pixels };
}

/** Reads a digits file (see the format above). Works on any ArrayBuffer: fetched or read from disk. */
export function parseDigits(buffer: ArrayBuffer): DigitsDataset {
  const view = new DataView(buffer);
  const magic = String.fromCharCode(...new Uint8Array(buffer, 0, Math.min(4, buffer.byteLength)));
  if (buffer.byteLength < HEADER_BYTES || magic !== MAGIC) throw new RangeError('not a digits file (missing "MLDG" header)');
  const count = view.getUint32(4, true);
  const height = view.getUint16(8, true);
  const width = view.getUint16(10, true);
  const classes = view.getUint16(12, true);
  const version = view.getUint16(14, true);
  if (version !== VERSION) throw new RangeError(`digits file version ${version}; this reader knows ${VERSION}`);
  const expected = HEADER_BYTES + count + count * height * width;
  if (buffer.byteLength !== expected) throw new RangeError(`digits file is ${buffer.byteLength} bytes, header says ${expected}`);
  const labels = new Uint8Array(buffer, HEADER_BYTES, count);
  const pixels = new Uint8Array(buffer, HEADER_BYTES + count, count * height * width);
  return digitsFromPixels(pixels, labels, height, width, classes);
}

/** Writes a digits file; `parseDigits` reads it back. */
export function encodeDigits(data: Pick<DigitsDataset, 'pixels' | 'labels' | 'height' | 'width' | 'classes'>): Uint8Array {
  const count = data.labels.length;
  const bytes = new Uint8Array(HEADER_BYTES + count + data.pixels.length);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < 4; i++) bytes[i] = MAGIC.charCodeAt(i);
  view.setUint32(4, count, true);
  view.setUint16(8, data.height, true);
  view.setUint16(10, data.width, true);
  view.setUint16(12, data.classes, true);
  view.setUint16(14, VERSION, true);
  bytes.set(data.labels, HEADER_BYTES);
  bytes.set(data.pixels, HEADER_BYTES + count);
  return bytes;
}
