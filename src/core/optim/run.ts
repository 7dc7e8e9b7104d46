/**
 * An optimizer travelling a surface: the engine's optimizers (src/core/nn/optimizers.ts) move one
 * float64 point, so a run follows PyTorch's documented arithmetic exactly. A run that blows up is
 * stopped at once with its reason in words fitted to the optimizer, never left to spin on NaN.
 * Runs are step functions: `new Run(spec).advance(n)` for a view that animates, or `runSteps`
 * (core/shared/steps.ts) for the worker and tests.
 */
import { createOptimizer, type Optimizer, type OptimizerConfig } from '../nn/optimizers.js';
import { formatSignificant } from '../shared/format.js';
import type { Steps } from '../shared/steps.js';
import { largestCurvature, noisyGradient, type GradientOf, type Point, type Surface } from './surfaces.js';
import { stabilityEdge, stabilityEdgeText } from './theory.js';

export interface RunSpec {
  surface: Surface;
  optimizer: OptimizerConfig;
  start: Point;
  steps: number;
  /** Gaussian noise added to each gradient coordinate (a stochastic gradient), seeded. */
  noise?: { scale: number; seed: number };
}

/**
 * Why a run stopped early: `diverged` (the loss or the point ran away), `nan` (an overflow), or
 * `escaped` (it left the region while the loss kept falling: the surface is unbounded below).
 */
export interface RunStop {
  kind: 'diverged' | 'nan' | 'escaped';
  step: number;
  reason: string;
}

export interface RunResult {
  xs: Float64Array;
  ys: Float64Array;
  losses: Float64Array;
  stop: RunStop | undefined;
}

/** A point this many half-diagonals of the region from its centre has run away. */
const RUNAWAY_DISTANCE = 100;
/** A loss this many times its starting excess over the minimum has run away. */
const RUNAWAY_LOSS = 1e6;

/** One optimizer on one surface, advanced a few steps at a time. */
export class Run {
  readonly optimizer: Optimizer;
  /** Visited points and their exact losses, the start first. */
  readonly xs: number[];
  readonly ys: number[];
  readonly losses: number[];
  stop: RunStop | undefined;
  private readonly point: Float64Array;
  private readonly grad = new Float64Array(2);
  private readonly gradient: GradientOf;

  constructor(readonly spec: RunSpec) {
    const { surface, noise, start } = spec;
    this.point = Float64Array.of(start.x, start.y);
    this.optimizer = createOptimizer([{ data: this.point, grad: this.grad }], spec.optimizer);
    this.gradient = noise && noise.scale > 0 ? noisyGradient(surface, noise.scale, noise.seed) : surface.gradient;
    this.xs = [start.x];
    this.ys = [start.y];
    this.losses = [surface.value(start.x, start.y)];
  }

  get done(): boolean {
    return this.stop !== undefined || this.optimizer.steps >= this.spec.steps;
  }

  /** Takes up to n more steps (fewer if the run ends or stops). */
  advance(n: number): this {
    const { point, grad } = this;
    for (let i = 0; i < n && !this.done; i++) {
      this.gradient(point[0]!, point[1]!, grad);
      this.optimizer.step();
      this.xs.push(point[0]!);
      this.ys.push(point[1]!);
      this.losses.push(this.spec.surface.value(point[0]!, point[1]!));
      this.stop = checkStop(this, grad);
    }
    return this;
  }

  result(): RunResult {
    return { xs: Float64Array.from(this.xs), ys: Float64Array.from(this.ys), losses: Float64Array.from(this.losses), stop: this.stop };
  }
}

/** A whole run as steps of `chunk` optimizer steps each, yielding the share done. */
export function* runSteps(spec: RunSpec, chunk = 500): Steps<RunResult> {
  const run = new Run(spec);
  while (!run.done) {
    run.advance(chunk);
    yield run.optimizer.steps / spec.steps;
  }
  return run.result();
}

