// Backward passes of what the attention core adds to the nn engine, against finite differences:
// the pre-norm transformer with its MLP and final norm, an ablated head, and gradient clipping.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attentionLayers, transformerSpec } from '../../src/core/attention/index.js';
import { clipGradientNorm } from '../../src/core/nn/clip.js';
import { checkGradients } from './gradient-check.js';

const tokens = Float32Array.from([0, 3, 2, 5, 1, 1, 4, 0, 2, 3, 3, 1]);
// Embeddings from N(0, 1) here: rows of GPT-2's N(0, 0.02²) are so short that the layer norm after
// them bends within the finite difference's ±0.01.
const EMBEDDING_STD = 1;

test('a two-layer pre-norm transformer with MLPs, end to end from token ids', () => {
  checkGradients(transformerSpec({ vocabSize: 6, contextLength: 8, dim: 8, heads: 2, layers: 2, mlpWidth: 12 }, 6, EMBEDDING_STD), tokens, 2, false, 16);
});

test('an attention-only transformer', () => {
  checkGradients(transformerSpec({ vocabSize: 6, contextLength: 6, dim: 8, heads: 4, layers: 2, mlpWidth: 0 }, 6, EMBEDDING_STD), tokens, 2, false, 16);
});

test('an ablated head passes no gradient, and the rest stay right', () => {
  let qkvGrad: Float32Array = new Float32Array(0);
  checkGradients(transformerSpec({ vocabSize: 6, contextLength: 6, dim: 8, heads: 2, layers: 1, mlpWidth: 0 }, 6, EMBEDDING_STD), tokens, 2, false, 24, undefined, (model) => {
    const [attention] = attentionLayers(model);
    attention!.ablation = [Float32Array.from([0.5, -1, 2, 0]), null];
    qkvGrad = attention!.qkv.weight.grad;
  });
  // Head 0's query, key and value rows (0–3, 8–11, 16–19 of the [3·dim][dim] projection) learn nothing.
  for (const row of [0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19]) {
    for (let j = 0; j < 8; j++) assert.equal(qkvGrad[row * 8 + j], 0, `row ${row}`);
  }
  assert.ok(qkvGrad.some((g) => g !== 0));
});

test('gradient clipping scales the whole gradient to the norm, and leaves a small one alone', () => {
  const params = [
    { data: new Float32Array(2), grad: Float32Array.from([3, 0]) },
    { data: new Float32Array(1), grad: Float32Array.from([4]) },
  ];
  assert.equal(clipGradientNorm(params, 1), 5);
  assert.ok(Math.abs(params[0]!.grad[0]! - 0.6) < 1e-6 && Math.abs(params[1]!.grad[0]! - 0.8) < 1e-6);
  assert.ok(clipGradientNorm(params, 2) < 1.0001);
  assert.ok(Math.abs(params[1]!.grad[0]! - 0.8) < 1e-6);
});
