/**
 * Long computations as generators, so one piece of code serves a test that wants the answer now
 * and a widget that spreads the work over the event loop behind a progress bar: every `next()`
 * does one bounded piece of work and yields the share done so far, in [0, 1]; the generator's
 * return value is the result. Abandoning a run with `return()` runs its `finally` blocks, so a
 * computation that changes shared state (a model's weights) puts it back.
 */
export type Steps<T> = Generator<number, T, void>;

/** Runs the steps to the end and returns the result. */
export function drain<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** The steps of a part of a larger job, with their progress mapped into [from, to] of the whole. */
export function* within<T>(steps: Steps<T>, from: number, to: number): Steps<T> {
  try {
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
      yield from + (to - from) * step.value;
    }
  } finally {
    steps.return(undefined as T);
  }
}
