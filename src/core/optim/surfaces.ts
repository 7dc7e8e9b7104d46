/**
 * Two-dimensional loss surfaces with exact gradients and known minima, the classic test functions
 * on which optimizers are compared. Definitions, minima and plotting regions follow the survey of
 * Jamil & Yang 2013, "A literature survey of benchmark functions for global optimization
 * problems" (https://arxiv.org/abs/1308.4008), and each function's original source, cited below.
 */
import { createRng } from '../shared/rng.js';

export interface Point {
  readonly x: number;
  readonly y: number;
}

export type SurfaceName = 'quadratic' | 'rosenbrock' | 'beale' | 'himmelblau' | 'booth' | 'saddle';

export const SURFACE_NAMES: readonly SurfaceName[] = ['quadratic', 'rosenbrock', 'beale', 'himmelblau', 'booth', 'saddle'];

/** Writes ∂f/∂x and ∂f/∂y at (x, y) into `out[0]` and `out[1]`. */
export type GradientOf = (x: number, y: number, out: Float64Array) => void;

export interface Surface {
  readonly name: SurfaceName;
  readonly label: string;
  /** The function as a reader would write it (plain text). */
  readonly formula: string;
  /** The region worth plotting: it holds the minima and the default start. */
  readonly domain: { readonly x: readonly [number, number]; readonly y: readonly [number, number] };
  /** A start from which the surface shows what it is for (a long valley, a choice of minima). */
  readonly start: Point;
  /** Every global minimum; empty when the surface has none (the saddle falls without bound). */
  readonly minima: readonly Point[];
  /** f at the minima, or undefined when there are none. */
  readonly minimumValue: number | undefined;
  readonly source: string;
  value(x: number, y: number): number;
  gradient: GradientOf;
}

export interface QuadraticSurface extends Surface {
  readonly name: 'quadratic';
  /** The Hessian's eigenvalues, smallest first: 1 and κ. */
  readonly curvatures: readonly [number, number];
}

/**
 * f = ½(λ₁u² + λ₂v²) with λ₁ = 1, λ₂ = κ, where u and v are the coordinates along the principal
 * axes turned by `angleDegrees` from x and y. With no rotation it is ½(x² + κy²): a valley along x
 * whose walls steepen with κ, Goh's (2017) model of ill-conditioning.
 */
export function quadratic(conditionNumber = 10, angleDegrees = 0): QuadraticSurface {
  if (!(conditionNumber >= 1)) throw new RangeError('the condition number must be at least 1');
  const angle = (angleDegrees * Math.PI) / 180;
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const kappa = conditionNumber;
  return {
    name: 'quadratic',
    label: `Quadratic, κ = ${kappa}`,
    formula: angleDegrees === 0 ? `½(x² + ${kappa}·y²)` : `½(u² + ${kappa}·v²), axes turned ${angleDegrees}°`,
    domain: { x: [-2, 2], y: [-2, 2] },
    start: { x: -1.8 * c - 0.4 * s, y: -1.8 * s + 0.4 * c },
    minima: [{ x: 0, y: 0 }],
    minimumValue: 0,
    curvatures: [1, kappa],
    source: 'Goh 2017, "Why Momentum Really Works", Distill, https://distill.pub/2017/momentum/',
    value(x, y) {
      const u = c * x + s * y;
      const v = -s * x + c * y;
      return 0.5 * (u * u + kappa * v * v);
    },
    gradient(x, y, out) {
      const u = c * x + s * y;
      const v = -s * x + c * y;
      out[0] = c * u - s * kappa * v;
      out[1] = s * u + c * kappa * v;
    },
  };
}

/** Rosenbrock 1960, "An automatic method for finding the greatest or least value of a function", Comput. J. 3(3). */
export const rosenbrock: Surface = {
  name: 'rosenbrock',
  label: 'Rosenbrock',
  formula: '(1 − x)² + 100(y − x²)²',
  domain: { x: [-2, 2], y: [-1, 3] },
  start: { x: -1.2, y: 1 }, // Rosenbrock's own start
  minima: [{ x: 1, y: 1 }],
  minimumValue: 0,
  source: 'Rosenbrock 1960, Comput. J. 3(3):175–184, https://doi.org/10.1093/comjnl/3.3.175',
  value: (x, y) => (1 - x) ** 2 + 100 * (y - x * x) ** 2,
  gradient(x, y, out) {
    const r = y - x * x;
    out[0] = -2 * (1 - x) - 400 * x * r;
    out[1] = 200 * r;
  },
};

/** Beale 1958; three squared terms (1.5, 2.25, 2.625 − x + x·yᵏ for k = 1, 2, 3). */
const BEALE_TERMS = [1.5, 2.25, 2.625] as const;

export const beale: Surface = {
  name: 'beale',
  label: 'Beale',
  formula: '(1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²',
  domain: { x: [-4.5, 4.5], y: [-4.5, 4.5] },
  start: { x: 0.5, y: 2 },
  minima: [{ x: 3, y: 0.5 }],
  minimumValue: 0,
  source: 'Beale 1958, "On an iterative method for finding a local minimum of a function of more than one variable", Princeton Univ. Tech. Rep. 25; Jamil & Yang 2013',
  value: (x, y) => BEALE_TERMS.reduce((sum, a, k) => sum + (a - x + x * y ** (k + 1)) ** 2, 0),
  gradient(x, y, out) {
    out[0] = 0;
    out[1] = 0;
    BEALE_TERMS.forEach((a, k) => {
      const power = k + 1;
      const residual = a - x + x * y ** power;
      out[0] += 2 * residual * (y ** power - 1);
      out[1] += 2 * residual * power * x * y ** (power - 1);
    });
  },
};

