/**
 * Optimizers with PyTorch's documented update rules, on any list of Float32Array parameters and
 * their gradients (model parameters, or the two coordinates of a point on a loss surface).
 * Option names follow torch.optim in camelCase; defaults are PyTorch's. State is float32, as
 * PyTorch keeps it for float32 parameters; the arithmetic of one update is done in float64.
 *
 *   SGD      https://pytorch.org/docs/stable/generated/torch.optim.SGD.html
 *   Adam     https://pytorch.org/docs/stable/generated/torch.optim.Adam.html
 *   AdamW    https://pytorch.org/docs/stable/generated/torch.optim.AdamW.html
 *   RMSprop  https://pytorch.org/docs/stable/generated/torch.optim.RMSprop.html
 *   Adagrad  https://pytorch.org/docs/stable/generated/torch.optim.Adagrad.html
 */

/** What an optimizer updates: values and their gradient, same length. `Parameter` fits. */
export interface ParameterSlot {
  readonly data: Float32Array;
  readonly grad: Float32Array;
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

export type OptimizerConfig = SgdConfig | AdamConfig | RmspropConfig | AdagradConfig;

export interface Optimizer {
  readonly config: OptimizerConfig;
  /** Current learning rate; set it to follow a schedule. */
  lr: number;
  /** Number of steps taken. */
  readonly steps: number;
  /** Updates every parameter from its current gradient. */
  step(): void;
}

/** Update of parameter number `slot`; t is the 1-based step number. */
type Update = (slot: number, data: Float32Array, grad: Float32Array, t: number, lr: number) => void;

export function createOptimizer(params: readonly ParameterSlot[], config: OptimizerConfig): Optimizer {
  for (const p of params) {
    if (p.data.length !== p.grad.length) throw new RangeError('each parameter needs a gradient of the same length');
  }
  const state = (fill = 0) => params.map((p) => new Float32Array(p.data.length).fill(fill));
  const { update, lr } = makeUpdate(config, state);
  let steps = 0;
  const optimizer: Optimizer = {
    config,
    lr,
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

function makeUpdate(config: OptimizerConfig, state: (fill?: number) => Float32Array[]): { update: Update; lr: number } {
  switch (config.type) {
    case 'sgd':
      return { update: sgd(config, state), lr: config.lr };
    case 'adam':
    case 'adamw':
      return { update: adam(config, state), lr: config.lr ?? 1e-3 };
    case 'rmsprop':
      return { update: rmsprop(config, state), lr: config.lr ?? 1e-2 };
    case 'adagrad':
      return { update: adagrad(config, state), lr: config.lr ?? 1e-2 };
  }
}

/**
 * g ← ∇ + λθ; with momentum μ: b ← g on the first step, else b ← μb + (1 − τ)g;
 * g ← g + μb if nesterov, else g ← b; θ ← θ − γg.
 */
function sgd(config: SgdConfig, state: (fill?: number) => Float32Array[]): Update {
  const { momentum = 0, dampening = 0, nesterov = false, weightDecay = 0 } = config;
  if (nesterov && (momentum <= 0 || dampening !== 0)) throw new RangeError('nesterov needs momentum > 0 and dampening 0');
  const buffers = state();
  return (slot, data, grad, t, lr) => {
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
}

/**
 * Adam: g ← ∇ + λθ. AdamW instead: θ ← θ − γλθ first (decay default 0.01).
 * Then m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ),
 * θ ← θ − γ·m̂/(√v̂ + ε).
 */
function adam(config: AdamConfig, state: (fill?: number) => Float32Array[]): Update {
  const decoupled = config.type === 'adamw';
  const { betas = [0.9, 0.999], eps = 1e-8, weightDecay = decoupled ? 1e-2 : 0 } = config;
  const [beta1, beta2] = betas;
  const firstMoments = state();
  const secondMoments = state();
  return (slot, data, grad, t, lr) => {
    const m = firstMoments[slot]!;
    const v = secondMoments[slot]!;
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
      data[i] = theta - (lr * (mi / correction1)) / (Math.sqrt(vi / correction2) + eps);
    }
  };
}

/**
 * g ← ∇ + λθ; v ← αv + (1 − α)g²; ṽ = v, or if centered: ḡ ← αḡ + (1 − α)g and ṽ = v − ḡ²;
 * with momentum μ > 0: b ← μb + g/(√ṽ + ε), θ ← θ − γb; else θ ← θ − γg/(√ṽ + ε).
 */
function rmsprop(config: RmspropConfig, state: (fill?: number) => Float32Array[]): Update {
  const { alpha = 0.99, eps = 1e-8, weightDecay = 0, momentum = 0, centered = false } = config;
  const squareAverages = state();
  const gradAverages = state();
  const buffers = state();
  return (slot, data, grad, _t, lr) => {
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
}

/** γ̃ = γ/(1 + (t − 1)η); g ← ∇ + λθ; s ← s + g²; θ ← θ − γ̃·g/(√s + ε). */
function adagrad(config: AdagradConfig, state: (fill?: number) => Float32Array[]): Update {
  const { lrDecay = 0, weightDecay = 0, initialAccumulatorValue = 0, eps = 1e-10 } = config;
  const sums = state(initialAccumulatorValue);
  return (slot, data, grad, t, lr) => {
    const s = sums[slot]!;
    const decayedLr = lr / (1 + (t - 1) * lrDecay);
    for (let i = 0; i < data.length; i++) {
      const g = grad[i]! + weightDecay * data[i]!;
      const si = s[i]! + g * g;
      s[i] = si;
      data[i] = data[i]! - (decayedLr * g) / (Math.sqrt(si) + eps);
    }
  };
}
