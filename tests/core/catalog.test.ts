import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEVICES, MODEL_PRESETS, findDevice, findModelPreset } from '../../src/core/catalog/index.js';
import type { Sourced } from '../../src/core/catalog/index.js';

const isUrl = (source: string) => /^https:\/\/[^\s]+$/.test(source);

function assertSourced(label: string, entry: Sourced | undefined): void {
  assert.ok(entry !== undefined, `${label} is missing`);
  assert.ok(Number.isFinite(entry.value) && entry.value > 0, `${label} must be positive, got ${entry.value}`);
  assert.ok(isUrl(entry.source), `${label} needs a source URL, got "${entry.source}"`);
}

test('every device number is positive and has a source URL', () => {
  assert.ok(DEVICES.length >= 10);
  for (const device of DEVICES) {
    assertSourced(`${device.id} memory`, device.memoryBytes);
    assertSourced(`${device.id} bandwidth`, device.bandwidthBytesPerSecond);
    assertSourced(`${device.id} fp32 peak`, device.peak.fp32);
    for (const [precision, entry] of Object.entries(device.peak)) assertSourced(`${device.id} ${precision} peak`, entry);
  }
});

test('device and model ids are unique and can be looked up', () => {
  assert.equal(new Set(DEVICES.map((d) => d.id)).size, DEVICES.length);
  assert.equal(new Set(MODEL_PRESETS.map((m) => m.id)).size, MODEL_PRESETS.length);
  for (const device of DEVICES) assert.equal(findDevice(device.id), device);
  for (const preset of MODEL_PRESETS) assert.equal(findModelPreset(preset.id), preset);
  assert.equal(findDevice('no-such-gpu'), undefined);
});

test('the catalog holds the parts the lab promises', () => {
  for (const id of ['t4', 'v100-sxm2-32gb', 'a100-40gb-sxm', 'a100-80gb-sxm', 'h100-sxm', 'h200-sxm', 'l4', 'rtx-4090', 'jetson-agx-orin-64gb', 'apple-m3-max']) {
    assert.ok(findDevice(id), id);
  }
});

test('peaks are dense, not the 2:4-sparse headline', () => {
  // A100 datasheet: BF16 312 TFLOPS dense (624 sparse). H100 SXM datasheet: 1,979 TFLOPS sparse → 989.5 dense.
  assert.equal(findDevice('a100-80gb-sxm')!.peak.bf16!.value, 312e12);
  assert.equal(findDevice('h100-sxm')!.peak.bf16!.value, 989.5e12);
  assert.equal(findDevice('l4')!.peak.fp16!.value, 121e12);
  // A narrower format is never slower than a wider one on the same part, and tensor formats
  // never trail plain FP32.
  const order = ['fp32', 'tf32', 'fp16', 'int8'] as const;
  for (const device of DEVICES) {
    const present = order.map((p) => device.peak[p]?.value).filter((v): v is number => v !== undefined);
    for (let i = 1; i < present.length; i++) assert.ok(present[i]! >= present[i - 1]!, `${device.id} peaks out of order`);
    if (device.peak.bf16 && device.peak.fp16) assert.equal(device.peak.bf16.value, device.peak.fp16.value, device.id);
    // NVIDIA tensor cores run TF32 at half their FP16 rate (A100 156 vs 312; H100 494.5 vs 989.5),
    // so a TF32 figure near the FP16 one is a sparse headline left undivided.
    if (device.peak.tf32 && device.peak.fp16) {
      assert.ok(Math.abs(device.peak.tf32.value / (device.peak.fp16.value / 2) - 1) < 0.01, `${device.id} TF32`);
    }
  }
});

test('capacities and bandwidths match the datasheets', () => {
  const GiB = 2 ** 30;
  assert.equal(findDevice('a100-40gb-sxm')!.memoryBytes.value, 40 * GiB);
  assert.equal(findDevice('h200-sxm')!.memoryBytes.value, 141 * GiB);
  assert.equal(findDevice('h100-sxm')!.bandwidthBytesPerSecond.value, 3.35e12);
  assert.equal(findDevice('t4')!.bandwidthBytesPerSecond.value, 320e9);
  assert.equal(findDevice('t4')!.peak.bf16, undefined, 'Turing has no BF16');
});

test('every model preset names its source', () => {
  for (const preset of MODEL_PRESETS) {
    assert.ok(isUrl(preset.source), preset.id);
    if (preset.kind === 'transformer') assert.match(preset.source, /^https:\/\/huggingface\.co\/.+\/config\.json$/);
    else assert.match(preset.source, /^https:\/\/pytorch\.org\/vision\//);
  }
});
