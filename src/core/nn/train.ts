import { createRng, type Rng } from '../shared/rng.js';
import type { Dataset } from './data.js';
import { rowsOf } from './layer.js';
import { softmaxCrossEntropy } from './loss.js';
import type { Sequential } from './model.js';
import { createOptimizer, type Optimizer, type OptimizerConfig } from './optimizers.js';
import { Scratch, sizeOf } from './tensor.js';

export interface TrainerConfig {
  optimizer: OptimizerConfig;
  batchSize: number;
  /** Seeds the order of the samples (and `fillSample`'s randomness). */
  seed: number;
  /**
   * Writes the model input for data-set sample `index` into `out` from `offset` on. Defaults to
   * copying `dataset.inputs`; training scripts use it for augmentation.
   */
  fillSample?: (index: number, out: Float32Array, offset: number, rng: Rng) => void;
  /**
   * Runs after each batch's gradients are computed, before the optimizer reads them: pruning
   * zeroes the gradients of pruned weights here (src/core/prune/fine-tune.ts).
   */
  beforeUpdate?: () => void;
}

/**
 * Cosine decay from `lr` to 0 over `epochs` (Loshchilov & Hutter 2017, SGDR, without restarts,
 * https://arxiv.org/abs/1608.03983), evaluated at the start of `epoch` (0-based).
 */
export function cosineLearningRate(lr: number, epoch: number, epochs: number): number {
  return 0.5 * lr * (1 + Math.cos((Math.PI * epoch) / epochs));
}

export interface TrainProgress {
  /** Mean training loss over the batches of this call. */
  loss: number;
  /** Batches taken since the trainer was created. */
  steps: number;
  /** Completed passes over the data set. */
  epochs: number;
}

/**
 * One optimizer step at a time on batches the caller makes: softmax cross-entropy on the model's
 * last output dimension. `Trainer` draws the batches from a data set; a language model's script
 * makes its own windows of text.
 */
export class BatchTrainer {
  readonly optimizer: Optimizer;
  private readonly gradLogits = new Scratch();

  constructor(
    readonly model: Sequential,
    optimizer: OptimizerConfig,
    /**
     * Runs after each batch's gradients are computed, before the optimizer reads them: pruning
     * zeroes the gradients of pruned weights here (src/core/prune/fine-tune.ts).
     */
    private readonly beforeUpdate?: () => void,
  ) {
    this.optimizer = createOptimizer(model.parameters(), optimizer);
  }

  /**
   * One optimizer step on the given batch; returns its mean loss before the update. The last
   * output dimension holds the class logits and `targets` has one class per row, so a sequence
   * model ([T, vocab] per sample) takes batch·T targets.
   */
  trainOnBatch(inputs: Float32Array, targets: ArrayLike<number>, batch: number): number {
    const model = this.model;
    model.zeroGrad();
    const logits = model.forward(inputs, batch);
    const { rows, width } = rowsOf(model.outputShape, batch);
    const grad = this.gradLogits.take(rows * width);
    const loss = softmaxCrossEntropy(logits, targets, rows, width, grad);
    model.backward(grad, batch);
    this.beforeUpdate?.();
    this.optimizer.step();
    return loss;
  }
}

/**
 * Mini-batch training with softmax cross-entropy, as a step function: `step(n)` takes n batches
 * and reports, so a page can pace fine-tuning and a script can loop. Each epoch visits the
 * samples in a fresh seeded permutation (a final partial batch is dropped); the same model,
 * data, config and seed give the same weights.
 */
export class Trainer extends BatchTrainer {
  private readonly rng: Rng;
  private readonly order: number[];
  private readonly inputs: Float32Array;
  private readonly targets: Uint8Array;
  private readonly sampleSize: number;
  private cursor: number;
  private steps = 0;
  private epochs = 0;

  constructor(
    model: Sequential,
    readonly dataset: Dataset,
    readonly config: TrainerConfig,
  ) {
    if (config.batchSize > dataset.count) throw new RangeError(`batch of ${config.batchSize} exceeds ${dataset.count} samples`);
    super(model, config.optimizer, config.beforeUpdate);
    this.rng = createRng(config.seed);
    this.order = Array.from({ length: dataset.count }, (_, i) => i);
    this.cursor = dataset.count; // forces a shuffle before the first batch
    this.sampleSize = sizeOf(dataset.sampleShape);
    this.inputs = new Float32Array(config.batchSize * this.sampleSize);
    this.targets = new Uint8Array(config.batchSize);
  }

  step(batches = 1): TrainProgress {
    const { batchSize, fillSample } = this.config;
    const { sampleSize, dataset } = this;
    let total = 0;
    for (let k = 0; k < batches; k++) {
      if (this.cursor + batchSize > dataset.count) {
        if (this.steps > 0) this.epochs++;
        this.rng.shuffle(this.order);
        this.cursor = 0;
      }
      for (let n = 0; n < batchSize; n++) {
        const index = this.order[this.cursor++]!;
        if (fillSample) {
          fillSample(index, this.inputs, n * sampleSize, this.rng);
        } else {
          for (let i = 0; i < sampleSize; i++) this.inputs[n * sampleSize + i] = dataset.inputs[index * sampleSize + i]!;
        }
        this.targets[n] = dataset.labels[index]!;
      }
      total += this.trainOnBatch(this.inputs, this.targets, batchSize);
      this.steps++;
    }
    return { loss: total / batches, steps: this.steps, epochs: this.epochs };
  }
}
