import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { JobArgs, JobName, JobResult } from '../lab/compute-jobs.js';
import { Cancelled, computeEngine, type JobOptions, type RunningJob } from '../lab/compute.js';

/** What runs on a channel, for the host's progress indicator. */
export interface ChannelState {
  label: string;
  /** Share done, in [0, 1]. */
  progress: number;
}

/**
 * A host's requests to the page's compute engine (lab/compute.ts), by channel: a lab asks for an
 * evaluation on one channel, for its sensitivity on another. A newer request on a channel
 * supersedes the one before (cancelled, not queued: only the newest answer is wanted), and
 * disconnecting the host cancels them all. `running` holds what each busy channel is doing, and
 * the host is asked to update as it progresses, for an indicator.
 */
export class ComputeController implements ReactiveController {
  private readonly jobs = new Map<string, RunningJob<unknown>>();
  readonly running = new Map<string, ChannelState>();

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  /**
   * Runs `name` on `channel`, superseding what ran there. Resolves with the result; a
   * superseded request never settles, so its caller's code after the `await` simply never runs.
   */
  request<Name extends JobName>(
    channel: string,
    label: string,
    name: Name,
    args: JobArgs<Name>,
    options: Omit<JobOptions, 'onProgress'> = {},
  ): Promise<JobResult<Name>> {
    this.cancel(channel);
    const state: ChannelState = { label, progress: 0 };
    this.running.set(channel, state);
    const job = computeEngine().run(name, args, {
      ...options,
      onProgress: (share) => {
        state.progress = share;
        this.host.requestUpdate();
      },
    });
    this.jobs.set(channel, job);
    this.host.requestUpdate();
    return new Promise((resolve, reject) => {
      job.result.then(
        (value) => {
          this.end(channel, job);
          resolve(value);
        },
        (error: unknown) => {
          if (error instanceof Cancelled) return;
          this.end(channel, job);
          reject(error);
        },
      );
    });
  }

  /** Cancels what runs on `channel`, if anything. */
  cancel(channel: string): void {
    const job = this.jobs.get(channel);
    if (!job) return;
    this.jobs.delete(channel);
    this.running.delete(channel);
    job.cancel();
  }

  hostDisconnected(): void {
    for (const channel of [...this.jobs.keys()]) this.cancel(channel);
  }

  private end(channel: string, job: RunningJob<unknown>): void {
    if (this.jobs.get(channel) !== job) return;
    this.jobs.delete(channel);
    this.running.delete(channel);
    this.host.requestUpdate();
  }
}
