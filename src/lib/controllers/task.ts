import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Steps } from '../../core/shared/steps.js';

/**
 * Main-thread time one slice of work may take before the page gets the event loop back: half
 * a 60 Hz frame, so input is handled and frames keep coming while work runs.
 */
const SLICE_MS = 8;
/** At most one host update per this many ms while work runs: a progress bar needs no more, and each update re-renders the host. */
const UPDATE_MS = 100;
/** Longest wait for a frame before the first slice runs anyway (a hidden page paints none). */
const FIRST_SLICE_WAIT_MS = 100;

/**
 * Runs long work in slices, so the page keeps responding while a lab sweeps bit widths or
 * evaluates a large model, and reports progress for an indicator. Starting a new run cancels
 * the previous one (a newer setting makes it moot), and so does disconnecting the host; a
 * cancelled run is `return()`ed, so its `finally` blocks put shared state back.
 *
 * `steps` (see core/shared/steps) does one bounded piece of work per `next()` and yields the
 * share done so far; each slice runs pieces until SLICE_MS have passed, and the host is asked
 * to update (for the indicator) at most every UPDATE_MS and when the work ends. `delay` (ms) holds the
 * first slice back, so work that a reader's next move would make moot does not compete with the
 * move itself (e.g. while dragging); without a delay the first slice runs once the next frame is
 * painted, so the input that started the work is answered on screen first (the old results
 * dimmed, a progress row) rather than after a slice. The host may change `label` as the work
 * moves on.
 */
export class TaskController implements ReactiveController {
  /** Share done, in [0, 1]. */
  progress = 0;
  /** What is running, for the indicator; empty when idle and while a run waits for its first slice. */
  label = '';
  private timer?: ReturnType<typeof setTimeout>;
  private frame = 0;
  private steps?: Steps<unknown>;
  private updatedAt = 0;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  get running(): boolean {
    return this.steps !== undefined;
  }

  run(label: string, steps: Steps<unknown>, onError: (error: unknown) => void, delay = 0): void {
    this.cancel();
    this.steps = steps;
    this.progress = 0;
    this.updatedAt = 0;
    const slice = () => {
      if (this.steps !== steps) return;
      this.label ||= label;
      const deadline = performance.now() + SLICE_MS;
      try {
        for (;;) {
          const step = steps.next();
          if (step.done) {
            this.progress = 1;
            this.finish();
            break;
          }
          this.progress = step.value;
          if (performance.now() >= deadline) {
            this.timer = setTimeout(slice, 0);
            break;
          }
        }
      } catch (error) {
        this.finish();
        onError(error);
      }
      if (!this.running || performance.now() - this.updatedAt >= UPDATE_MS) this.requestUpdate();
    };
    // No update here: a host that starts work while it updates (in willUpdate) renders the
    // outcome in that same update, and the indicator shows from the first slice on.
    if (delay > 0) {
      this.timer = setTimeout(slice, delay);
      return;
    }
    // A task posted from an animation-frame callback runs after that frame is painted.
    const start = () => {
      cancelAnimationFrame(this.frame);
      clearTimeout(this.timer);
      this.timer = setTimeout(slice, 0);
    };
    this.frame = requestAnimationFrame(start);
    this.timer = setTimeout(start, FIRST_SLICE_WAIT_MS);
  }

  private requestUpdate(): void {
    this.updatedAt = performance.now();
    this.host.requestUpdate();
  }

  cancel(): void {
    cancelAnimationFrame(this.frame);
    clearTimeout(this.timer);
    const steps = this.steps;
    this.finish();
    steps?.return(undefined);
  }

  hostDisconnected(): void {
    this.cancel();
  }

  private finish(): void {
    this.steps = undefined;
    this.label = '';
    this.timer = undefined;
  }
}
