// The memory lab's instructor's card says what the lab shows: each misconception's claim holds
// for its tag, and every number the card quotes is what `evaluate` computes, formatted as the
// core formats it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { batchMemoryCard, batchMemorySchema, evaluate, formatBytes, formatCount, type BatchMemoryResult, type BatchMemoryState } from '../../src/core/memory/index.js';
import { formatSignificant } from '../../src/core/shared/format.js';
import { about, quotes, readTag } from './card-checks.js';

const card = batchMemoryCard;

/** What the lab shows for a misconception's tag, with some controls moved. */
function shown(tag: string, moved: Partial<BatchMemoryState> = {}): BatchMemoryResult {
  return evaluate({ ...readTag(batchMemorySchema, card.lab, tag).state, ...moved });
}

const bytes = (result: BatchMemoryResult, key: string) => result.breakdown.parts.find((part) => part.key === key)!.bytes;
const modelState = (result: BatchMemoryResult) => bytes(result, 'weights') + bytes(result, 'gradients') + bytes(result, 'optimizer');

test('the optimizer state stays put as the batch grows; the activations grow with it', () => {
  const { tag, truth } = about(card, 'optimizer state');
  const one = shown(tag, { batchSize: 1 });
  const many = shown(tag, { batchSize: 64 });
  for (const key of ['weights', 'gradients', 'optimizer']) assert.equal(bytes(one, key), bytes(many, key), key);
  assert.ok(bytes(many, 'activations') > 32 * bytes(one, 'activations'));
  quotes(truth, formatBytes(bytes(one, 'optimizer')), formatBytes(bytes(one, 'activations')), formatBytes(bytes(many, 'activations')));
  // The first prompt: AdamW's state in mixed precision is six times the 16-bit weights.
  assert.equal(bytes(one, 'optimizer') / bytes(one, 'weights'), 6);
  assert.match(card.prompts[0]!, /six times its 16-bit weights/);
});

test('mixed precision keeps 16 bytes of model state per parameter, as FP32 does; pure BF16 keeps 8', () => {
  const { tag, truth } = about(card, 'Mixed precision');
  const fp32 = shown(tag);
  const mixed = shown(tag, { precision: 'mixed-fp16' });
  const pure = shown(tag, { precision: 'bf16' });
  const params = fp32.model.params;
  assert.deepEqual([fp32, mixed, pure].map((result) => modelState(result) / params), [16, 16, 8]);
  assert.ok(bytes(mixed, 'activations') < bytes(fp32, 'activations'));
  assert.ok(mixed.breakdown.total.bytes > 0.75 * fp32.breakdown.total.bytes, 'far from half');
  quotes(truth, formatBytes(fp32.breakdown.total.bytes), formatBytes(mixed.breakdown.total.bytes), formatBytes(pure.breakdown.total.bytes));
  assert.match(card.goals[1]!, /16 for Adam in FP32 or in mixed precision, 8 in pure BF16/);
});

test('data parallelism alone leaves memory per GPU as it is; ZeRO shards it', () => {
  const { tag, truth } = about(card, 'data parallelism');
  const one = shown(tag, { gpus: 1 });
  const eight = shown(tag);
  assert.equal(eight.breakdown.total.bytes, one.breakdown.total.bytes);
  assert.equal(eight.fits, false);
  const stage1 = shown(tag, { zeroStage: 1 });
  const stage3 = shown(tag, { zeroStage: 3 });
  assert.equal(stage1.fits, true);
  quotes(truth, formatBytes(one.breakdown.total.bytes), formatBytes(stage1.breakdown.total.bytes), formatBytes(stage3.breakdown.total.bytes));
});

