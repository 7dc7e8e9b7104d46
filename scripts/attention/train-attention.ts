// Trains the attention lab's transformer on Bierce's "The Devil's Dictionary" (Debian's dict-devil,
// public domain), character by character: 2 layers × 4 heads, d_model 64, context 128, pre-norm
// blocks with a 256-wide GELU MLP (src/core/attention/architecture.ts). A quarter of each batch's
// windows are repeated random characters instead of text, so that copying an earlier continuation
// (what induction heads do, Olsson et al. 2022) pays off often. Writes
// assets/models/devil-transformer.bin (FP16) + .json with the training curve and the shipped
// weights' validation loss. Run: npm run train:attention (the full run, about an hour on one core);
// `-- --steps N` for a short run, marked provisional in the manifest; `-- --check` to retrain and
// verify the weights are byte-identical to the committed ones.
import { readFileSync } from 'node:fs';
import { transformerSpec, type TransformerShape } from '../../src/core/attention/architecture.js';
import { AttentionModel, streamLoss, type CurvePoint, type TextModelManifest } from '../../src/core/attention/model.js';
import { repeatedRandomTokens } from '../../src/core/attention/sequences.js';
import { tokenize, vocabularyOf } from '../../src/core/attention/tokenizer.js';
import { clipGradientNorm } from '../../src/core/nn/clip.js';
import { createModel } from '../../src/core/nn/model.js';
import { describeParameters, parseModel, serializeWeights } from '../../src/core/nn/serialize.js';
import { BatchTrainer, cosineLearningRate } from '../../src/core/nn/train.js';
import { createRng } from '../../src/core/shared/rng.js';
import { saveOrCheckModel, sha256 } from '../nn/model-files.js';
import { loadDevilText, PACKAGE, SPLIT_SEED, VALIDATION_ASSET } from './devil-source.js';

const NAME = 'devil-transformer';
const PLANNED_STEPS = 1500;
const SEED = 1;
const BATCH = 16;
const LEARNING_RATE = 3e-3;
const WARMUP_STEPS = 100;
const CLIP_NORM = 1;
/** Characters other than the letters need this many occurrences in the training text for an id. */
const MIN_COUNT = 100;
const REPEAT_SHARE = 0.25;
const PERIODS: [number, number] = [8, 64];

function stepsArgument(): number {
  const at = process.argv.indexOf('--steps');
  if (at < 0) return PLANNED_STEPS;
  const steps = Number(process.argv[at + 1]);
  if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`--steps takes a positive integer, got ${process.argv[at + 1]}`);
  return steps;
}

/** Linear warm-up, then cosine decay to 0 at the last step. */
function learningRate(step: number, steps: number): number {
  const warmup = Math.min(WARMUP_STEPS, Math.floor(steps / 10));
  if (step < warmup) return (LEARNING_RATE * (step + 1)) / warmup;
  return cosineLearningRate(LEARNING_RATE, step - warmup, steps - warmup);
}

const check = process.argv.includes('--check');
const steps = stepsArgument();
const started = performance.now();
const text = loadDevilText();
const shippedValidation = readFileSync(VALIDATION_ASSET, 'utf8');
if (shippedValidation !== text.validation) throw new Error(`${VALIDATION_ASSET} is stale: run npm run data:text`);
const vocabulary = vocabularyOf(text.train, MIN_COUNT);
const trainIds = tokenize(text.train, vocabulary).ids;
const validationIds = tokenize(shippedValidation, vocabulary).ids;
const shape: TransformerShape = { vocabSize: vocabulary.symbols.length, contextLength: 128, dim: 64, heads: 4, layers: 2, mlpWidth: 256 };
const architecture = transformerSpec(shape);
const network = createModel(architecture, SEED);
const model = new AttentionModel(network);
const parameters = network.parameters();
const optimizer = { type: 'adamw' as const, lr: LEARNING_RATE, betas: [0.9, 0.95] as [number, number], weightDecay: 0.1 };
const trainer = new BatchTrainer(network, optimizer, () => clipGradientNorm(parameters, CLIP_NORM));
const rng = createRng(SEED);
const T = shape.contextLength;
const inputs = new Float32Array(BATCH * T);
const targets = new Int32Array(BATCH * T);

/** One window of T + 1 tokens: text from a random place, or (REPEAT_SHARE of them) a repeated random segment. */
function sampleWindow(): number[] {
  if (rng.next() < REPEAT_SHARE) {
    const period = PERIODS[0] + rng.int(PERIODS[1] - PERIODS[0] + 1);
    return repeatedRandomTokens(rng, T + 1, period, shape.vocabSize);
  }
  const start = rng.int(trainIds.length - T);
  return trainIds.slice(start, start + T + 1);
}

