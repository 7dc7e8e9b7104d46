import type { Dataset } from './data.js';
import { evaluate } from './evaluate.js';
import { matmulTransposedB } from './kernels.js';
import type { Sequential } from './model.js';

/** A clock in milliseconds (`performance.now` in node and browsers); injected to keep the core pure. */
export type Clock = () => number;

export interface Timing {
  /** Median of the timed runs, in milliseconds. */
  medianMs: number;
  minMs: number;
  runs: number;
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function time(run: () => void, runs: number, now: Clock): Timing {
  run(); // warm-up: compiles the kernels and sizes the layer buffers
  run();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = now();
    run();
    samples.push(now() - start);
  }
  return { medianMs: median(samples), minMs: Math.min(...samples), runs };
}

/** Time of one full evaluation of `dataset` (what a lab does on every slider move). */
export function benchmarkEvaluation(model: Sequential, dataset: Dataset, now: Clock, runs = 21): Timing {
  return time(() => evaluate(model, dataset), runs, now);
}

/**
 * Throughput of the forward dense kernel on a rows×inFeatures · inFeatures×outFeatures product
 * (defaults: 10,000 × 196 · 196 × 64, a first layer over a batch of digits), in GFLOP/s counting 2 per multiply-add.
 */
export function benchmarkDenseKernel(
  now: Clock,
  { rows = 10_000, inFeatures = 196, outFeatures = 64, runs = 11 } = {},
): Timing & { gflops: number } {
  const input = new Float32Array(rows * inFeatures).map((_, i) => ((i * 7919) % 255) / 255);
  const weights = new Float32Array(outFeatures * inFeatures).map((_, i) => ((i * 104729) % 201) / 100 - 1);
  const out = new Float32Array(rows * outFeatures);
  const timing = time(() => matmulTransposedB(input, weights, out, rows, outFeatures, inFeatures), runs, now);
  return { ...timing, gflops: (2 * rows * inFeatures * outFeatures) / (timing.medianMs * 1e6) };
}
