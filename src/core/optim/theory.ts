/**
 * What theory predicts for gradient descent and heavy-ball momentum on a quadratic whose Hessian
 * has eigenvalues between λ_min and λ_max (κ = λ_max/λ_min), after Goh 2017, "Why Momentum Really
 * Works", Distill, https://distill.pub/2017/momentum/. Goh's momentum, z ← βz + ∇f, w ← w − αz, is
 * PyTorch's SGD with momentum β and no dampening, so these rates describe the optimizers as run.
 * A rate is the factor by which the distance to the minimum shrinks per step in the slowest
 * direction; the loss, quadratic in that distance, shrinks by its square.
 */
import type { Derivation } from '../shared/derivation.js';
import { formatSignificant } from '../shared/format.js';

const GOH = 'Goh 2017, "Why Momentum Really Works", https://distill.pub/2017/momentum/';

export type Curvatures = readonly [min: number, max: number];

/** Gradient descent: each eigen-direction scales by 1 − αλ per step; the worst of them sets the rate. */
export function gradientDescentRate(lr: number, [min, max]: Curvatures): number {
  return Math.max(Math.abs(1 - lr * min), Math.abs(1 - lr * max));
}

/** Spectral radius of heavy-ball momentum's step on one eigen-direction of curvature λ. */
function momentumRadius(lr: number, momentum: number, curvature: number): number {
  // The characteristic polynomial of [[β, λ], [−αβ, 1 − αλ]] is z² − (1 + β − αλ)z + β (Goh, "The dynamics of momentum").
  const trace = 1 + momentum - lr * curvature;
  const discriminant = trace * trace - 4 * momentum;
  if (discriminant < 0) return Math.sqrt(momentum);
  const root = Math.sqrt(discriminant);
  return Math.max(Math.abs(trace + root), Math.abs(trace - root)) / 2;
}

/** Heavy-ball momentum's rate: the largest spectral radius over the eigen-directions (the extremes decide). */
export function momentumRate(lr: number, momentum: number, [min, max]: Curvatures): number {
  return Math.max(momentumRadius(lr, momentum, min), momentumRadius(lr, momentum, max));
}

export interface StabilityOptions {
  momentum?: number;
  dampening?: number;
  nesterov?: boolean;
}

/**
 * The largest learning rate times curvature, αλ, for which SGD (PyTorch's form) converges on a
 * quadratic: 2 for gradient descent; 2(1 + β) for heavy-ball momentum (Goh), divided by 1 − τ
 * with dampening τ, which scales every step; 2(1 + μ)/(1 + 2μ) for PyTorch's Nesterov step
 * θ ← θ − α(g + μb), whose characteristic polynomial z² − (1 + μ)(1 − αλ)z + μ(1 − αλ) reaches
 * z = −1 there.
 */
export function stabilityEdge({ momentum = 0, dampening = 0, nesterov = false }: StabilityOptions = {}): number {
  if (nesterov) return (2 * (1 + momentum)) / (1 + 2 * momentum);
  // PyTorch applies dampening to the momentum buffer only: without momentum it has no effect.
  return (2 * (1 + momentum)) / (1 - (momentum > 0 ? dampening : 0));
}

/** How the edge reads: "2", "2(1 + β) = 3.8", "2(1 + μ)/(1 + 2μ) = 1.05". */
export function stabilityEdgeText(options: StabilityOptions = {}): string {
  const { momentum = 0, dampening = 0, nesterov = false } = options;
  if (momentum === 0) return '2';
  const value = formatSignificant(stabilityEdge(options));
  if (nesterov) return `2(1 + μ)/(1 + 2μ) = ${value}`;
  return dampening === 0 ? `2(1 + β) = ${value}` : `2(1 + β)/(1 − τ) = ${value}`;
}

export interface Tuning {
  lr: number;
  momentum: number;
  rate: number;
}

