// The attention lab's module: its schema (consistent, its cost models the memory core's
// transformer presets, the query bounded by the text), clipping to the context, head names, the
// Math Peek of one query row against the row's own numbers, the cost curves against
// attentionCost at each length, and the live training's Math Peek against its latest point.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TRANSFORMER_PRESETS } from '../../src/core/catalog/models.js';
import {
  attentionCost,
  attentionLabSchema,
  clipText,
  clippedLength,
  costCurves,
  costDerivations,
  headName,
  headOf,
  HEAD_NAMES,
  InductionTraining,
  LAB_CONTEXT,
  mechanicsDerivations,
  queryRowMechanics,
  tokenize,
  trainingDerivations,
} from '../../src/core/attention/index.js';
import { COST_MODELS } from '../../src/core/attention/lab.js';
import { constrain, defaults, rangeIn, schemaProblems } from '../../src/core/shared/lab-schema.js';
import { loadTextModel } from './attention-shipped.js';

test('the schema is consistent and its default text fits the context', () => {
  assert.deepEqual(schemaProblems(attentionLabSchema), []);
  const state = defaults(attentionLabSchema);
  assert.deepEqual(constrain(attentionLabSchema, state), {});
  assert.ok(clippedLength(state.text) <= LAB_CONTEXT);
});

test('the cost view offers exactly the memory core’s transformer presets', () => {
  assert.deepEqual(
    COST_MODELS.map(({ value, label }) => [value, label]),
    TRANSFORMER_PRESETS.map((preset) => [preset.id, preset.name]),
  );
});

test('the query position is bounded by the text’s tokens, up to the context', () => {
  const state = { ...defaults(attentionLabSchema), text: 'abc' };
  assert.equal(rangeIn(attentionLabSchema, 'query', state).max, 2);
  assert.deepEqual(constrain(attentionLabSchema, { ...state, query: 40 }), { query: 2 });
  assert.equal(rangeIn(attentionLabSchema, 'query', { ...state, text: 'x'.repeat(500) }).max, LAB_CONTEXT - 1);
  assert.equal(rangeIn(attentionLabSchema, 'query', { ...state, text: '' }).max, 0);
});

test('long text is clipped to the context by characters (an emoji is one), and says how much was cut', () => {
  assert.deepEqual(clipText('short'), { text: 'short', clipped: 0 });
  const long = '😀'.repeat(130);
  const { text, clipped } = clipText(long);
  assert.equal([...text].length, LAB_CONTEXT);
  assert.equal(clipped, 2);
  assert.equal(clippedLength(long), LAB_CONTEXT);
});

test('heads are named layer.head from 1, and read back', () => {
  assert.deepEqual(HEAD_NAMES, ['1.1', '1.2', '1.3', '1.4', '2.1', '2.2', '2.3', '2.4']);
  assert.deepEqual(headOf('2.3'), { layer: 1, head: 2 });
  for (const name of HEAD_NAMES) assert.equal(headName(headOf(name)), name);
});

test('the Math Peek of a query row writes the row’s own numbers, masked keys counted', () => {
  const { manifest, model } = loadTextModel();
  const text = 'The cat sat on the mat.';
  const { ids } = tokenize(text, manifest.vocabulary);
  const m = queryRowMechanics(model, ids, 0, 0, 10);
  const items = mechanicsDerivations(m, [...text]);
  const heaviest = m.keys.filter((k) => !k.masked).reduce((a, b) => (b.weight > a.weight ? b : a));
  const weight = items.find((item) => item.label === `Softmax weight of key “${text[heaviest.position]}” (${heaviest.position})`);
  assert.ok(weight, 'the heaviest key is written out');
  assert.equal(Number(weight.result), Number(heaviest.weight.toPrecision(3)));
  const mask = items.find((item) => item.label.startsWith('Causal mask'))!;
  assert.equal(mask.label, `Causal mask: the ${ids.length - 11} keys after the query`);
  assert.equal(mask.result, `${ids.length - 11} weights set to 0`);
  // Weights of the unmasked keys sum to 1; the masked ones are 0.
  assert.ok(Math.abs(m.keys.reduce((sum, k) => sum + k.weight, 0) - 1) < 1e-9);
  assert.ok(m.keys.filter((k) => k.masked).every((k) => k.weight === 0));
});

test('the cost curves are attentionCost at each length, and attention passes the linear layers where s = 6h', () => {
  const curves = costCurves('gpt2');
  assert.equal(curves.lengths[0], 128);
  assert.equal(curves.lengths.at(-1), 131072);
  curves.lengths.forEach((s, i) => {
    const cost = attentionCost({ model: 'gpt2', contextLength: s });
    assert.equal(curves.attentionFlops[i], cost.attentionFlops);
    assert.equal(curves.linearFlops[i], cost.linearFlops);
    assert.equal(curves.scoreBytes[i], cost.scoreBytes);
    assert.equal(curves.kvCacheBytes[i], cost.kvCacheBytesPerToken * s);
  });
  // GPT-2 small: s/(6h) = 1 at s = 6 × 768 = 4,608, so the first power of two past it is 8,192.
  assert.equal(curves.crossover, 8192);
  const share = costDerivations(attentionCost({ model: 'gpt2', contextLength: 1024 })).filter((item) => item.reveals?.includes('attentionShare'));
  assert.equal(share.length, 1);
  assert.equal(share[0]!.formula, 'F_attn / F_lin = s/(6·h)');
});

test('the live training’s Math Peek writes its latest point’s scores and loss, against ln V', () => {
  const training = new InductionTraining();
  for (let i = 0; i < 2; i++) training.step();
  const point = training.history.at(-1)!;
  const items = trainingDerivations(point, training.config);
  assert.deepEqual(
    items.map((item) => item.result),
    [point.inductionScore, point.previousTokenScore].map((v) => String(Number(v.toPrecision(3)))).concat(`${Number(point.repeatLoss.toPrecision(3))} nats`),
  );
  assert.equal(items[2]!.substituted, `ln 24 = ${Number(Math.log(24).toPrecision(3))}`);
  assert.match(items[0]!.substituted!, /^n = 16, over 8 held-out sequences$/);
});
