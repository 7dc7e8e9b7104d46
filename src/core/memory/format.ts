/**
 * Number formatting for the substituted formulas: deterministic (no locale) and cheap, since a
 * sweep formats a few hundred numbers per slider move and Intl.NumberFormat costs ~1 µs a call.
 */

const groupThousands = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** 124439808 → "124,439,808"; fractions keep up to four decimals: 37.5 → "37.5". */
export function formatCount(value: number): string {
  const rounded = Math.round(Math.abs(value) * 1e4) / 1e4;
  const [whole = '0', fraction] = String(rounded).split('.');
  const sign = value < 0 && rounded !== 0 ? '-' : '';
  return `${sign}${groupThousands(whole)}${fraction === undefined ? '' : `.${fraction}`}`;
}

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'] as const;

/** Rounds to three significant digits for 0 < |value| < 1000 without toPrecision's cost. */
function threeDigits(value: number): number {
  const magnitude = Math.abs(value);
  const scale = magnitude >= 100 ? 1 : magnitude >= 10 ? 10 : magnitude >= 1 ? 100 : 1000;
  return Math.round(value * scale) / scale;
}

/** Bytes in decimal units (1 GB = 10^9 B) with three significant digits: "249 MB", "1.5 GB". */
export function formatBytes(bytes: number): string {
  let unit = bytes === 0 ? 0 : Math.min(Math.max(Math.floor(Math.log10(Math.abs(bytes)) / 3), 0), BYTE_UNITS.length - 1);
  let value = threeDigits(bytes / 1000 ** unit);
  if (Math.abs(value) >= 1000 && unit < BYTE_UNITS.length - 1) {
    unit++;
    value = threeDigits(bytes / 1000 ** unit);
  }
  return `${value} ${BYTE_UNITS[unit]}`;
}
