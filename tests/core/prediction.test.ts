import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeResult, judgePrediction, type ResultSpec } from '../../src/core/shared/prediction.js';
import { reportMarkdown, type LabReport } from '../../src/core/shared/report.js';
import { batchMemorySchema } from '../../src/core/memory/lab.js';
import { quantLabSchema } from '../../src/core/quant/lab.js';

const largestBatch = batchMemorySchema.results!.largestBatch!;
const memory = batchMemorySchema.results!.totalBytes!;
const accuracy = quantLabSchema.results!.accuracy!;
const fits = batchMemorySchema.results!.fits!;

test('a quantity spanning orders of magnitude is judged by the factor it is off, either way', () => {
  assert.deepEqual(judgePrediction(largestBatch, 64, 20), { error: 3.2, right: false, words: 'off by 3.2× (too high)' });
  assert.deepEqual(judgePrediction(largestBatch, 5, 20), { error: 4, right: false, words: 'off by 4× (too low)' });
  assert.equal(judgePrediction(largestBatch, 21, 20).words, 'within 5 %');
  // In the unit the reader answers in: bytes asked in GiB.
  assert.equal(judgePrediction(memory, 4, 8 * 2 ** 30).words, 'off by 2× (too low)');
  assert.equal(describeResult(memory, 3 * 2 ** 30), '3 GiB');
});

test('a quantity that can be zero falls back to the difference in its unit', () => {
  // Nothing fits: a factor has no meaning.
  assert.equal(judgePrediction(largestBatch, 4, 0).words, 'off by 4 samples (too high)');
  assert.equal(judgePrediction(largestBatch, 0, 0).right, true);
});

test('an accuracy is judged in percentage points', () => {
  const judged = judgePrediction(accuracy, 90, 0.9705);
  assert.equal(judged.words, 'off by 7 points (too low)');
  assert.ok(Math.abs(judged.error + 7.05) < 1e-9);
  assert.equal(judgePrediction(accuracy, 97.3, 0.9705).words, 'within half a point');
  assert.equal(describeResult(accuracy, 0.9705), '97.1%');
});

test('a choice is right or wrong, and wrong says the answer', () => {
  assert.deepEqual(judgePrediction(fits, 'true', true), { error: 0, right: true, words: 'right' });
  assert.deepEqual(judgePrediction(fits, 'true', false), { error: 1, right: false, words: 'wrong: It runs out of memory' });
});

test('every lab result is declared with a unit and a question', () => {
  for (const schema of [batchMemorySchema, quantLabSchema]) {
    for (const [key, spec] of Object.entries(schema.results ?? {}) as [string, ResultSpec][]) {
      assert.ok(spec.prompt.endsWith('?'), key);
      if (spec.kind === 'quantity') assert.ok(spec.unit, key);
    }
  }
});

test('the report reads as Markdown with each part, and stands alone', () => {
  const report: LabReport = {
    lab: 'ml-batch-memory',
    heading: 'Where does training memory go?',
    version: '0.1.0',
    date: '2026-12-07T20:00:00.000Z',
    embed: '<ml-batch-memory batch-size="16"></ml-batch-memory>',
    predictions: [{ question: 'Largest batch?', result: 'largest-batch', prediction: '64 samples', answer: '20 samples', judgement: 'off by 3.2× (too high)', right: false }],
    results: [{ label: 'Memory | per GPU', value: '3 GiB' }],
    derivations: [{ label: 'Weights', formula: 'M = 2·Ψ', substituted: '2 × 124', result: '≈ 248 B', source: 'ZeRO' }],
    charts: [{ title: 'Memory', png: 'data:image/png;base64,AAAA' }],
  };
  const markdown = reportMarkdown(report);
  for (const part of [
    '# Where does training memory go?: report',
    'mlsys-labs 0.1.0, 2026-12-07T20:00:00.000Z',
    '```html\n<ml-batch-memory batch-size="16"></ml-batch-memory>\n```',
    '- **Largest batch?** Predicted 64 samples; the lab computed 20 samples: off by 3.2× (too high).',
    '| Memory \\| per GPU | 3 GiB |',
    '  - `2 × 124` ≈ 248 B',
    '![Memory](data:image/png;base64,AAAA)',
  ]) {
    assert.ok(markdown.includes(part), part);
  }
});
