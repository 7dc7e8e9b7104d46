/**
 * A model and its test set, pruned one setting at a time and evaluated on every test digit: what
 * the pruning lab computes for a setting (accuracy, each layer's mask and sparsity, the bytes of
 * each storage format, the FLOPs of the dense, sparse and shrunk forward passes), and the accuracy
 * lost when each layer alone is pruned as the setting prunes it, and how long a forward pass takes
 * on dense kernels, on sparse (CSR) kernels and shrunk. Every evaluation prunes the model
 * in place and restores it before it returns, also when its steps are abandoned (`return()`).
 */
import { evaluationSteps, median, sizeOf, type Clock, type Dataset, type Evaluation, type Sequential } from '../nn/index.js';
import type { Steps } from '../shared/steps.js';
import { forwardFlops, type ForwardFlops } from './flops.js';
import { PrunedModel } from './pruned-model.js';
import { applySetting, prunableWeights, settingKey, type PrunableWeight, type PruneSetting } from './setting.js';
import { shrinkModel } from './shrink.js';
import { CsrForward } from './sparse-forward.js';
import { storageSizes, type StorageSizes } from './size.js';

/** One linear or conv weight after pruning. */
export interface PrunedWeight extends PrunableWeight {
  elements: number;
  pruned: number;
  /** Rows (neurons or filters) with every weight pruned. */
  unitsRemoved: number;
}

/** The dense model a pruned one shrinks to (see shrink.ts). */
export interface ShrunkSummary {
  parameters: number;
  /** Dense FP32 bytes. */
  bytes: number;
  flops: number;
  /** Units (neurons or filters) each layer keeps, of how many. */
  layers: { name: string; kept: number; units: number }[];
}

export interface PruneEvaluation {
  setting: PruneSetting;
  accuracy: number;
  correct: number;
  count: number;
  denseAccuracy: number;
  weights: PrunedWeight[];
  /** Each weight's mask (1 alive, 0 pruned), in the order of `weights`. */
  masks: Uint8Array[];
  /** Every parameter, biases included, and those not zero. */
  parameters: { total: number; nonzero: number };
  storage: StorageSizes;
  flops: ForwardFlops;
  /** The shrunk model, or why this model cannot be shrunk exactly. */
  shrunk: ShrunkSummary | { refused: string };
}

/** Images per timed forward pass, and timed passes of each kind (after one to warm up). */
export const TIMED_IMAGES = 100;
export const TIMED_RUNS = 9;

/** Median time of one forward pass of `images` test images, in milliseconds, measured where the session runs. */
export interface ForwardTimes {
  images: number;
  runs: number;
  /** The pruned model on the dense kernels: every multiply-add, zeros included. */
  denseMs: number;
  /** Its weights in CSR, on a sparse kernel. */
  csrMs: number;
  /** The shrunk dense model; undefined when the model cannot be shrunk exactly. */
  shrunkMs: number | undefined;
}

/** Accuracy with one layer pruned as a setting prunes it, and the others dense. */
export interface LayerCost {
  layer: string;
  sparsity: number;
  accuracy: number;
  /** Dense accuracy minus `accuracy` (a fraction, not points). */
  accuracyDrop: number;
}

function countZeros(values: ArrayLike<number>): number {
  let zeros = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === 0) zeros++;
  return zeros;
}

function shrunkSummary(model: Sequential): ShrunkSummary | { refused: string } {
  try {
    const { model: small, layers } = shrinkModel(model);
    const parameters = small.parameters().reduce((sum, p) => sum + p.data.length, 0);
    return { parameters, bytes: parameters * 4, flops: forwardFlops(small).dense, layers: layers.map((l) => ({ name: l.name, kept: l.kept.length, units: l.units })) };
  } catch (error) {
    return { refused: error instanceof Error ? error.message : String(error) };
  }
}

export class PruneSession {
  readonly weights: readonly PrunableWeight[];
  /** Accuracy of each setting evaluated so far, by `settingKey`. */
  private readonly accuracies = new Map<string, number>();
  private evaluating = false;

  constructor(
    readonly model: Sequential,
    readonly testSet: Dataset,
    readonly dense: Evaluation,
  ) {
    this.weights = prunableWeights(model);
  }

  /** The accuracy of a setting already evaluated, if any. */
  knownAccuracy(setting: PruneSetting): number | undefined {
    return this.accuracies.get(settingKey(setting));
  }

  /** Everything the lab shows for a setting, evaluated one batch of test digits per step. */
  *evaluateSteps(setting: PruneSetting): Steps<PruneEvaluation> {
    return yield* this.whilePruned(setting, function* (session, pruned) {
      const evaluation = yield* evaluationSteps(session.model, session.testSet);
      session.accuracies.set(settingKey(setting), evaluation.accuracy);
      const masks = session.weights.map((w) => pruned.mask(w.name)?.slice() ?? new Uint8Array(w.rows * w.cols).fill(1));
      const parameters = session.model.parameters();
      return {
        setting,
        accuracy: evaluation.accuracy,
        correct: evaluation.correct,
        count: evaluation.count,
        denseAccuracy: session.dense.accuracy,
        weights: session.weights.map((w, i) => {
          const mask = masks[i]!;
          const rowDead = (row: number) => mask.subarray(row * w.cols, (row + 1) * w.cols).every((alive) => alive === 0);
          return { ...w, elements: mask.length, pruned: countZeros(mask), unitsRemoved: Array.from({ length: w.rows }, (_, row) => row).filter(rowDead).length };
        }),
        masks,
        parameters: { total: parameters.reduce((sum, p) => sum + p.data.length, 0), nonzero: parameters.reduce((sum, p) => sum + p.data.length - countZeros(p.data), 0) },
        storage: storageSizes(session.model),
        flops: forwardFlops(session.model),
        shrunk: shrunkSummary(session.model),
      };
    });
  }

