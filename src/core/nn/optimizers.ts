/**
 * Optimizers with PyTorch's documented update rules, on any list of Float32Array or Float64Array
 * parameters and their gradients: the nn engine's float32 model parameters, and the float64 point
 * the optimizer lab moves over a loss surface. One implementation serves both. Option names
 * follow torch.optim in camelCase; defaults are PyTorch's. State has its parameter's type, as
 * PyTorch allocates it; the arithmetic of one update is done in float64, so on Float64Array it is
 * exactly the documented pseudocode's.
 *
 *   SGD      https://pytorch.org/docs/stable/generated/torch.optim.SGD.html
 *   Adam     https://pytorch.org/docs/stable/generated/torch.optim.Adam.html
 *   AdamW    https://pytorch.org/docs/stable/generated/torch.optim.AdamW.html
 *   RMSprop  https://pytorch.org/docs/stable/generated/torch.optim.RMSprop.html
 *   Adagrad  https://pytorch.org/docs/stable/generated/torch.optim.Adagrad.html
 *   Lion     Chen et al. 2023, "Symbolic Discovery of Optimization Algorithms", Algorithm 2,
 *            https://arxiv.org/abs/2302.06675 (not in torch.optim)
 */

export type FloatArray = Float32Array | Float64Array;

/** What an optimizer updates: values and their gradient, same length. `Parameter` fits. */
export interface ParameterSlot {
  readonly data: FloatArray;
  readonly grad: FloatArray;
}

export interface SgdConfig {
  type: 'sgd';
  lr: number;
  momentum?: number;
  dampening?: number;
  nesterov?: boolean;
  weightDecay?: number;
}

export interface AdamConfig {
  /** 'adam' adds weightDecay·θ to the gradient (L2); 'adamw' decays θ directly (decoupled). */
  type: 'adam' | 'adamw';
  lr?: number;
  betas?: [number, number];
  eps?: number;
  weightDecay?: number;
  /** Divides by the largest second moment so far (Reddi et al. 2018), not the current one. */
  amsgrad?: boolean;
}

export interface RmspropConfig {
  type: 'rmsprop';
  lr?: number;
  alpha?: number;
  eps?: number;
  weightDecay?: number;
  momentum?: number;
  centered?: boolean;
}

export interface AdagradConfig {
  type: 'adagrad';
  lr?: number;
  lrDecay?: number;
  weightDecay?: number;
  initialAccumulatorValue?: number;
  eps?: number;
}

/** Lion has no PyTorch default learning rate; the paper advises 3–10× smaller than AdamW's. */
export interface LionConfig {
  type: 'lion';
  lr: number;
  /** β₁ interpolates the update direction, β₂ the momentum; the paper's defaults (0.9, 0.99). */
  betas?: [number, number];
  /** Decoupled, as in AdamW: θ ← θ − γ(sign(c) + λθ). */
  weightDecay?: number;
}

export type OptimizerConfig = SgdConfig | AdamConfig | RmspropConfig | AdagradConfig | LionConfig;

/**
 * Per-parameter state buffers by PyTorch's state names in camelCase (`momentumBuffer`, `expAvg`,
 * `expAvgSq`, `maxExpAvgSq`, `squareAvg`, `gradAvg`, `sum`), one array per parameter, so that a
 * view can show them and a diagnosis can say which one grew.
 */
export type OptimizerState = Readonly<Record<string, readonly FloatArray[]>>;

export interface Optimizer {
  readonly config: OptimizerConfig;
  /** Current learning rate; set it to follow a schedule. */
  lr: number;
  /** Number of steps taken. */
  readonly steps: number;
  readonly state: OptimizerState;
  /** Updates every parameter from its current gradient. */
  step(): void;
}

/** Update of parameter number `slot`; t is the 1-based step number. */
type Update = (slot: number, data: FloatArray, grad: FloatArray, t: number, lr: number) => void;

/** Makes one state buffer per parameter, of the parameter's own type, filled with `fill`. */
type StateOf = (fill?: number) => FloatArray[];

