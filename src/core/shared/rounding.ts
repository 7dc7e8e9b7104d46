/** Round half to even (banker's rounding), as ONNX QuantizeLinear, `torch.round` and Python's `round` do: 2.5 → 2, 3.5 → 4, −2.5 → −2. */
export function roundHalfEven(v: number): number {
  let r = Math.round(v); // half toward +∞
  if (r - v === 0.5 && r % 2 !== 0) r -= 1;
  return r;
}

/** 1, 2 or 5 times a power of ten, the nearest at or above `rough` (> 0): a step for ticks, levels and nudges. */
export function niceStep(rough: number): number {
  const power = 10 ** Math.floor(Math.log10(rough));
  const mantissa = rough / power;
  return (mantissa <= 1 ? 1 : mantissa <= 2 ? 2 : mantissa <= 5 ? 5 : 10) * power;
}
