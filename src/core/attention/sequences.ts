import type { Rng } from '../shared/rng.js';

/**
 * A sequence of `length` tokens made of one segment of `period` tokens, drawn uniformly from
 * ids [first, vocabSize), repeated: the "repeated random tokens" on which Olsson et al. 2022
 * (https://arxiv.org/abs/2209.11895) measure induction heads. The first `period` tokens cannot be
 * predicted; every later one can, by finding its earlier occurrence and copying what followed.
 */
export function repeatedRandomTokens(rng: Rng, length: number, period: number, vocabSize: number, first = 1): number[] {
  if (!(period >= 1 && period <= length)) throw new RangeError(`period ${period} must be in 1..${length}`);
  const segment = Array.from({ length: period }, () => first + rng.int(vocabSize - first));
  return Array.from({ length }, (_, t) => segment[t % period]!);
}
