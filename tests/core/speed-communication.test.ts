import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findInterconnect } from '../../src/core/catalog/index.js';
import {
  DEFAULT_STEP_LATENCY_SECONDS,
  dataParallelCommunication,
  ringAllGatherSeconds,
  ringAllReduceSeconds,
  scaling,
} from '../../src/core/speed/index.js';
import type { DataParallelOptions } from '../../src/core/speed/index.js';

const NVLINK_3 = findInterconnect('nvlink-3')!;
const GPT2_SMALL = 124_439_808;
const close = (actual: number, expected: number, relative = 1e-9) =>
  assert.ok(Math.abs(actual - expected) <= relative * Math.abs(expected), `${actual} is not ${expected}`);

const gpt2 = (overrides: Partial<DataParallelOptions> = {}) =>
  dataParallelCommunication({
    parameters: GPT2_SMALL,
    gradientBytesPerParameter: 2,
    parameterBytesPerParameter: 2,
    gpus: 8,
    zeroStage: 0,
    link: NVLINK_3,
    backwardSeconds: 0.1,
    ...overrides,
  });

test('ring all-reduce of GPT-2 small FP16 gradients on 8 A100s over NVLink 3, by hand', () => {
  // S = 2 B × 124,439,808 = 248.9 MB; each GPU sends 2·7/8·S = 435.5 MB at 300 GB/s = 1.452 ms,
  // plus 2·7 = 14 ring steps of α.
  const bytes = 2 * GPT2_SMALL;
  const bandwidthSeconds = (2 * 7 / 8) * bytes / 300e9;
  close(bandwidthSeconds, 1.4518e-3, 1e-4);
  close(ringAllReduceSeconds(bytes, 8, NVLINK_3, { latencySeconds: 0 }), bandwidthSeconds);
  close(ringAllReduceSeconds(bytes, 8, NVLINK_3, { latencySeconds: 5e-6 }), bandwidthSeconds + 14 * 5e-6);
  close(ringAllReduceSeconds(bytes, 8, NVLINK_3), bandwidthSeconds + 14 * DEFAULT_STEP_LATENCY_SECONDS);

  const dp = gpt2({ latencySeconds: 0 });
  close(dp.bytesPerGpu, 435_539_328);
  close(dp.seconds, bandwidthSeconds);
  assert.deepEqual(dp.collectives.map((c) => c.kind), ['all-reduce']);
});

test('an all-reduce is a reduce-scatter and an all-gather', () => {
  for (const gpus of [2, 3, 8, 64]) {
    close(ringAllReduceSeconds(1e9, gpus, NVLINK_3), 2 * ringAllGatherSeconds(1e9, gpus, NVLINK_3));
  }
});

test('one GPU communicates nothing', () => {
  assert.equal(ringAllReduceSeconds(1e9, 1, NVLINK_3), 0);
  assert.equal(ringAllGatherSeconds(1e9, 1, NVLINK_3), 0);
  for (const zeroStage of [0, 1, 2, 3] as const) {
    const one = gpt2({ gpus: 1, zeroStage });
    assert.equal(one.bytesPerGpu, 0);
    assert.equal(one.seconds, 0);
    assert.equal(one.exposedSeconds, 0);
  }
});

test('time grows with GPU count toward 2 × bytes / bandwidth', () => {
  const bytes = 2 * GPT2_SMALL;
  const limit = 2 * bytes / NVLINK_3.busBandwidthBytesPerSecond.value;
  let previous = 0;
  for (const gpus of [2, 4, 8, 16, 64, 1024]) {
    const seconds = ringAllReduceSeconds(bytes, gpus, NVLINK_3, { latencySeconds: 0 });
    assert.ok(seconds > previous, `${gpus} GPUs`);
    assert.ok(seconds < limit);
    previous = seconds;
  }
  close(previous, limit, 1e-3);
  // With latency the time keeps growing: 2(N−1) steps of α each.
  assert.ok(ringAllReduceSeconds(bytes, 1024, NVLINK_3) > limit);
});

test('ZeRO §7: stages 1 and 2 move what plain data parallelism does, stage 3 1.5 times it', () => {
  for (const gpus of [2, 8, 512]) {
    const [dp, z1, z2, z3] = ([0, 1, 2, 3] as const).map((zeroStage) => gpt2({ gpus, zeroStage, latencySeconds: 0 }));
    assert.deepEqual([dp!, z1!, z2!, z3!].map((r) => r.volumeInParameters), [2, 2, 2, 3]);
    close(z1!.bytesPerGpu / dp!.bytesPerGpu, 1);
    close(z2!.bytesPerGpu / dp!.bytesPerGpu, 1);
    assert.equal(z3!.bytesPerGpu / dp!.bytesPerGpu, 1.5);
    close(z3!.seconds / dp!.seconds, 1.5);
    assert.deepEqual(z3!.collectives.map((c) => c.kind), ['all-gather', 'all-gather', 'reduce-scatter']);
  }
  // Each collective of stage 3 moves (N−1)/N · Ψ elements of 2 bytes per GPU.
  const z3 = gpt2({ zeroStage: 3 });
  for (const c of z3.collectives) close(c.bytesPerGpu, (7 / 8) * GPT2_SMALL * 2);
});

