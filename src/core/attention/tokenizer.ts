/**
 * Character tokens: one id per character of a fixed vocabulary, with every other character mapped
 * to one "unknown" symbol. The vocabulary is part of a model (its manifest lists it), since the
 * model's embedding rows are indexed by these ids.
 */
export interface CharacterVocabulary {
  /** The character of each id; `symbols[unknown]` is what an unknown character reads as. */
  readonly symbols: readonly string[];
  /** The id every character outside the vocabulary becomes. */
  readonly unknown: number;
}

/** The replacement character stands for every character the vocabulary lacks. */
export const UNKNOWN_SYMBOL = '\uFFFD';

export interface Tokens {
  ids: number[];
  /** The text each token came from (one character; an unknown token keeps the original). */
  text: string[];
}

/**
 * The vocabulary a corpus gives under a simple rule: all 52 ASCII letters (so any word a reader
 * types is spelt in tokens), plus every other character occurring at least `minCount` times; the
 * rest share the unknown id 0. Ids after 0 follow code-point order.
 */
export function vocabularyOf(corpus: string, minCount: number): CharacterVocabulary {
  const counts = new Map<string, number>();
  for (const character of corpus) counts.set(character, (counts.get(character) ?? 0) + 1);
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  const kept = new Set([...letters, ...[...counts].filter(([, n]) => n >= minCount).map(([c]) => c)]);
  kept.delete(UNKNOWN_SYMBOL);
  const symbols = [...kept].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
  return { symbols: [UNKNOWN_SYMBOL, ...symbols], unknown: 0 };
}

const lookups = new WeakMap<CharacterVocabulary, Map<string, number>>();

function lookup(vocabulary: CharacterVocabulary): Map<string, number> {
  let map = lookups.get(vocabulary);
  if (!map) lookups.set(vocabulary, (map = new Map(vocabulary.symbols.map((symbol, id) => [symbol, id]))));
  return map;
}

/** Splits text into characters (code points, so an emoji is one) and maps each to its id. */
export function tokenize(text: string, vocabulary: CharacterVocabulary): Tokens {
  const ids: number[] = [];
  const pieces: string[] = [];
  const map = lookup(vocabulary);
  for (const character of text) {
    ids.push(map.get(character) ?? vocabulary.unknown);
    pieces.push(character);
  }
  return { ids, text: pieces };
}

/** The text of token ids (unknown ids read as the unknown symbol). */
export function detokenize(ids: ArrayLike<number>, vocabulary: CharacterVocabulary): string {
  let text = '';
  for (let i = 0; i < ids.length; i++) text += vocabulary.symbols[ids[i]!] ?? UNKNOWN_SYMBOL;
  return text;
}
