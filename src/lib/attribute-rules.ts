/**
 * What an attribute accepts, in words and as a test on the raw string. Elements list a rule
 * per attribute; the base element applies it before Lit converts the value, so a value that
 * makes no sense never reaches the element's state (see `MlElement.attributeChangedCallback`).
 */
export interface AttributeRule {
  /** Human description used in the inline note, e.g. "an integer from 1 to 4096". */
  readonly accepts: string;
  test(raw: string): boolean;
}

const numberFormat = new Intl.NumberFormat('en', { maximumFractionDigits: 6 });

function parseFinite(raw: string): number | undefined {
  if (raw.trim() === '') return undefined;
  const value = Number(raw);
  return Number.isFinite(value) ? value : undefined;
}

/** A finite number in [min, max]. */
export function numberIn(min: number, max: number): AttributeRule {
  return {
    accepts: `a number from ${numberFormat.format(min)} to ${numberFormat.format(max)}`,
    test: (raw) => {
      const value = parseFinite(raw);
      return value !== undefined && value >= min && value <= max;
    },
  };
}

/** An integer in [min, max]. */
export function integerIn(min: number, max: number): AttributeRule {
  return {
    accepts: `an integer from ${numberFormat.format(min)} to ${numberFormat.format(max)}`,
    test: (raw) => {
      const value = parseFinite(raw);
      return value !== undefined && Number.isInteger(value) && value >= min && value <= max;
    },
  };
}

/** One of a fixed set of words. */
export function oneOf(values: readonly string[]): AttributeRule {
  return {
    accepts: `one of ${values.map((v) => `“${v}”`).join(', ')}`,
    test: (raw) => values.includes(raw),
  };
}

/** A comma-separated subset of a fixed set of words; empty means all of them. */
export function listOf(values: readonly string[]): AttributeRule {
  return {
    accepts: `a comma-separated list of ${values.map((v) => `“${v}”`).join(', ')} (empty for all)`,
    test: (raw) => raw.trim() === '' || raw.split(',').every((item) => values.includes(item.trim())),
  };
}

/** Any text up to `maxLength` characters (it is always rendered as text, never as markup). */
export function textUpTo(maxLength: number): AttributeRule {
  return {
    accepts: `text of at most ${maxLength} characters`,
    test: (raw) => raw.length <= maxLength,
  };
}
