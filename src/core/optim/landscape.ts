/**
 * A trained network's loss on a plane through its weights, as Li et al. draw it ("Visualizing
 * the Loss Landscape of Neural Nets", NeurIPS 2018, https://arxiv.org/abs/1712.09913):
 * L(θ* + α·δ + β·η) over a grid of (α, β), where θ* are the trained weights and δ, η two random
 * directions, **filter-normalised** (the paper's Section 4): each direction is drawn from a
 * Gaussian, then every filter of it (a convolution's output filter, a linear layer's row: the
 * weights that make one feature map or one neuron) is rescaled to the norm of the trained
 * weights' same filter, d_ij ← d_ij/‖d_ij‖·‖θ_ij‖. Without it, a network whose weights are
 * small looks sharp and one whose weights are large looks flat, whatever its minimum is like.
 * One-dimensional parameters (biases, a normalisation layer's gain and shift) get a zero
 * direction, as the authors' code does with `--xignore biasbn`
 * (https://github.com/tomgoldstein/loss-landscape, README, "filter normalized" directions).
 *
 * The grid is computed coarse to fine: levels of 5, 9, 17 and 33 points per axis, each level's
 * points a subset of the next one's, so a finer level computes only the points the coarser ones
 * lacked and a picture is on screen after the first 25. The loss is the mean cross-entropy on a
 * fixed subset of the training split (the landscape of the objective training minimised, as the
 * paper plots it), one evaluation batch per step.
 */
import { evaluationSteps } from '../nn/evaluate.js';
import type { Dataset } from '../nn/data.js';
import type { Sequential } from '../nn/model.js';
import { sizeOf, type Parameter } from '../nn/tensor.js';
import { createRng, type Rng } from '../shared/rng.js';
import type { Steps } from '../shared/steps.js';

/** One direction in weight space: a value for every entry of every parameter, in the model's order. */
export type Direction = Float32Array[];

/** Points per axis of each level, coarse to fine: each 2n − 1 of the one before, so its points are among the next's. */
export const LANDSCAPE_LEVELS = [5, 9, 17, 33] as const;
/** α and β run over [−range, range]: the paper's plots span [−1, 1] of a filter-normalised direction. */
export const LANDSCAPE_RANGE = 1;
/** Digits of the training split the loss is measured on: its first 500, the same for every point. */
export const LANDSCAPE_SUBSET = 500;
/** Digits per forward pass, one per step: a step of the largest model stays a few milliseconds. */
const LANDSCAPE_BATCH = 100;

/** Whether a parameter has filters (a weight of two or more dimensions) or is 1-D (a bias, a norm's gain or shift). */
const hasFilters = (parameter: Parameter) => parameter.shape.length >= 2;

/**
 * A random direction filter-normalised to the model's weights (see the module notes): each
 * filter (a slice along the first dimension: an output filter of a conv, a row of a linear
 * layer) has the norm of the same filter of the weights; every 1-D parameter's direction is zero.
 */
export function filterNormalizedDirection(model: Sequential, rng: Rng): Direction {
  return model.parameters().map((parameter) => {
    const direction = new Float32Array(parameter.data.length);
    if (!hasFilters(parameter)) return direction;
    const filterSize = sizeOf(parameter.shape.slice(1));
    for (let start = 0; start < direction.length; start += filterSize) {
      let drawn = 0;
      let weights = 0;
      const draws = new Float64Array(filterSize);
      for (let i = 0; i < filterSize; i++) {
        draws[i] = rng.normal();
        drawn += draws[i]! ** 2;
        weights += parameter.data[start + i]! ** 2;
      }
      const scale = drawn > 0 ? Math.sqrt(weights / drawn) : 0;
      for (let i = 0; i < filterSize; i++) direction[start + i] = draws[i]! * scale;
    }
    return direction;
  });
}

/** The plane's two directions: δ then η from one generator seeded with `seed`, so a seed names its plane. */
export function planeDirections(model: Sequential, seed: number): { delta: Direction; eta: Direction } {
  const rng = createRng(seed);
  const delta = filterNormalizedDirection(model, rng);
  return { delta, eta: filterNormalizedDirection(model, rng) };
}

/** Writes θ* + α·δ + β·η into the model's parameters (θ* itself at α = β = 0, to the bit). */
export function moveOnPlane(model: Sequential, origin: readonly Float32Array[], delta: Direction, eta: Direction, alpha: number, beta: number): void {
  model.parameters().forEach((parameter, p) => {
    const [theta, d, e, out] = [origin[p]!, delta[p]!, eta[p]!, parameter.data];
    for (let i = 0; i < out.length; i++) out[i] = theta[i]! + alpha * d[i]! + beta * e[i]!;
  });
}

/** The first `count` samples of a data set, as a data set (views, not copies). */
export function firstSamples(dataset: Dataset, count: number): Dataset {
  const n = Math.min(count, dataset.count);
  const size = sizeOf(dataset.sampleShape);
  return { ...dataset, count: n, inputs: dataset.inputs.subarray(0, n * size), labels: dataset.labels.subarray(0, n) };
}

/** The landscape as far as it has been computed, at the resolution of the level under way. */
export interface LandscapeGrid {
  /** Points per axis; row 0 is β = +range (the top of a map), column 0 α = −range. */
  size: number;
  range: number;
  /** size × size losses; a point this level has not reached yet shows its nearest point of the level before. */
  values: Float32Array;
  /** Index into LANDSCAPE_LEVELS of the level shown, and whether every point of it is computed. */
  level: number;
  complete: boolean;
  /** Points computed so far (each once, whatever the level), of `total`. */
  computed: number;
  total: number;
  /** The loss at θ* (the plane's centre) on the same digits. */
  trainedLoss: number;
  /** The lowest and highest losses computed so far. */
  min: number;
  max: number;
  seed: number;
  /** How many training digits each loss is the mean over. */
  samples: number;
}

