/**
 * An optimizer race on a real network: the same architecture, from the same seeded
 * initialisation, trained by each optimizer on the same minibatches of the shipped training split
 * for a short fixed budget, with the training loss at every step and the test accuracy every
 * few steps. The optimizers are the nn engine's (PyTorch's documented rules), each at its own
 * learning rate (`networkOptimizerConfig`): one learning rate for SGD and Adam alike would be
 * far too small for one or far too large for the other, which says nothing about either.
 *
 * A step function: one minibatch of one optimizer, or one test batch, per step, so that a page
 * can pace it and a test can loop over it; the same seed gives the same runs to the bit.
 */
import { evaluationSteps } from '../nn/evaluate.js';
import type { Dataset } from '../nn/data.js';
import { createModel, type ModelSpec, type Sequential } from '../nn/model.js';
import type { OptimizerConfig } from '../nn/optimizers.js';
import { Trainer } from '../nn/train.js';
import type { Steps } from '../shared/steps.js';
import type { RaceOptimizer } from './lab.js';

/** Samples per minibatch. */
export const RACE_BATCH = 32;
/** The test set is scored every this many steps (and at step 0). */
export const RACE_TEST_EVERY = 25;
/** Training losses are shown as means over windows of this many steps: one minibatch's loss is noisy. */
export const RACE_WINDOW = 10;

/**
 * Each optimizer's settings in the race: PyTorch's defaults (torch.optim) where PyTorch has a
 * default learning rate (Adagrad and RMSprop 10⁻², Adam and AdamW 10⁻³, AdamW's weight decay
 * 10⁻², every β and ε), and where it has none: 0.1 for plain SGD, 0.01 with momentum 0.9
 * (the same long-run step, 0.01/(1 − 0.9)), and 10⁻⁴ for Lion, whose authors advise a learning
 * rate 3–10× smaller than AdamW's (Chen et al. 2023, Section 5) with β = (0.9, 0.99).
 */
export function networkOptimizerConfig(name: RaceOptimizer): OptimizerConfig & { lr: number } {
  switch (name) {
    case 'sgd':
      return { type: 'sgd', lr: 0.1 };
    case 'momentum':
      return { type: 'sgd', lr: 0.01, momentum: 0.9 };
    case 'nesterov':
      return { type: 'sgd', lr: 0.01, momentum: 0.9, nesterov: true };
    case 'adagrad':
      return { type: 'adagrad', lr: 0.01 };
    case 'rmsprop':
      return { type: 'rmsprop', lr: 0.01 };
    case 'adam':
      return { type: 'adam', lr: 0.001 };
    case 'adamw':
      return { type: 'adamw', lr: 0.001, weightDecay: 0.01 };
    case 'lion':
      return { type: 'lion', lr: 0.0001 };
  }
}

export interface NetworkRaceConfig {
  /** The architecture every runner trains (a shipped model's, its trained weights not used). */
  architecture: ModelSpec;
  optimizers: readonly RaceOptimizer[];
  /** Minibatches each optimizer takes. */
  steps: number;
  /** Seeds the initial weights and the order of the minibatches, the same for every optimizer. */
  seed: number;
}

/** One optimizer's run so far. */
export interface NetworkRun {
  name: RaceOptimizer;
  config: OptimizerConfig;
  /** The training loss of each step's minibatch, before its update (NaN for steps not taken). */
  losses: Float32Array;
  /** Steps taken. */
  taken: number;
  /** The steps at which the test set was scored, with its accuracy and mean loss there. */
  testSteps: number[];
  testAccuracies: number[];
  testLosses: number[];
  /** Why the run stopped early: its loss was no longer a number. */
  stop?: { step: number; reason: string };
}

export interface NetworkRaceResult {
  steps: number;
  seed: number;
  runs: NetworkRun[];
  /** Share of the whole race done. */
  progress: number;
  complete: boolean;
}

interface Runner {
  run: NetworkRun;
  model: Sequential;
  trainer: Trainer;
}

/** The mean of `losses` over consecutive windows of `window` steps (a partial last window, too); NaN steps are left out. */
export function windowMeans(losses: ArrayLike<number>, taken: number, window = RACE_WINDOW): { steps: number[]; means: number[] } {
  const steps: number[] = [];
  const means: number[] = [];
  for (let start = 0; start < taken; start += window) {
    const end = Math.min(start + window, taken);
    let sum = 0;
    for (let i = start; i < end; i++) sum += losses[i]!;
    steps.push(end);
    means.push(sum / (end - start));
  }
  return { steps, means };
}

