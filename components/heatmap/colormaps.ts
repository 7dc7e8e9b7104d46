/**
 * Colour maps for `<ml-heatmap>`: 256-entry RGBA lookup tables interpolated (linearly, in sRGB)
 * between published anchor colours, and the helpers that turn values into table indices.
 * Pure: no DOM, so it is unit-testable anywhere.
 */

/** `sequential` for magnitudes (viridis-like), `diverging` for signed values centred on 0. */
export type ColormapName = 'sequential' | 'diverging';

export const colormapNames: readonly ColormapName[] = ['sequential', 'diverging'];

/**
 * Viridis (van der Walt & Smith, matplotlib 2.0, CC0): rows 0, 32, 64, …, 224 and 255 of
 * `_viridis_data` in matplotlib's `lib/matplotlib/_cm_listed.py`, i.e.
 * `viridis(np.linspace(0, 1, 9))`, rounded to 8 bits. Perceptually uniform and readable with
 * the common colour-vision deficiencies and in greyscale.
 */
export const viridisAnchors: readonly string[] = [
  '#440154',
  '#472d7b',
  '#3b528b',
  '#2c728e',
  '#21918c',
  '#28ae80',
  '#5ec962',
  '#addc30',
  '#fde725',
];

/**
 * ColorBrewer RdBu, 11 classes (Cynthia Brewer, colorbrewer2.org, Apache-2.0; marked
 * colour-blind safe there), ordered from negative (blue) to positive (red) with the neutral
 * `#f7f7f7` in the middle, so 0 sits on the light centre.
 */
export const rdBuAnchors: readonly string[] = [
  '#053061',
  '#2166ac',
  '#4393c3',
  '#92c5de',
  '#d1e5f0',
  '#f7f7f7',
  '#fddbc7',
  '#f4a582',
  '#d6604d',
  '#b2182b',
  '#67001f',
];

const anchorsByName: Record<ColormapName, readonly string[]> = {
  sequential: viridisAnchors,
  diverging: rdBuAnchors,
};

/** Entries in each lookup table. */
const lutSize = 256;

