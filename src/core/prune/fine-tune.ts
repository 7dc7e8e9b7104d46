/**
 * Fine-tuning a pruned model with its masks held fixed: training goes on, and every pruned weight
 * stays exactly zero, as in the retraining step of Han et al. 2015 (train, prune, retrain the
 * connections left; https://arxiv.org/abs/1506.02626) and as PyTorch trains a module pruned by
 * `torch.nn.utils.prune` (https://pytorch.org/tutorials/intermediate/pruning_tutorial.html).
 *
 * PyTorch's forward computes weight = weight_orig × weight_mask, so the gradient reaching
 * weight_orig is the weight's gradient times the mask: zero where pruned. Here the optimizer
 * updates the model's weights (the product) directly, and two steps give the same result:
 * - before the optimizer step, the gradients of pruned entries are set to zero (PyTorch's chain
 *   rule), so the optimizer's state (momentum, Adam's moments) stays zero there as PyTorch's does,
 *   and the alive entries, which every optimizer here updates element by element, move exactly
 *   as they would in PyTorch;
 * - after it, pruned entries are written as zero again (the forward's × mask), which is what
 *   keeps them zero in PyTorch whatever the optimizer does to weight_orig: weight decay, or state
 *   left from before a mask changed.
 * One difference, invisible to any evaluation: in PyTorch, weight decay (SGD's or Adam's L2 term,
 * AdamW's decoupled decay), and momentum from before a mask grew, keep moving the pruned entries
 * of weight_orig, which matters only if the mask is removed later; here they keep the values
 * they had when pruned (what `PrunedModel.original` and `restore` give back).
 *
 * Parameters that are not pruned (usually the biases) train as usual.
 * Fine-tune on the training split (assets/digits-14/train.bin), never on the test set that the
 * accuracy is measured on.
 */
import { cosineLearningRate, restoreWeights, snapshotWeights, Trainer, type Dataset, type OptimizerConfig, type OptimizerState } from '../nn/index.js';
import type { Steps } from '../shared/steps.js';
import type { PrunedModel } from './pruned-model.js';

export interface FineTuneConfig {
  /** Passes over the training set. */
  epochs: number;
  /** Seeds the order in which the samples are visited. */
  seed: number;
  /** Samples per batch; 32 unless said. */
  batchSize?: number;
  /** Adam at PyTorch's default learning rate, 1e-3, unless said. */
  optimizer?: OptimizerConfig;
  /** 'cosine' (the default) decays the learning rate to 0 over the epochs, set once per epoch; 'constant' keeps it. */
  schedule?: 'cosine' | 'constant';
}

export interface FineTuneProgress {
  /** Batches taken so far, of `totalBatches`. */
  batches: number;
  totalBatches: number;
  /** Epochs completed. */
  epochs: number;
  /** Mean training loss of the batches of the latest `advance`. */
  loss: number;
  /** Mean training loss of each completed epoch, in order. */
  epochLosses: number[];
}

export const DEFAULT_FINE_TUNE_BATCH = 32;
const DEFAULT_OPTIMIZER: OptimizerConfig = { type: 'adam', lr: 1e-3 };

/**
 * A fine-tuning run as a step function: `advance(n)` takes up to n batches and reports, so a page
 * can pace it and stop when it likes (the model keeps what was learned so far). The same model,
 * masks, data and config give the same weights.
 */
export class MaskedFineTuning {
  readonly totalBatches: number;
  private readonly trainer: Trainer;
  private readonly batchesPerEpoch: number;
  private readonly baseLr: number;
  private readonly epochLosses: number[] = [];
  private batches = 0;
  private epochLossSum = 0;

  constructor(
    readonly pruned: PrunedModel,
    trainingSet: Dataset,
    readonly config: FineTuneConfig,
  ) {
    const batchSize = config.batchSize ?? DEFAULT_FINE_TUNE_BATCH;
    if (!(Number.isInteger(config.epochs) && config.epochs >= 0)) throw new RangeError(`epochs must be a whole number ≥ 0, got ${config.epochs}`);
    this.trainer = new Trainer(pruned.model, trainingSet, {
      optimizer: config.optimizer ?? DEFAULT_OPTIMIZER,
      batchSize,
      seed: config.seed,
      beforeUpdate: () => this.maskGradients(),
    });
    this.baseLr = this.trainer.optimizer.lr;
    this.batchesPerEpoch = Math.floor(trainingSet.count / batchSize);
    this.totalBatches = this.batchesPerEpoch * config.epochs;
  }

  get done(): boolean {
    return this.batches >= this.totalBatches;
  }

  /** Takes up to `n` more batches (fewer at the end of the run). */
  advance(n: number): FineTuneProgress {
    let lossSum = 0;
    let taken = 0;
    for (; taken < n && !this.done; taken++) {
      const epoch = Math.floor(this.batches / this.batchesPerEpoch);
      if (this.batches % this.batchesPerEpoch === 0 && this.config.schedule !== 'constant') {
        this.trainer.optimizer.lr = cosineLearningRate(this.baseLr, epoch, this.config.epochs);
      }
      const { loss } = this.trainer.step(1);
      this.pruned.applyMasks();
      lossSum += loss;
      this.epochLossSum += loss;
      this.batches++;
      if (this.batches % this.batchesPerEpoch === 0) {
        this.epochLosses.push(this.epochLossSum / this.batchesPerEpoch);
        this.epochLossSum = 0;
      }
    }
    return {
      batches: this.batches,
      totalBatches: this.totalBatches,
      epochs: this.epochLosses.length,
      loss: taken ? lossSum / taken : NaN,
      epochLosses: [...this.epochLosses],
    };
  }

  /** The optimizer's state buffers (PyTorch's names), for showing that pruned entries keep none. */
  get optimizerState(): OptimizerState {
    return this.trainer.optimizer.state;
  }

  private maskGradients(): void {
    for (const name of this.pruned.prunedParameters()) {
      const mask = this.pruned.mask(name)!;
      const grad = this.pruned.model.parameter(name).grad;
      for (let i = 0; i < grad.length; i++) if (!mask[i]) grad[i] = 0;
    }
  }
}

/**
 * A whole fine-tuning run as steps of `batchesPerStep` batches each, yielding the share done;
 * `onProgress` hears after every step (the loss so far, for a curve that fills in). Abandoning
 * the steps (`return()`, a cancelled job) puts every parameter back as it was before the run, as
 * the other step functions do (src/core/shared/steps.ts).
 */
export function* fineTuneSteps(
  pruned: PrunedModel,
  trainingSet: Dataset,
  config: FineTuneConfig,
  onProgress?: (progress: FineTuneProgress) => void,
  batchesPerStep = 1,
): Steps<FineTuneProgress> {
  if (!(Number.isInteger(batchesPerStep) && batchesPerStep >= 1)) throw new RangeError(`batchesPerStep must be a whole number ≥ 1, got ${batchesPerStep}`);
  const before = snapshotWeights(pruned.model);
  const run = new MaskedFineTuning(pruned, trainingSet, config);
  let finished = false;
  try {
    let progress = run.advance(0);
    while (!run.done) {
      progress = run.advance(batchesPerStep);
      onProgress?.(progress);
      if (!run.done) yield progress.batches / progress.totalBatches;
    }
    finished = true;
    return progress;
  } finally {
    if (!finished) restoreWeights(pruned.model, before);
  }
}
