/**
 * Everything the optimizer lab (`<ml-optim-landscape>`) shows for a state: the surface over the
 * region worth drawing, each raced optimizer's run with its outcome in words, how far it got and
 * how fast, the quadratic's predicted and measured rates (Goh 2017), and the Math Peek's
 * derivations. Pure and synchronous: every run is float64 on two coordinates, a few
 * milliseconds for the largest race. Its state is declared in ./lab.ts.
 */
import type { OptimizerConfig } from '../nn/optimizers.js';
import type { Derivation } from '../shared/derivation.js';
import { formatSignificant } from '../shared/format.js';
import { niceStep } from '../shared/rounding.js';
import { Run, type RunStop } from './run.js';
import { createSurface, largestCurvature, type Point, type QuadraticSurface, type Surface } from './surfaces.js';
import { gradientDescentRate, measuredRate, momentumRate, predictedLosses, quadraticDerivations, stabilityEdge } from './theory.js';
import { optimLandscapeSchema, optimizerConfig, optimizerLabels, outcomeLabels, type OptimLandscapeState, type Outcome, type RaceOptimizer } from './lab.js';

/** A run has converged once its loss is this fraction of its starting gap to the minimum, or less. */
export const TOLERANCE = 1e-4;

/** The region drawn and the surface's values over it, cell centres row by row from the top. */
export interface SurfaceView {
  surface: Surface;
  /** x from left to right, y from bottom to top. */
  extent: { x: [number, number]; y: [number, number] };
  rows: number;
  cols: number;
  /** L − L* (the gap to the minimum) where the surface has one, else the loss itself. */
  values: Float32Array;
  /** Whether `values` are gaps to the minimum (≥ 0, drawn on a log scale) or signed losses. */
  gaps: boolean;
}

/** One optimizer's run and what the lab says about it. */
export interface RaceRun {
  name: RaceOptimizer;
  label: string;
  config: OptimizerConfig;
  xs: Float64Array;
  ys: Float64Array;
  losses: Float64Array;
  /** L − L* at each step, or the loss itself on a surface with no minimum. */
  gaps: Float64Array;
  stop?: RunStop;
  outcome: Outcome;
  /** The outcome in words, with the numbers (a divergence's reason, from run.ts). */
  outcomeText: string;
  /** The first step at which the gap is within TOLERANCE of the starting gap. */
  stepsToTolerance?: number;
  /** The gap at the last step (the loss, on a surface with no minimum). */
  finalGap: number;
  /** The minimum nearest the last point, and how far it is; none after a divergence or on a surface with none. */
  nearest?: { point: Point; distance: number };
  /** Gradient descent and heavy-ball momentum on the quadratic: Goh's rate beside the one measured. */
  theory?: RateCheck;
}

export interface RateCheck {
  /** Per step, of the distance to the minimum (the gap shrinks by its square). */
  predictedRate: number;
  /** Measured over the second half of the run; absent when noise or too few steps leave nothing to measure. */
  measuredRate?: number;
  /** The steps [s, t] it was measured over. */
  measuredOver?: [number, number];
  /** The gap theory predicts at each step from the starting one, for the dashed reference line. */
  predictedGaps: Float64Array;
  /** The largest stable learning rate, 2/λ_max for gradient descent, 2(1 + β)/λ_max with momentum. */
  edge: number;
}

export interface OptimLandscapeResult {
  view: SurfaceView;
  runs: RaceRun[];
  /** The first optimizer within the tolerance (the first listed among ties), or none. */
  fastest: RaceOptimizer | 'none';
  /** The Hessian's largest eigenvalue at the start: where gradient descent's step must begin below 2/λ. */
  curvatureAtStart: number;
  /** The Math Peek: each update rule with the numbers in, the stability edge and the rates. */
  derivations: Derivation[];
  /** What the runs assume that a reader might not (defaults kept, forms changed), one sentence each. */
  notes: string[];
}

/** Cells across the drawn region: at a map's largest, about three pixels each, and the level lines hide the bands' steps. */
const GRID_COLUMNS = 160;
/** The region is widened to hold the start with this share of its width to spare. */
const START_MARGIN = 0.06;

