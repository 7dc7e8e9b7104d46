/**
 * Maps a slider's value to the native range input's position and back. `pow2` steps through
 * powers of two (1, 2, 4, …), `log` spreads a multiplicative range evenly, `linear` is plain.
 */
export type SliderScale = 'linear' | 'log' | 'pow2';

export interface SliderTrack {
  /** Native input's min, max and step. */
  min: number;
  max: number;
  step: number | 'any';
  toPosition(value: number): number;
  toValue(position: number): number;
}

const logSteps = 1000;

export function sliderTrack(scale: SliderScale, min: number, max: number, step: number): SliderTrack {
  if (scale === 'pow2') {
    const low = Math.ceil(Math.log2(Math.max(min, 1)));
    const high = Math.floor(Math.log2(Math.max(max, 1)));
    return {
      min: low,
      max: Math.max(high, low),
      step: 1,
      toPosition: (value) => Math.min(Math.max(Math.round(Math.log2(Math.max(value, 1))), low), high),
      toValue: (position) => 2 ** position,
    };
  }
  if (scale === 'log') {
    const low = Math.log(Math.max(min, Number.MIN_VALUE));
    const span = Math.log(max) - low;
    const snap = (value: number) => (step > 0 ? Math.round(value / step) * step : value);
    return {
      min: 0,
      max: logSteps,
      step: 1,
      toPosition: (value) => Math.round(((Math.log(Math.max(value, min)) - low) / span) * logSteps),
      toValue: (position) => Math.min(max, Math.max(min, snap(Math.exp(low + (position / logSteps) * span)))),
    };
  }
  return {
    min,
    max,
    step: step > 0 ? step : 'any',
    toPosition: (value) => value,
    toValue: (position) => position,
  };
}
