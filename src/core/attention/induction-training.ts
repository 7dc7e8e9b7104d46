import { createModel } from '../nn/model.js';
import { BatchTrainer } from '../nn/train.js';
import { clipGradientNorm } from '../nn/clip.js';
import { createRng, type Rng } from '../shared/rng.js';
import type { Steps } from '../shared/steps.js';
import { transformerSpec, type TransformerShape } from './architecture.js';
import { inductionScore, previousTokenScore } from './diagnostics.js';
import { AttentionModel, tokenLoss } from './model.js';
import { DEFAULT_INDUCTION_TRAINING, type InductionTrainingConfig } from './induction-config.js';
import { repeatedRandomTokens } from './sequences.js';

export { DEFAULT_INDUCTION_TRAINING, type InductionTrainingConfig };

/**
 * Training a 2-layer attention-only transformer from scratch on repeated random tokens, step by
 * step, to watch induction heads form. Olsson et al. 2022 (https://arxiv.org/abs/2209.11895)
 * find that they appear in a sudden "phase change", when the loss drops and a layer-2 head's
 * induction score jumps together; a layer-1 previous-token head forms with them, since an
 * induction head finds "the token after the earlier occurrence" by composing with it (Elhage et
 * al. 2021's K-composition). Each training sequence repeats a segment of a random period, so no
 * fixed positional offset can stand in for looking the current token up.
 */
export interface InductionTrainingPoint {
  step: number;
  /** Training loss of this step's batch (before its update), nats per token. */
  loss: number;
  /** Loss on the held-out sequences' second copy (after its first token): what induction lowers. */
  repeatLoss: number;
  /** The highest induction score of a layer-2 head on the held-out sequences. */
  inductionScore: number;
  /** The highest previous-token score of a layer-1 head on the held-out sequences. */
  previousTokenScore: number;
}

export class InductionTraining {
  readonly config: InductionTrainingConfig;
  readonly shape: TransformerShape;
  readonly model: AttentionModel;
  readonly history: InductionTrainingPoint[] = [];
  private readonly trainer: BatchTrainer;
  private readonly rng: Rng;
  private readonly probe: number[][];
  private readonly inputs: Float32Array;
  private readonly targets: Int32Array;

  constructor(config: Partial<InductionTrainingConfig> = {}) {
    const c = { ...DEFAULT_INDUCTION_TRAINING, ...config };
    this.config = c;
    this.shape = { vocabSize: c.vocabSize, contextLength: c.length, dim: c.dim, heads: c.heads, layers: 2, mlpWidth: 0 };
    // Embeddings from N(0, 1), torch's default: with GPT-2's 0.02 the positions are too faint at
    // first, and in 500 steps a previous-token head, and so an induction head, never formed.
    const network = createModel(transformerSpec(this.shape, c.length, 1), c.seed);
    this.model = new AttentionModel(network);
    const parameters = network.parameters();
    this.trainer = new BatchTrainer(network, { type: 'adamw', lr: c.learningRate, weightDecay: 0.01 }, () => clipGradientNorm(parameters, 1));
    this.rng = createRng(c.seed);
    const probeRng = createRng(c.seed ^ 0x5eed);
    const half = Math.floor(c.length / 2);
    this.probe = Array.from({ length: c.probeSamples }, () => repeatedRandomTokens(probeRng, 2 * half, half, c.vocabSize, 0));
    this.inputs = new Float32Array(c.batchSize * c.length);
    this.targets = new Int32Array(c.batchSize * c.length);
  }

  /** One optimizer step on a fresh batch, then the scores on the held-out sequences. */
  step(): InductionTrainingPoint {
    const { batchSize, length, periods, vocabSize } = this.config;
    for (let n = 0; n < batchSize; n++) {
      const period = periods[0] + this.rng.int(periods[1] - periods[0] + 1);
      const sequence = repeatedRandomTokens(this.rng, length + 1, period, vocabSize, 0);
      for (let t = 0; t < length; t++) {
        this.inputs[n * length + t] = sequence[t]!;
        this.targets[n * length + t] = sequence[t + 1]!;
      }
    }
    const loss = this.trainer.trainOnBatch(this.inputs, this.targets, batchSize);
    const point = { step: this.history.length + 1, loss, ...this.measure() };
    this.history.push(point);
    return point;
  }

  private measure(): Omit<InductionTrainingPoint, 'step' | 'loss'> {
    const model = this.model;
    const half = Math.floor(this.config.length / 2);
    const n = 2 * half;
    const logits = model.forward(this.probe);
    const V = model.vocabSize;
    const T = model.contextLength;
    let repeatLoss = 0;
    this.probe.forEach((sequence, b) => {
      for (let t = half; t + 1 < n; t++) {
        repeatLoss += tokenLoss(logits, (b * T + t) * V, V, sequence[t + 1]!);
      }
    });
    const best = (layer: number, score: (pattern: Float32Array) => number) =>
      Math.max(
        ...Array.from({ length: model.heads }, (_, head) => {
          let sum = 0;
          this.probe.forEach((_, b) => (sum += score(model.pattern(layer, head, b, n))));
          return sum / this.probe.length;
        }),
      );
    return {
      repeatLoss: repeatLoss / (this.probe.length * (n - half - 1)),
      inductionScore: best(1, (pattern) => inductionScore(pattern, n, half)),
      previousTokenScore: best(0, (pattern) => previousTokenScore(pattern, n)),
    };
  }
}

/**
 * `steps` training steps, one per `next()`, yielding the share done; returns the points. Stopping
 * early (`return()`) leaves the training where it is, to be resumed by another run of steps.
 */
export function* inductionTrainingSteps(training: InductionTraining, steps: number): Steps<InductionTrainingPoint[]> {
  const points: InductionTrainingPoint[] = [];
  for (let k = 0; k < steps; k++) {
    points.push(training.step());
    if (k + 1 < steps) yield (k + 1) / steps;
  }
  return points;
}
