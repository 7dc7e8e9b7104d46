// Floating formats against known bit patterns (IEEE 754 binary16, bfloat16, OCP OFP8 E4M3 and
// E5M2 tables), round-to-nearest-even ties, subnormals, saturation and overflow, and the
// round trip of every representable value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../src/core/shared/rng.js';
import {
  FLOAT_FORMATS,
  FLOAT_FORMAT_SPECS,
  applyScheme,
  decodeFloat,
  encodeFloat,
  halfUlpAt,
  roundToFormat,
  roundValueToFormat,
} from '../../src/core/quant/index.js';

const hex = (n: number) => `0x${n.toString(16)}`;

test('FP16 (IEEE binary16) bit patterns', () => {
  const cases: [number, number][] = [
    [1, 0x3c00],
    [-2, 0xc000],
    [65504, 0x7bff], // largest finite
    [2 ** -14, 0x0400], // smallest normal
    [2 ** -24, 0x0001], // smallest subnormal
    [1023 * 2 ** -24, 0x03ff], // largest subnormal
    [1 / 3, 0x3555],
    [0.1, 0x2e66],
    [-0, 0x8000],
    [Infinity, 0x7c00],
    [-Infinity, 0xfc00],
  ];
  for (const [value, bits] of cases) assert.equal(hex(encodeFloat(value, 'fp16')), hex(bits), `fp16(${value})`);
  assert.equal(decodeFloat(0x7bff, 'fp16'), 65504);
  assert.equal(decodeFloat(0x0001, 'fp16'), 2 ** -24);
  assert.ok(Number.isNaN(decodeFloat(0x7e00, 'fp16')));
  assert.equal(encodeFloat(NaN, 'fp16'), 0x7e00);
  // Ties to even: 1 + 2^-11 lies halfway between 1 and 1 + 2^-10 → 1 (even mantissa);
  // 1 + 3·2^-11 lies halfway between 1 + 2^-10 and 1 + 2^-9 → 1 + 2^-9.
  assert.equal(roundValueToFormat(1 + 2 ** -11, 'fp16'), 1);
  assert.equal(roundValueToFormat(1 + 3 * 2 ** -11, 'fp16'), 1 + 2 ** -9);
  // Subnormal ties: 2^-25 is halfway between 0 and 2^-24 → 0; 3·2^-25 → 2·2^-24.
  assert.equal(encodeFloat(2 ** -25, 'fp16'), 0);
  assert.equal(encodeFloat(3 * 2 ** -25, 'fp16'), 0x0002);
  // Overflow as IEEE 754: 65519 rounds down to 65504, 65520 (the midpoint to 2^16) rounds to ∞.
  assert.equal(encodeFloat(65519, 'fp16'), 0x7bff);
  assert.equal(encodeFloat(65520, 'fp16'), 0x7c00);
  assert.equal(encodeFloat(65520, 'fp16', { saturate: true }), 0x7bff);
});

test('BF16 bit patterns, cross-checked against float32 bit rounding', () => {
  // float32(1/3) = 0x3EAAAAAB; the low half 0xAAAB > 0x8000 rounds up → 0x3EAB = 0.333984375.
  assert.equal(hex(encodeFloat(Math.fround(1 / 3), 'bf16')), '0x3eab');
  assert.equal(decodeFloat(0x3eab, 'bf16'), 0.333984375);
  assert.equal(encodeFloat(1, 'bf16'), 0x3f80);
  assert.equal(decodeFloat(0x7f7f, 'bf16'), FLOAT_FORMAT_SPECS.bf16.maxFinite);
  assert.equal(FLOAT_FORMAT_SPECS.bf16.maxFinite, (2 - 2 ** -7) * 2 ** 127);
  assert.equal(encodeFloat(2 ** -133, 'bf16'), 0x0001); // smallest subnormal
  // Independent reference: the usual integer trick on float32 bits, u + 0x7FFF + lsb, then >> 16.
  const view = new DataView(new ArrayBuffer(4));
  const rng = createRng(4);
  const values = new Float32Array(20_000);
  for (let i = 0; i < values.length; i++) {
    view.setUint32(0, Math.floor(rng.next() * 2 ** 32));
    const v = view.getFloat32(0);
    values[i] = Number.isFinite(v) && Math.abs(v) < 3e38 ? v : 1;
  }
  const rounded = roundToFormat(values, 'bf16');
  for (let i = 0; i < values.length; i++) {
    view.setFloat32(0, values[i]!);
    const u = view.getUint32(0);
    const expected = (u + 0x7fff + ((u >>> 16) & 1)) >>> 16;
    assert.equal(hex(encodeFloat(values[i]!, 'bf16')), hex(expected), `bf16(${values[i]})`);
    view.setUint32(0, expected << 16);
    assert.equal(rounded[i], view.getFloat32(0));
  }
});

