// What the instructor's cards' tests share: reading a card's tags as the lab would (refusing
// what the lab would refuse), finding a misconception, and checking the numbers its text quotes.
import assert from 'node:assert/strict';
import type { InstructorCard, Misconception } from '../../src/core/shared/instructor-card.js';
import { appliesIn, attributeName, constrain, controlNames, defaults, parseValue, type LabSchema, type Params, type StateOf } from '../../src/core/shared/lab-schema.js';

export interface ReadTag<P extends Params> {
  /** The schema's defaults with the tag's attributes applied. */
  state: StateOf<P>;
  /** The controls the reader sees (empty: all of them). */
  controls: string[];
  /** The named result the reader is asked to predict, if any. */
  predict?: string;
}

/**
 * The state `tag` sets on `lab`: one element of that lab with double-quoted attributes, each a
 * parameter whose value the schema parses and which applies in that state, or `controls` naming
 * controls shown in that state, or `predict` naming one of the lab's results. No value may lie
 * outside the range another parameter sets (the lab would quietly change it).
 */
export function readTag<P extends Params>(schema: LabSchema<P>, lab: string, tag: string): ReadTag<P> {
  const match = /^<([a-z][a-z0-9-]*)((?:\s+[a-z-]+="[^"<>]*")*)><\/\1>$/.exec(tag);
  assert.ok(match, `${tag}: one element, attributes in double quotes`);
  assert.equal(match[1], lab, `${tag}: a tag of ${lab}`);
  const attributes = [...match[2]!.matchAll(/([a-z-]+)="([^"]*)"/g)].map(([, name, value]) => [name!, value!] as const);
  assert.equal(new Set(attributes.map(([name]) => name)).size, attributes.length, `${tag}: an attribute written twice`);

  const state = defaults(schema) as Record<string, unknown>;
  const set: string[] = [];
  let controls: string[] = [];
  let predict: string | undefined;
  for (const [name, value] of attributes) {
    if (name === 'controls') {
      controls = value.split(',');
      for (const control of controls) assert.ok(controlNames(schema).includes(control), `${tag}: no control "${control}"`);
    } else if (name === 'predict') {
      assert.ok(Object.keys(schema.results ?? {}).map(attributeName).includes(value), `${tag}: no result "${value}" to predict`);
      predict = value;
    } else {
      const key = Object.keys(schema.params).find((k) => attributeName(k) === name);
      assert.ok(key, `${tag}: ${lab} has no attribute ${name}`);
      const parsed = parseValue(schema.params[key], value);
      assert.notEqual(parsed, undefined, `${tag}: ${name}="${value}" is refused`);
      state[key] = parsed;
      set.push(key);
    }
  }
  const read = state as StateOf<P>;
  assert.deepEqual(constrain(schema, read), {}, `${tag}: a value outside the range the others allow`);
  const keyOf = (control: string) => Object.keys(schema.params).find((k) => attributeName(k) === control)!;
  for (const key of [...set, ...controls.map(keyOf)]) assert.ok(appliesIn(schema, key, read), `${tag}: ${attributeName(key)} does not apply here`);
  return { state: read, controls, predict };
}

/** The card's one misconception whose belief has these words. */
export function about(card: InstructorCard, words: string): Misconception {
  const found = card.misconceptions.filter((m) => m.belief.includes(words));
  assert.equal(found.length, 1, `one misconception about “${words}”`);
  return found[0]!;
}

/** Fails unless `text` quotes each of the numbers (as the core formats them, in their words). */
export function quotes(text: string, ...numbers: string[]): void {
  for (const number of numbers) assert.ok(text.includes(number), `“${text}” should quote ${number}`);
}
