// First and second steps of each optimizer against values worked out by hand from PyTorch's
// documented update rules (URLs in src/core/nn/optimizers.ts). Every case starts at θ = 1
// (or [1, −2]) with gradient 0.5 on the first step and −0.25 on the second, unless stated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createOptimizer, type OptimizerConfig } from '../../src/core/nn/optimizers.js';

/** Runs one optimizer step per gradient list and returns θ after each step. */
function run(config: OptimizerConfig, start: number[], gradients: number[][]): number[][] {
  const data = Float32Array.from(start);
  const grad = new Float32Array(start.length);
  const optimizer = createOptimizer([{ data, grad }], config);
  return gradients.map((g) => {
    grad.set(g);
    optimizer.step();
    return [...data];
  });
}

function assertSteps(actual: number[][], expected: number[][]): void {
  expected.forEach((values, step) =>
    values.forEach((value, i) =>
      assert.ok(Math.abs(actual[step]![i]! - value) < 1e-6, `step ${step + 1}, θ[${i}]: got ${actual[step]![i]}, expected ${value}`),
    ),
  );
}

test('SGD without momentum: θ ← θ − γ·g', () => {
  // 1 − 0.1·0.5 = 0.95; 0.95 − 0.1·(−0.25) = 0.975
  assertSteps(run({ type: 'sgd', lr: 0.1 }, [1], [[0.5], [-0.25]]), [[0.95], [0.975]]);
});

test('SGD with momentum, dampening and weight decay', () => {
  // γ = 0.1, μ = 0.9, τ = 0.1, λ = 0.01, θ₀ = [1, −2], g = [0.5, 0.25] on both steps.
  // Step 1: g' = g + λθ = [0.51, 0.23]; b = g' (first step: no dampening); θ = θ − γb = [0.949, −2.023].
  // Step 2: g' = [0.5 + 0.00949, 0.25 − 0.02023] = [0.50949, 0.22977];
  //         b = 0.9·[0.51, 0.23] + 0.9·g' = [0.917541, 0.413793]; θ = [0.8572459, −2.0643793].
  const steps = run({ type: 'sgd', lr: 0.1, momentum: 0.9, dampening: 0.1, weightDecay: 0.01 }, [1, -2], [[0.5, 0.25], [0.5, 0.25]]);
  assertSteps(steps, [[0.949, -2.023], [0.8572459, -2.0643793]]);
});

test('SGD with Nesterov momentum', () => {
  // γ = 0.1, μ = 0.9, g = 0.5 both steps.
  // Step 1: b = 0.5; g = 0.5 + 0.9·0.5 = 0.95; θ = 1 − 0.095 = 0.905.
  // Step 2: b = 0.9·0.5 + 0.5 = 0.95; g = 0.5 + 0.9·0.95 = 1.355; θ = 0.905 − 0.1355 = 0.7695.
  assertSteps(run({ type: 'sgd', lr: 0.1, momentum: 0.9, nesterov: true }, [1], [[0.5], [0.5]]), [[0.905], [0.7695]]);
  assert.throws(() => run({ type: 'sgd', lr: 0.1, nesterov: true }, [1], []), /nesterov/);
});

test('Adam with bias correction', () => {
  // γ = 0.01, β = (0.9, 0.999), ε = 1e-8.
  // Step 1: m = 0.1·0.5 = 0.05, v = 0.001·0.25 = 0.00025; m̂ = 0.05/0.1 = 0.5, v̂ = 0.00025/0.001 = 0.25;
  //         θ = 1 − 0.01·0.5/(0.5 + ε) = 0.99.
  // Step 2: m = 0.9·0.05 + 0.1·(−0.25) = 0.02, v = 0.999·0.00025 + 0.001·0.0625 = 0.00031225;
  //         m̂ = 0.02/(1 − 0.81) = 0.1052632, v̂ = 0.00031225/(1 − 0.998001) = 0.1562031, √v̂ = 0.3952253;
  //         θ = 0.99 − 0.01·0.1052632/0.3952253 = 0.99 − 0.0026634 = 0.9873366.
  assertSteps(run({ type: 'adam', lr: 0.01 }, [1], [[0.5], [-0.25]]), [[0.99], [0.9873366]]);
});

