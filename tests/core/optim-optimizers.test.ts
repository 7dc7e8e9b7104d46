// First two steps of every optimizer in float64, worked by hand from the documented pseudocode:
//   SGD      https://pytorch.org/docs/stable/generated/torch.optim.SGD.html
//   Adagrad  https://pytorch.org/docs/stable/generated/torch.optim.Adagrad.html
//   RMSprop  https://pytorch.org/docs/stable/generated/torch.optim.RMSprop.html
//   Adam     https://pytorch.org/docs/stable/generated/torch.optim.Adam.html
//   AdamW    https://pytorch.org/docs/stable/generated/torch.optim.AdamW.html
//   Lion     Chen et al. 2023, Algorithm 2, https://arxiv.org/abs/2302.06675
// Each expected value is the pseudocode's line written out with the numbers put in, evaluated in
// float64, so the optimizers must match it to a few units in the last place. Unless stated, θ
// starts at 1 and the gradient is 0.5 on the first step and −0.25 on the second.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createOptimizer, type OptimizerConfig } from '../../src/core/optim/index.js';
import { createOptimizer as engineOptimizer } from '../../src/core/nn/index.js';

type FloatArrayType = typeof Float32Array | typeof Float64Array;

function run(config: OptimizerConfig, start: number[], gradients: number[][], type: FloatArrayType = Float64Array): number[][] {
  const data = type.from(start);
  const grad = new type(start.length);
  const optimizer = createOptimizer([{ data, grad }], config);
  return gradients.map((g) => {
    grad.set(g);
    optimizer.step();
    return [...data];
  });
}

/** Within `ulps` units in the last place of the expected value. */
function assertUlps(actual: number[][], expected: number[][], ulps = 4): void {
  expected.forEach((values, step) =>
    values.forEach((value, i) => {
      const got = actual[step]![i]!;
      const tolerance = ulps * Number.EPSILON * Math.max(Math.abs(value), Number.MIN_VALUE);
      assert.ok(Math.abs(got - value) <= tolerance, `step ${step + 1}, θ[${i}]: got ${got}, expected ${value}`);
    }),
  );
}

const G = [[0.5], [-0.25]];

test('SGD with momentum, dampening and weight decay (μ = 0.9, τ = 0.1, λ = 0.01, γ = 0.1)', () => {
  const g1 = 0.5 + 0.01 * 1; // g ← g + λθ
  const b1 = g1; // first step: b ← g, no dampening
  const t1 = 1 - 0.1 * b1;
  const g2 = -0.25 + 0.01 * t1;
  const b2 = 0.9 * b1 + (1 - 0.1) * g2; // b ← μb + (1 − τ)g
  const t2 = t1 - 0.1 * b2;
  assertUlps(run({ type: 'sgd', lr: 0.1, momentum: 0.9, dampening: 0.1, weightDecay: 0.01 }, [1], G), [[t1], [t2]]);
});

test('SGD with Nesterov momentum (μ = 0.9, γ = 0.1)', () => {
  const b1 = 0.5;
  const t1 = 1 - 0.1 * (0.5 + 0.9 * b1); // g ← g + μb
  const b2 = 0.9 * b1 + -0.25;
  const t2 = t1 - 0.1 * (-0.25 + 0.9 * b2);
  assertUlps(run({ type: 'sgd', lr: 0.1, momentum: 0.9, nesterov: true }, [1], G), [[t1], [t2]]);
});

test('Adagrad with learning-rate decay, an initial accumulator and weight decay (γ = 0.1, η = 0.5, s₀ = 0.1, λ = 0.2)', () => {
  const g1 = 0.5 + 0.2 * 1;
  const s1 = 0.1 + g1 * g1;
  const t1 = 1 - ((0.1 / (1 + 0 * 0.5)) * g1) / (Math.sqrt(s1) + 1e-10); // γ̃ = γ/(1 + (t − 1)η)
  const g2 = -0.25 + 0.2 * t1;
  const s2 = s1 + g2 * g2;
  const t2 = t1 - ((0.1 / (1 + 1 * 0.5)) * g2) / (Math.sqrt(s2) + 1e-10);
  assertUlps(run({ type: 'adagrad', lr: 0.1, lrDecay: 0.5, initialAccumulatorValue: 0.1, weightDecay: 0.2 }, [1], G), [[t1], [t2]]);
});

