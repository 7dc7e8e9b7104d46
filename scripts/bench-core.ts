// Node timings of the pure cores, printed as one JSON object for scripts/bench.mjs.
// Run alone: node --import tsx scripts/bench-core.ts
//
// - Memory core: evaluate (everything <ml-batch-memory> computes per input) for the lab's
//   default state (from its schema), when a control other than the batch moved (the speed curve
//   is made again) and when only the batch moved (it is reused); and two of its parts,
//   sweepTrainingMemory and one training step of the speed core, trainingSpeed.
// - Neural-network core, when present: full test-set evaluation of each shipped model
//   (assets/models/*.json + .bin on assets/digits-14/test.bin) and the dense kernel's GFLOP/s,
//   through the core's own benchmark functions.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { findDevice } from '../src/core/catalog/index.js';
import { resolveModel, sweepTrainingMemory } from '../src/core/memory/index.js';
import { resolveTrainingOptions } from '../src/core/memory/training.js';
import { trainingSpeed } from '../src/core/speed/index.js';
import { batchMemorySchema } from '../src/core/memory/lab.js';
import { evaluate, trainingOptions } from '../src/core/memory/evaluate.js';
import { defaults } from '../src/core/shared/lab-schema.js';
import { readArrayBuffer } from './nn/train-common.js';

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

process.stdout.write(`${JSON.stringify({ node: process.version, memory, nn })}\n`);
