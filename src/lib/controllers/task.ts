import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Runs long work in small steps, one per task of the event loop, so the page keeps responding
 * while a lab sweeps bit widths or re-evaluates a large model, and reports progress for an
 * indicator. Starting a new run cancels the previous one (a newer setting makes it moot), and
 * so does disconnecting the host.
 *
 * `steps` is an iterator whose every `next()` does one bounded piece of work and yields the
 * share done so far, in [0, 1]. `delay` (ms) holds the first step back, so work that a reader's
 * next move would make moot does not compete with the move itself (e.g. while dragging).
 */
export class TaskController implements ReactiveController {
  /** Share done, in [0, 1]. */
  progress = 0;
  /** What is running, for the indicator; empty when idle. */
  label = '';
  private timer?: ReturnType<typeof setTimeout>;
  private generation = 0;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  get running(): boolean {
    return this.label !== '';
  }

  run(label: string, steps: Iterator<number, void>, onError: (error: unknown) => void, delay = 0): void {
    this.cancel();
    const generation = ++this.generation;
    this.label = label;
    this.progress = 0;
    const tick = () => {
      if (generation !== this.generation) return;
      try {
        const { value, done } = steps.next();
        if (done) this.finish();
        else {
          this.progress = value;
          this.timer = setTimeout(tick, 0);
        }
      } catch (error) {
        this.finish();
        onError(error);
      }
      this.host.requestUpdate();
    };
    this.timer = setTimeout(tick, delay);
    this.host.requestUpdate();
  }

  cancel(): void {
    clearTimeout(this.timer);
    this.generation++;
    this.label = '';
  }

  hostDisconnected(): void {
    this.cancel();
  }

  private finish(): void {
    this.label = '';
    this.progress = 1;
    this.timer = undefined;
  }
}