test('FP8 E4M3 (OCP OFP8): max 448 = 0x7E, NaN = S.1111.111, no infinities, saturating', () => {
  const cases: [number, number][] = [
    [448, 0x7e],
    [-448, 0xfe],
    [1, 0x38],
    [2 ** -6, 0x08], // smallest normal
    [2 ** -9, 0x01], // smallest subnormal
    [7 * 2 ** -9, 0x07], // largest subnormal
    [240, 0x77],
    [256, 0x78], // 1.000·2^8: exponent field 15 still holds finite values in E4M3
  ];
  for (const [value, bits] of cases) assert.equal(hex(encodeFloat(value, 'fp8-e4m3')), hex(bits), `e4m3(${value})`);
  assert.equal(decodeFloat(0x7e, 'fp8-e4m3'), 448);
  assert.ok(Number.isNaN(decodeFloat(0x7f, 'fp8-e4m3')));
  assert.ok(Number.isNaN(decodeFloat(0xff, 'fp8-e4m3')));
  // satfinite (CUDA cvt.rn.satfinite.e4m3x2.f32): everything beyond saturates, ∞ included.
  for (const big of [449, 464, 500, 1e6, Infinity]) assert.equal(encodeFloat(big, 'fp8-e4m3'), 0x7e, `e4m3(${big})`);
  assert.equal(encodeFloat(-Infinity, 'fp8-e4m3'), 0xfe);
  // Without saturation: up to 464 (a tie, to the even 448) rounds to 448, beyond becomes NaN.
  assert.equal(encodeFloat(464, 'fp8-e4m3', { saturate: false }), 0x7e);
  assert.equal(encodeFloat(465, 'fp8-e4m3', { saturate: false }), 0x7f);
  assert.ok(Number.isNaN(roundValueToFormat(465, 'fp8-e4m3', { saturate: false })));
  // Ties to even: 1 + 2^-4 is halfway between 1 (0x38) and 1.125 (0x39) → 0x38; 1 + 3·2^-4 → 1.25 (0x3A).
  assert.equal(encodeFloat(1 + 2 ** -4, 'fp8-e4m3'), 0x38);
  assert.equal(encodeFloat(1 + 3 * 2 ** -4, 'fp8-e4m3'), 0x3a);
  assert.equal(encodeFloat(2 ** -10, 'fp8-e4m3'), 0x00); // half the smallest subnormal: tie to 0
});

