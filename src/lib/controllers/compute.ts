import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { JobArgs, JobName, JobResult } from '../lab/compute-jobs.js';
import type { JobOptions, RunningJob } from '../lab/compute.js';
import { VisibilityController } from './visibility.js';

/** The engine's code, loaded with the first request: a lab paints before it needs it. */
let engineCode: Promise<typeof import('../lab/compute.js')> | undefined;
const loadEngine = () => (engineCode ??= import('../lab/compute.js'));

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
 *
 * Background work waits while the host is far from the viewport or the tab is hidden: a request
 * made meanwhile starts when the host comes near, and one under way is stopped and started again
 * then (the jobs resume what they can, such as a sweep's finished points).
 */
export class ComputeController implements ReactiveController {
  private readonly jobs = new Map<string, RunningJob<unknown>>();
  /** Requests whose start waits for the engine's code, by channel. */
  private readonly starting = new Map<string, symbol>();
  /** Background requests waiting for the host to be seen, by channel, with how to start them. */
  private readonly waiting = new Map<string, () => void>();
  /** How each background request under way starts, should it have to start again. */
  private readonly background = new Map<string, () => void>();
  readonly running = new Map<string, ChannelState>();
  private readonly visibility: VisibilityController;
  private readonly onVisibilityChange = () => this.pauseOrResume();

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
    this.visibility = new VisibilityController(host, () => this.pauseOrResume(), () => this.pauseOrResume());
  }

  /** Whether background work waits: the host is not known to be near, or the tab is hidden. */
  private get paused(): boolean {
    return document.hidden || this.visibility.near !== true;
  }

  private pauseOrResume(): void {
    if (this.paused) {
      // Stop what runs in the background, to start again once the host is seen.
      this.visibility.putOff();
      for (const [channel, start] of this.background) {
        this.jobs.get(channel)?.cancel();
        this.jobs.delete(channel);
        this.starting.delete(channel);
        this.waiting.set(channel, start);
      }
      this.background.clear();
      return;
    }
    this.visibility.takeBehind();
    for (const [channel, start] of [...this.waiting]) {
      this.waiting.delete(channel);
      start();
    }
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
    this.host.requestUpdate();
    return new Promise((resolve, reject) => {
      const start = () => {
        // Until the engine's code is in, the start may be cancelled or superseded.
        const ticket = Symbol(channel);
        this.starting.set(channel, ticket);
        if (options.priority === 'background') this.background.set(channel, start);
        loadEngine().then(({ computeEngine, isCancelled }) => {
          if (this.starting.get(channel) !== ticket) return;
          this.starting.delete(channel);
          const job = computeEngine().run(name, args, {
            ...options,
            onProgress: (share) => {
              state.progress = share;
              this.host.requestUpdate();
            },
          });
          this.jobs.set(channel, job);
          job.result.then(
            (value) => {
              this.end(channel, job);
              resolve(value);
            },
            (error: unknown) => {
              if (isCancelled(error)) return;
              this.end(channel, job);
              reject(error);
            },
          );
        }, (error: unknown) => {
          if (this.starting.get(channel) !== ticket) return;
          this.cancel(channel);
          this.host.requestUpdate();
          reject(error);
        });
      };
      if (options.priority === 'background' && this.paused) {
        this.visibility.putOff();
        this.waiting.set(channel, start);
      } else {
        start();
      }
    });
  }

  /** Cancels what runs on `channel`, if anything. */
  cancel(channel: string): void {
    this.starting.delete(channel);
    this.waiting.delete(channel);
    this.background.delete(channel);
    this.running.delete(channel);
    const job = this.jobs.get(channel);
    if (!job) return;
    this.jobs.delete(channel);
    job.cancel();
  }

  /** Cancels everything the host asked for. */
  cancelAll(): void {
    for (const channel of new Set([...this.jobs.keys(), ...this.waiting.keys(), ...this.starting.keys()])) this.cancel(channel);
  }

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.onVisibilityChange);
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.onVisibilityChange);
    this.cancelAll();
  }

  private end(channel: string, job: RunningJob<unknown>): void {
    if (this.jobs.get(channel) !== job) return;
    this.jobs.delete(channel);
    this.background.delete(channel);
    this.running.delete(channel);
    this.host.requestUpdate();
  }
}
