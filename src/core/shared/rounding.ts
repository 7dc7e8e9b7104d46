/** Round half to even (banker's rounding), as ONNX QuantizeLinear, `torch.round` and Python's `round` do: 2.5 → 2, 3.5 → 4, −2.5 → −2. */
export function roundHalfEven(v: number): number {
  let r = Math.round(v); // half toward +∞
  if (r - v === 0.5 && r % 2 !== 0) r -= 1;
  return r;
}