/** Goh's optimal gradient descent: α = 2/(λ_min + λ_max), rate (κ − 1)/(κ + 1). */
export function optimalGradientDescent([min, max]: Curvatures): Tuning {
  const kappa = max / min;
  return { lr: 2 / (min + max), momentum: 0, rate: (kappa - 1) / (kappa + 1) };
}

/** Goh's optimal momentum: α = (2/(√λ_min + √λ_max))², β = ((√κ − 1)/(√κ + 1))², rate (√κ − 1)/(√κ + 1). */
export function optimalMomentum([min, max]: Curvatures): Tuning {
  const rootMin = Math.sqrt(min);
  const rootMax = Math.sqrt(max);
  const rate = (rootMax - rootMin) / (rootMax + rootMin);
  return { lr: (2 / (rootMin + rootMax)) ** 2, momentum: rate * rate, rate };
}

/**
 * The measured rate over steps [from, to] of a run's losses: the per-step shrink of the distance
 * to the minimum, ((L_to − L*)/(L_from − L*))^(1/(2(to − from))).
 */
export function measuredRate(losses: ArrayLike<number>, minimumValue: number, from: number, to = losses.length - 1): number {
  const ratio = (losses[to]! - minimumValue) / (losses[from]! - minimumValue);
  return ratio ** (1 / (2 * (to - from)));
}

/** The loss theory predicts at each step from L₀ at a rate: L* + (L₀ − L*)·rate^(2t), for the dashed reference line. */
export function predictedLosses(initialLoss: number, minimumValue: number, rate: number, steps: number): Float64Array {
  return Float64Array.from({ length: steps + 1 }, (_, t) => minimumValue + (initialLoss - minimumValue) * rate ** (2 * t));
}

/** The Math Peek's steps for a run of SGD with momentum β (0 for gradient descent) at learning rate α. */
export function quadraticDerivations(lr: number, momentum: number, curvatures: Curvatures): Derivation[] {
  const [min, max] = curvatures;
  const kappa = max / min;
  const f = (value: number) => formatSignificant(value, 4);
  const best = momentum === 0 ? optimalGradientDescent(curvatures) : optimalMomentum(curvatures);
  const rate = momentum === 0 ? gradientDescentRate(lr, curvatures) : momentumRate(lr, momentum, curvatures);
  return [
    {
      label: 'Stability edge',
      formula: momentum === 0 ? 'α < 2/λ_max' : 'α < 2(1 + β)/λ_max',
      substituted: momentum === 0 ? `2/${f(max)}` : `2(1 + ${f(momentum)})/${f(max)}`,
      result: f(stabilityEdge({ momentum }) / max),
      source: GOH,
    },
    {
      label: 'Rate at this α',
      // Written as the Math Peek typesets it: symbols and fractions, no words between them.
      formula: momentum === 0 ? 'max(|1 − α·λ_min|, |1 − α·λ_max|)' : 'max |z|: z^2 − (1 + β − α·λ)·z + β = 0, λ = λ_min, λ_max',
      substituted: `α = ${f(lr)}${momentum === 0 ? '' : `, β = ${f(momentum)}`}, λ_min = ${f(min)}, λ_max = ${f(max)}`,
      result: f(rate),
      source: GOH,
    },
    momentum === 0
      ? {
          label: 'Best rate',
          formula: '(κ − 1)/(κ + 1)',
          substituted: `(${f(kappa)} − 1)/(${f(kappa)} + 1); α_best = 2/(λ_min + λ_max) = ${f(best.lr)}`,
          result: f(best.rate),
          source: GOH,
        }
      : {
          label: 'Best rate',
          formula: '(√κ − 1)/(√κ + 1)',
          substituted: `κ = ${f(kappa)}; α_best = (2/(√λ_min + √λ_max))^2 = ${f(best.lr)}; β_best = ((√κ − 1)/(√κ + 1))^2 = ${f(best.momentum)}`,
          result: f(best.rate),
          source: GOH,
        },
  ];
}
