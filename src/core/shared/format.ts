/**
 * Number formatting shared by the cores' derivations and the elements' readouts.
 *
 * Bytes use binary units written the IEC way (1 GiB = 2³⁰ B), because device memory is sold in
 * binary gigabytes: a "16 GB" T4 holds 16 GiB, and writing it as 17.2 GB would confuse the
 * comparison a reader makes. The functions here are locale-free and avoid Intl, since a sweep
 * writes a few hundred numbers per slider move; elements add locale-aware formatting on top.
 */

const groupThousands = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** 124439808 → "124,439,808"; fractions keep up to four decimals: 37.5 → "37.5". */
export function formatCount(value: number): string {
  const rounded = Math.round(Math.abs(value) * 1e4) / 1e4;
  const [whole = '0', fraction] = String(rounded).split('.');
  const sign = value < 0 && rounded !== 0 ? '-' : '';
  return `${sign}${groupThousands(whole)}${fraction === undefined ? '' : `.${fraction}`}`;
}

/** Four significant digits times a power of ten, as the Math Peek typesets it: "7.044 × 10^12". */
export function formatScientific(value: number): string {
  const [mantissa, exponent] = value.toExponential(3).split('e');
  return `${mantissa} × 10^${Number(exponent)}`;
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

/** Rounds to three significant digits for 0 < |value| < 1024 without toPrecision's cost. */
function threeDigits(value: number): number {
  const magnitude = Math.abs(value);
  const scale = magnitude >= 100 ? 1 : magnitude >= 10 ? 10 : magnitude >= 1 ? 100 : 1000;
  return Math.round(value * scale) / scale;
}

/** Splits a byte count into a value below 1024 and its binary unit. */
export function scaleBytes(bytes: number): { value: number; unit: (typeof BYTE_UNITS)[number] } {
  let unit = 0;
  let value = bytes;
  while (Math.abs(value) >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return { value, unit: BYTE_UNITS[unit]! };
}

/** Writes a scaled number; elements pass a locale-aware one (lib/format). */
export type NumberWriter = (value: number) => string;
const threeDigitsText: NumberWriter = (value) => String(threeDigits(value));

/** Bytes with three significant digits: "237 MiB", "1.5 GiB". */
export function formatBytes(bytes: number, write: NumberWriter = threeDigitsText): string {
  if (!Number.isFinite(bytes)) return String(bytes);
  const { value, unit } = scaleBytes(bytes);
  return `${write(value)} ${unit}`;
}

/** Seconds in the most readable unit: "850 µs", "3.2 ms", "1.4 s", "2.5 min"; zero is "0 s". */
export function formatDuration(seconds: number, write: NumberWriter = threeDigitsText): string {
  if (!Number.isFinite(seconds)) return String(seconds);
  const abs = Math.abs(seconds);
  if (abs === 0) return `${write(0)} s`;
  if (abs < 1e-3) return `${write(seconds * 1e6)} µs`;
  if (abs < 1) return `${write(seconds * 1e3)} ms`;
  if (abs < 120) return `${write(seconds)} s`;
  if (abs < 7200) return `${write(seconds / 60)} min`;
  return `${write(seconds / 3600)} h`;
}

/** A number with `digits` significant digits ("0.01234", "3.142"); integers below a million exactly, grouped. */
export function formatSignificant(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value) && Math.abs(value) < 1e6) return formatCount(value);
  return String(Number(value.toPrecision(digits)));
}

/**
 * A number for a CSV file: six significant digits, but never rounded above the units, so a
 * byte count of 993,099,366.4000001 is written 993099366. A spreadsheet then gets what a chart
 * means, not the noise of floating-point arithmetic. Locale-free, as CSV must be.
 */
export function formatCsvNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return String(Math.abs(value) >= 1e6 ? Math.round(value) : Number(value.toPrecision(6)));
}

/** A peak rate in TFLOP/s, as datasheets print it: "8.1 TFLOP/s". */
export function formatTflops(flopsPerSecond: number): string {
  return `${formatSignificant(flopsPerSecond / 1e12)} TFLOP/s`;
}

/** A share in [0, 1] as a percentage with `fractionDigits` decimals: "97.1%". */
export function formatShare(share: number, fractionDigits = 1): string {
  return `${(share * 100).toFixed(fractionDigits)}%`;
}