test('Adam adds weight decay to the gradient; AdamW decays the weight directly', () => {
  // Adam, λ = 0.1: g' = 0.5 + 0.1·1 = 0.6; m̂ = 0.6, v̂ = 0.36, so θ = 1 − 0.01·0.6/0.6 = 0.99.
  assertSteps(run({ type: 'adam', lr: 0.01, weightDecay: 0.1 }, [1], [[0.5]]), [[0.99]]);
  // AdamW, λ = 0.1: θ = 1 − 0.01·0.1·1 = 0.999, then the Adam step of the plain gradient: 0.999 − 0.01 = 0.989.
  // Step 2: θ = 0.989 − 0.001·0.989 = 0.988011, then − 0.0026634 (as in the Adam case) = 0.9853476.
  assertSteps(run({ type: 'adamw', lr: 0.01, weightDecay: 0.1 }, [1], [[0.5], [-0.25]]), [[0.989], [0.9853476]]);
  // AdamW's default weight decay is 0.01: 1 − 0.01·0.01 − 0.01 = 0.9899.
  assertSteps(run({ type: 'adamw', lr: 0.01 }, [1], [[0.5]]), [[0.9899]]);
});

test('RMSprop', () => {
  // γ = 0.01, α = 0.99. Step 1: v = 0.01·0.25 = 0.0025, √v = 0.05; θ = 1 − 0.01·0.5/0.05 = 0.9.
  // Step 2: v = 0.99·0.0025 + 0.01·0.0625 = 0.0031, √v = 0.0556776; θ = 0.9 + 0.01·0.25/0.0556776 = 0.9449013.
  assertSteps(run({ type: 'rmsprop', lr: 0.01 }, [1], [[0.5], [-0.25]]), [[0.9], [0.9449013]]);
});

test('RMSprop, centered, with momentum', () => {
  // γ = 0.01, α = 0.99, μ = 0.5.
  // Step 1: v = 0.0025, ḡ = 0.01·0.5 = 0.005, ṽ = 0.0025 − 0.000025 = 0.002475, √ṽ = 0.0497494;
  //         b = 0.5/0.0497494 = 10.0503761; θ = 1 − 0.01·b = 0.8994962.
  // Step 2: v = 0.0031, ḡ = 0.99·0.005 + 0.01·(−0.25) = 0.00245, ṽ = 0.0031 − 0.0000060025 = 0.0030939975,
  //         √ṽ = 0.0556237; b = 0.5·10.0503761 − 0.25/0.0556237 = 5.0251881 − 4.4944852 = 0.5307029;
  //         θ = 0.8994962 − 0.0053070 = 0.8941892.
  assertSteps(run({ type: 'rmsprop', lr: 0.01, centered: true, momentum: 0.5 }, [1], [[0.5], [-0.25]]), [[0.8994962], [0.8941892]]);
});

test('Adagrad with learning-rate decay and an initial accumulator', () => {
  // γ = 0.1, η = 0.5, s₀ = 0.1, ε = 1e-10.
  // Step 1: γ̃ = 0.1; s = 0.1 + 0.25 = 0.35, √s = 0.5916080; θ = 1 − 0.1·0.5/0.5916080 = 0.9154846.
  // Step 2: γ̃ = 0.1/(1 + 0.5) = 0.0666667; s = 0.35 + 0.0625 = 0.4125, √s = 0.6422616;
  //         θ = 0.9154846 + 0.0666667·0.25/0.6422616 = 0.9414345.
  const steps = run({ type: 'adagrad', lr: 0.1, lrDecay: 0.5, initialAccumulatorValue: 0.1 }, [1], [[0.5], [-0.25]]);
  assertSteps(steps, [[0.9154846], [0.9414345]]);
});

test('several parameter arrays keep separate state, and the learning rate can be changed between steps', () => {
  const a = { data: Float32Array.from([1]), grad: Float32Array.from([0.5]) };
  const b = { data: Float32Array.from([2, 3]), grad: Float32Array.from([1, -1]) };
  const optimizer = createOptimizer([a, b], { type: 'sgd', lr: 0.1, momentum: 0.5 });
  optimizer.step();
  optimizer.lr = 0.2;
  optimizer.step();
  // a: b₁ = 0.5, θ = 0.95; b₂ = 0.25 + 0.5 = 0.75, θ = 0.95 − 0.2·0.75 = 0.8.
  // b: buffers [1, −1] then [1.5, −1.5]; θ = [2 − 0.1 − 0.3, 3 + 0.1 + 0.3] = [1.6, 3.4].
  assertSteps([[...a.data, ...b.data]], [[0.8, 1.6, 3.4]]);
  assert.equal(optimizer.steps, 2);
});
