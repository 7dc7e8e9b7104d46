// Head diagnostics on patterns built by hand, where the right score is known; attention itself
// against a hand-worked softmax(QKᵀ/√d_k)·V; the diagnosis of the shipped model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  diagnoseHeads,
  firstTokenScore,
  inductionScore,
  previousTokenScore,
  repeatedRandomTokens,
  shareAttendingTo,
  summarizeHead,
} from '../../src/core/attention/index.js';
import { CausalSelfAttention } from '../../src/core/nn/attention.js';
import { createRng } from '../../src/core/shared/rng.js';
import { loadTextModel, validationIds } from './attention-shipped.js';

/** A length × length causal pattern whose row t puts all its weight on key(t). */
function pointing(length: number, key: (t: number) => number): Float32Array {
  const pattern = new Float32Array(length * length);
  for (let t = 0; t < length; t++) pattern[t * length + key(t)] = 1;
  return pattern;
}

/** Row t spreads its weight evenly over keys 0..t. */
function uniform(length: number): Float32Array {
  const pattern = new Float32Array(length * length);
  for (let t = 0; t < length; t++) for (let s = 0; s <= t; s++) pattern[t * length + s] = 1 / (t + 1);
  return pattern;
}

test('a head that always attends to the previous token scores 1 as previous-token head, 0 otherwise', () => {
  const pattern = pointing(10, (t) => Math.max(0, t - 1));
  assert.equal(previousTokenScore(pattern, 10), 1);
  assert.equal(firstTokenScore(pattern, 10), 1 / 9, 'only query 1 attends to token 0');
  assert.equal(inductionScore(pattern, 10, 5), 0);
  assert.equal(shareAttendingTo(pattern, 10, 1, (t) => t - 1), 1);
});

test('an induction head on a sequence of period n attends to t − n + 1 and scores 1', () => {
  const n = 4;
  const pattern = pointing(12, (t) => (t >= n ? t - n + 1 : 0));
  assert.equal(inductionScore(pattern, 12, n), 1);
  assert.equal(previousTokenScore(pattern, 12), 1 / 11, 'only query 1 attends to its previous token');
  assert.equal(firstTokenScore(pattern, 12), 3 / 11);
});

test('a head parked on the first token scores 1 there; a uniform head scores the mean of 1/(t + 1)', () => {
  const parked = pointing(6, () => 0);
  assert.equal(firstTokenScore(parked, 6), 1);
  assert.equal(previousTokenScore(parked, 6), 1 / 5);
  const spread = uniform(4);
  const expected = (1 / 2 + 1 / 3 + 1 / 4) / 3;
  assert.ok(Math.abs(previousTokenScore(spread, 4) - expected) < 1e-7);
  assert.ok(Math.abs(firstTokenScore(spread, 4) - expected) < 1e-7);
  assert.ok(Number.isNaN(previousTokenScore(spread, 1)));
});

test('attention computes softmax(QKᵀ/√d_k)·V under the causal mask, as worked by hand', () => {
  // One head, d = 2, with q = k = v = x and an identity output projection.
  const layer = new CausalSelfAttention('attn', { type: 'attention', heads: 1 }, [2, 2], createRng(1));
  layer.qkv.weight.data.set([1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1]);
  layer.qkv.bias.data.fill(0);
  layer.proj.weight.data.set([1, 0, 0, 1]);
  layer.proj.bias.data.fill(0);
  const out = layer.forward(Float32Array.from([1, 0, 1, 1]), 1);
  // Query 0 sees only key 0: its output is v_0 = (1, 0). Query 1: q·k_0 = 1, q·k_1 = 2, scaled by
  // 1/√2; w_0 = 1/(1 + e^{1/√2}) = 1/(1 + 2.0281149816) = 0.3302385, w_1 = 0.6697615;
  // output w_0·(1, 0) + w_1·(1, 1) = (1, 0.6697615). Key 1 is masked for query 0: weight 0.
  const expected = [1, 0, 1, 0.6697615];
  expected.forEach((value, i) => assert.ok(Math.abs(out[i]! - value) < 1e-6, `output ${i}: ${out[i]} ≠ ${value}`));
  [1, 0, 0.3302385, 0.6697615].forEach((value, i) => assert.ok(Math.abs(layer.attention[i]! - value) < 1e-6, `weight ${i}`));
});

test('a head is summarised in words by the rule its strongest weights follow', () => {
  const ids = [5, 6, 7, 5, 6, 7, 5, 6];
  const previous = summarizeHead(pointing(8, (t) => Math.max(0, t - 1)), ids, 0, 2);
  assert.equal(previous.rule, 'previous-token');
  assert.equal(previous.share, 1);
  assert.equal(previous.text, 'Head 1.3 attends to the previous token in 100% of positions.');
  // Induction on any text: query t attends to the key after an earlier occurrence of ids[t].
  const induction = summarizeHead(pointing(8, (t) => (t >= 3 ? t - 2 : 0)), ids, 1, 0);
  assert.equal(induction.rule, 'induction');
  assert.equal(induction.share, 1);
  assert.match(induction.text, /^Head 2\.1 attends to the token after an earlier occurrence of the current one in 100% of positions\.$/);
  const spread = summarizeHead(uniform(8), ids, 0, 0);
  assert.equal(spread.rule, 'first-token', 'a uniform row\'s strongest key is, on the tie, the first');
  const mixed = pointing(8, (t) => [0, 0, 2, 1, 4, 2, 0, 6][t]!);
  assert.equal(summarizeHead(mixed, [1, 2, 3, 4, 5, 6, 7, 8], 0, 0).rule, null);
});

test('repeated random tokens repeat their segment and draw from the ids asked for', () => {
  const sequence = repeatedRandomTokens(createRng(3), 20, 7, 10, 1);
  assert.equal(sequence.length, 20);
  for (let t = 7; t < 20; t++) assert.equal(sequence[t], sequence[t - 7]);
  assert.ok(sequence.every((id) => id >= 1 && id < 10));
});

test('the shipped model\'s diagnosis: every head scored, a previous-token head in layer 1, and the repeat lowers the loss', () => {
  const { manifest, model } = loadTextModel();
  const diagnosis = diagnoseHeads(model, { text: validationIds(manifest, 128), samples: 4 });
  assert.equal(diagnosis.heads.length, manifest.shape.layers * manifest.shape.heads);
  for (const head of diagnosis.heads) {
    for (const score of [head.previousToken, head.firstToken, head.induction]) assert.ok(score >= 0 && score <= 1, `${head.layer}.${head.head}`);
  }
  assert.equal(diagnosis.period, 64);
  const { firstHalfLoss, secondHalfLoss, improvement } = diagnosis.inContext;
  assert.ok(Math.abs(improvement - (firstHalfLoss - secondHalfLoss)) < 1e-12);
  assert.ok(firstHalfLoss > 2, 'random tokens cannot be predicted before they repeat');
  assert.ok(improvement > 0, `the repeat helps: ${improvement} nats`);
  // Training made head 1.1 a previous-token head (no head of the shipped run is an induction head yet).
  const previous = diagnosis.heads.filter((head) => head.role === 'previous-token');
  assert.ok(previous.some((head) => head.layer === 0 && head.previousToken > 0.4), JSON.stringify(diagnosis.heads));
  // The same seed gives the same diagnosis.
  assert.deepEqual(diagnoseHeads(model, { text: validationIds(manifest, 128), samples: 4 }), diagnosis);
});
