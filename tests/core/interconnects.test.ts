import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_INTERCONNECTS, DEVICES, INTERCONNECTS, defaultInterconnect, findInterconnect } from '../../src/core/catalog/index.js';
import type { Sourced } from '../../src/core/catalog/index.js';

const isUrl = (source: string) => /^https:\/\/[^\s]+$/.test(source);
const GB = 1e9;

function assertSourced(label: string, entry: Sourced): void {
  assert.ok(Number.isFinite(entry.value) && entry.value > 0, `${label} must be positive, got ${entry.value}`);
  assert.ok(isUrl(entry.source), `${label} needs a source URL, got "${entry.source}"`);
}

test('every interconnect figure is positive and has a source URL, and the derived one says how', () => {
  assert.equal(INTERCONNECTS.length, 8);
  for (const link of INTERCONNECTS) {
    assertSourced(`${link.id} printed`, link.printed);
    assertSourced(`${link.id} bus bandwidth`, link.busBandwidthBytesPerSecond);
    assert.ok(link.busBandwidthBytesPerSecond.note, `${link.id} bus bandwidth needs a note on its derivation`);
    assert.equal(findInterconnect(link.id), link);
  }
  assert.equal(new Set(INTERCONNECTS.map((link) => link.id)).size, INTERCONNECTS.length);
  assert.equal(findInterconnect('token-ring'), undefined);
});

test('NVLink: the datasheets print both directions; a ring gets half', () => {
  // V100 300 GB/s, A100 600 GB/s, H100 900 GB/s per GPU, both directions added.
  for (const [id, total] of [['nvlink-2', 300], ['nvlink-3', 600], ['nvlink-4', 900]] as const) {
    const link = findInterconnect(id)!;
    assert.equal(link.printed.value, total * GB);
    assert.equal(link.printed.counts, 'both-directions');
    assert.equal(link.busBandwidthBytesPerSecond.value, (total / 2) * GB);
  }
});

test('PCIe x16: half the printed figure, less 128b/130b encoding', () => {
  // 16 lanes × 8/16/32 GT/s ÷ 8 bits = 16/32/64 GB/s each way; × 128/130 = 15.75/31.5/63.0 GB/s.
  for (const [id, printed, oneWay] of [['pcie-3-x16', 32, 15.754], ['pcie-4-x16', 64, 31.508], ['pcie-5-x16', 128, 63.015]] as const) {
    const link = findInterconnect(id)!;
    assert.equal(link.printed.value, printed * GB);
    assert.equal(link.printed.counts, 'both-directions');
    assert.ok(Math.abs(link.busBandwidthBytesPerSecond.value / GB - oneWay) < 1e-3, `${id}: ${link.busBandwidthBytesPerSecond.value}`);
  }
});

test('InfiniBand: the port rate is per direction, in bits', () => {
  assert.equal(findInterconnect('infiniband-hdr')!.busBandwidthBytesPerSecond.value, 25 * GB);
  assert.equal(findInterconnect('infiniband-ndr')!.busBandwidthBytesPerSecond.value, 50 * GB);
  for (const id of ['infiniband-hdr', 'infiniband-ndr']) {
    const link = findInterconnect(id)!;
    assert.equal(link.printed.counts, 'one-direction');
    assert.equal(link.printed.value, link.busBandwidthBytesPerSecond.value);
    assert.equal(link.reach, 'cluster');
  }
});

test('every device has a default interconnect, or says why it has none', () => {
  assert.deepEqual(Object.keys(DEFAULT_INTERCONNECTS).sort(), DEVICES.map((d) => d.id).sort());
  for (const device of DEVICES) {
    const entry = DEFAULT_INTERCONNECTS[device.id]!;
    if (entry.interconnect === null) {
      assert.ok(entry.reason.length > 0, device.id);
      assert.equal(defaultInterconnect(device.id), undefined);
    } else {
      assert.ok(isUrl(entry.source), `${device.id} needs a source URL`);
      assert.equal(defaultInterconnect(device.id)?.id, entry.interconnect);
      assert.equal(defaultInterconnect(device.id)?.reach, 'node');
    }
  }
  assert.equal(defaultInterconnect('a100-80gb-sxm')!.id, 'nvlink-3');
  assert.equal(defaultInterconnect('h200-sxm')!.id, 'nvlink-4');
  assert.equal(defaultInterconnect('t4')!.id, 'pcie-3-x16');
  assert.equal(defaultInterconnect('rtx-4090')!.id, 'pcie-4-x16');
  assert.equal(defaultInterconnect('apple-m3-max'), undefined);
  assert.equal(defaultInterconnect('no-such-gpu'), undefined);
});