/** Himmelblau 1972, "Applied Nonlinear Programming" (McGraw-Hill): four minima of value 0. */
export const himmelblau: Surface = {
  name: 'himmelblau',
  label: 'Himmelblau',
  formula: '(x² + y − 11)² + (x + y² − 7)²',
  domain: { x: [-5, 5], y: [-5, 5] },
  start: { x: 0, y: 0 },
  // (3, 2) is exact; the others are roots of the cubic system, to double precision.
  minima: [
    { x: 3, y: 2 },
    { x: -2.805118086952745, y: 3.131312518250573 },
    { x: -3.779310253377747, y: -3.2831859912861696 },
    { x: 3.5844283403304917, y: -1.8481265269644034 },
  ],
  minimumValue: 0,
  source: 'Himmelblau 1972, "Applied Nonlinear Programming", McGraw-Hill; Jamil & Yang 2013',
  value: (x, y) => (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2,
  gradient(x, y, out) {
    const a = x * x + y - 11;
    const b = x + y * y - 7;
    out[0] = 4 * x * a + 2 * b;
    out[1] = 2 * a + 4 * y * b;
  },
};

export const booth: Surface = {
  name: 'booth',
  label: 'Booth',
  formula: '(x + 2y − 7)² + (2x + y − 5)²',
  domain: { x: [-10, 10], y: [-10, 10] },
  start: { x: -8, y: -6 },
  minima: [{ x: 1, y: 3 }],
  minimumValue: 0,
  source: 'Jamil & Yang 2013, https://arxiv.org/abs/1308.4008',
  value: (x, y) => (x + 2 * y - 7) ** 2 + (2 * x + y - 5) ** 2,
  gradient(x, y, out) {
    const a = x + 2 * y - 7;
    const b = 2 * x + y - 5;
    out[0] = 2 * a + 4 * b;
    out[1] = 4 * a + 2 * b;
  },
};

/** x² − y²: zero gradient at the origin, which is no minimum; a start just off y = 0 escapes slowly. */
export const saddle: Surface = {
  name: 'saddle',
  label: 'Saddle',
  formula: 'x² − y²',
  domain: { x: [-2, 2], y: [-2, 2] },
  start: { x: 1.5, y: 0.01 },
  minima: [],
  minimumValue: undefined,
  source: 'the standard saddle point; Dauphin et al. 2014, https://arxiv.org/abs/1406.2572, on why saddles slow training',
  value: (x, y) => x * x - y * y,
  gradient(x, y, out) {
    out[0] = 2 * x;
    out[1] = -2 * y;
  },
};

export interface SurfaceOptions {
  /** The quadratic's κ = λ_max/λ_min. */
  conditionNumber?: number;
  /** The quadratic's rotation of its principal axes, in degrees. */
  angleDegrees?: number;
}

export function createSurface(name: SurfaceName, options: SurfaceOptions = {}): Surface {
  switch (name) {
    case 'quadratic':
      return quadratic(options.conditionNumber, options.angleDegrees);
    case 'rosenbrock':
      return rosenbrock;
    case 'beale':
      return beale;
    case 'himmelblau':
      return himmelblau;
    case 'booth':
      return booth;
    case 'saddle':
      return saddle;
  }
}

/**
 * A stochastic gradient: the exact gradient plus independent Gaussian noise of standard deviation
 * `scale` on each coordinate, drawn from a generator seeded with `seed`, a model of minibatch
 * noise. Each call of this function starts the stream afresh, so a run that makes its own oracle
 * is repeatable bit for bit.
 */
export function noisyGradient(surface: Surface, scale: number, seed: number): GradientOf {
  const rng = createRng(seed);
  return (x, y, out) => {
    surface.gradient(x, y, out);
    out[0] += scale * rng.normal();
    out[1] += scale * rng.normal();
  };
}

/**
 * The largest eigenvalue of the Hessian at (x, y), from central differences of the exact
 * gradient: gradient descent is stable near a point only while the learning rate times it is
 * below 2. Exact for the quadratic up to rounding.
 */
export function largestCurvature(surface: Surface, x: number, y: number): number {
  const h = 1e-5 * Math.max(1, Math.abs(x), Math.abs(y));
  const plus = new Float64Array(2);
  const minus = new Float64Array(2);
  surface.gradient(x + h, y, plus);
  surface.gradient(x - h, y, minus);
  const fxx = (plus[0]! - minus[0]!) / (2 * h);
  const fyx = (plus[1]! - minus[1]!) / (2 * h);
  surface.gradient(x, y + h, plus);
  surface.gradient(x, y - h, minus);
  const fxy = (plus[0]! - minus[0]!) / (2 * h);
  const fyy = (plus[1]! - minus[1]!) / (2 * h);
  const mean = (fxx + fyy) / 2;
  const offDiagonal = (fxy + fyx) / 2;
  return mean + Math.hypot((fxx - fyy) / 2, offDiagonal);
}
