// Every layer's backward pass against central finite differences of its forward pass.
// The loss is L = Σ r·y for a fixed random r, summed in float64, so dL/dy = r.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../src/core/shared/rng.js';
import { createModel, type ModelSpec } from '../../src/core/nn/model.js';
import { softmaxCrossEntropy } from '../../src/core/nn/loss.js';
import { sizeOf } from '../../src/core/nn/tensor.js';
import type { CausalSelfAttention } from '../../src/core/nn/attention.js';

const STEP = 1e-2;

function projectedLoss(output: Float32Array, r: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < output.length; i++) sum += output[i]! * r[i]!;
  return sum;
}

function assertClose(analytic: number, numeric: number, what: string): void {
  const tolerance = 2e-3 + 2e-2 * Math.max(Math.abs(analytic), Math.abs(numeric));
  assert.ok(Math.abs(analytic - numeric) <= tolerance, `${what}: backward ${analytic}, finite difference ${numeric}`);
}

/**
 * Checks d(Σ r·model(x))/dθ for up to `perParameter` entries of every parameter, and the input
 * gradient (unless the input is token ids), against (L(θ + h) − L(θ − h)) / 2h.
 */
function checkGradients(spec: ModelSpec, input: Float32Array, batch: number, checkInput = true, perParameter = 12, step = STEP): void {
  const model = createModel(spec, 5);
  const rng = createRng(11);
  const r = Float64Array.from({ length: batch * sizeOf(model.outputShape) }, () => rng.normal());
  const loss = () => projectedLoss(model.forward(input, batch), r);

  model.zeroGrad();
  model.forward(input, batch);
  const inputGrad = model.backward(Float32Array.from(r), batch).slice();
  const parameters = model.parameters();
  assert.ok(parameters.length > 0 || checkInput);

  for (const p of parameters) {
    const analytic = p.grad.slice();
    for (let k = 0; k < Math.min(perParameter, p.data.length); k++) {
      const i = rng.int(p.data.length);
      const saved = p.data[i]!;
      p.data[i] = saved + step;
      const up = loss();
      p.data[i] = saved - step;
      const down = loss();
      p.data[i] = saved;
      assertClose(analytic[i]!, (up - down) / (2 * step), `${p.name}[${i}]`);
    }
  }
  if (!checkInput) return;
  for (let k = 0; k < 16; k++) {
    const i = rng.int(input.length);
    const saved = input[i]!;
    input[i] = saved + step;
    const up = loss();
    input[i] = saved - step;
    const down = loss();
    input[i] = saved;
    assertClose(inputGrad[i]!, (up - down) / (2 * step), `input[${i}]`);
  }
}

/** Normal samples kept away from 0 so that no ReLU or max-pool decision flips within ±STEP. */
function randomInput(size: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: size }, () => {
    const z = rng.normal();
    return z + (z >= 0 ? 0.1 : -0.1);
  });
}

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