test('FP8 E5M2: max 57344 = 0x7B, IEEE-like ∞ and NaN, saturating by default', () => {
  assert.equal(encodeFloat(57344, 'fp8-e5m2'), 0x7b);
  assert.equal(decodeFloat(0x7b, 'fp8-e5m2'), 57344);
  assert.equal(decodeFloat(0x7c, 'fp8-e5m2'), Infinity);
  assert.equal(decodeFloat(0xfc, 'fp8-e5m2'), -Infinity);
  assert.ok(Number.isNaN(decodeFloat(0x7d, 'fp8-e5m2')));
  assert.equal(encodeFloat(1, 'fp8-e5m2'), 0x3c);
  assert.equal(encodeFloat(2 ** -16, 'fp8-e5m2'), 0x01);
  assert.equal(encodeFloat(2 ** -14, 'fp8-e5m2'), 0x04);
  // satfinite, as NVIDIA's conversion: overflow and ∞ become ±57344.
  assert.equal(encodeFloat(61440, 'fp8-e5m2'), 0x7b);
  assert.equal(encodeFloat(Infinity, 'fp8-e5m2'), 0x7b);
  // IEEE overflow when asked: 61440 = 57344 + ulp/2 is a tie, to the even 2^16 → ∞; just below stays finite.
  assert.equal(encodeFloat(61440, 'fp8-e5m2', { saturate: false }), 0x7c);
  assert.equal(encodeFloat(61439, 'fp8-e5m2', { saturate: false }), 0x7b);
});

test('every representable value of every format round-trips through encode and decode', () => {
  for (const format of FLOAT_FORMATS) {
    const spec = FLOAT_FORMAT_SPECS[format];
    let finite = 0;
    for (let bits = 0; bits < 2 ** spec.bits; bits++) {
      const value = decodeFloat(bits, format);
      if (Number.isNaN(value)) continue;
      if (Number.isFinite(value)) finite++;
      // ∞ only round-trips under IEEE overflow (saturating formats turn it into max finite).
      const encoded = encodeFloat(value, format, { saturate: Number.isFinite(value) ? undefined : false });
      assert.equal(encoded, bits, `${format} ${hex(bits)} → ${value} → ${hex(encoded)}`);
      assert.equal(roundToFormat(Float32Array.of(value), format, { saturate: false })[0], value);
    }
    // Finite patterns: 2^bits minus the NaNs and ∞ (E4M3: 2 NaNs; E5M2: 6 NaNs + 2 ∞; FP16: 2046 NaNs + 2 ∞).
    const expected = { fp16: 65536 - 2048, bf16: 65536 - 256, 'fp8-e4m3': 254, 'fp8-e5m2': 248 }[format];
    assert.equal(finite, expected, format);
  }
});

test('rounding a tensor: in place, error within half an ulp, stats', () => {
  const rng = createRng(8);
  const values = Float32Array.from({ length: 4096 }, () => rng.normal() * 0.1);
  for (const format of FLOAT_FORMATS) {
    const out = roundToFormat(values, format);
    const copy = values.slice();
    assert.equal(roundToFormat(copy, format, {}, copy), copy);
    assert.deepEqual(copy, out);
    for (let i = 0; i < values.length; i++) {
      const bound = halfUlpAt(Math.abs(values[i]!), format);
      assert.ok(Math.abs(out[i]! - values[i]!) <= bound, `${format}: ${values[i]} → ${out[i]}`);
    }
    const { stats, scaleCount } = applyScheme(values, [4096], { kind: 'float', format });
    assert.equal(scaleCount, 0);
    assert.equal(stats.clippedFraction, 0);
    assert.ok(stats.maxAbsError <= stats.halfStep);
  }
  // Precision order: FP16 beats BF16 beats E4M3 beats E5M2 on values of this size.
  const sqnr = FLOAT_FORMATS.map((format) => applyScheme(values, [4096], { kind: 'float', format }).stats.sqnrDb);
  assert.ok(sqnr[0]! > sqnr[1]! && sqnr[1]! > sqnr[2]! && sqnr[2]! > sqnr[3]!, `${sqnr}`);
  // Overflow is counted: 1000 saturates in E4M3.
  const big = applyScheme(Float32Array.of(1000, 1), [2], { kind: 'float', format: 'fp8-e4m3' });
  assert.deepEqual([...big.dequantized], [448, 1]);
  assert.equal(big.stats.clippedFraction, 0.5);
  assert.throws(() => roundToFormat(values, 'fp4' as never), /unknown float format/);
  assert.throws(() => decodeFloat(256, 'fp8-e4m3'), /integers in \[0, 255\]/);
});