function checkStop(run: Run, grad: Float64Array): RunStop | undefined {
  const { surface } = run.spec;
  const step = run.optimizer.steps;
  const last = run.losses.length - 1;
  const x = run.xs[last]!;
  const y = run.ys[last]!;
  const loss = run.losses[last]!;
  if (!Number.isFinite(x) || !Number.isFinite(y) || !Number.isFinite(loss)) {
    return { kind: 'nan', step, reason: `${nanText(x, y, loss, step)}; ${diagnose(run, grad)}` };
  }
  const { x: [x0, x1], y: [y0, y1] } = surface.domain;
  const halfDiagonal = Math.hypot(x1 - x0, y1 - y0) / 2;
  const away = Math.hypot(x - (x0 + x1) / 2, y - (y0 + y1) / 2) > RUNAWAY_DISTANCE * halfDiagonal;
  const initial = run.losses[0]!;
  if (away && loss < initial) {
    return { kind: 'escaped', step, reason: `step ${step}: left the region while the loss kept falling, to ${formatSignificant(loss)}: the surface has no minimum that way` };
  }
  const floor = surface.minimumValue;
  // Measured against the surface's own scale too: a run that starts at a minimum has no excess
  // loss of its own, and any noise would otherwise read as a runaway.
  const corners = [surface.value(x0, y0), surface.value(x0, y1), surface.value(x1, y0), surface.value(x1, y1)];
  const scale = floor === undefined ? 0 : Math.max(initial - floor, ...corners.map((value) => value - floor));
  const lossRanAway = floor !== undefined && loss - floor > RUNAWAY_LOSS * scale;
  if (away || lossRanAway) return { kind: 'diverged', step, reason: diagnose(run, grad) };
  return undefined;
}

function nanText(x: number, y: number, loss: number, step: number): string {
  if (Number.isNaN(x) || Number.isNaN(y)) return `step ${step}: the point became NaN`;
  if (!Number.isFinite(x) || !Number.isFinite(y)) return `step ${step}: the point overflowed to (${x}, ${y})`;
  return `step ${step}: the loss overflowed to ${loss}`;
}

const NAMES: Record<OptimizerConfig['type'], string> = { sgd: 'SGD', adam: 'Adam', adamw: 'AdamW', rmsprop: 'RMSprop', adagrad: 'Adagrad', lion: 'Lion' };
const f = (value: number) => formatSignificant(value);

/** The reason a run ran away, in the terms of its optimizer. */
function diagnose(run: Run, grad: Float64Array): string {
  const config = run.spec.optimizer;
  const step = run.optimizer.steps;
  const growth = lossGrowth(run);
  switch (config.type) {
    case 'sgd':
      return sgdReason(run, step, growth);
    case 'lion': {
      const decay = config.weightDecay ?? 0;
      const product = run.optimizer.lr * decay;
      if (product > 2) return `step ${step}: the learning rate times the weight decay, ${f(product)}, passed 2`;
      return `step ${step}: ${growth}; Lion moves every coordinate by the learning rate, ${f(run.optimizer.lr)}, at each step, whatever the gradient's size`;
    }
    default:
      return adaptiveReason(run, step, growth, grad);
  }
}

/** Index where the final streak of rising losses began (the last point before the run turned away). */
function riseStart(losses: readonly number[]): number {
  let k = losses.length - 1;
  while (k > 0 && !(losses[k - 1]! >= losses[k]!)) k--;
  return k;
}

function lossGrowth(run: Run): string {
  const k = riseStart(run.losses);
  return `the loss grew from ${f(run.losses[k]!)} at step ${k} to ${f(run.losses[run.losses.length - 1]!)}`;
}

/**
 * Gradient descent and momentum run away where the learning rate times the curvature passes the
 * stability edge (theory.ts). On the quadratic the curvature is the same everywhere; elsewhere the
 * first point of the rising streak where the product passed the edge is named.
 */
