/**
 * The live induction training's settings (induction-training.ts), in a module of their own so
 * that the lab's explanations read them without loading the nn engine.
 */
export interface InductionTrainingConfig {
  seed: number;
  /** Distinct tokens the random segments draw from. */
  vocabSize: number;
  /** Tokens per training sequence (the model's context). */
  length: number;
  dim: number;
  heads: number;
  batchSize: number;
  learningRate: number;
  /** The shortest and longest repeated segment in training. */
  periods: [number, number];
  /** Held-out sequences (a segment of length/2, twice) the scores are measured on. */
  probeSamples: number;
}

export const DEFAULT_INDUCTION_TRAINING: InductionTrainingConfig = {
  seed: 1,
  vocabSize: 24,
  length: 32,
  dim: 32,
  heads: 2,
  batchSize: 16,
  learningRate: 3e-3,
  periods: [3, 16],
  probeSamples: 8,
};