export function createOptimizer(params: readonly ParameterSlot[], config: OptimizerConfig): Optimizer {
  for (const p of params) {
    if (p.data.length !== p.grad.length) throw new RangeError('each parameter needs a gradient of the same length');
  }
  const state: StateOf = (fill = 0) =>
    params.map((p) => (p.data instanceof Float64Array ? new Float64Array(p.data.length) : new Float32Array(p.data.length)).fill(fill));
  const { update, lr, buffers } = makeUpdate(config, state);
  let steps = 0;
  const optimizer: Optimizer = {
    config,
    lr,
    state: buffers,
    get steps() {
      return steps;
    },
    step() {
      steps++;
      params.forEach((p, slot) => update(slot, p.data, p.grad, steps, optimizer.lr));
    },
  };
  return optimizer;
}

interface Made {
  update: Update;
  lr: number;
  buffers: OptimizerState;
}

function makeUpdate(config: OptimizerConfig, state: StateOf): Made {
  switch (config.type) {
    case 'sgd':
      return { ...sgd(config, state), lr: config.lr };
    case 'adam':
    case 'adamw':
      return { ...adam(config, state), lr: config.lr ?? 1e-3 };
    case 'rmsprop':
      return { ...rmsprop(config, state), lr: config.lr ?? 1e-2 };
    case 'adagrad':
      return { ...adagrad(config, state), lr: config.lr ?? 1e-2 };
    case 'lion':
      return { ...lion(config, state), lr: config.lr };
  }
}

type Rule = Omit<Made, 'lr'>;

/**
 * g ← ∇ + λθ; with momentum μ: b ← g on the first step, else b ← μb + (1 − τ)g;
 * g ← g + μb if nesterov, else g ← b; θ ← θ − γg.
 */
function sgd(config: SgdConfig, state: StateOf): Rule {
  const { momentum = 0, dampening = 0, nesterov = false, weightDecay = 0 } = config;
  if (nesterov && (momentum <= 0 || dampening !== 0)) throw new RangeError('nesterov needs momentum > 0 and dampening 0');
  const buffers = state();
  const update: Update = (slot, data, grad, t, lr) => {
    const buffer = buffers[slot]!;
    for (let i = 0; i < data.length; i++) {
      let g = grad[i]! + weightDecay * data[i]!;
      if (momentum !== 0) {
        const b = t === 1 ? g : momentum * buffer[i]! + (1 - dampening) * g;
        buffer[i] = b;
        g = nesterov ? g + momentum * b : b;
      }
      data[i] = data[i]! - lr * g;
    }
  };
  return { update, buffers: momentum !== 0 ? { momentumBuffer: buffers } : {} };
}

/**
 * Adam: g ← ∇ + λθ. AdamW instead: θ ← θ − γλθ first (decay default 0.01).
 * Then m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ),
 * θ ← θ − γ·m̂/(√v̂ + ε). AMSGrad keeps vₘₐₓ ← max(vₘₐₓ, v) and uses v̂ = vₘₐₓ/(1 − β₂ᵗ), as the
 * current docs write it and torch/optim/adam.py computes it (docs before 2.0 took the maximum of
 * the bias-corrected v̂ instead).
 */
function adam(config: AdamConfig, state: StateOf): Rule {
  const decoupled = config.type === 'adamw';
  const { betas = [0.9, 0.999], eps = 1e-8, weightDecay = decoupled ? 1e-2 : 0, amsgrad = false } = config;
  const [beta1, beta2] = betas;
  const firstMoments = state();
  const secondMoments = state();
  const maxSecondMoments = amsgrad ? state() : undefined;
  const update: Update = (slot, data, grad, t, lr) => {
    const m = firstMoments[slot]!;
    const v = secondMoments[slot]!;
    const vMax = maxSecondMoments?.[slot];
    const correction1 = 1 - beta1 ** t;
    const correction2 = 1 - beta2 ** t;
    for (let i = 0; i < data.length; i++) {
      let theta = data[i]!;
      let g = grad[i]!;
      if (decoupled) theta -= lr * weightDecay * theta;
      else g += weightDecay * theta;
      const mi = beta1 * m[i]! + (1 - beta1) * g;
      const vi = beta2 * v[i]! + (1 - beta2) * g * g;
      m[i] = mi;
      v[i] = vi;
      let vUsed = vi;
      if (vMax) {
        vUsed = Math.max(vMax[i]!, vi);
        vMax[i] = vUsed;
      }
      data[i] = theta - (lr * (mi / correction1)) / (Math.sqrt(vUsed / correction2) + eps);
    }
  };
  const buffers = { expAvg: firstMoments, expAvgSq: secondMoments };
  return { update, buffers: maxSecondMoments ? { ...buffers, maxExpAvgSq: maxSecondMoments } : buffers };
}