const PYTORCH = 'PyTorch documentation, torch.optim';
/** A number for the Math Peek: three significant digits, a small one as a power of ten (ε = 10^-8), as it typesets. */
const f = (value: number) => {
  if (value === 0 || Math.abs(value) >= 1e-4) return formatSignificant(value);
  const exponent = Math.floor(Math.log10(Math.abs(value)));
  const mantissa = Number((value / 10 ** exponent).toPrecision(3));
  return mantissa === 1 ? `10^${exponent}` : `${mantissa}·10^${exponent}`;
};

/** The surface a state names (the quadratic with its condition number and rotation). */
export function surfaceOf(state: OptimLandscapeState): Surface {
  return createSurface(state.surface, { conditionNumber: state.conditionNumber, angleDegrees: state.rotation });
}

/** The surface's plotting region, widened where the start lies outside it (with room to spare). */
export function viewExtent(surface: Surface, start: Point): SurfaceView['extent'] {
  const widen = ([low, high]: readonly [number, number], at: number): [number, number] => {
    const margin = START_MARGIN * (high - low);
    return [at < low ? at - margin : low, at > high ? at + margin : high];
  };
  return { x: widen(surface.domain.x, start.x), y: widen(surface.domain.y, start.y) };
}

/** How far one arrow key moves the start: a round step near a fortieth of the drawn region's width. */
export function startStep(extent: SurfaceView['extent']): number {
  return niceStep((extent.x[1] - extent.x[0]) / 40);
}

/**
 * A start the reader placed, on a grid of a tenth of that step (so an attribute reads
 * `-1.23,0.4`), inside the region drawn and the range the attribute takes.
 */
export function snapStart(point: Point, extent: SurfaceView['extent']): [number, number] {
  const grid = startStep(extent) / 10;
  const { min, max } = optimLandscapeSchema.params.start;
  const snap = (value: number, [low, high]: readonly [number, number], axis: 0 | 1) => {
    const snapped = Number((Math.round(Math.min(Math.max(value, low), high) / grid) * grid).toPrecision(12));
    return Math.min(Math.max(snapped, min[axis]), max[axis]);
  };
  return [snap(point.x, extent.x, 0), snap(point.y, extent.y, 1)];
}

/** The last view made: moving a learning rate redraws the paths, not the surface. */
let lastView: { key: string; view: SurfaceView } | undefined;

/** The surface's values over its region (see SurfaceView), made again only when the surface or region changes. */
export function surfaceView(surface: Surface, extent: SurfaceView['extent']): SurfaceView {
  const key = JSON.stringify([surface.formula, surface.name, extent]);
  if (lastView?.key === key) return lastView.view;
  const [x0, x1] = extent.x;
  const [y0, y1] = extent.y;
  const cols = GRID_COLUMNS;
  const rows = Math.min(Math.max(Math.round((cols * (y1 - y0)) / (x1 - x0)), 20), 2 * GRID_COLUMNS);
  const floor = surface.minimumValue;
  const values = new Float32Array(rows * cols);
  for (let row = 0; row < rows; row++) {
    const y = y1 - ((row + 0.5) / rows) * (y1 - y0);
    for (let col = 0; col < cols; col++) {
      const x = x0 + ((col + 0.5) / cols) * (x1 - x0);
      const value = surface.value(x, y);
      values[row * cols + col] = floor === undefined ? value : Math.max(value - floor, 0);
    }
  }
  const view = { surface, extent, rows, cols, values, gaps: floor !== undefined };
  lastView = { key, view };
  return view;
}

export function evaluate(state: OptimLandscapeState): OptimLandscapeResult {
  const surface = surfaceOf(state);
  const start = { x: state.start[0], y: state.start[1] };
  const view = surfaceView(surface, viewExtent(surface, start));
  const noise = state.noise > 0 ? { scale: state.noise, seed: state.seed } : undefined;
  const runs = state.optimizers.map((name) => {
    const config = optimizerConfig(name, state);
    const run = new Run({ surface, optimizer: config, start, steps: state.steps, noise }).advance(state.steps).result();
    return describeRun(name, config, run, surface, state);
  });
  const reached = runs.filter((run) => run.stepsToTolerance !== undefined);
  const fastest = reached.length ? reached.reduce((best, run) => (run.stepsToTolerance! < best.stepsToTolerance! ? run : best)).name : 'none';
  const curvatureAtStart = largestCurvature(surface, start.x, start.y);
  return {
    view,
    runs,
    fastest,
    curvatureAtStart,
    derivations: derivations(state, surface, runs, curvatureAtStart),
    notes: notes(state),
  };
}

