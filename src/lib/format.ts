/**
 * Numbers formatted for people (`12.4 GB`, `3.2 ms`, `97.8 %`) with `Intl.NumberFormat`, in the
 * locale the page chose through `<ml-settings>` or the browser's own.
 */
import { formatBytes as writeBytes, formatDuration as writeDuration } from '../core/shared/format.js';

const cache = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: string | undefined, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale ?? ''}|${JSON.stringify(options)}`;
  let format = cache.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    cache.set(key, format);
  }
  return format;
}

/** Integers below a million exactly, so a batch of 4,096 or 1,024 tokens never reads as 4,100 or 1,020; others to `digits`. */
const digitsFor = (value: number, digits: number): Intl.NumberFormatOptions =>
  Number.isInteger(value) && Math.abs(value) < 1e6 ? { maximumFractionDigits: 0 } : { maximumSignificantDigits: digits };

const superscriptDigits = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/** A power of ten as it is printed: 10⁻⁸, 10²⁴. */
export const formatPowerOfTen = (exponent: number) => `10${String(exponent).replace('-', '⁻').replace(/\d/g, (digit) => superscriptDigits[Number(digit)]!)}`;

/** A number far from 1 as a mantissa times a power of ten: `3.16 × 10⁻³³`, `10⁻⁸`, not thirty-odd zeros. */
function formatScientific(value: number, locale: string | undefined, maximumSignificantDigits: number): string {
  const format = numberFormat(locale, { maximumSignificantDigits });
  let exponent = Math.floor(Math.log10(Math.abs(value)));
  let mantissa = format.format(value / 10 ** exponent);
  // Rounding may carry the mantissa to 10 (9.996 × 10⁻⁵ → 10 × 10⁻⁵).
  if (/^-?10$/.test(mantissa)) mantissa = format.format(value / 10 ** ++exponent);
  if (mantissa === '1' || mantissa === '-1') return `${mantissa === '-1' ? '-' : ''}${formatPowerOfTen(exponent)}`;
  return `${mantissa} × ${formatPowerOfTen(exponent)}`;
}

/**
 * Three significant digits (`12.4`, `0.0312`, `37,800`), except integers below a million
 * (written exactly); below 10⁻⁴ and from 10¹⁵ as a power of ten (`1.2 × 10⁻⁸`).
 */
export function formatNumber(value: number, locale?: string, maximumSignificantDigits = 3): string {
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude < 1e-4 || magnitude >= 1e15)) return formatScientific(value, locale, maximumSignificantDigits);
  return numberFormat(locale, digitsFor(value, maximumSignificantDigits)).format(value);
}

/** A difference as `formatNumber` writes it, with its sign (`+1.5`, `-0.35`); no difference has none: `0`, never `-0`. */
export function formatDifference(value: number, locale?: string, maximumSignificantDigits = 3): string {
  if (!Number.isFinite(value)) return String(value);
  return numberFormat(locale, { ...digitsFor(value, maximumSignificantDigits), signDisplay: 'exceptZero' }).format(value);
}

/** Binary byte units (`16 GiB`), as device memory is sold; see core/shared/format. */
export function formatBytes(bytes: number, locale?: string): string {
  return writeBytes(bytes, (value) => formatNumber(value, locale));
}

/** A share in [0, 1] as a percentage: `97.8 %`. */
export function formatPercent(share: number, locale?: string, fractionDigits = 1): string {
  return numberFormat(locale, {
    style: 'percent',
    minimumFractionDigits: fractionDigits,
    maximumFractionDigits: fractionDigits,
  }).format(share);
}

/** Seconds in the most readable unit: `850 µs`, `3.2 ms`, `1.4 s`, `2.5 min`; zero is `0 s`. */
export function formatDuration(seconds: number, locale?: string): string {
  return writeDuration(seconds, (value) => formatNumber(value, locale));
}

/** Compact large counts: `124M`, `6.7B` (core/shared/format's `formatCount` writes every digit). */
function formatCompact(value: number, locale?: string): string {
  return numberFormat(locale, { notation: 'compact', maximumSignificantDigits: 3 }).format(value);
}

/**
 * A number with its unit. Units are given in the plural ("samples", "GPUs"); exactly one of
 * them reads in the singular ("1 sample"). Rates such as "samples/s" stay as they are.
 */
export function withUnit(text: string, value: number, unit: string): string {
  if (!unit) return text;
  return `${text} ${value === 1 && /[^/]s$/.test(unit) ? unit.slice(0, -1) : unit}`;
}

/** The value kinds a readout or axis can be formatted as. */
export type ValueFormat = 'number' | 'bytes' | 'percent' | 'duration' | 'count';

export function formatValue(value: number, format: ValueFormat, locale?: string): string {
  switch (format) {
    case 'bytes':
      return formatBytes(value, locale);
    case 'percent':
      return formatPercent(value, locale);
    case 'duration':
      return formatDuration(value, locale);
    case 'count':
      return formatCompact(value, locale);
    default:
      return formatNumber(value, locale);
  }
}
