import { drain, type Steps } from '../shared/steps.js';
import type { Dataset } from './data.js';
import type { Sequential } from './model.js';
import { sizeOf } from './tensor.js';

export interface Evaluation {
  /** Fraction of samples whose arg-max logit is the label. */
  accuracy: number;
  correct: number;
  count: number;
  /** Mean cross-entropy of the softmax of the logits (natural log). */
  meanLoss: number;
  /** Accuracy over the samples of each class (NaN for a class with no samples). */
  perClassAccuracy: number[];
  /** Predicted class of each sample. */
  predictions: Uint8Array;
}

/**
 * Images per batch: large enough to amortise each layer's per-call work, small enough that one
 * batch of the CNN (about 8 ms) leaves room for a frame when evaluation runs in steps.
 */
export const EVALUATION_BATCH = 100;

/** Runs the model over the whole data set and scores it (see evaluationSteps). */
export function evaluate(model: Sequential, dataset: Dataset, batchSize = EVALUATION_BATCH): Evaluation {
  return drain(evaluationSteps(model, dataset, batchSize));
}

/**
 * Evaluation one batch per step: runs the model over the data set and scores its logits. The
 * layers reuse their buffers between batches and between calls, so a warmed-up evaluation
 * allocates only its result; ties in the arg-max go to the lower class.
 */
export function* evaluationSteps(model: Sequential, dataset: Dataset, batchSize = EVALUATION_BATCH): Steps<Evaluation> {
  const classes = dataset.classes;
  if (sizeOf(model.outputShape) !== classes) {
    throw new RangeError(`model outputs [${model.outputShape.join(', ')}], data set has ${classes} classes`);
  }
  const sampleSize = sizeOf(dataset.sampleShape);
  const predictions = new Uint8Array(dataset.count);
  const classCorrect = new Array<number>(classes).fill(0);
  const classCount = new Array<number>(classes).fill(0);
  let correct = 0;
  let totalLoss = 0;
  for (let start = 0; start < dataset.count; start += batchSize) {
    const batch = Math.min(batchSize, dataset.count - start);
    const logits = model.forward(dataset.inputs.subarray(start * sampleSize, (start + batch) * sampleSize), batch);
    for (let n = 0; n < batch; n++) {
      const base = n * classes;
      let best = 0;
      let max = logits[base]!;
      for (let c = 1; c < classes; c++) {
        if (logits[base + c]! > max) {
          max = logits[base + c]!;
          best = c;
        }
      }
      let sum = 0;
      for (let c = 0; c < classes; c++) sum += Math.exp(logits[base + c]! - max);
      const label = dataset.labels[start + n]!;
      totalLoss += max + Math.log(sum) - logits[base + label]!;
      predictions[start + n] = best;
      classCount[label]!++;
      if (best === label) {
        correct++;
        classCorrect[label]!++;
      }
    }
    if (start + batch < dataset.count) yield (start + batch) / dataset.count;
  }
  return {
    accuracy: correct / dataset.count,
    correct,
    count: dataset.count,
    meanLoss: totalLoss / dataset.count,
    perClassAccuracy: classCorrect.map((hits, c) => hits / classCount[c]!),
    predictions,
  };
}
