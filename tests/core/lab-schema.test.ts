import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  accepts,
  attributeName,
  attributeNames,
  attributeRenames,
  constrain,
  controlNames,
  defaults,
  defineSchema,
  formatValue,
  parseValue,
  rangeIn,
  schemaProblems,
  type Param,
} from '../../src/core/shared/lab-schema.js';
import { batchMemorySchema } from '../../src/core/memory/lab.js';
import { quantLabSchema } from '../../src/core/quant/lab.js';

const schema = defineSchema({
  params: {
    optimizer: { kind: 'choice', label: 'Optimizer', default: 'adam', choices: [{ value: 'sgd' }, { value: 'adam' }] },
    learningRate: { kind: 'number', label: 'Learning rate', default: 0.01, min: 1e-5, max: 10, scale: 'log' },
    steps: { kind: 'integer', label: 'Steps', default: 100, min: 1, max: 1000 },
    note: { kind: 'text', label: 'Note', default: '', maxLength: 5, control: false },
    race: { kind: 'list', label: 'Race', default: ['sgd'], choices: [{ value: 'sgd' }, { value: 'adam' }] },
    start: { kind: 'point', label: 'Start', default: [-1, 2], min: [-2, -2], max: [2, 3] },
  },
  bounds: { steps: (state) => ({ max: state.optimizer === 'sgd' ? 500 : 1000 }) },
});

test('attribute names are the parameters in kebab case; controls leave out control: false', () => {
  assert.equal(attributeName('learningRate'), 'learning-rate');
  assert.deepEqual(controlNames(schema), ['optimizer', 'learning-rate', 'steps', 'race', 'start']);
});

test('defaults are the declared ones, typed by kind', () => {
  const state = defaults(schema);
  assert.deepEqual(state, { optimizer: 'adam', learningRate: 0.01, steps: 100, note: '', race: ['sgd'], start: [-1, 2] });
});

test('parseValue reads what each kind accepts and refuses the rest', () => {
  const p = schema.params;
  assert.equal(parseValue(p.optimizer, 'sgd'), 'sgd');
  assert.equal(parseValue(p.optimizer, 'SGD'), undefined);
  assert.equal(parseValue(p.steps, '12'), 12);
  assert.equal(parseValue(p.steps, '12.5'), undefined);
  assert.equal(parseValue(p.steps, '1001'), undefined);
  assert.equal(parseValue(p.steps, ''), undefined);
  assert.equal(parseValue(p.learningRate, '1e-3'), 0.001);
  assert.equal(parseValue(p.learningRate, 'NaN'), undefined);
  assert.equal(parseValue(p.note, 'hello'), 'hello');
  assert.equal(parseValue(p.note, 'hello!'), undefined);
  assert.deepEqual(parseValue(p.race, 'adam, sgd'), ['adam', 'sgd']);
  assert.deepEqual(parseValue(p.race, ''), []);
  assert.equal(parseValue(p.race, 'adam,lion'), undefined);
  assert.deepEqual(parseValue(p.start, '1.5,-2'), [1.5, -2]);
  assert.equal(parseValue(p.start, '3,0'), undefined);
  assert.equal(parseValue(p.start, '1'), undefined);
});

test('formatValue writes what parseValue reads back, for every kind', () => {
  const state = { ...defaults(schema), race: ['adam', 'sgd'], start: [0.5, -1.25] } as Record<string, unknown>;
  for (const [key, param] of Object.entries(schema.params) as [string, Param][]) {
    assert.deepEqual(parseValue(param, formatValue(param, state[key])), state[key], key);
  }
});

test('accepts says in words what an attribute takes', () => {
  assert.equal(accepts(schema.params.optimizer), 'one of “sgd”, “adam”');
  assert.equal(accepts(schema.params.steps), 'an integer from 1 to 1000');
  assert.equal(accepts(schema.params.learningRate), 'a number from 0.00001 to 10');
  assert.equal(accepts(schema.params.start), 'two numbers “x,y” with x from -2 to 2 and y from -2 to 3');
  assert.equal(accepts(schema.params.race), 'a comma-separated list of “sgd”, “adam”, each at most once');
});

test('a list takes each choice at most once, and at least minItems of them', () => {
  const race = { kind: 'list', label: 'Race', default: ['sgd'], choices: [{ value: 'sgd' }, { value: 'adam' }], minItems: 1 } as const;
  assert.equal(parseValue(race, ''), undefined);
  assert.equal(parseValue(race, 'sgd,sgd'), undefined);
  assert.equal(parseValue(schema.params.race, 'adam,adam'), undefined);
  assert.deepEqual(parseValue(race, 'adam'), ['adam']);
  assert.equal(accepts(race), 'a comma-separated list of one or more of “sgd”, “adam”, each at most once');
  assert.deepEqual(schemaProblems(defineSchema({ params: { race: { ...race, default: [] } } })), ['parameter race: default has fewer than 1 items']);
});

test('bounds narrow a range in a state, and constrain brings a value inside', () => {
  const sgd = { ...defaults(schema), optimizer: 'sgd' as const, steps: 800 };
  assert.deepEqual(rangeIn(schema, 'steps', sgd), { min: 1, max: 500 });
  assert.deepEqual(constrain(schema, sgd), { steps: 500 });
  assert.deepEqual(constrain(schema, { ...sgd, optimizer: 'adam' }), {});
});

test('schemaProblems names defaults outside their range or choices', () => {
  assert.deepEqual(schemaProblems(defineSchema({ params: { bits: { kind: 'integer', label: 'Bits', default: 9, min: 2, max: 8 } } })), [
    'parameter bits: default 9 outside [2, 8]',
  ]);
  assert.deepEqual(schemaProblems(defineSchema({ params: { mode: { kind: 'choice', label: 'Mode', default: 'c' as 'a', choices: [{ value: 'a' }] } } })), [
    'parameter mode: default "c" is not a choice',
  ]);
  assert.deepEqual(schemaProblems(schema), []);
});

test('a renamed parameter answers to its former attribute names too, and no name may be claimed twice', () => {
  const renamed = defineSchema({
    params: {
      bitWidth: { kind: 'integer', label: 'Bit width', default: 8, min: 2, max: 8, formerAttributes: ['bits'] },
      format: { kind: 'choice', label: 'Format', default: 'int', choices: [{ value: 'int' }] },
    },
  });
  assert.deepEqual(attributeNames('bitWidth', renamed.params.bitWidth), ['bit-width', 'bits']);
  assert.deepEqual(attributeRenames(renamed), { bits: 'bit-width' });
  assert.deepEqual(attributeRenames(schema), {});
  assert.deepEqual(schemaProblems(renamed), []);
  const clash = defineSchema({ params: { ...renamed.params, format: { ...renamed.params.format, formerAttributes: ['bits'] } } });
  assert.deepEqual(schemaProblems(clash), ["parameter format: attribute bits is also bitWidth's"]);
});

test("every lab's schema is consistent", () => {
  assert.deepEqual(schemaProblems(batchMemorySchema), []);
  assert.deepEqual(schemaProblems(quantLabSchema), []);
});
