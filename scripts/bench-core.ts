// Node timings of the pure cores, printed as one JSON object for scripts/bench.mjs.
// Run alone: node --import tsx scripts/bench-core.ts
//
// - Memory core: evaluate (everything <ml-batch-memory> computes per input) for the lab's
//   default state (from its schema), when a control other than the batch moved (the speed curve
//   is made again) and when only the batch moved (it is reused); and two of its parts,
//   sweepTrainingMemory and one training step of the speed core, trainingSpeed.
// - Optimizer core: evaluate (everything <ml-optim-landscape> computes per input) for the lab's
//   default state, and for the largest race the lab offers (every optimizer, 2,000 steps); on a
//   trained network (MLP, CNN), the whole landscape and the default race, each with its longest step.
// - Neural-network core, when present: full test-set evaluation of each shipped model
//   (assets/models/*.json + .bin on assets/digits-14/test.bin) and the dense kernel's GFLOP/s,
//   through the core's own benchmark functions.
// - Pruning core: the pruning lab's whole sweep (every method, 0–99 %) per shipped model, and the
//   forward pass of 100 test images on dense kernels, CSR kernels and shrunk, at a few settings.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { findDevice } from '../src/core/catalog/index.js';
import { resolveModel, sweepTrainingMemory } from '../src/core/memory/index.js';
import { resolveTrainingOptions } from '../src/core/memory/training.js';
import { trainingSpeed } from '../src/core/speed/index.js';
import { batchMemorySchema } from '../src/core/memory/lab.js';
import { evaluate, trainingOptions } from '../src/core/memory/evaluate.js';
import { defaults } from '../src/core/shared/lab-schema.js';
import { NETWORK_SURFACES, RACE_OPTIMIZERS, optimLandscapeSchema } from '../src/core/optim/lab.js';
import { LANDSCAPE_SUBSET, LossLandscape, firstSamples } from '../src/core/optim/landscape.js';
import { NetworkRace } from '../src/core/optim/race.js';
import { evaluate as evaluateRace } from '../src/core/optim/evaluate.js';
import { readArrayBuffer } from './nn/train-common.js';
import { parseDigits, parseModel, type ModelManifest } from '../src/core/nn/index.js';
import { pruneSessionSteps, sweepSteps, type PruneSetting } from '../src/core/prune/index.js';
import { drain, type Steps } from '../src/core/shared/steps.js';

interface Stats {
  runs: number;
  medianMs: number;
  p95Ms: number;
  minMs: number;
}

const now = () => performance.now();

function quantile(sorted: number[], q: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index]!;
}

/** Median, p95 and minimum of `runs` timed calls after a warm-up. */
function time(run: () => unknown, runs = 400, warmup = 50): Stats {
  let sink: unknown;
  for (let i = 0; i < warmup; i++) sink = run();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = now();
    sink = run();
    samples.push(now() - start);
  }
  if (sink === undefined) throw new Error('benchmarked function returned nothing');
  samples.sort((a, b) => a - b);
  return { runs, medianMs: quantile(samples, 0.5), p95Ms: quantile(samples, 0.95), minMs: samples[0]! };
}

const scenario = defaults(batchMemorySchema);

/** Evaluates the states in turn, one per call. */
function alternate(states: (typeof scenario)[]): () => unknown {
  let i = 0;
  return () => evaluate(states[i++ % states.length]!);
}
const model = resolveModel(scenario.model);
const device = findDevice(scenario.device)!;
const options = trainingOptions(scenario, model, device);

const memory = {
  scenario: `the lab's defaults: ${scenario.model}, ${scenario.mode}, batch ${scenario.batchSize} × ${scenario.sequenceLength} tokens, ${scenario.precision} (${options.precision}), ${scenario.optimizer}, ${scenario.device}`,
  // Two states a control apart, taken in turn, so each call makes its speed curve anew.
  evaluate: time(alternate([scenario, { ...scenario, matmulEfficiency: scenario.matmulEfficiency / 2 }])),
  evaluateBatchMoved: time(alternate([scenario, { ...scenario, batchSize: scenario.batchSize * 2 }])),
  sweepTrainingMemory: time(() => sweepTrainingMemory(options)),
  trainingSpeed: time(() => trainingSpeed({ ...resolveTrainingOptions({ ...options, batchSize: scenario.batchSize }), device })),
};

// The surface's values are made once per surface and region; an input that moves only the
// optimizers (the learning rate, say) costs the runs, which is what these time.
const race = defaults(optimLandscapeSchema);
const largestRace = { ...race, optimizers: [...RACE_OPTIMIZERS], steps: optimLandscapeSchema.params.steps.max };
const optim = {
  scenario: `the lab's defaults (${race.optimizers.join(', ')}, ${race.steps} steps on the quadratic, κ = ${race.conditionNumber}); the largest race: all ${RACE_OPTIMIZERS.length} optimizers, ${largestRace.steps} steps`,
  evaluate: time(() => evaluateRace(race)),
  largestRace: time(() => evaluateRace(largestRace), 40, 5),
  network: benchNetwork(),
};

/**
 * A trained network's landscape (every level, to 33 × 33 points) and the race on its
 * architecture at the lab's defaults, run as the compute worker runs them: the whole run and its
 * longest single step (what a page running the jobs itself, in 8 ms slices, could not split).
 */
