// The attention lab's instructor's card says what the lab shows: every cost it quotes is what
// cost.ts computes for its tag's model and context length, and what it says of the shipped
// model's heads is what the attention core finds on the shipped weights (the previous-token head
// by its diagnostic score, the loss changes by ablation of the tag's text), so a retrained model
// fails here until the card is updated with it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  attentionCost,
  attentionLabCard,
  attentionLabSchema,
  compareAblation,
  costCurves,
  diagnoseHeads,
  headName,
  headOf,
  HEAD_NAMES,
  tokenize,
  type AttentionLabState,
} from '../../src/core/attention/index.js';
import { about, quotes, readTag } from './card-checks.js';
import { loadTextModel, validationIds } from './attention-shipped.js';

const card = attentionLabCard;
const stateOf = (tag: string): AttentionLabState => readTag(attentionLabSchema, card.lab, tag).state;
const costOf = (state: AttentionLabState) => attentionCost({ model: state.costModel, contextLength: state.contextLength });
const percent = (share: number, digits: number) => `${(share * 100).toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits })} %`;
const binary = (bytes: number, unit: 'GiB' | 'MiB' | 'KiB') => `${bytes / { GiB: 2 ** 30, MiB: 2 ** 20, KiB: 2 ** 10 }[unit]} ${unit}`;

test('attention’s share of the FLOPs grows as s/(6h): 22.2 % at GPT-2’s 1,024 tokens, past the linear layers at 8,192', () => {
  const { tag, truth } = about(card, 'small part');
  const state = stateOf(tag);
  assert.equal(state.costModel, 'gpt2');
  const at = (contextLength: number) => attentionCost({ model: 'gpt2', contextLength }).attentionShare;
  quotes(truth, `${state.contextLength.toLocaleString('en')} tokens`, `cost ${percent(costOf(state).attentionShare, 1)}`, `at ${costCurves('gpt2').crossover!.toLocaleString('en')} tokens`, `128 k tokens ${percent(at(131072), 0)}`);
  assert.equal(at(4608), 1, 's = 6h');
});

test('the scores a training step stores at 4,096 tokens against FlashAttention’s statistics', () => {
  const { tag, truth } = about(card, 'weights');
  const cost = costOf(stateOf(tag));
  assert.equal(cost.contextLength, 4096);
  quotes(truth, cost.model.name, `stores ${binary(cost.scoreBytes, 'GiB')}`, `against ${binary(cost.flashBytes, 'MiB')}`);
});

test('grouped-query attention makes a larger model’s KV cache per token smaller', () => {
  const { tag, truth } = about(card, 'KV cache');
  const large = costOf(stateOf(tag));
  const small = attentionCost({ model: 'llama-2-7b', contextLength: 4096 });
  assert.equal(large.model.config.numKvHeads, 8);
  assert.equal(large.model.config.numHeads, 64);
  quotes(truth, `caches ${binary(large.kvCacheBytesPerToken, 'KiB')}`, `7B’s ${binary(small.kvCacheBytesPerToken, 'KiB')}`);
});

test('the previous-token head, found by its score on the shipped weights, and what switching heads off does to the loss', () => {
  const { tag, truth } = about(card, 'previous token must matter');
  const state = stateOf(tag);
  const { manifest, model } = loadTextModel();
  const diagnosis = diagnoseHeads(model, { text: validationIds(manifest, model.contextLength) });
  const previous = diagnosis.heads.reduce((best, h) => (h.previousToken > best.previousToken ? h : best));
  assert.deepEqual(state.ablate, [headName(previous)], 'the tag switches off the previous-token head');
  const ids = tokenize(state.text, manifest.vocabulary).ids;
  const change = (name: string) => compareAblation(model, ids, { heads: [headOf(name)], mode: 'zero' }).lossChange;
  const changes = HEAD_NAMES.map((name) => ({ name, change: change(name) }));
  const lowest = changes.reduce((best, c) => (c.change < best.change ? c : best));
  quotes(truth, `head ${headName(previous)}, the shipped model’s previous-token head`, `by ${change(headName(previous)).toFixed(3)} nats`, `head ${lowest.name} lowers it by ${(-lowest.change).toFixed(3)}`);
});