/** The mean training loss of a run's last window of steps, the race's final training loss. */
export function finalTrainingLoss(run: NetworkRun, window = RACE_WINDOW): number {
  const { means } = windowMeans(run.losses, run.taken, window);
  return means.at(-1) ?? Number.NaN;
}

/** The run with the best test accuracy at its last score (the first listed among ties), once any has been trained and scored. */
export function raceLeader(runs: readonly NetworkRun[]): NetworkRun | undefined {
  const trained = runs.filter((run) => (run.testSteps.at(-1) ?? 0) > 0);
  return trained.length ? trained.reduce((best, run) => (run.testAccuracies.at(-1)! > best.testAccuracies.at(-1)! ? run : best)) : undefined;
}

/**
 * The race as a resumable step function: `steps()` goes on from where the last call stopped
 * (each model keeps its weights and optimizer state in between), so a race stopped for other
 * work, or cancelled and asked for again, is not started over.
 */
export class NetworkRace {
  private readonly runners: Runner[];
  /** Steps every runner has taken (the race advances them round by round). */
  private round = 0;
  private scoredAt = -1;

  constructor(
    readonly config: NetworkRaceConfig,
    readonly trainingSet: Dataset,
    readonly testSet: Dataset,
  ) {
    if (!(Number.isInteger(config.steps) && config.steps >= 1)) throw new RangeError(`steps must be a whole number ≥ 1, got ${config.steps}`);
    this.runners = config.optimizers.map((name) => {
      const model = createModel(config.architecture, config.seed);
      const optimizer = networkOptimizerConfig(name);
      const trainer = new Trainer(model, trainingSet, { optimizer, batchSize: RACE_BATCH, seed: config.seed });
      const run: NetworkRun = {
        name,
        config: optimizer,
        losses: new Float32Array(config.steps).fill(Number.NaN),
        taken: 0,
        testSteps: [],
        testAccuracies: [],
        testLosses: [],
      };
      return { run, model, trainer };
    });
  }

  get done(): boolean {
    return this.round >= this.config.steps && this.scoredAt === this.round;
  }

  /** Scores every running model on the test set at the current round, one test batch per step. */
  private *score(): Steps<void> {
    for (const { run, model } of this.runners) {
      if (run.stop || run.testSteps.at(-1) === this.round) continue;
      const evaluation = evaluationSteps(model, this.testSet);
      let step = evaluation.next();
      while (!step.done) {
        yield this.progress();
        step = evaluation.next();
      }
      run.testSteps.push(this.round);
      run.testAccuracies.push(step.value.accuracy);
      run.testLosses.push(step.value.meanLoss);
    }
    this.scoredAt = this.round;
  }

  private progress(): number {
    const total = this.config.steps * this.runners.length;
    return Math.min(this.runners.reduce((sum, { run }) => sum + (run.stop ? this.config.steps : run.taken), 0) / total, 1);
  }

  /** Trains every optimizer one minibatch at a time, round by round, scoring the test set every RACE_TEST_EVERY rounds. */
  *steps(): Steps<NetworkRaceResult> {
    while (!this.done) {
      if (this.scoredAt !== this.round && (this.round % RACE_TEST_EVERY === 0 || this.round === this.config.steps)) {
        yield* this.score();
        continue;
      }
      for (const runner of this.runners) {
        const { run, trainer } = runner;
        if (run.stop || run.taken > this.round) continue;
        const { loss } = trainer.step(1);
        run.losses[run.taken] = loss;
        run.taken++;
        if (!Number.isFinite(loss)) run.stop = { step: run.taken - 1, reason: `step ${run.taken - 1}: the training loss became ${Number.isNaN(loss) ? 'NaN' : 'infinite'}` };
        yield this.progress();
      }
      this.round++;
    }
    return this.result();
  }

  /** The runs so far, as copies a caller may keep (or send to a page). */
  result(): NetworkRaceResult {
    return {
      steps: this.config.steps,
      seed: this.config.seed,
      runs: this.runners.map(({ run }) => ({
        ...run,
        losses: run.losses.slice(),
        testSteps: [...run.testSteps],
        testAccuracies: [...run.testAccuracies],
        testLosses: [...run.testLosses],
      })),
      progress: this.progress(),
      complete: this.done,
    };
  }
}