test('RMSprop with weight decay (γ = 0.01, α = 0.99, λ = 0.1)', () => {
  const g1 = 0.5 + 0.1 * 1;
  const v1 = 0.01 * g1 * g1;
  const t1 = 1 - (0.01 * g1) / (Math.sqrt(v1) + 1e-8);
  const g2 = -0.25 + 0.1 * t1;
  const v2 = 0.99 * v1 + 0.01 * g2 * g2;
  const t2 = t1 - (0.01 * g2) / (Math.sqrt(v2) + 1e-8);
  assertUlps(run({ type: 'rmsprop', lr: 0.01, weightDecay: 0.1 }, [1], G), [[t1], [t2]]);
});

test('RMSprop, centered, with momentum (γ = 0.01, α = 0.99, μ = 0.5)', () => {
  const v1 = 0.01 * 0.25;
  const mean1 = 0.01 * 0.5; // ḡ ← αḡ + (1 − α)g
  const b1 = 0.5 / (Math.sqrt(v1 - mean1 * mean1) + 1e-8); // b ← μb + g/(√ṽ + ε)
  const t1 = 1 - 0.01 * b1;
  const v2 = 0.99 * v1 + 0.01 * 0.0625;
  const mean2 = 0.99 * mean1 + 0.01 * -0.25;
  const b2 = 0.5 * b1 + -0.25 / (Math.sqrt(v2 - mean2 * mean2) + 1e-8);
  const t2 = t1 - 0.01 * b2;
  assertUlps(run({ type: 'rmsprop', lr: 0.01, centered: true, momentum: 0.5 }, [1], G), [[t1], [t2]]);
});

test('Adam with L2 weight decay and bias correction (γ = 0.01, β = (0.9, 0.999), λ = 0.1)', () => {
  const g1 = 0.5 + 0.1 * 1;
  const m1 = 0.1 * g1;
  const v1 = 0.001 * g1 * g1;
  const t1 = 1 - (0.01 * (m1 / (1 - 0.9))) / (Math.sqrt(v1 / (1 - 0.999)) + 1e-8);
  const g2 = -0.25 + 0.1 * t1;
  const m2 = 0.9 * m1 + 0.1 * g2;
  const v2 = 0.999 * v1 + 0.001 * g2 * g2;
  const t2 = t1 - (0.01 * (m2 / (1 - 0.9 ** 2))) / (Math.sqrt(v2 / (1 - 0.999 ** 2)) + 1e-8);
  assertUlps(run({ type: 'adam', lr: 0.01, weightDecay: 0.1 }, [1], G), [[t1], [t2]]);
});

test('AMSGrad divides by the largest second moment so far', () => {
  // The second gradient is small, so v falls (2.5e-4 → 2.4985e-4) and v_max keeps the first.
  const m1 = 0.1 * 0.5;
  const v1 = 0.001 * 0.25;
  const t1 = 1 - (0.01 * (m1 / 0.1)) / (Math.sqrt(v1 / 0.001) + 1e-8);
  const m2 = 0.9 * m1 + 0.1 * 0.01;
  const v2 = 0.999 * v1 + 0.001 * 0.0001;
  assert.ok(v2 < v1);
  const t2 = t1 - (0.01 * (m2 / (1 - 0.9 ** 2))) / (Math.sqrt(Math.max(v1, v2) / (1 - 0.999 ** 2)) + 1e-8);
  const steps = run({ type: 'adam', lr: 0.01, amsgrad: true }, [1], [[0.5], [0.01]]);
  assertUlps(steps, [[t1], [t2]]);
  assert.ok(run({ type: 'adam', lr: 0.01 }, [1], [[0.5], [0.01]])[1]![0]! < t2, 'plain Adam, dividing by the smaller v, steps further');
});