export interface LandscapeConfig {
  seed: number;
  range?: number;
  levels?: readonly number[];
}

/**
 * A network's loss landscape computed as steps, resumable: `steps()` picks up where the last
 * call stopped (a cancelled run loses at most the point it was on), and the model's weights are
 * put back after every run, finished or not.
 */
export class LossLandscape {
  readonly range: number;
  readonly levels: readonly number[];
  /** Points per axis of the finest level. */
  readonly size: number;
  /** size × size losses of the finest grid, NaN where not computed; row 0 is β = +range. */
  readonly losses: Float32Array;
  readonly delta: Direction;
  readonly eta: Direction;
  private readonly origin: Float32Array[];
  /** The finest grid's points in the order they are computed: every level's new points, coarse first. */
  private readonly order: number[];
  private computed = 0;

  constructor(
    readonly model: Sequential,
    readonly dataset: Dataset,
    readonly config: LandscapeConfig,
  ) {
    this.range = config.range ?? LANDSCAPE_RANGE;
    this.levels = config.levels ?? LANDSCAPE_LEVELS;
    this.levels.forEach((n, k) => {
      if (k > 0 && n !== 2 * this.levels[k - 1]! - 1) throw new RangeError(`level ${k} has ${n} points per axis; refining ${this.levels[k - 1]} needs ${2 * this.levels[k - 1]! - 1}`);
    });
    this.size = this.levels.at(-1)!;
    this.losses = new Float32Array(this.size * this.size).fill(Number.NaN);
    this.origin = model.parameters().map((parameter) => parameter.data.slice());
    ({ delta: this.delta, eta: this.eta } = planeDirections(model, config.seed));
    const seen = new Uint8Array(this.size * this.size);
    this.order = [];
    for (const n of this.levels) {
      const stride = (this.size - 1) / (n - 1);
      for (let row = 0; row < this.size; row += stride) {
        for (let col = 0; col < this.size; col += stride) {
          const index = row * this.size + col;
          if (!seen[index]) this.order.push(index);
          seen[index] = 1;
        }
      }
    }
  }

  /** The coordinate of the finest grid's column (α) or, counted from the bottom, row (β). */
  coordinate(index: number): number {
    return -this.range + (2 * this.range * index) / (this.size - 1);
  }

  get done(): boolean {
    return this.computed === this.order.length;
  }

  /**
   * Computes the points not yet computed, one batch of digits per step, through level `through`
   * (the finest unless said: a page may ask for a coarse picture first and the rest later);
   * yields the share of the whole grid done.
   */
  *steps(through = this.levels.length - 1): Steps<LandscapeGrid> {
    const parameters = this.model.parameters();
    const points = Math.min(this.levels[through]! ** 2, this.order.length);
    try {
      while (this.computed < points) {
        const index = this.order[this.computed]!;
        const row = Math.floor(index / this.size);
        const col = index % this.size;
        moveOnPlane(this.model, this.origin, this.delta, this.eta, this.coordinate(col), this.coordinate(this.size - 1 - row));
        const evaluation = evaluationSteps(this.model, this.dataset, LANDSCAPE_BATCH);
        let step = evaluation.next();
        while (!step.done) {
          yield (this.computed + step.value) / this.order.length;
          step = evaluation.next();
        }
        this.losses[index] = step.value.meanLoss;
        this.computed++;
        if (this.computed < points) yield this.computed / this.order.length;
      }
      return this.grid()!;
    } finally {
      parameters.forEach((parameter, p) => parameter.data.set(this.origin[p]!));
    }
  }

  /** The level under way (or the finest, once done); undefined until the coarsest is complete. */
  grid(): LandscapeGrid | undefined {
    // The points of level k are the first levels[k]² of the order.
    if (this.computed < this.levels[0]! ** 2) return undefined;
    const underWay = this.levels.findIndex((n) => this.computed < n * n);
    const level = underWay < 0 ? this.levels.length - 1 : underWay;
    const n = this.levels[level]!;
    const complete = this.computed >= n * n;
    // Points of this level not reached yet take their nearest point of the level before.
    const stride = (this.size - 1) / (n - 1);
    const coarser = level > 0 ? (this.size - 1) / (this.levels[level - 1]! - 1) : stride;
    const values = new Float32Array(n * n);
    const at = (r: number, c: number) => this.losses[r * this.size + c]!;
    for (let row = 0; row < n; row++) {
      for (let col = 0; col < n; col++) {
        let value = at(row * stride, col * stride);
        if (Number.isNaN(value)) value = at(Math.round((row * stride) / coarser) * coarser, Math.round((col * stride) / coarser) * coarser);
        values[row * n + col] = value;
      }
    }
    let min = Infinity;
    let max = -Infinity;
    for (const value of this.losses) {
      if (Number.isNaN(value)) continue;
      min = Math.min(min, value);
      max = Math.max(max, value);
    }
    const centre = (this.size - 1) / 2;
    return {
      size: n,
      range: this.range,
      values,
      level,
      complete,
      computed: this.computed,
      total: this.order.length,
      trainedLoss: this.losses[centre * this.size + centre]!,
      min,
      max,
      seed: this.config.seed,
      samples: this.dataset.count,
    };
  }
}