test('recomputation pays for memory in FLOPs: full adds a third, selective a few percent but more in time', () => {
  const { tag, truth } = about(card, 'recomputation');
  const none = shown(tag);
  const selective = shown(tag, { recomputation: 'selective' });
  const full = shown(tag, { recomputation: 'full' });
  const flops = (result: BatchMemoryResult) => result.training!.step.flops;
  const speed = (result: BatchMemoryResult) => result.training!.samplesPerSecond;
  // The layers' forward is rerun, not the output layer (see speed-kernels.test.ts for the layers' third).
  const rerun = Math.round((flops(full) / flops(none) - 1) * 100);
  assert.ok(rerun > 15 && rerun < 33);
  assert.deepEqual([none.fits, full.fits], [false, true]);
  const extra = Math.round((flops(selective) / flops(none) - 1) * 100);
  assert.ok(speed(selective) / speed(none) < 1 - 2 * (extra / 100), 'slower than its FLOPs say');
  quotes(truth, `${rerun} % more in all`);
  quotes(truth, `${formatSignificant(speed(full))} samples/s instead of ${formatSignificant(speed(none))}`, `${extra} % more FLOPs`, `slows to ${formatSignificant(speed(selective))} samples/s`);
  quotes(truth, formatBytes(bytes(none, 'activations')), formatBytes(bytes(selective, 'activations')));
});

test('a larger batch pays until the kernels fill the GPU, then barely', () => {
  const { tag, truth } = about(card, 'largest batch');
  const one = shown(tag);
  const saturated = one.saturatesFrom;
  const atSaturation = shown(tag, { batchSize: saturated });
  const largest = shown(tag, { batchSize: one.largestBatch });
  const perSecond = (result: BatchMemoryResult) => result.training!.samplesPerSecond;
  const launchAndMemory = one.training!.shares.filter((share) => share.key === 'launch' || share.key === 'elementwise').reduce((sum, share) => sum + share.seconds, 0);
  assert.ok(launchAndMemory > 0.5 * one.training!.stepSeconds, 'at batch 1, launches and memory-bound kernels take most of the step');
  const gain = Math.round((perSecond(largest) / perSecond(atSaturation) - 1) * 100);
  const rate = (result: BatchMemoryResult) => formatCount(Math.round(perSecond(result)));
  quotes(truth, `${rate(one)} samples/s at batch 1`, `${rate(atSaturation)} at batch ${saturated}`, `(${one.largestBatch}) it gains ${gain} %`);
});

test('data parallelism loses what communication does not hide: more over a slower link', () => {
  const { tag, truth } = about(card, 'Eight GPUs');
  const nvlink = shown(tag).training!;
  const infiniband = shown(tag, { interconnect: 'infiniband-hdr' }).training!;
  assert.ok(nvlink.scaling.efficiency > infiniband.scaling.efficiency);
  const percent = (share: number) => `${Math.round(share * 100)} %`;
  const job = (t: typeof nvlink) => `${formatSignificant(t.scaling.wholeJobSamplesPerSecond)} samples/s`;
  quotes(truth, `${percent(nvlink.scaling.efficiency)} of linear scaling over NVLink (${job(nvlink)}`, `InfiniBand HDR, ${percent(infiniband.scaling.efficiency)} (${job(infiniband)})`);
});

test('mixed precision speeds a step up less than the ratio of the peaks', () => {
  const state = { ...readTag(batchMemorySchema, card.lab, card.assignment.tag).state };
  const fp32 = evaluate({ ...state, precision: 'fp32' }).training!.samplesPerSecond;
  const mixed = evaluate({ ...state, precision: 'mixed-fp16' }).training!.samplesPerSecond;
  assert.ok(mixed / fp32 < 4 && mixed / fp32 > 2);
  assert.match(card.prompts.find((prompt) => prompt.includes('eight times'))!, /less than four times as fast/);
});

test('serving keeps a KV cache per sequence beside the weights', () => {
  const { tag, truth } = about(card, 'Serving');
  const one = shown(tag, { batchSize: 1 });
  const short = shown(tag, { sequenceLength: 1024 });
  const long = shown(tag);
  quotes(truth, `${formatBytes(bytes(one, 'kvCache') / 8192)} per token`, `${formatBytes(bytes(one, 'kvCache'))} per sequence of 8,192 tokens`);
  quotes(truth, `${formatBytes(bytes(one, 'weights'))} of weights`, `only ${long.largestBatch} such sequences`, `1,024 tokens, ${short.largestBatch}`);
});

test('the assignment’s prediction is the largest batch, and activations are then the largest part', () => {
  const { state } = readTag(batchMemorySchema, card.lab, card.assignment.tag);
  const { largestBatch } = evaluate(state);
  const parts = evaluate({ ...state, batchSize: largestBatch }).breakdown.parts;
  assert.equal([...parts].sort((a, b) => b.bytes - a.bytes)[0]!.key, 'activations');
});
