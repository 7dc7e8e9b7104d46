import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEVICES, MODEL_PRESETS } from '../../src/core/catalog/index.js';
import { PUBLISHED_MEASUREMENTS } from '../../src/core/speed/measurements.js';

const modelIds = new Set(MODEL_PRESETS.map((m) => m.id));
const deviceIds = new Set(DEVICES.map((d) => d.id));

test('every measurement names a catalog model and device', () => {
  for (const m of PUBLISHED_MEASUREMENTS) {
    assert.ok(modelIds.has(m.model), `${m.id}: no catalog model "${m.model}"`);
    assert.ok(deviceIds.has(m.device), `${m.id}: no catalog device "${m.device}"`);
  }
});

test('every measurement has a positive per-GPU value, an http(s) source and a place in it', () => {
  for (const m of PUBLISHED_MEASUREMENTS) {
    assert.ok(Number.isFinite(m.value) && m.value > 0, `${m.id}: value ${m.value}`);
    assert.equal(m.perGpu, true, m.id);
    assert.match(m.source, /^https?:\/\/\S+$/, `${m.id}: source`);
    assert.ok(m.where.trim().length > 0, `${m.id}: where`);
  }
});

test('ids are unique and the phase is given for LLM inference only', () => {
  assert.equal(new Set(PUBLISHED_MEASUREMENTS.map((m) => m.id)).size, PUBLISHED_MEASUREMENTS.length);
  for (const m of PUBLISHED_MEASUREMENTS) {
    if (m.phase !== undefined) assert.equal(m.mode, 'inference', `${m.id}: a phase on a training point`);
    if (m.mode === 'inference' && m.unit === 'tokens/s') assert.ok(m.phase, `${m.id}: LLM inference needs a phase`);
    if (m.mode === 'inference') assert.equal(m.setting.optimizer, undefined, `${m.id}: an optimizer on an inference point`);
  }
});

test('enough points: at least six, three of them training, and a third held out', () => {
  const all = PUBLISHED_MEASUREMENTS.length;
  assert.ok(all >= 6, `only ${all} measurements`);
  assert.ok(PUBLISHED_MEASUREMENTS.filter((m) => m.mode === 'training').length >= 3);
  const heldOut = PUBLISHED_MEASUREMENTS.filter((m) => m.heldOut).length;
  assert.ok(heldOut * 3 >= all, `${heldOut} of ${all} held out`);
  assert.ok(heldOut < all, 'something must be left to fit');
});

test('the Llama 2 points are the paper’s 2.0T tokens over its GPU-hours', () => {
  // Touvron et al. 2023, Table 2: 184,320 GPU-hours (7B) and 1,720,320 (70B) for 2.0T tokens.
  const value = (id: string) => PUBLISHED_MEASUREMENTS.find((m) => m.id === id)!.value;
  assert.ok(Math.abs(value('llama-2-7b-a100-80gb-pretrain') - 3014.1) < 0.1);
  assert.ok(Math.abs(value('llama-2-70b-a100-80gb-pretrain') - 322.9) < 0.1);
});
