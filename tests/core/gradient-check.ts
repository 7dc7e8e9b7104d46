// Checks a model's backward pass against central finite differences of its forward pass. The
// loss is L = Σ r·y for a fixed random r, summed in float64, so dL/dy = r.
import assert from 'node:assert/strict';
import { createRng } from '../../src/core/shared/rng.js';
import { createModel, type ModelSpec, type Sequential } from '../../src/core/nn/model.js';
import { sizeOf } from '../../src/core/nn/tensor.js';

export const STEP = 1e-2;

function projectedLoss(output: Float32Array, r: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < output.length; i++) sum += output[i]! * r[i]!;
  return sum;
}

export function assertClose(analytic: number, numeric: number, what: string): void {
  const tolerance = 2e-3 + 2e-2 * Math.max(Math.abs(analytic), Math.abs(numeric));
  assert.ok(Math.abs(analytic - numeric) <= tolerance, `${what}: backward ${analytic}, finite difference ${numeric}`);
}

/**
 * Checks d(Σ r·model(x))/dθ for up to `perParameter` entries of every parameter, and the input
 * gradient (unless the input is token ids), against (L(θ + h) − L(θ − h)) / 2h. `prepare` may
 * set the fresh model up first (ablate a head).
 */
export function checkGradients(
  spec: ModelSpec,
  input: Float32Array,
  batch: number,
  checkInput = true,
  perParameter = 12,
  step = STEP,
  prepare?: (model: Sequential) => void,
): void {
  const model = createModel(spec, 5);
  prepare?.(model);
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
export function randomInput(size: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: size }, () => {
    const z = rng.normal();
    return z + (z >= 0 ? 0.1 : -0.1);
  });
}
