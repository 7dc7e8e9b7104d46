import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateScenario, type BatchMemoryScenario } from '../../src/core/memory/scenario.js';
import { estimateInferenceMemory, estimateTrainingMemory, maxBatchSize } from '../../src/core/memory/index.js';
import { findDevice } from '../../src/core/catalog/index.js';

const gpt2OnT4: BatchMemoryScenario = {
  model: 'gpt2',
  modelConfig: '',
  mode: 'training',
  batchSize: 8,
  sequenceLength: 1024,
  imageSize: 224,
  precision: 'mixed-fp16',
  optimizer: 'adamw',
  recomputation: 'none',
  zeroStage: 0,
  gpus: 1,
  device: 't4',
  utilization: 0.5,
};

test('the largest batch that fits is the core maxBatchSize, and the scenario says whether it fits', () => {
  const result = evaluateScenario(gpt2OnT4);
  const t4 = findDevice('t4')!;
  const { largest } = maxBatchSize({ ...gpt2OnT4, model: 'gpt2', dataParallel: 1 }, t4);
  assert.equal(result.largestBatch, largest);
  assert.equal(result.fits, result.breakdown.total.bytes <= t4.memoryBytes.value);
  assert.equal(result.fits, gpt2OnT4.batchSize <= largest);
});

test('out of memory lists mitigations, each computed by the core, and a smaller batch fits', () => {
  const result = evaluateScenario({ ...gpt2OnT4, batchSize: 64 });
  assert.equal(result.fits, false);
  const smaller = result.mitigations.find((m) => m.text.startsWith('Batch size'))!;
  assert.equal(smaller.fits, true);
  const recompute = result.mitigations.find((m) => m.text.includes('recomputation'))!;
  const expected = estimateTrainingMemory({ ...gpt2OnT4, batchSize: 64, dataParallel: 1, recomputation: 'full' }).total.bytes;
  assert.equal(recompute.totalBytes, expected);
  assert.equal(evaluateScenario(gpt2OnT4).mitigations.length, 0);
});

test('the compute-bound marker is the first swept batch whose step is compute-bound', () => {
  const result = evaluateScenario({ ...gpt2OnT4, model: 'resnet50', device: 'a100-80gb-sxm' });
  const sweep = result.throughputSweep!;
  assert.ok(result.computeBoundFrom === undefined || sweep.x.includes(result.computeBoundFrom));
  assert.ok(result.step!.samplesPerSecond > 0);
});

test('inference: breakdown and largest batch agree with estimateInferenceMemory', () => {
  const scenario = { ...gpt2OnT4, mode: 'inference' as const, model: 'llama-2-7b', device: 'a100-80gb-sxm', sequenceLength: 4096 };
  const result = evaluateScenario(scenario);
  const at = (batchSize: number) =>
    estimateInferenceMemory({ model: 'llama-2-7b', batchSize, sequenceLength: 4096, weightPrecision: 'fp16' }).total.bytes;
  const capacity = findDevice('a100-80gb-sxm')!.memoryBytes.value;
  assert.equal(result.breakdown.total.bytes, at(8));
  assert.ok(at(result.largestBatch) <= capacity);
  assert.ok(at(result.largestBatch + 1) > capacity);
  assert.equal(result.throughputSweep, undefined);
});

test('a pasted config.json is used; a broken one falls back to GPT-2 with the reason', () => {
  const config = JSON.stringify({ model_type: 'gpt2', n_embd: 768, n_layer: 12, n_head: 12, vocab_size: 50257, n_positions: 1024 });
  const custom = evaluateScenario({ ...gpt2OnT4, model: 'custom', modelConfig: config });
  assert.equal(custom.configError, undefined);
  assert.equal(custom.model.params, 124_439_808);
  const broken = evaluateScenario({ ...gpt2OnT4, model: 'custom', modelConfig: '{"model_type": "gpt2"' });
  assert.match(broken.configError!, /JSON/);
  const missing = evaluateScenario({ ...gpt2OnT4, model: 'custom', modelConfig: '{"model_type": "gpt2"}' });
  assert.match(missing.configError!, /n_embd|hidden_size/);
});