function describeRun(name: RaceOptimizer, config: OptimizerConfig, run: ReturnType<Run['result']>, surface: Surface, state: OptimLandscapeState): RaceRun {
  const floor = surface.minimumValue;
  const gaps = floor === undefined ? Float64Array.from(run.losses) : run.losses.map((loss) => loss - floor);
  const last = gaps.length - 1;
  const target = TOLERANCE * gaps[0]!;
  const reachedAt = floor === undefined ? -1 : gaps.findIndex((gap) => gap <= target);
  const stepsToTolerance = reachedAt >= 0 ? reachedAt : undefined;
  const finalGap = gaps[last]!;
  const diverged = run.stop?.kind === 'diverged' || run.stop?.kind === 'nan';
  const outcome: Outcome = diverged
    ? 'diverges'
    : run.stop?.kind === 'escaped'
      ? 'escapes'
      : floor !== undefined && finalGap <= target
        ? 'converges'
        : 'not-yet';
  const end = { x: run.xs[last]!, y: run.ys[last]! };
  const nearest = diverged ? undefined : nearestMinimum(surface, end);
  return {
    name,
    label: optimizerLabels[name],
    config,
    ...run,
    stop: run.stop,
    gaps,
    outcome,
    outcomeText: outcomeText(outcome, run.stop, stepsToTolerance, finalGap, last, floor !== undefined),
    stepsToTolerance,
    finalGap,
    nearest,
    theory: rateCheck(name, config, surface, gaps, state),
  };
}

function outcomeText(outcome: Outcome, stop: RunStop | undefined, reached: number | undefined, finalGap: number, steps: number, hasMinimum: boolean): string {
  if (stop) return `${outcomeLabels[outcome]}: ${stop.reason}.`;
  if (!hasMinimum) return `No minimum to reach: the loss is ${f(finalGap)} after ${steps} steps.`;
  if (outcome === 'converges') return `Within the tolerance from step ${reached}; ${f(finalGap)} above the minimum at step ${steps}.`;
  const visited = reached === undefined ? '' : `; it was within the tolerance at step ${reached} but did not stay`;
  return `Still ${f(finalGap)} above the minimum after ${steps} steps${visited}.`;
}

function nearestMinimum(surface: Surface, point: Point): RaceRun['nearest'] {
  let best: RaceRun['nearest'];
  for (const minimum of surface.minima) {
    const distance = Math.hypot(point.x - minimum.x, point.y - minimum.y);
    if (!best || distance < best.distance) best = { point: minimum, distance };
  }
  return best;
}

/** The quadratic's curvatures as the step sees them: L2 weight decay adds λ to each. */
function stepCurvatures(surface: QuadraticSurface, state: OptimLandscapeState): [number, number] {
  return [surface.curvatures[0] + state.weightDecay, surface.curvatures[1] + state.weightDecay];
}

/** Whether Goh's theory describes this optimizer as run: gradient descent or heavy-ball momentum on the quadratic. */
function heavyBall(name: RaceOptimizer, config: OptimizerConfig, surface: Surface): config is Extract<OptimizerConfig, { type: 'sgd' }> {
  return surface.name === 'quadratic' && (name === 'sgd' || name === 'momentum') && config.type === 'sgd';
}

