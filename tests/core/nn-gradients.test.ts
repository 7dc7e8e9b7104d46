// Every layer's backward pass against central finite differences of its forward pass.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createModel } from '../../src/core/nn/model.js';
import { softmaxCrossEntropy } from '../../src/core/nn/loss.js';
import type { CausalSelfAttention } from '../../src/core/nn/attention.js';
import { assertClose, checkGradients, randomInput, STEP } from './gradient-check.js';

test('linear', () => {
  checkGradients({ inputShape: [7], layers: [{ type: 'linear', outFeatures: 5 }] }, randomInput(3 * 7, 1), 3);
});

test('linear on the last dimension of a sequence, with odd row and column counts', () => {
  checkGradients({ inputShape: [3, 6], layers: [{ type: 'linear', outFeatures: 7 }] }, randomInput(3 * 18, 2), 3);
});

test('conv2d with padding', () => {
  checkGradients(
    { inputShape: [2, 5, 6], layers: [{ type: 'conv2d', outChannels: 3, kernelSize: 3, padding: 1 }] },
    randomInput(2 * 60, 3),
    2,
  );
});

test('conv2d without padding', () => {
  checkGradients({ inputShape: [1, 6, 6], layers: [{ type: 'conv2d', outChannels: 2, kernelSize: 2 }] }, randomInput(2 * 36, 4), 2);
});

test('relu', () => {
  checkGradients({ inputShape: [10], layers: [{ type: 'relu' }] }, randomInput(20, 5), 2);
});

test('gelu (tanh approximation)', () => {
  checkGradients({ inputShape: [10], layers: [{ type: 'gelu' }] }, randomInput(20, 6), 2);
});

test('max pooling and average pooling (odd sizes drop the last row and column)', () => {
  checkGradients({ inputShape: [2, 5, 5], layers: [{ type: 'maxpool2d', size: 2 }] }, randomInput(2 * 50, 7), 2);
  checkGradients({ inputShape: [2, 5, 5], layers: [{ type: 'avgpool2d', size: 2 }] }, randomInput(2 * 50, 8), 2);
});

test('flatten then linear', () => {
  checkGradients({ inputShape: [2, 3, 3], layers: [{ type: 'flatten' }, { type: 'linear', outFeatures: 4 }] }, randomInput(2 * 18, 9), 2);
});

test('layer norm', () => {
  checkGradients({ inputShape: [3, 8], layers: [{ type: 'layernorm' }, { type: 'linear', outFeatures: 3 }] }, randomInput(2 * 24, 10), 2);
});

test('softmax', () => {
  checkGradients({ inputShape: [2, 6], layers: [{ type: 'softmax' }] }, randomInput(2 * 12, 11), 2);
});

test('causal self-attention (2 heads) inside a residual block', () => {
  checkGradients(
    { inputShape: [5, 8], layers: [{ type: 'residual', layers: [{ type: 'layernorm' }, { type: 'attention', heads: 2 }] }] },
    randomInput(2 * 40, 12),
    2,
    true,
    24,
  );
});

test('embedding with positions feeding a tiny transformer block', () => {
  const tokens = Float32Array.from([0, 3, 2, 5, 1, 1, 4, 0, 2, 3]);
  checkGradients(
    {
      inputShape: [5],
      layers: [
        { type: 'embedding', vocabSize: 6, dim: 8, contextLength: 8 },
        { type: 'residual', layers: [{ type: 'attention', heads: 2 }] },
        { type: 'residual', layers: [{ type: 'layernorm' }, { type: 'linear', outFeatures: 16 }, { type: 'gelu' }, { type: 'linear', outFeatures: 8 }] },
        { type: 'linear', outFeatures: 6 },
      ],
    },
    tokens,
    2,
    false,
    24,
  );
});

// A weight moves every pixel of its channel, so some ReLU or max-pool decision is usually near
// enough to flip within ±1e-2: this check uses a smaller step.
test('a small CNN end to end (conv, relu, max pool, flatten, linear)', () => {
  checkGradients(
    {
      inputShape: [1, 6, 6],
      layers: [
        { type: 'conv2d', outChannels: 3, kernelSize: 3, padding: 1 },
        { type: 'relu' },
        { type: 'maxpool2d', size: 2 },
        { type: 'flatten' },
        { type: 'linear', outFeatures: 4 },
      ],
    },
    randomInput(3 * 36, 13),
    3,
    true,
    12,
    1e-3,
  );
});

test('softmax cross-entropy gradient is (softmax − one-hot) / rows', () => {
  const logits = randomInput(3 * 4, 14);
  const targets = [2, 0, 3];
  const grad = new Float32Array(logits.length);
  softmaxCrossEntropy(logits, targets, 3, 4, grad);
  for (let i = 0; i < logits.length; i++) {
    const saved = logits[i]!;
    logits[i] = saved + STEP;
    const up = softmaxCrossEntropy(logits, targets, 3, 4);
    logits[i] = saved - STEP;
    const down = softmaxCrossEntropy(logits, targets, 3, 4);
    logits[i] = saved;
    assertClose(grad[i]!, (up - down) / (2 * STEP), `logit ${i}`);
  }
  // Uniform logits: loss ln 4 for every row.
  assert.ok(Math.abs(softmaxCrossEntropy(new Float32Array(12), targets, 3, 4) - Math.log(4)) < 1e-12);
});

test('attention weights are causal, sum to one per query, and token ids outside the vocabulary are refused', () => {
  const model = createModel(
    { inputShape: [4], layers: [{ type: 'embedding', vocabSize: 5, dim: 6, contextLength: 4 }, { type: 'attention', name: 'attn', heads: 3 }] },
    1,
  );
  model.forward(Float32Array.from([1, 2, 3, 4, 0, 0, 1, 1]), 2);
  const { attention } = model.layer('attn') as CausalSelfAttention;
  assert.equal(attention.length, 2 * 3 * 4 * 4);
  for (let row = 0; row < 2 * 3 * 4; row++) {
    const t = row % 4;
    let sum = 0;
    for (let s = 0; s < 4; s++) {
      const w = attention[row * 4 + s]!;
      if (s > t) assert.equal(w, 0);
      sum += w;
    }
    assert.ok(Math.abs(sum - 1) < 1e-6);
  }
  assert.throws(() => model.forward(Float32Array.from([1, 2, 3, 5]), 1), /token id 5/);
});
