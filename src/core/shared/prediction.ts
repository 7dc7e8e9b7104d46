/**
 * A lab's named results, about which an author may ask the reader to predict before the lab
 * shows them, and how a prediction is judged against the answer: in the terms that fit the
 * quantity (a factor for what spans orders of magnitude, points for an accuracy, right or wrong
 * for a choice). Pure, so a report and a test judge exactly as the lab does.
 */
import type { Choice } from './lab-schema.js';
import { formatSignificant, type NumberWriter } from './format.js';

interface ResultBase {
  /** What the result is, as a readout names it: "Largest batch that fits". */
  readonly label: string;
  /** The question a lab asks when its author gives none. */
  readonly prompt: string;
  /**
   * The lab's other results that give this one away, kept back with it while it is to be
   * predicted (whether a batch fits shows in its memory and in the largest batch that fits).
   */
  readonly alsoHides?: readonly string[];
}

/**
 * A number with a unit. `per` converts the lab's value into the unit the reader answers in (bytes
 * into GiB: 2³⁰). `log`: the quantity spans orders of magnitude, so the error is a factor.
 */
export interface QuantityResult extends ResultBase {
  readonly kind: 'quantity';
  readonly unit: string;
  readonly per?: number;
  readonly scale: 'log' | 'linear';
}

/** A share in [0, 1], answered in percent; the error is in percentage points. */
export interface AccuracyResult extends ResultBase {
  readonly kind: 'accuracy';
}

/** One of a few answers (the lab's value is the choice's `value`). */
export interface ChoiceResult extends ResultBase {
  readonly kind: 'choice';
  readonly choices: readonly Choice[];
}

export type ResultSpec = QuantityResult | AccuracyResult | ChoiceResult;
export type ResultSpecs = Readonly<Record<string, ResultSpec>>;

/** A prediction judged: how far off it was, as a number and in words. */
export interface Judgement {
  /** The factor (≥ 1) for a log quantity, the difference in the unit (or in points) otherwise, 0 or 1 for a choice. */
  error: number;
  /** "off by 3.2× (too high)", "off by 4.1 points (too low)", "right". */
  words: string;
  right: boolean;
}

/** A result's value as the reader reads and enters it: in the spec's unit, in percent for an accuracy. */
export function inReaderUnits(spec: ResultSpec, value: number): number {
  if (spec.kind === 'accuracy') return value * 100;
  if (spec.kind === 'quantity') return value / (spec.per ?? 1);
  return value;
}

/** The value in words: "22 samples", "97.1%", "It fits". */
export function describeResult(spec: ResultSpec, value: unknown, write: NumberWriter = (n) => formatSignificant(n)): string {
  if (spec.kind === 'choice') return spec.choices.find((choice) => choice.value === String(value))?.label ?? String(value);
  // An accuracy to a tenth of a point, as the lab's readouts show it.
  if (spec.kind === 'accuracy') return `${write(Math.round(Number(value) * 1000) / 10)}%`;
  return `${write(inReaderUnits(spec, Number(value)))} ${spec.unit}`;
}

const direction = (difference: number) => (difference > 0 ? ' (too high)' : ' (too low)');

/**
 * Judges `prediction` (as the reader entered it: in the spec's unit, in percent, or a choice's
 * value) against `answer` (the lab's value). A log quantity within 5 % counts as right, a linear
 * one within 5 % of the answer, an accuracy within half a point.
 */
export function judgePrediction(spec: ResultSpec, prediction: number | string, answer: unknown, write: NumberWriter = (n) => formatSignificant(n, 2)): Judgement {
  if (spec.kind === 'choice') {
    const right = String(prediction) === String(answer);
    return { error: right ? 0 : 1, right, words: right ? 'right' : `wrong: ${describeResult(spec, answer)}` };
  }
  const guess = Number(prediction);
  const truth = inReaderUnits(spec, Number(answer));
  const difference = guess - truth;
  if (spec.kind === 'accuracy') {
    const right = Math.abs(difference) < 0.5;
    return { error: difference, right, words: right ? `within half a point` : `off by ${write(Math.abs(difference))} points${direction(difference)}` };
  }
  if (spec.scale === 'log' && guess > 0 && truth > 0) {
    const factor = Math.max(guess / truth, truth / guess);
    const right = factor <= 1.05;
    return { error: factor, right, words: right ? 'within 5 %' : `off by ${write(factor)}×${direction(difference)}` };
  }
  const right = Math.abs(difference) <= 0.05 * Math.abs(truth);
  return { error: difference, right, words: right ? 'within 5 %' : `off by ${write(Math.abs(difference))} ${spec.unit}${direction(difference)}` };
}
