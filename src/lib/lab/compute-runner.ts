/**
 * Runs compute jobs (compute-jobs.ts) one at a time, in slices, in whichever context holds it:
 * the page's compute worker, or the page itself where no worker can start. One at a time because
 * the jobs of a model share its session, whose evaluations rewrite the model's weights in place.
 *
 * Interactive jobs (what a reader just asked for) go before background ones (sensitivity,
 * sweeps), and newer background jobs before older ones: one arriving while another job runs
 * stops it, and the stopped job starts again afterwards (a sweep resumes where it stopped). A cancelled job is `return()`ed, so its
 * `finally` blocks put the model's weights back. Between slices the context gets its event loop
 * back, so a cancellation or a newer job is seen within a slice.
 */
import type { Steps } from '../../core/shared/steps.js';
import { startJob } from './compute-jobs.js';

export type Priority = 'interactive' | 'background';

/** What the runner tells its owner about a job. */
export interface RunnerEvents {
  progress(id: number, share: number): void;
  partial(id: number, value: unknown): void;
  done(id: number, result: unknown, transfer: ArrayBufferLike[]): void;
  error(id: number, message: string): void;
}

interface Queued {
  id: number;
  name: string;
  args: unknown;
  priority: Priority;
  /** Set while the job runs; a background job stopped for an interactive one starts again. */
  steps?: Steps<unknown>;
  partial?: unknown;
  transfer: ArrayBufferLike[];
  reportedAt: number;
}

/** How often, at most, progress and partial results are reported (ms). */
const REPORT_MS = 100;

export class JobRunner {
  private readonly queue: Queued[] = [];
  private running?: Queued;
  private scheduled = false;
  /** A slice is under way (perhaps waiting for a job's model to load): no second one starts. */
  private busy = false;

  /** `sliceMs`: main-thread time a slice may take before the context gets its event loop back. */
  constructor(
    private readonly events: RunnerEvents,
    private readonly sliceMs: number,
  ) {
    this.tick.port1.onmessage = () => {
      this.scheduled = false;
      void this.slice();
    };
  }

  run(id: number, name: string, args: unknown, priority: Priority): void {
    this.queue.push({ id, name, args, priority, transfer: [], reportedAt: 0 });
    this.schedule();
  }

  cancel(id: number): void {
    const index = this.queue.findIndex((job) => job.id === id);
    if (index < 0) return;
    const [job] = this.queue.splice(index, 1);
    if (job === this.running) this.stop(job);
  }

  /**
   * The next slice runs in a task of its own, posted through a message channel: a chain of
   * `setTimeout(0)` is held back 4 ms a turn after a few turns, which would cost a long job many
   * milliseconds of nothing.
   */
  private readonly tick = new MessageChannel();

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.tick.port2.postMessage(null);
  }

  /**
   * The job to run now: the first interactive one, else the newest background one (what the
   * reader's latest setting asked for, such as its layer sensitivity, before a sweep that was
   * stopped for an earlier one).
   */
  private next(): Queued | undefined {
    return this.queue.find((job) => job.priority === 'interactive') ?? this.queue.at(-1);
  }

  private stop(job: Queued): void {
    try {
      job.steps?.return(undefined);
    } finally {
      job.steps = undefined;
      if (this.running === job) this.running = undefined;
    }
  }

  private async slice(): Promise<void> {
    const job = this.next();
    if (!job || this.busy) return;
    this.busy = true;
    try {
      await this.advance(job);
    } finally {
      this.busy = false;
      this.schedule();
    }
  }

  /** Runs `job` for one slice, starting it first if it is not running. */
  private async advance(job: Queued): Promise<void> {
    if (this.running && this.running !== job) this.stop(this.running);
    this.running = job;
    try {
      if (!job.steps) {
        const steps = await startJob(job.name, job.args, {
          partial: (value) => (job.partial = value),
          transfer: (...buffers) => job.transfer.push(...buffers),
        });
        // Loading took a while: the job may have been cancelled or overtaken meanwhile.
        if (!this.queue.includes(job) || this.next() !== job) {
          steps.return(undefined);
          if (this.running === job) this.running = undefined;
          return;
        }
        job.steps = steps;
      }
      const deadline = performance.now() + this.sliceMs;
      for (;;) {
        const step = job.steps.next();
        if (step.done) {
          this.finish(job);
          this.events.done(job.id, step.value, job.transfer);
          break;
        }
        if (performance.now() - job.reportedAt >= REPORT_MS) {
          job.reportedAt = performance.now();
          this.events.progress(job.id, step.value);
          if (job.partial !== undefined) this.events.partial(job.id, job.partial);
        }
        if (performance.now() >= deadline) break;
      }
    } catch (error) {
      this.finish(job);
      this.events.error(job.id, error instanceof Error ? error.message : String(error));
    }
  }

  private finish(job: Queued): void {
    const index = this.queue.indexOf(job);
    if (index >= 0) this.queue.splice(index, 1);
    job.steps = undefined;
    if (this.running === job) this.running = undefined;
  }
}