function sgdReason(run: Run, step: number, growth: string): string {
  const config = run.spec.optimizer as Extract<OptimizerConfig, { type: 'sgd' }>;
  const { surface } = run.spec;
  const options = { momentum: config.momentum ?? 0, dampening: config.dampening ?? 0, nesterov: config.nesterov ?? false };
  const edge = stabilityEdge(options);
  const decay = config.weightDecay ?? 0;
  const lr = run.optimizer.lr;
  const start = riseStart(run.losses);
  let worst = { product: -Infinity, index: start };
  for (let i = start; i < run.xs.length && !(worst.product > edge); i++) {
    if (!Number.isFinite(run.xs[i]!) || !Number.isFinite(run.ys[i]!)) break;
    const product = lr * (largestCurvature(surface, run.xs[i]!, run.ys[i]!) + decay);
    if (product > worst.product) worst = { product, index: i };
  }
  const curvature = decay === 0 ? 'the largest curvature' : 'the largest curvature plus the weight decay';
  if (!(worst.product > edge)) return `step ${step}: ${growth}, though the learning rate times ${curvature} stayed below ${stabilityEdgeText(options)}`;
  const where = surface.name === 'quadratic' ? '' : ` at (${f(run.xs[worst.index]!)}, ${f(run.ys[worst.index]!)})`;
  return `step ${step}: the learning rate times ${curvature}${where}, ${f(worst.product)}, passed ${stabilityEdgeText(options)}`;
}

/**
 * Adaptive methods divide each coordinate's step by a running root mean square of its gradients;
 * they run away where that divisor is small, so the reason names the coordinate that took the
 * largest step and the scale γ/(divisor + ε) it was given.
 */
function adaptiveReason(run: Run, step: number, growth: string, grad: Float64Array): string {
  const last = run.xs.length - 1;
  const dx = Math.abs(run.xs[last]! - run.xs[last - 1]!);
  const dy = Math.abs(run.ys[last]! - run.ys[last - 1]!);
  const axis = dy > dx ? 1 : 0;
  const name = NAMES[run.spec.optimizer.type];
  const { divisor, symbol, eps } = divisorOf(run, axis);
  const scale = run.optimizer.lr / (divisor + eps);
  return (
    `step ${step}: ${growth}; the largest step, ${f(Math.max(dx, dy))}, was in ${axis ? 'y' : 'x'}, where the gradient was ${f(grad[axis]!)}` +
    ` and ${name} scaled it by γ/(${symbol} + ε) = ${f(scale)}, with ${symbol} = ${f(divisor)}`
  );
}

function divisorOf(run: Run, axis: number): { divisor: number; symbol: string; eps: number } {
  const config = run.spec.optimizer;
  const { state, steps } = run.optimizer;
  const at = (key: string) => state[key]![0]![axis]!;
  switch (config.type) {
    case 'adam':
    case 'adamw': {
      const beta2 = config.betas?.[1] ?? 0.999;
      const v = config.amsgrad ? at('maxExpAvgSq') : at('expAvgSq');
      return { divisor: Math.sqrt(v / (1 - beta2 ** steps)), symbol: '√v̂', eps: config.eps ?? 1e-8 };
    }
    case 'rmsprop': {
      const mean = config.centered ? at('gradAvg') : 0;
      return { divisor: Math.sqrt(at('squareAvg') - mean * mean), symbol: config.centered ? '√(v − ḡ²)' : '√v', eps: config.eps ?? 1e-8 };
    }
    case 'adagrad': {
      const decayed = 1 + (steps - 1) * (config.lrDecay ?? 0);
      return { divisor: Math.sqrt(at('sum')) * decayed, symbol: config.lrDecay ? '(1 + (t − 1)η)·√s' : '√s', eps: (config.eps ?? 1e-10) * decayed };
    }
    default:
      throw new Error(`${config.type} is not adaptive`);
  }
}
