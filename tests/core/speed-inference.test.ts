import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findDevice } from '../../src/core/catalog/index.js';
import { resolveModel, type TransformerModel } from '../../src/core/memory/index.js';
import { DEFAULT_SPEED_ASSUMPTIONS, inferenceSpeed } from '../../src/core/speed/index.js';

const llama = resolveModel('llama-2-7b') as TransformerModel;
const a100 = findDevice('a100-80gb-sxm')!;
const serve = (batchSize: number, sequenceLength = 1024) =>
  inferenceSpeed({ config: llama.config, device: a100, batchSize, sequenceLength, precision: 'bf16', fusedAttention: true });

test('decoding one sequence reads every weight per token: its matmuls take weight bytes / attainable bandwidth', () => {
  // Llama-2 7B in BF16: every weight but the embedding table (32,000 × 4,096, of which one row is
  // read) is read once: 2 bytes × 6.61 × 10⁹ = 13.2 GB; at 80 % of 2,039 GB/s, 8.1 ms.
  const read = llama.params - llama.config.vocabSize * llama.config.hiddenSize;
  const expected = (2 * read) / (a100.bandwidthBytesPerSecond.value * DEFAULT_SPEED_ASSUMPTIONS.bandwidthEfficiency);
  const { decode } = serve(1, 128);
  const matmuls = decode.kernels.filter((k) => k.kernel.class === 'matmul');
  const seconds = matmuls.reduce((sum, k) => sum + k.seconds, 0);
  assert.ok(Math.abs(seconds / expected - 1) < 0.01, `${seconds} s against ${expected} s`);
  assert.ok(matmuls.every((k) => k.bound === 'memory'), 'every matmul is memory-bound at batch 1');
  // The small kernels between them are bound by their launches: eager decoding's overhead.
  const launches = decode.kernels.filter((k) => k.bound === 'launch');
  assert.ok(launches.length > 0 && decode.seconds - seconds > 0.1 * seconds);
});

test('batching decode multiplies tokens per second almost for free until the matmuls become compute-bound', () => {
  const at = (batchSize: number) => serve(batchSize, 128).decode.tokensPerSecond;
  assert.ok(at(8) / at(1) > 7, `${at(8) / at(1)}× at batch 8`);
  assert.ok(at(512) / at(256) < 1.5, 'saturates');
});

test('the prefill makes tokens far faster than decoding them one by one, and a longer cache slows decode', () => {
  const { prefill, decode } = serve(1, 1024);
  assert.ok(prefill.tokensPerSecond > 50 * decode.tokensPerSecond);
  assert.ok(serve(16, 4096).decode.seconds > serve(16, 256).decode.seconds * 1.2);
});