  /** The test accuracy of a setting (remembered: a sweep and the lab ask for the same points). */
  *accuracySteps(setting: PruneSetting): Steps<number> {
    const known = this.knownAccuracy(setting);
    if (known !== undefined) return known;
    return yield* this.whilePruned(setting, function* (session) {
      const { accuracy } = yield* evaluationSteps(session.model, session.testSet);
      session.accuracies.set(settingKey(setting), accuracy);
      return accuracy;
    });
  }

  /**
   * For each layer the setting prunes, the accuracy with that layer pruned exactly as the setting
   * prunes it (its share of a global threshold, say) and every other layer dense: which layer's
   * pruning costs most on its own.
   */
  *layerCostSteps(setting: PruneSetting): Steps<LayerCost[]> {
    const session = this;
    return yield* this.exclusive(function* () {
      const masks = session.pruned(setting, (pruned) => pruned.prunedParameters().map((name) => ({ name, mask: pruned.mask(name)!.slice() })));
      const costs: LayerCost[] = [];
      for (const weight of session.weights) {
        const own = masks.filter(({ name }) => name.startsWith(`${weight.layer}.`));
        const weightMask = own.find(({ name }) => name === weight.name)?.mask;
        if (!weightMask) continue;
        const pruned = new PrunedModel(session.model);
        try {
          for (const { name, mask } of own) pruned.customFromMask(name, mask);
          const { accuracy } = yield* evaluationSteps(session.model, session.testSet);
          costs.push({ layer: weight.layer, sparsity: countZeros(weightMask) / weightMask.length, accuracy, accuracyDrop: session.dense.accuracy - accuracy });
        } finally {
          pruned.restore();
        }
      }
      return costs;
    });
  }

  /**
   * The forward pass of the pruned model on dense kernels, on CSR kernels, and of the shrunk
   * model, timed by `clock` on the first TIMED_IMAGES test images, the three interleaved, one run
   * of each per step.
   */
  *timingSteps(setting: PruneSetting, clock: Clock, runs = TIMED_RUNS): Steps<ForwardTimes> {
    return yield* this.whilePruned(setting, function* ({ model, testSet }) {
      const images = Math.min(TIMED_IMAGES, testSet.count);
      const input = testSet.inputs.subarray(0, images * sizeOf(testSet.sampleShape));
      const sparse = new CsrForward(model);
      let shrunk: Sequential | undefined;
      try {
        shrunk = shrinkModel(model).model;
      } catch {
        // Timed as undefined: the table says why it cannot shrink.
      }
      const passes = { dense: () => model.forward(input, images), csr: () => sparse.forward(input, images), shrunk: shrunk && (() => shrunk.forward(input, images)) };
      const samples = { dense: [] as number[], csr: [] as number[], shrunk: [] as number[] };
      for (let run = 0; run <= runs; run++) {
        for (const kind of ['dense', 'csr', 'shrunk'] as const) {
          const pass = passes[kind];
          if (!pass) continue;
          const start = clock();
          pass();
          // The first run warms up (compiles the kernels, sizes the buffers) and is not counted.
          if (run > 0) samples[kind].push(clock() - start);
        }
        yield run / runs;
      }
      return { images, runs, denseMs: median(samples.dense), csrMs: median(samples.csr), shrunkMs: shrunk ? median(samples.shrunk) : undefined };
    });
  }

  /** Runs `body` with the model pruned as `setting` says, one evaluation at a time, and restores it. */
  private *whilePruned<T>(setting: PruneSetting, body: (session: this, pruned: PrunedModel) => Steps<T>): Steps<T> {
    const session = this;
    return yield* this.exclusive(function* () {
      const pruned = new PrunedModel(session.model);
      try {
        applySetting(pruned, setting);
        return yield* body(session, pruned);
      } finally {
        pruned.restore();
      }
    });
  }

  /** What `read` takes from the model pruned as `setting` says, the model restored at once. */
  private pruned<T>(setting: PruneSetting, read: (pruned: PrunedModel) => T): T {
    const pruned = new PrunedModel(this.model);
    try {
      applySetting(pruned, setting);
      return read(pruned);
    } finally {
      pruned.restore();
    }
  }

  /** One evaluation at a time: each prunes the one model in place. */
  private *exclusive<T>(body: () => Steps<T>): Steps<T> {
    if (this.evaluating) throw new Error('a pruning session runs one evaluation at a time: finish the running one or return() it first');
    this.evaluating = true;
    try {
      return yield* body();
    } finally {
      this.evaluating = false;
    }
  }
}

/** A session for `model` on `testSet`, its dense evaluation run as steps. */
export function* pruneSessionSteps(model: Sequential, testSet: Dataset): Steps<PruneSession> {
  const dense = yield* evaluationSteps(model, testSet);
  return new PruneSession(model, testSet, dense);
}
