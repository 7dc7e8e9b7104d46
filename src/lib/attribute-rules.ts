/**
 * What an attribute accepts, in words and as a test on the raw string. Elements list a rule
 * per attribute; the base element applies it before Lit converts the value, so a value that
 * makes no sense never reaches the element's state (see `MlElement.attributeChangedCallback`).
 * The rules are those of lab parameters (core/shared/lab-schema): one reading of a number, a
 * choice or a text, whether a lab's schema or a shared element declares it.
 */
import { accepts, parseValue, type Param } from '../core/shared/lab-schema.js';

export interface AttributeRule {
  /** Human description used in the inline note, e.g. "an integer from 1 to 4096". */
  readonly accepts: string;
  test(raw: string): boolean;
}

/** The rule of a value declared like a lab parameter: whatever `parseValue` reads. */
export function ruleFor(param: Param): AttributeRule {
  return { accepts: accepts(param), test: (raw) => parseValue(param, raw) !== undefined };
}

/** A finite number in [min, max]. */
export const numberIn = (min: number, max: number) => ruleFor({ kind: 'number', label: '', min, max, default: min });

/** An integer in [min, max]. */
export const integerIn = (min: number, max: number) => ruleFor({ kind: 'integer', label: '', min, max, default: min });

/** One of a fixed set of words. */
export const oneOf = (values: readonly string[]) => ruleFor({ kind: 'choice', label: '', choices: values.map((value) => ({ value })), default: values[0]! });

/** A comma-separated subset of a fixed set of words; empty means all of them. */
export function listOf(values: readonly string[]): AttributeRule {
  const rule = ruleFor({ kind: 'list', label: '', choices: values.map((value) => ({ value })), default: [] });
  return { ...rule, accepts: `${rule.accepts} (empty for all)` };
}

/** Any text up to `maxLength` characters (it is always rendered as text, never as markup). */
export const textUpTo = (maxLength: number) => ruleFor({ kind: 'text', label: '', default: '', maxLength });

/**
 * A folder's URL, absolute or relative to the page, over http(s), with the trailing slash a
 * folder needs (so that `models/mlp.json` resolves inside it); undefined for anything else, such
 * as a `javascript:` or `data:` URL.
 */
export function folderUrl(raw: string): string | undefined {
  try {
    const url = new URL(raw.trim(), document.baseURI);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    if (!url.pathname.endsWith('/')) url.pathname += '/';
    return url.href;
  } catch {
    return undefined;
  }
}

/** Where an author hosts a copy of the package's `assets/` folder. */
export const assetFolder: AttributeRule = {
  accepts: 'the http(s) URL of a folder holding a copy of the package’s assets/ (models/, digits-14/)',
  test: (raw) => folderUrl(raw) !== undefined,
};