function rateCheck(name: RaceOptimizer, config: OptimizerConfig, surface: Surface, gaps: Float64Array, state: OptimLandscapeState): RateCheck | undefined {
  if (!heavyBall(name, config, surface)) return undefined;
  const curvatures = stepCurvatures(surface as QuadraticSurface, state);
  const momentum = config.momentum ?? 0;
  const predictedRate = momentum === 0 ? gradientDescentRate(config.lr, curvatures) : momentumRate(config.lr, momentum, curvatures);
  const predictedGaps = predictedLosses(gaps[0]!, 0, predictedRate, state.steps);
  // Measured where the slowest direction has taken over (the second half) and before the gap
  // underflows; noise sets a floor of its own, which no rate describes.
  let last = gaps.length - 1;
  while (last > 0 && !(gaps[last]! > 1e-250)) last--;
  const from = Math.floor(last / 2);
  const measurable = state.noise === 0 && last - from >= 4 && Number.isFinite(gaps[last]!);
  const check: RateCheck = { predictedRate, predictedGaps, edge: stabilityEdge({ momentum }) / curvatures[1] };
  return measurable ? { ...check, measuredRate: measuredRate(gaps, 0, from, last), measuredOver: [from, last] } : check;
}

/** Each optimizer's update as PyTorch documents it, with the state's numbers. */
function updateRule(name: RaceOptimizer, state: OptimLandscapeState): Derivation {
  const { learningRate: lr, momentum, beta1, beta2, eps, weightDecay: decay } = state;
  const g = decay > 0 ? 'g = ∇f + λθ; ' : 'g = ∇f; ';
  const rules: Record<RaceOptimizer, { formula: string; substituted: string; source: string }> = {
    sgd: { formula: `${g}θ ← θ − α·g`, substituted: `α = ${f(lr)}, λ = ${f(decay)}`, source: `${PYTORCH}.SGD` },
    momentum: { formula: `${g}b ← β·b + g; θ ← θ − α·b`, substituted: `α = ${f(lr)}, β = ${f(momentum)}, λ = ${f(decay)}`, source: `${PYTORCH}.SGD` },
    nesterov: {
      formula: momentum > 0 ? `${g}b ← β·b + g; θ ← θ − α·(g + β·b)` : `${g}θ ← θ − α·g`,
      substituted: `α = ${f(lr)}, β = ${f(momentum)}, λ = ${f(decay)}`,
      source: `${PYTORCH}.SGD (nesterov=True)`,
    },
    adagrad: { formula: `${g}s ← s + g^2; θ ← θ − α·g/(√s + ε)`, substituted: `α = ${f(lr)}, ε = ${f(eps)}, λ = ${f(decay)}`, source: `${PYTORCH}.Adagrad` },
    rmsprop: { formula: `${g}v ← ρ·v + (1 − ρ)·g^2; θ ← θ − α·g/(√v + ε)`, substituted: `α = ${f(lr)}, ρ = 0.99, ε = ${f(eps)}, λ = ${f(decay)}`, source: `${PYTORCH}.RMSprop (ρ is its alpha)` },
    adam: {
      formula: `${g}m ← β_1·m + (1 − β_1)·g; v ← β_2·v + (1 − β_2)·g^2; θ ← θ − α·m̂/(√v̂ + ε)`,
      substituted: `α = ${f(lr)}, β_1 = ${f(beta1)}, β_2 = ${f(beta2)}, ε = ${f(eps)}, λ = ${f(decay)}; m̂ = m/(1 − β_1^t), v̂ = v/(1 − β_2^t)`,
      source: `${PYTORCH}.Adam`,
    },
    adamw: {
      formula: 'θ ← θ − α·λ·θ; m ← β_1·m + (1 − β_1)·∇f; v ← β_2·v + (1 − β_2)·(∇f)^2; θ ← θ − α·m̂/(√v̂ + ε)',
      substituted: `α = ${f(lr)}, β_1 = ${f(beta1)}, β_2 = ${f(beta2)}, ε = ${f(eps)}, λ = ${f(decay)}`,
      source: `${PYTORCH}.AdamW`,
    },
    lion: {
      formula: 'c = β_1·m + (1 − β_1)·∇f; θ ← θ − α·(sign(c) + λ·θ); m ← β_2·m + (1 − β_2)·∇f',
      substituted: `α = ${f(lr)}, β_1 = 0.9, β_2 = 0.99, λ = ${f(decay)}`,
      source: 'Chen et al. 2023, "Symbolic Discovery of Optimization Algorithms", Algorithm 2, https://arxiv.org/abs/2302.06675',
    },
  };
  return { label: `${optimizerLabels[name]}: one step`, ...rules[name] };
}