/**
 * g ← ∇ + λθ; v ← αv + (1 − α)g²; ṽ = v, or if centered: ḡ ← αḡ + (1 − α)g and ṽ = v − ḡ²;
 * with momentum μ > 0: b ← μb + g/(√ṽ + ε), θ ← θ − γb; else θ ← θ − γg/(√ṽ + ε).
 */
function rmsprop(config: RmspropConfig, state: StateOf): Rule {
  const { alpha = 0.99, eps = 1e-8, weightDecay = 0, momentum = 0, centered = false } = config;
  const squareAverages = state();
  const gradAverages = state();
  const buffers = state();
  const update: Update = (slot, data, grad, _t, lr) => {
    const v = squareAverages[slot]!;
    const gAvg = gradAverages[slot]!;
    const b = buffers[slot]!;
    for (let i = 0; i < data.length; i++) {
      const g = grad[i]! + weightDecay * data[i]!;
      const vi = alpha * v[i]! + (1 - alpha) * g * g;
      v[i] = vi;
      let vTilde = vi;
      if (centered) {
        const mean = alpha * gAvg[i]! + (1 - alpha) * g;
        gAvg[i] = mean;
        vTilde = vi - mean * mean;
      }
      const scaled = g / (Math.sqrt(vTilde) + eps);
      if (momentum > 0) {
        const bi = momentum * b[i]! + scaled;
        b[i] = bi;
        data[i] = data[i]! - lr * bi;
      } else {
        data[i] = data[i]! - lr * scaled;
      }
    }
  };
  return {
    update,
    buffers: {
      squareAvg: squareAverages,
      ...(centered ? { gradAvg: gradAverages } : {}),
      ...(momentum > 0 ? { momentumBuffer: buffers } : {}),
    },
  };
}

/** γ̃ = γ/(1 + (t − 1)η); g ← ∇ + λθ; s ← s + g²; θ ← θ − γ̃·g/(√s + ε). */
function adagrad(config: AdagradConfig, state: StateOf): Rule {
  const { lrDecay = 0, weightDecay = 0, initialAccumulatorValue = 0, eps = 1e-10 } = config;
  const sums = state(initialAccumulatorValue);
  const update: Update = (slot, data, grad, t, lr) => {
    const s = sums[slot]!;
    const decayedLr = lr / (1 + (t - 1) * lrDecay);
    for (let i = 0; i < data.length; i++) {
      const g = grad[i]! + weightDecay * data[i]!;
      const si = s[i]! + g * g;
      s[i] = si;
      data[i] = data[i]! - (decayedLr * g) / (Math.sqrt(si) + eps);
    }
  };
  return { update, buffers: { sum: sums } };
}

/**
 * Lion (Chen et al. 2023, Algorithm 2): c ← β₁m + (1 − β₁)g; θ ← θ − γ(sign(c) + λθ);
 * m ← β₂m + (1 − β₂)g. Every coordinate moves by γ (plus decay) whatever the gradient's size.
 */
function lion(config: LionConfig, state: StateOf): Rule {
  const { betas = [0.9, 0.99], weightDecay = 0 } = config;
  const [beta1, beta2] = betas;
  const moments = state();
  const update: Update = (slot, data, grad, _t, lr) => {
    const m = moments[slot]!;
    for (let i = 0; i < data.length; i++) {
      const g = grad[i]!;
      const theta = data[i]!;
      const c = beta1 * m[i]! + (1 - beta1) * g;
      data[i] = theta - lr * (Math.sign(c) + weightDecay * theta);
      m[i] = beta2 * m[i]! + (1 - beta2) * g;
    }
  };
  return { update, buffers: { expAvg: moments } };
}
