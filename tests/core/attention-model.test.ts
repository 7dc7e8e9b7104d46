// The shipped transformer and its text: the weights reproduce the manifest's validation loss
// exactly; the tokenizer; a sequence run padded gives what a run of its own length gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  AttentionModel,
  detokenize,
  runTokens,
  streamLoss,
  tokenize,
  transformerSpec,
  UNKNOWN_SYMBOL,
  vocabularyOf,
  windowsOf,
} from '../../src/core/attention/index.js';
import { createModel } from '../../src/core/nn/model.js';
import { serializeWeights } from '../../src/core/nn/serialize.js';
import { loadTextModel, validationIds, validationText } from './attention-shipped.js';

const shipped = loadTextModel();

test('the shipped weights reproduce the manifest\'s validation loss exactly', () => {
  const { manifest, buffer, model } = shipped;
  assert.equal(createHash('sha256').update(new Uint8Array(buffer)).digest('hex'), manifest.weights.sha256);
  assert.equal(manifest.weights.dtype, 'float16-le');
  assert.equal(buffer.byteLength, 2 * manifest.parameterCount);
  assert.deepEqual(serializeWeights(model.network, 'float16-le'), new Uint8Array(buffer));
  assert.ok(manifest.parameterCount <= 200_000, `${manifest.parameterCount} parameters`);
  assert.equal(validationText.length, manifest.dataset.validationCharacters);
  const result = streamLoss(model, tokenize(validationText, manifest.vocabulary).ids);
  assert.deepEqual(result, manifest.validation);
  // Better than guessing uniformly among the characters by a wide margin, provisional or not.
  assert.ok(result.meanLoss < Math.log(manifest.shape.vocabSize) - 1, `validation loss ${result.meanLoss}`);
  assert.equal(manifest.training.provisional, manifest.training.steps < manifest.training.plannedSteps);
  assert.equal(manifest.training.curve.at(-1)!.step, manifest.training.steps);
});

test('tokens: letters always have ids, rare characters share the unknown id, and ids read back', () => {
  const vocabulary = vocabularyOf('aaab  b\n\n!', 2);
  assert.deepEqual(vocabulary.symbols.slice(0, 4), [UNKNOWN_SYMBOL, '\n', ' ', 'A']);
  assert.equal(vocabulary.symbols.length, 3 + 52);
  const { ids, text } = tokenize('Zb!\u{1F600}', vocabulary);
  assert.equal(ids.length, 4, 'an emoji is one character');
  assert.deepEqual(text, ['Z', 'b', '!', '\u{1F600}']);
  assert.deepEqual(ids.slice(2), [0, 0]);
  assert.equal(detokenize(ids, vocabulary), `Zb${UNKNOWN_SYMBOL}${UNKNOWN_SYMBOL}`);
  const { manifest } = shipped;
  assert.equal(manifest.vocabulary.symbols.length, manifest.shape.vocabSize);
  assert.equal(detokenize(tokenize('The Devil', manifest.vocabulary).ids, manifest.vocabulary), 'The Devil');
});

test('windows cut a stream into non-overlapping inputs with their next token', () => {
  assert.deepEqual(windowsOf([0, 1, 2, 3, 4, 5, 6, 7], 3), [[0, 1, 2, 3], [3, 4, 5, 6]]);
});

test('a short sequence, run padded to the context, gives exactly what a model of its own length gives', () => {
  const { manifest, model } = shipped;
  const ids = validationIds(manifest, 20);
  const run = runTokens(model, ids, { topK: 3, symbols: manifest.vocabulary.symbols });
  const own = createModel(transformerSpec(manifest.shape, 20), 0);
  own.parameters().forEach((p, i) => p.data.set(model.network.parameters()[i]!.data));
  const ownModel = new AttentionModel(own);
  const logits = ownModel.forward([ids]);
  const V = manifest.shape.vocabSize;
  for (let t = 0; t < 19; t++) {
    let max = -Infinity;
    for (let c = 0; c < V; c++) max = Math.max(max, logits[t * V + c]!);
    let sum = 0;
    for (let c = 0; c < V; c++) sum += Math.exp(logits[t * V + c]! - max);
    assert.equal(run.positions[t]!.loss, max + Math.log(sum) - logits[t * V + ids[t + 1]!]!);
  }
  assert.deepEqual(run.patterns[1]![2], ownModel.pattern(1, 2, 0, 20));
  assert.equal(run.positions[19]!.loss, null);
  const top = run.positions[5]!.top;
  assert.equal(top.length, 3);
  assert.ok(top[0]!.probability >= top[1]!.probability && top[1]!.probability >= top[2]!.probability);
  assert.equal(top[0]!.symbol, manifest.vocabulary.symbols[top[0]!.id]);
  assert.equal(run.patterns.length, 2);
  assert.equal(run.patterns[0]!.length, 4);
  assert.throws(() => model.forward([new Array(manifest.shape.contextLength + 1).fill(1)]), /exceeds the context/);
});