function benchNetwork() {
  const trainingSet = parseDigits(readArrayBuffer('assets/digits-14/train.bin'));
  const testSet = parseDigits(readArrayBuffer('assets/digits-14/test.bin'));
  const timeSteps = <T>(steps: Steps<T>) => {
    const from = performance.now();
    let last = from;
    let longestStepMs = 0;
    let count = 0;
    for (;;) {
      const step = steps.next();
      const now = performance.now();
      longestStepMs = Math.max(longestStepMs, now - last);
      last = now;
      count++;
      if (step.done) return { seconds: (now - from) / 1000, steps: count, longestStepMs };
    }
  };
  const defaultsOf = defaults(optimLandscapeSchema);
  return NETWORK_SURFACES.filter((name) => name !== 'lenet-300-100').map((name) => {
    const manifest = JSON.parse(readFileSync(`assets/models/${name}.json`, 'utf8')) as ModelManifest;
    const model = parseModel(readArrayBuffer(`assets/models/${manifest.weights.file}`), manifest);
    const landscape = timeSteps(new LossLandscape(model, firstSamples(trainingSet, LANDSCAPE_SUBSET), { seed: defaultsOf.seed }).steps());
    const race = timeSteps(new NetworkRace({ architecture: manifest.architecture, optimizers: defaultsOf.optimizers, steps: defaultsOf.raceSteps, seed: defaultsOf.seed }, trainingSet, testSet).steps());
    return { model: name, landscape, race: { ...race, optimizers: defaultsOf.optimizers, trainingSteps: defaultsOf.raceSteps } };
  });
}

// ---- Neural-network core (optional: skipped with a note when its files are not there) ----

interface NnTiming {
  medianMs: number;
  minMs: number;
  runs: number;
}
interface NnCore {
  benchmarkEvaluation?: (model: unknown, dataset: unknown, clock: () => number, runs?: number) => NnTiming;
  benchmarkDenseKernel?: (clock: () => number) => NnTiming & { gflops: number };
  parseDigits?: (buffer: ArrayBuffer) => { count: number };
  parseModel?: (buffer: ArrayBuffer, manifest: unknown) => unknown;
}

async function benchNn(): Promise<Record<string, unknown>> {
  const entry = new URL('../src/core/nn/index.ts', import.meta.url);
  if (!existsSync(entry)) return { skipped: 'src/core/nn/index.ts does not exist' };
  const testFile = 'assets/digits-14/test.bin';
  if (!existsSync(testFile)) return { skipped: `${testFile} does not exist` };
  // A computed specifier keeps this file independent of the nn core's exact exports.
  const nn = (await import(entry.href)) as NnCore;
  const missing = (['benchmarkEvaluation', 'benchmarkDenseKernel', 'parseDigits', 'parseModel'] as const).filter(
    (name) => typeof nn[name] !== 'function',
  );
  if (missing.length > 0) return { skipped: `src/core/nn does not export ${missing.join(', ')}` };
  const testSet = nn.parseDigits!(readArrayBuffer(testFile));
  const models: Record<string, unknown>[] = [];
  const manifests = existsSync('assets/models') ? readdirSync('assets/models').filter((file) => file.endsWith('.json')).sort() : [];
  for (const file of manifests) {
    const manifest = JSON.parse(readFileSync(`assets/models/${file}`, 'utf8')) as { name?: string; weights?: { file?: string }; dataset?: { name?: string } };
    // The digit classifiers only: the attention lab's text model reads tokens, not digits.
    if (manifest.dataset?.name !== 'digits-14') continue;
    const name = manifest.name ?? file.replace(/\.json$/, '');
    try {
      const weights = `assets/models/${manifest.weights?.file ?? `${name}.bin`}`;
      const model = nn.parseModel!(readArrayBuffer(weights), manifest);
      models.push({ name, samples: testSet.count, ...nn.benchmarkEvaluation!(model, testSet, now) });
    } catch (error) {
      models.push({ name, error: error instanceof Error ? error.message : String(error) });
    }
  }
  const dense = nn.benchmarkDenseKernel!(now);
  return { models, denseKernel: { shape: '10000×196 · 196×64', ...dense } };
}

let nn: Record<string, unknown>;
try {
  nn = await benchNn();
} catch (error) {
  nn = { skipped: `nn core failed: ${error instanceof Error ? error.message : String(error)}` };
}

// ---- Pruning core ----

const PRUNE_TIMED: PruneSetting[] = [
  { method: 'magnitude', scope: 'layer', sparsity: 0 },
  { method: 'magnitude', scope: 'layer', sparsity: 0.5 },
  { method: 'magnitude', scope: 'layer', sparsity: 0.9 },
  { method: 'magnitude', scope: 'layer', sparsity: 0.99 },
  { method: 'l1-structured', scope: 'layer', sparsity: 0.5 },
];

function benchPrune(): Record<string, unknown> {
  const testSet = parseDigits(readArrayBuffer('assets/digits-14/test.bin'));
  const models = ['mlp', 'cnn', 'lenet-300-100'].map((name) => {
    const manifest = JSON.parse(readFileSync(`assets/models/${name}.json`, 'utf8')) as ModelManifest;
    const model = parseModel(readArrayBuffer(`assets/models/${name}.bin`), manifest);
    const session = drain(pruneSessionSteps(model, testSet));
    const start = now();
    drain(sweepSteps(session, 'layer'));
    const sweepMs = now() - start;
    const timings = PRUNE_TIMED.map((setting) => ({ setting: `${setting.method} ${setting.sparsity * 100} %`, ...drain(session.timingSteps(setting, now)) }));
    return { name, sweepMs, timings };
  });
  return { models };
}

let prune: Record<string, unknown>;
try {
  prune = benchPrune();
} catch (error) {
  prune = { skipped: `pruning core failed: ${error instanceof Error ? error.message : String(error)}` };
}

process.stdout.write(`${JSON.stringify({ node: process.version, memory, optim, nn, prune })}\n`);