test('AdamW decays the weight before the Adam step (γ = 0.01, λ = 0.1)', () => {
  const m1 = 0.1 * 0.5;
  const v1 = 0.001 * 0.25;
  const t1 = 1 - 0.01 * 0.1 * 1 - (0.01 * (m1 / 0.1)) / (Math.sqrt(v1 / 0.001) + 1e-8);
  const decayed = t1 - 0.01 * 0.1 * t1; // θ ← θ − γλθ
  const m2 = 0.9 * m1 + 0.1 * -0.25;
  const v2 = 0.999 * v1 + 0.001 * 0.0625;
  const t2 = decayed - (0.01 * (m2 / (1 - 0.9 ** 2))) / (Math.sqrt(v2 / (1 - 0.999 ** 2)) + 1e-8);
  assertUlps(run({ type: 'adamw', lr: 0.01, weightDecay: 0.1 }, [1], G), [[t1], [t2]]);
});

test('Lion steps by the sign of the interpolated momentum, with decoupled decay (γ = 0.1, β = (0.9, 0.99), λ = 0.5)', () => {
  // θ₀ = [1, −2]; gradients [0.5, 0.25] then [−0.25, −0.02]. On step 2 the second coordinate's
  // c = 0.9·0.0025 + 0.1·(−0.02) = 0.00025 > 0: the momentum outvotes the gradient's sign.
  const t1 = [1 - 0.1 * (1 + 0.5 * 1), -2 - 0.1 * (1 + 0.5 * -2)];
  const m1 = [0.01 * 0.5, 0.01 * 0.25];
  const c2 = [0.9 * m1[0]! + 0.1 * -0.25, 0.9 * m1[1]! + 0.1 * -0.02];
  assert.deepEqual(c2.map(Math.sign), [-1, 1]);
  const t2 = t1.map((theta, i) => theta - 0.1 * (Math.sign(c2[i]!) + 0.5 * theta));
  const steps = run({ type: 'lion', lr: 0.1, weightDecay: 0.5 }, [1, -2], [[0.5, 0.25], [-0.25, -0.02]]);
  assertUlps(steps, [t1, t2]);
});

test('the optimizers are the nn engine’s, and on Float32Array they give float32 roundings of the float64 run', () => {
  assert.equal(createOptimizer, engineOptimizer);
  const configs: OptimizerConfig[] = [
    { type: 'sgd', lr: 0.1, momentum: 0.9, nesterov: true },
    { type: 'adagrad', lr: 0.1 },
    { type: 'rmsprop', lr: 0.01, centered: true, momentum: 0.5 },
    { type: 'adam', lr: 0.01, amsgrad: true },
    { type: 'adamw', lr: 0.01, weightDecay: 0.1 },
    { type: 'lion', lr: 0.1, weightDecay: 0.5 },
  ];
  const gradients = [[0.5, 0.25], [-0.25, -0.02], [0.125, 0.5]];
  for (const config of configs) {
    const single = run(config, [1, -2], gradients, Float32Array);
    const double = run(config, [1, -2], gradients, Float64Array);
    single.flat().forEach((value, i) => {
      assert.equal(value, Math.fround(value), 'float32 state stays float32');
      assert.ok(Math.abs(value - double.flat()[i]!) <= 1e-6 * Math.max(1, Math.abs(value)), `${config.type}: ${value} vs ${double.flat()[i]}`);
    });
  }
});

test('state buffers carry PyTorch’s names and the parameter’s type', () => {
  const data = new Float64Array(2);
  const optimizer = createOptimizer([{ data, grad: new Float64Array(2) }], { type: 'adam', amsgrad: true });
  assert.deepEqual(Object.keys(optimizer.state).sort(), ['expAvg', 'expAvgSq', 'maxExpAvgSq']);
  assert.ok(optimizer.state.expAvg![0] instanceof Float64Array);
  const sgd = createOptimizer([{ data, grad: new Float64Array(2) }], { type: 'sgd', lr: 0.1, momentum: 0.9 });
  assert.deepEqual(Object.keys(sgd.state), ['momentumBuffer']);
});
