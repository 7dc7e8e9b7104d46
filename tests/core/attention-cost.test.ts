// Attention's cost at scale against hand-worked cases and against the memory core's own estimates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attentionCost, costContextLengths, MAX_COST_CONTEXT } from '../../src/core/attention/index.js';
import { estimateTrainingMemory } from '../../src/core/memory/training.js';

test('GPT-2 small at 1,024 tokens: FLOP share s/(6h), score memory 5·a·s²·b per layer, FlashAttention, KV cache', () => {
  const cost = attentionCost({ model: 'gpt2', contextLength: 1024 });
  // Narayanan et al. 2021: per layer 4·s²·h attention FLOPs against 24·s·h² in the linear maps.
  assert.equal(cost.attentionFlops, 4 * 12 * 768 * 1024 ** 2);
  assert.equal(cost.linearFlops, 24 * 1024 * 12 * 768 ** 2);
  assert.ok(Math.abs(cost.attentionShare - 1024 / (6 * 768)) < 1e-15);
  // Korthikanti et al. 2022: 5·a·s²·b bytes per layer at 16 bits with attention dropout:
  // 12 layers × 5 × 12 heads × 1024² × 1 = 754,974,720 B.
  assert.equal(cost.scoreBytes, 754_974_720);
  // FlashAttention: one FP32 statistic per head and token: 12 × 4 × 12 × 1024 = 589,824 B.
  assert.equal(cost.flashBytes, 589_824);
  // K and V, 12 layers × 12 heads × 64 values × 2 bytes each: 36,864 B per token.
  assert.equal(cost.kvCacheBytesPerToken, 36_864);
  assert.equal(cost.derivations.length, 6);
  assert.match(cost.derivations[2]!.formula, /s\/\(6·h\)/);
  assert.equal(cost.derivations[2]!.result, '22.2%');
});

test('the score and FlashAttention terms are what the memory core adds to a training step for them', () => {
  for (const model of ['gpt2', 'llama-2-7b']) {
    const options = { model, batchSize: 2, sequenceLength: 1024, precision: 'mixed-bf16' as const, optimizer: 'adamw' as const };
    const activations = (extra: object) => estimateTrainingMemory({ ...options, ...extra }).parts.find((p) => p.key === 'activations')!.bytes;
    const withoutScores = activations({ recomputation: 'selective' });
    const cost = attentionCost({ model, contextLength: 1024, batchSize: 2 });
    assert.equal(activations({}) - withoutScores, cost.scoreBytes, model);
    assert.equal(activations({ fusedAttention: true }) - withoutScores, cost.flashBytes, model);
  }
});

test('KV cache per token: Llama 2 13B has OPT-13B\'s shape, whose 800 KB Kwon et al. 2023 work out', () => {
  // vLLM, §3: 2 (key and value) × 5120 (hidden size) × 40 (layers) × 2 (bytes, FP16) = 800 KB.
  assert.equal(attentionCost({ model: 'llama-2-13b', contextLength: 4096 }).kvCacheBytesPerToken, 2 * 5120 * 40 * 2);
  // Grouped-query attention: Llama 2 70B keeps 8 K/V heads of 128 over 80 layers: 327,680 B.
  assert.equal(attentionCost({ model: 'llama-2-70b', contextLength: 4096 }).kvCacheBytesPerToken, 327_680);
});

test('attention overtakes the linear layers as the context grows; lengths run to 128 k', () => {
  const lengths = costContextLengths();
  assert.equal(lengths[0], 128);
  assert.equal(lengths.at(-1), MAX_COST_CONTEXT);
  const shares = lengths.map((s) => attentionCost({ model: 'gpt2', contextLength: s }).attentionShare);
  shares.slice(1).forEach((share, i) => assert.ok(Math.abs(share / shares[i]! - 2) < 1e-12, 'the share doubles with the context'));
  assert.ok(shares.at(-1)! > 1);
  const long = attentionCost({ model: 'gpt2', contextLength: MAX_COST_CONTEXT });
  assert.ok(long.scoreBytes / long.flashBytes > 100_000);
  assert.throws(() => attentionCost({ model: 'gpt2', contextLength: MAX_COST_CONTEXT + 1 }), /contextLength/);
  assert.throws(() => attentionCost({ model: 'resnet50', contextLength: 1024 }), /not a transformer/);
});
