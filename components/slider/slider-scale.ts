/**
 * Maps a slider's value to the native range input's position and back. `pow2` steps through
 * powers of two (1, 2, 4, …), `log` through round numbers spread evenly over a multiplicative
 * range (see logStops), `linear` is plain.
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

/** A log slider's stops in each decade: about 23 % apart, and each a number a reader would write. */
const decadeStops = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8];

/**
 * The round numbers between min and max (0.01, 0.012, 0.015, 0.02, …), with min and max
 * themselves: a reader's move lands on a value worth writing in a tag, and every arrow key
 * press reaches a new one.
 */
export function logStops(min: number, max: number): number[] {
  const stops = [min];
  for (let power = Math.floor(Math.log10(min)); 10 ** power <= max; power++) {
    for (const mantissa of decadeStops) {
      // Rounded to the digits the stop has, so 3 × 10⁻⁵ is 0.00003 and not 0.000030000000000000004.
      const stop = Number((mantissa * 10 ** power).toPrecision(2));
      if (stop > stops[stops.length - 1]! * (1 + 1e-9) && stop < max * (1 - 1e-9)) stops.push(stop);
    }
  }
  if (max > min) stops.push(max);
  return stops;
}

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
    const stops = logStops(Math.max(min, Number.MIN_VALUE), max);
    const logs = stops.map(Math.log);
    return {
      min: 0,
      max: stops.length - 1,
      step: 1,
      // The stop nearest the value on the log scale (a value set in a tag may lie between stops).
      toPosition: (value) => {
        const at = Math.log(Math.min(Math.max(value, stops[0]!), max));
        let nearest = 0;
        for (let i = 1; i < logs.length; i++) if (Math.abs(logs[i]! - at) < Math.abs(logs[nearest]! - at)) nearest = i;
        return nearest;
      },
      toValue: (position) => stops[Math.min(Math.max(Math.round(position), 0), stops.length - 1)]!,
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
