import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimateInferenceMemory, getModel, kvCacheBytes, kvCacheShape, listModels } from '../../src/core/memory/index.js';
import type { InferenceMemory } from '../../src/core/memory/index.js';

const bytesOf = (memory: InferenceMemory, key: string) => memory.parts.find((p) => p.key === key)?.bytes;

test('vLLM: one OPT-13B token holds 800 KB of KV cache, 2048 tokens about 1.6 GB', () => {
  // Kwon et al. 2023, §3: 2 (key and value) × 5120 (hidden) × 40 (layers) × 2 bytes = 800 KB;
  // a 2048-token request can take up to 1.6 GB.
  const opt13b = { numLayers: 40, numKvHeads: 40, headDim: 128, batchSize: 1, bytesPerElement: 2 };
  const perToken = kvCacheBytes({ ...opt13b, sequenceLength: 1 });
  assert.equal(perToken, 2 * 5120 * 40 * 2);
  assert.equal(perToken / 1024, 800);
  const request = kvCacheBytes({ ...opt13b, sequenceLength: 2048 });
  assert.equal(request, 1_677_721_600);
  assert.ok(Math.abs(request / 2 ** 30 - 1.6) < 0.05, 'about 1.6 GB (the paper rounds binary units)');
});

test('grouped-query attention: Llama-2-70B with 8 KV heads keeps 1/8 of the multi-head cache', () => {
  const model = getModel('llama-2-70b');
  assert.equal(model.kind, 'transformer');
  if (model.kind !== 'transformer') return;
  const gqa = kvCacheBytes(kvCacheShape(model.config, 4096, 1, 2));
  const mha = kvCacheBytes(kvCacheShape({ ...model.config, numKvHeads: model.config.numHeads }, 4096, 1, 2));
  assert.equal(mha / gqa, 8);
  // 2 × 80 layers × 8 heads × 128 dims × 2 bytes = 320 KiB per token.
  assert.equal(gqa / 4096, 320 * 1024);
  const mqa = kvCacheBytes(kvCacheShape({ ...model.config, numKvHeads: 1 }, 4096, 1, 2));
  assert.equal(gqa / mqa, 8);
});

test('inference memory: weights at their precision plus the KV cache of the batch', () => {
  const memory = estimateInferenceMemory({ model: 'llama-2-7b', batchSize: 4, sequenceLength: 4096, weightPrecision: 'fp16' });
  assert.deepEqual(memory.parts.map((p) => p.key), ['weights', 'kvCache', 'activations', 'overhead']);
  assert.equal(bytesOf(memory, 'weights'), 2 * 6_738_415_616);
  // Llama-2-7B is multi-head: 2 × 32 × 32 × 128 × 2 B = 512 KiB per token.
  assert.equal(bytesOf(memory, 'kvCache'), 4 * 4096 * 512 * 1024);
  assert.equal(memory.total.bytes, memory.parts.reduce((sum, p) => sum + p.bytes, 0));
  const int4 = estimateInferenceMemory({ model: 'llama-2-7b', batchSize: 4, sequenceLength: 4096, weightPrecision: 'int4' });
  assert.equal(bytesOf(int4, 'weights'), 6_738_415_616 / 2);
  assert.equal(bytesOf(int4, 'kvCache'), bytesOf(memory, 'kvCache'), 'int4 weights keep a 16-bit cache by default');
  const fp8Cache = estimateInferenceMemory({ model: 'llama-2-7b', batchSize: 4, sequenceLength: 4096, weightPrecision: 'fp16', kvCachePrecision: 'fp8' });
  assert.equal(bytesOf(fp8Cache, 'kvCache'), bytesOf(memory, 'kvCache')! / 2);
});

test('vision inference has no KV cache and grows with batch', () => {
  const one = estimateInferenceMemory({ model: 'resnet50', batchSize: 1, weightPrecision: 'fp32' });
  const many = estimateInferenceMemory({ model: 'resnet50', batchSize: 64, weightPrecision: 'fp32' });
  assert.equal(bytesOf(one, 'kvCache'), undefined);
  assert.equal(bytesOf(many, 'activations'), 64 * bytesOf(one, 'activations')!);
});

test('inference memory never falls as batch or context grows', () => {
  for (const model of listModels()) {
    let previous = -Infinity;
    for (const batchSize of [1, 2, 4, 8, 16]) {
      const total = estimateInferenceMemory({ model, batchSize, sequenceLength: 256, weightPrecision: 'bf16' }).total.bytes;
      assert.ok(total > previous, model.id);
      previous = total;
    }
    if (model.kind !== 'transformer') continue;
    const short = estimateInferenceMemory({ model, batchSize: 1, sequenceLength: 128, weightPrecision: 'bf16' }).total.bytes;
    const long = estimateInferenceMemory({ model, batchSize: 1, sequenceLength: 512, weightPrecision: 'bf16' }).total.bytes;
    assert.ok(long > short, model.id);
  }
  assert.throws(() => estimateInferenceMemory({ model: 'gpt2', batchSize: 1, sequenceLength: 4096, weightPrecision: 'fp16' }), /sequenceLength/);
  assert.throws(() => estimateInferenceMemory({ model: 'gpt2', batchSize: 1, weightPrecision: 'int3' as never }), /weightPrecision must be one of/);
  assert.throws(() => estimateInferenceMemory({ model: 'gpt2', batchSize: 1, weightPrecision: 'fp16', kvCachePrecision: 'int4' as never }), /kvCachePrecision/);
});