test('communication grows with GPU count for every ZeRO stage', () => {
  for (const zeroStage of [0, 1, 2, 3] as const) {
    const volumes = [1, 2, 4, 8, 64].map((gpus) => gpt2({ gpus, zeroStage }).bytesPerGpu);
    for (let i = 1; i < volumes.length; i++) assert.ok(volumes[i]! > volumes[i - 1]!, `stage ${zeroStage}`);
  }
});

test('FP32 gradients with FP16 parameters: stages 1 and 2 gather fewer bytes than an FP32 all-reduce', () => {
  const dp = gpt2({ gradientBytesPerParameter: 4, latencySeconds: 0 });
  const z2 = gpt2({ gradientBytesPerParameter: 4, zeroStage: 2, latencySeconds: 0 });
  close(z2.bytesPerGpu / dp.bytesPerGpu, (4 + 2) / (4 + 4));
});

test('overlap hides communication under backward, never longer than backward', () => {
  const none = gpt2({ overlap: 0 });
  assert.equal(none.exposedSeconds, none.seconds);
  const full = gpt2({ overlap: 1, backwardSeconds: 1 });
  assert.equal(full.exposedSeconds, 0);
  const half = gpt2({ overlap: 0.5, backwardSeconds: 1 });
  close(half.exposedSeconds, half.seconds / 2);
  // A backward pass shorter than the hideable half bounds what hides.
  const short = gpt2({ overlap: 1, backwardSeconds: 1e-4 });
  close(short.hiddenSeconds, 1e-4);
  close(short.exposedSeconds, short.seconds - 1e-4);
  assert.throws(() => gpt2({ overlap: 1.5 }), RangeError);
});

test('derivations show the formulas with the numbers put in', () => {
  const dp = gpt2({ latencySeconds: 0 });
  assert.deepEqual(dp.derivations.map((d) => d.label), [
    'Time of the gradient all-reduce',
    'Bytes each GPU sends per step',
    'Communication the step waits for',
  ]);
  assert.equal(dp.derivations[0]!.formula, 't = 2(N−1)/N · S/B + 2(N−1)·α');
  assert.equal(dp.derivations[0]!.substituted, '2 × 7/8 × (237 MiB)/(300 GB/s) + 14 × 0 s');
  assert.equal(dp.derivations[0]!.result, '1.45 ms');
  assert.equal(dp.derivations[1]!.substituted, '2 × 7/8 × 124,439,808 × 2 B');
  assert.ok(gpt2({ zeroStage: 3 }).assumptions.some((a) => a.includes('prefetching')));
});

test('scaling: no exposed communication scales perfectly; exposed time costs its share', () => {
  const perfect = scaling({ stepSecondsOneGpu: 0.2, communicationExposedSeconds: 0, gpus: 8, samplesPerGpu: 16 });
  assert.equal(perfect.efficiency, 1);
  close(perfect.singleGpuSamplesPerSecond, 80);
  close(perfect.wholeJobSamplesPerSecond, 640);

  const slowed = scaling({ stepSecondsOneGpu: 0.2, communicationExposedSeconds: 0.05, gpus: 8, samplesPerGpu: 16 });
  close(slowed.stepSeconds, 0.25);
  close(slowed.perDeviceSamplesPerSecond, 64);
  close(slowed.wholeJobSamplesPerSecond, 512);
  close(slowed.efficiency, 0.8);
  assert.equal(slowed.derivations[1]!.result, '80.0%');
});

test('end to end: GPT-2 small on 8 A100s, efficiency falls with ZeRO-3 and with PCIe', () => {
  const efficiency = (zeroStage: 0 | 3, link = NVLINK_3) => {
    const comm = gpt2({ zeroStage, link, backwardSeconds: 0.1, overlap: 0.5 });
    return scaling({ stepSecondsOneGpu: 0.15, communicationExposedSeconds: comm.exposedSeconds, gpus: 8, samplesPerGpu: 8 }).efficiency;
  };
  assert.ok(efficiency(0) > efficiency(3));
  assert.ok(efficiency(0) > efficiency(0, findInterconnect('pcie-4-x16')!));
  assert.ok(efficiency(0) < 1);
});

test('only what runs during backward hides under it: ZeRO-1’s gather of updated parameters waits for the optimizer step', async () => {
  const { dataParallelCommunication } = await import('../../src/core/speed/communication.js');
  const { INTERCONNECTS } = await import('../../src/core/catalog/interconnects.js');
  const link = INTERCONNECTS.find((entry) => entry.id === 'nvlink-3')!;
  const comm = dataParallelCommunication({ parameters: 1e9, gradientBytesPerParameter: 2, parameterBytesPerParameter: 2, gpus: 8, zeroStage: 1, link, backwardSeconds: 10, overlap: 1 });
  const gather = comm.collectives.find((c) => !c.duringBackward)!;
  assert.ok(Math.abs(comm.exposedSeconds - gather.seconds) < 1e-12);
});
