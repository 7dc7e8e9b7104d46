/**
 * Fine-tuning one setting of the pruning lab: the model pruned as the setting says, then trained
 * with its masks fixed on the training split (fine-tune.ts) and scored on the test set. A run is
 * resumable: abandoning its steps keeps what it has learned, and `steps()` again goes on from
 * there, so a page's compute engine may stop it for more urgent work and start it again without
 * losing a batch. It trains its own copy of the model.
 */
import { evaluationSteps, type Dataset, type Sequential } from '../nn/index.js';
import { within, type Steps } from '../shared/steps.js';
import { MaskedFineTuning, type FineTuneConfig } from './fine-tune.js';
import { PrunedModel } from './pruned-model.js';
import { applySetting, type PruneSetting } from './setting.js';

export interface SettingFineTuned {
  setting: PruneSetting;
  epochs: number;
  /** Test accuracy after fine-tuning. */
  accuracy: number;
  correct: number;
  /** Mean training loss of each epoch. */
  epochLosses: number[];
}

/** Seed of the order in which the lab's fine-tuning visits the training digits. */
export const FINE_TUNE_SEED = 1;

/** Share of a run's progress given to training; the rest is the final evaluation. */
const TRAINING_SHARE = 0.95;

export class SettingFineTuning {
  private readonly run: MaskedFineTuning;
  private epochLosses: number[] = [];

  constructor(
    readonly model: Sequential,
    readonly setting: PruneSetting,
    trainingSet: Dataset,
    private readonly testSet: Dataset,
    readonly config: FineTuneConfig,
  ) {
    const pruned = new PrunedModel(model);
    applySetting(pruned, setting);
    this.run = new MaskedFineTuning(pruned, trainingSet, config);
  }

  /** Trains what is left of the run, a batch per step, then evaluates on the test set. */
  *steps(): Steps<SettingFineTuned> {
    const total = this.run.totalBatches;
    while (!this.run.done) {
      const progress = this.run.advance(1);
      this.epochLosses = progress.epochLosses;
      yield (TRAINING_SHARE * progress.batches) / total;
    }
    const evaluation = yield* within(evaluationSteps(this.model, this.testSet), TRAINING_SHARE, 1);
    return { setting: this.setting, epochs: this.config.epochs, accuracy: evaluation.accuracy, correct: evaluation.correct, epochLosses: this.epochLosses };
  }
}
