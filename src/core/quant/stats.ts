/**
 * Error measures for a quantized tensor, and the textbook SQNR reference they are compared with.
 */

/** How far a quantized tensor is from the original. */
export interface QuantStats {
  /** Mean squared error over all elements. */
  mse: number;
  /** Signal-to-quantization-noise ratio, 10·log10(Σx² / Σ(x − x̂)²) in dB; ∞ when there is no error. */
  sqnrDb: number;
  /** Largest |x − x̂| over all elements, clipped ones included. */
  maxAbsError: number;
  /**
   * The rounding bound Δ/2: the largest error an element inside the clipping range can have.
   * With several scales (per channel or group), the largest of them; for floating formats, half
   * the spacing of representable values at the tensor's largest magnitude.
   */
  halfStep: number;
  /**
   * Fraction of elements outside the clipping range (beyond the rounding cells of the extreme
   * codes, so saturated with an error above Δ/2); for floating formats, beyond the largest finite value.
   */
  clippedFraction: number;
}

/** Accumulates the sums behind `QuantStats` without allocating per element. */
export class ErrorAccumulator {
  private signal = 0;
  private noise = 0;
  private maxAbs = 0;
  private count = 0;

  add(x: number, approx: number): void {
    const e = x - approx;
    this.signal += x * x;
    this.noise += e * e;
    const a = e < 0 ? -e : e;
    if (a > this.maxAbs) this.maxAbs = a;
    this.count++;
  }

  finish(halfStep: number, clipped: number): QuantStats {
    return {
      mse: this.count ? this.noise / this.count : 0,
      sqnrDb: sqnrFromPowers(this.signal, this.noise),
      maxAbsError: this.maxAbs,
      halfStep,
      clippedFraction: this.count ? clipped / this.count : 0,
    };
  }
}

function sqnrFromPowers(signal: number, noise: number): number {
  if (noise === 0) return Infinity;
  return 10 * Math.log10(signal / noise);
}

/** SQNR of `approx` against `reference`, in dB (∞ when they are equal). */
export function sqnrDb(reference: ArrayLike<number>, approx: ArrayLike<number>): number {
  if (reference.length !== approx.length) throw new RangeError(`lengths differ: ${reference.length} vs ${approx.length}`);
  let signal = 0;
  let noise = 0;
  for (let i = 0; i < reference.length; i++) {
    const x = reference[i]!;
    const e = x - approx[i]!;
    signal += x * x;
    noise += e * e;
  }
  return sqnrFromPowers(signal, noise);
}

/**
 * The ideal SQNR of a b-bit uniform quantizer whose range the signal fills exactly, in dB: the
 * "6.02 dB per bit" rule. Quantization noise is uniform on ±Δ/2, power Δ²/12, with Δ = 2A/2^b.
 * - `'sine'` (the classic figure, Bennett 1948; W. Kester, "Taking the Mystery out of the
 *   Infamous Formula, SNR = 6.02N + 1.76 dB", Analog Devices MT-001): a full-scale sine of
 *   amplitude A has power A²/2, so SQNR = 1.5·4^b, that is 6.02·b + 1.76 dB.
 * - `'uniform'`: a signal spread uniformly over the full range has power A²/3, so SQNR = 4^b,
 *   that is 6.02·b dB exactly (the 1.76 dB belongs to the sine alone).
 * Weights are neither: they are bell-shaped with rare large values, so min-max quantization of
 * real weights falls well short of both lines, which is what the lab shows.
 */
export function idealSqnrDb(bits: number, signal: 'sine' | 'uniform' = 'sine'): number {
  const perBit = 20 * Math.log10(2); // 6.0206 dB
  return perBit * bits + (signal === 'sine' ? 10 * Math.log10(1.5) : 0);
}