/** `#rrggbb` → `[r, g, b]`. */
export function parseHex(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

/** An opaque RGBA table of `size` entries, piecewise linear between evenly spaced anchors. */
export function buildLut(anchors: readonly string[], size = lutSize): Uint8ClampedArray {
  const rgb = anchors.map(parseHex);
  const lut = new Uint8ClampedArray(size * 4);
  const segments = rgb.length - 1;
  for (let i = 0; i < size; i++) {
    const position = size === 1 ? 0 : (i / (size - 1)) * segments;
    const segment = Math.min(Math.floor(position), segments - 1);
    const t = position - segment;
    const from = rgb[segment]!;
    const to = rgb[segment + 1]!;
    for (let channel = 0; channel < 3; channel++) {
      lut[i * 4 + channel] = Math.round(from[channel]! + (to[channel]! - from[channel]!) * t);
    }
    lut[i * 4 + 3] = 255;
  }
  return lut;
}

const luts = new Map<ColormapName, Uint8ClampedArray>();

/** The lookup table of a colour map, built on first use and shared afterwards. */
export function colormapLut(name: ColormapName): Uint8ClampedArray {
  let lut = luts.get(name);
  if (!lut) {
    lut = buildLut(anchorsByName[name]);
    luts.set(name, lut);
  }
  return lut;
}

/** A CSS gradient through the same anchors, for the colour bar. */
export function colormapGradient(name: ColormapName, direction = 'to right'): string {
  return `linear-gradient(${direction}, ${anchorsByName[name].join(', ')})`;
}

/**
 * A CSS gradient of flat bands, for the colour bar of a filled contour map: `edges` are the
 * bands' inner edges along the bar (fractions from 0 to 1), each band in the colour of its middle.
 */
export function bandedGradient(name: ColormapName, edges: readonly number[], direction = 'to right'): string {
  const lut = colormapLut(name);
  const bounds = [0, ...edges, 1];
  const stops = bounds.slice(1).map((end, i) => {
    const start = bounds[i]!;
    const index = Math.round(((start + end) / 2) * (lutSize - 1)) * 4;
    const color = `rgb(${lut[index]}, ${lut[index + 1]}, ${lut[index + 2]})`;
    return `${color} ${(start * 100).toFixed(2)}%, ${color} ${(end * 100).toFixed(2)}%`;
  });
  return `linear-gradient(${direction}, ${stops.join(', ')})`;
}

/** The value range the colours span. */
export interface ColorDomain {
  min: number;
  max: number;
}

/** The finite extremes of some values and where they are (indices are -1 with no finite value). */
export interface DataExtent extends ColorDomain {
  argMin: number;
  argMax: number;
  /** How many values are finite. */
  finite: number;
}

/** One pass over the values: smallest and largest finite value and their indices. */
export function dataExtent(values: ArrayLike<number>, count = values.length): DataExtent {
  let min = Infinity;
  let max = -Infinity;
  let argMin = -1;
  let argMax = -1;
  let finite = 0;
  const end = Math.min(count, values.length);
  for (let i = 0; i < end; i++) {
    const value = values[i]!;
    if (value - value !== 0) continue; // NaN and ±Infinity
    finite++;
    if (value < min) {
      min = value;
      argMin = i;
    }
    if (value > max) {
      max = value;
      argMax = i;
    }
  }
  return { min, max, argMin, argMax, finite };
}

/**
 * The domain the colours span: the given `min`/`max` where set, otherwise the data's finite
 * extremes. A diverging map is made symmetric about 0 (±the larger magnitude) so that 0 is
 * always the neutral centre colour. With no finite data the domain is [0, 1].
 */
export function colorDomain(extent: DataExtent, colormap: ColormapName, min?: number, max?: number): ColorDomain {
  const empty = extent.finite === 0;
  let low = min ?? (empty ? 0 : extent.min);
  let high = max ?? (empty ? 1 : extent.max);
  if (low > high) [low, high] = [high, low];
  if (colormap === 'diverging') {
    const magnitude = Math.max(Math.abs(low), Math.abs(high));
    return { min: -magnitude, max: magnitude };
  }
  return { min: low, max: high };
}

/**
 * The table index of a value: 0 at `min`, 255 at `max`, clamped outside. A domain of zero
 * width maps everything to the middle entry (for a diverging map, the neutral colour).
 */
export function colorIndex(value: number, domain: ColorDomain): number {
  const span = domain.max - domain.min;
  if (!(span > 0) || span === Infinity) return lutSize >> 1;
  const index = Math.round(((value - domain.min) / span) * (lutSize - 1));
  return index < 0 ? 0 : index > lutSize - 1 ? lutSize - 1 : index;
}

/**
 * Writes one RGBA pixel per cell into `pixels` (an `ImageData`'s data, cells × 4 bytes). NaN
 * and missing cells are left transparent. Works on 32-bit words, so the byte order of the
 * table and the image is the platform's on both sides; the loop is kept branch-light because
 * it runs once per cell (4 M times for a 2048 × 2048 map).
 */
export function paintCells(
  values: ArrayLike<number>,
  cells: number,
  lut: Uint8ClampedArray,
  domain: ColorDomain,
  pixels: Uint8ClampedArray,
): void {
  const words = new Uint32Array(pixels.buffer, pixels.byteOffset, cells);
  const colors = new Uint32Array(lut.buffer, lut.byteOffset, lutSize);
  const last = lutSize - 1;
  const span = domain.max - domain.min;
  const usable = span > 0 && span < Infinity;
  // index = round((value − min) · scale) = ⌊value · scale + offset⌋ for in-range values.
  const scale = usable ? last / span : 0;
  const offset = usable ? 0.5 - domain.min * scale : (lutSize >> 1) + 0.5;
  const low = colors[0]!;
  const high = colors[last]!;
  const known = Math.min(cells, values.length);
  for (let i = 0; i < known; i++) {
    const position = values[i]! * scale + offset;
    // NaN fails both comparisons and stays transparent.
    words[i] = position >= 0 ? (position < lutSize ? colors[position | 0]! : high) : position < 0 ? low : 0;
  }
  words.fill(0, known);
}