console.log(`${parameters.reduce((n, p) => n + p.data.length, 0)} parameters; vocabulary of ${shape.vocabSize}; ${trainIds.length} training tokens; ${steps} steps`);
const curve: CurvePoint[] = [];
const evaluateEvery = Math.max(1, Math.round(steps / 12));
let sinceLast = 0;
let lossSum = 0;
for (let step = 0; step < steps; step++) {
  for (let n = 0; n < BATCH; n++) {
    const window = sampleWindow();
    for (let t = 0; t < T; t++) {
      inputs[n * T + t] = window[t]!;
      targets[n * T + t] = window[t + 1]!;
    }
  }
  trainer.optimizer.lr = learningRate(step, steps);
  lossSum += trainer.trainOnBatch(inputs, targets, BATCH);
  sinceLast++;
  if ((step + 1) % evaluateEvery === 0 || step + 1 === steps) {
    const validationLoss = streamLoss(model, validationIds).meanLoss;
    curve.push({ step: step + 1, trainLoss: lossSum / sinceLast, validationLoss });
    const seconds = ((performance.now() - started) / 1000).toFixed(0);
    console.log(`step ${step + 1}/${steps}  train ${(lossSum / sinceLast).toFixed(4)}  validation ${validationLoss.toFixed(4)}  ${seconds} s`);
    lossSum = 0;
    sinceLast = 0;
  }
}
const trainingSeconds = (performance.now() - started) / 1000;

const dtype = 'float16-le';
const weights = serializeWeights(network, dtype);
const parameterList = describeParameters(network);
// Scored as shipped: FP16 rounding is part of the model.
const shipped = new AttentionModel(parseModel(weights.slice().buffer, { architecture, parameters: parameterList, weights: { dtype } }));
const validation = streamLoss(shipped, validationIds);
const manifest: TextModelManifest = {
  format: 'mlsys-labs-model',
  version: 1,
  name: NAME,
  description:
    'Character-level transformer on The Devil\'s Dictionary: embedding (tokens + learned positions) → 2 × [pre-norm attention, 4 heads; ' +
    'pre-norm MLP 64→256→64, GELU] → layer norm → linear to the vocabulary; context 128; weights stored as FP16',
  architecture,
  shape,
  parameters: parameterList,
  parameterCount: parameters.reduce((n, p) => n + p.data.length, 0),
  weights: { file: `${NAME}.bin`, dtype, byteLength: weights.length, sha256: sha256(weights) },
  vocabulary,
  dataset: {
    name: 'devil-dictionary',
    source: `Ambrose Bierce, The Devil's Dictionary (1911), from Debian's ${PACKAGE} ${text.packageVersion} (devil.dict.dz, sha256 of the unpacked dictionary ${text.dictionarySha256})`,
    license: 'public domain (copyright expired), as the package\'s copyright file states',
    trainCharacters: text.train.length,
    validationCharacters: text.validation.length,
    validationFile: VALIDATION_ASSET.replace(/^assets\//, ''),
    splitSeed: SPLIT_SEED,
    preprocessing:
      'dictionary entries in file order (dictfmt\'s own 00database entries dropped); lines trimmed, runs of spaces made one, runs of blank lines made one; ' +
      `5 % of the entries held out for validation by a seeded shuffle; ids for the 52 ASCII letters and every character occurring ≥ ${MIN_COUNT} times in the training text, the rest one unknown id`,
    mix:
      `each training window of ${T + 1} tokens is, with probability ${REPEAT_SHARE}, a segment of ${PERIODS[0]}–${PERIODS[1]} tokens drawn uniformly ` +
      'from the vocabulary (the unknown id excepted) and repeated to fill the window; otherwise text from a uniformly random place',
  },
  training: {
    script: 'scripts/attention/train-attention.ts',
    seed: SEED,
    steps,
    plannedSteps: PLANNED_STEPS,
    provisional: steps < PLANNED_STEPS,
    batchSize: BATCH,
    optimizer,
    schedule: `linear warm-up over ${Math.min(WARMUP_STEPS, Math.floor(steps / 10))} steps, then cosine decay to 0, set every step`,
    gradientClipping: CLIP_NORM,
    curve,
  },
  validation,
};
console.log(
  `${NAME}: validation loss ${validation.meanLoss.toFixed(4)} nats/character over ${validation.tokens} tokens (FP16 weights), ` +
    `${manifest.parameterCount} parameters, trained in ${trainingSeconds.toFixed(0)} s, sha256 ${manifest.weights.sha256}`,
);
saveOrCheckModel(NAME, weights, manifest, check);