/** Every result a derivation of the runs' rates or edge would give away, kept back while one is predicted. */
const RUN_RESULTS = ['outcome', 'stepsToTolerance', 'finalLoss', 'fastest'];

function derivations(state: OptimLandscapeState, surface: Surface, runs: RaceRun[], curvatureAtStart: number): Derivation[] {
  const steps: Derivation[] = state.optimizers.map((name) => updateRule(name, state));
  if (surface.name === 'quadratic') {
    const quadratic = surface as QuadraticSurface;
    const curvatures = stepCurvatures(quadratic, state);
    for (const run of runs) {
      if (!run.theory) continue;
      const momentum = run.name === 'momentum' ? state.momentum : 0;
      for (const step of quadraticDerivations(state.learningRate, momentum, curvatures)) {
        steps.push({ ...step, label: `${run.label}: ${step.label.toLowerCase()}`, reveals: RUN_RESULTS });
      }
      const { measuredRate: measured, measuredOver } = run.theory;
      if (measured !== undefined && measuredOver) {
        const [from, last] = measuredOver;
        steps.push({
          label: `${run.label}: measured rate`,
          formula: '((L_t − L_min)/(L_s − L_min))^(1/(2·(t − s)))',
          substituted: `((${f(run.gaps[last]!)})/(${f(run.gaps[from]!)}))^(1/(2·(${last} − ${from})))`,
          result: f(measured),
          reveals: RUN_RESULTS,
        });
      }
    }
    if (state.weightDecay > 0) {
      steps.push({
        label: 'Curvatures the step sees (L2 weight decay adds to every one)',
        formula: 'λ_i + λ_decay',
        substituted: `${f(quadratic.curvatures[0])} + ${f(state.weightDecay)}, ${f(quadratic.curvatures[1])} + ${f(state.weightDecay)}`,
        result: `${f(curvatures[0])}, ${f(curvatures[1])}`,
      });
    }
  } else {
    steps.push({
      label: 'Largest curvature at the start',
      formula: 'λ_max(∇^2 f(x_0, y_0))',
      substituted: `(x_0, y_0) = (${f(state.start[0])}, ${f(state.start[1])})`,
      result: f(curvatureAtStart),
      source: 'central differences of the exact gradient',
    });
    if (curvatureAtStart > 0) {
      steps.push({
        label: 'Gradient descent’s stability edge there (near the start only: the curvature changes along the way)',
        formula: 'α < 2/λ_max',
        substituted: `2/${f(curvatureAtStart)}`,
        result: f(2 / curvatureAtStart),
        source: 'Goh 2017, "Why Momentum Really Works", https://distill.pub/2017/momentum/',
        reveals: RUN_RESULTS,
      });
    }
  }
  steps.push({
    label: 'Tolerance',
    formula: 'L_t − L_min ≤ 10^-4·(L_0 − L_min)',
    substituted: surface.minimumValue === undefined ? 'the saddle has no minimum' : `L_min = ${f(surface.minimumValue)}`,
  });
  return steps;
}

function notes(state: OptimLandscapeState): string[] {
  const raced = (name: RaceOptimizer) => state.optimizers.includes(name);
  const notes: string[] = [];
  if (raced('nesterov') && state.momentum === 0) notes.push('Nesterov with momentum 0 is plain gradient descent (PyTorch refuses it; the lab runs SGD in its place).');
  if (raced('rmsprop')) notes.push('RMSprop keeps PyTorch’s smoothing α = 0.99 (written ρ here, since α is the learning rate).');
  if (raced('adagrad')) notes.push('Adagrad takes the lab’s ε, 10⁻⁸ by default; PyTorch’s own default is 10⁻¹⁰.');
  if (raced('lion')) notes.push('Lion keeps its paper’s β₁ = 0.9, β₂ = 0.99; its step is ±α in every coordinate whatever the gradient’s size.');
  if (state.weightDecay > 0) notes.push('Weight decay adds λθ to the gradient (L2) for every optimizer but AdamW and Lion, which shrink θ directly (decoupled).');
  if (state.noise > 0) notes.push(`Each gradient has Gaussian noise of standard deviation ${f(state.noise)} added to each coordinate (seed ${state.seed}); the loss shown is the exact loss at each noisy step.`);
  return notes;
}
