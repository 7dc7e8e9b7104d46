/**
 * The page's compute engine: where the model-based labs' jobs (compute-jobs.ts) run. One per page
 * and package version, shared by every lab on the page whichever bundle loaded it.
 *
 * It runs the jobs in one module worker, started
 * - from the worker's own URL when the page and the bundle share an origin;
 * - from a `blob:` module that imports that URL when they do not (a worker cannot be started
 *   from another origin's URL; the import needs the CDN to send CORS headers, as public CDNs do);
 * - nowhere, when the page's Content Security Policy forbids both: the page runs the jobs itself,
 *   in slices of at most 8 ms between frames, and says so once in the console (the browser
 *   reports the refused worker itself).
 */
import { VERSION } from '../define.js';
import type { JobArgs, JobName, JobResult } from './compute-jobs.js';
import type { Priority, RunnerEvents } from './compute-runner.js';
import type { FromWorker, ToWorker } from './compute-worker.js';

export type { Priority };

export interface JobOptions {
  priority?: Priority;
  /** The share done, in [0, 1], every 100 ms or so. */
  onProgress?: (share: number) => void;
  /** A result so far (a sweep's points as they come). */
  onPartial?: (value: unknown) => void;
}

/** A job started: its result, and how to cancel it (the promise then rejects with `Cancelled`). */
export interface RunningJob<T> {
  readonly result: Promise<T>;
  cancel(): void;
}

/** Why a job's promise rejected when nobody wants its result any more. */
export class Cancelled extends Error {
  constructor() {
    super('cancelled: a newer request superseded this one');
    this.name = 'Cancelled';
  }
}

/**
 * Whether a job's rejection is a cancellation. By name, not `instanceof`: the engine is shared
 * page-wide, and another bundle's copy of this module may have made the error.
 */
export const isCancelled = (error: unknown) => error instanceof Error && error.name === 'Cancelled';

interface Waiting {
  name: string;
  args: unknown;
  priority: Priority;
  options: JobOptions;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** Where the jobs run; `kind` says which, for tests and the bench. */
export interface ComputeEngine {
  readonly kind: 'worker' | 'page';
  run<Name extends JobName>(name: Name, args: JobArgs<Name>, options?: JobOptions): RunningJob<JobResult<Name>>;
}

/** In-page slices: half a 60 Hz frame, leaving the other half to input and drawing. */
const PAGE_SLICE_MS = 8;

/** Runs jobs through a JobRunner, in this worker or this page. */
abstract class Engine implements ComputeEngine {
  abstract readonly kind: 'worker' | 'page';
  private nextId = 1;
  protected readonly waiting = new Map<number, Waiting>();

  protected abstract send(message: ToWorker): void;

  run<Name extends JobName>(name: Name, args: JobArgs<Name>, options: JobOptions = {}): RunningJob<JobResult<Name>> {
    const id = this.nextId++;
    const priority = options.priority ?? 'interactive';
    const result = new Promise<JobResult<Name>>((resolve, reject) => {
      this.waiting.set(id, { name, args, priority, options, resolve: resolve as (value: unknown) => void, reject });
    });
    this.send({ type: 'run', id, name, args, priority });
    return {
      result,
      cancel: () => {
        const job = this.waiting.get(id);
        if (!job) return;
        this.waiting.delete(id);
        this.send({ type: 'cancel', id });
        job.reject(new Cancelled());
      },
    };
  }

  /** The runner's events, delivered to whoever waits for the job. */
  protected readonly events: RunnerEvents = {
    progress: (id, share) => this.waiting.get(id)?.options.onProgress?.(share),
    partial: (id, value) => this.waiting.get(id)?.options.onPartial?.(value),
    done: (id, result) => this.settle(id)?.resolve(result),
    error: (id, message) => this.settle(id)?.reject(new Error(message)),
  };

  private settle(id: number): Waiting | undefined {
    const job = this.waiting.get(id);
    this.waiting.delete(id);
    return job;
  }
}

/**
 * Delivers messages to a JobRunner on this page (loaded on first use), which reports to `events`.
 * Should its code fail to load, every job sent is answered with that error.
 */
function pageRunner(events: RunnerEvents): (message: ToWorker) => void {
  const runner = import('./compute-runner.js').then(({ JobRunner }) => new JobRunner(events, PAGE_SLICE_MS));
  return (message) =>
    void runner.then(
      (r) => (message.type === 'run' ? r.run(message.id, message.name, message.args, message.priority) : r.cancel(message.id)),
      (error: unknown) => message.type === 'run' && events.error(message.id, `the compute code could not be loaded (${error instanceof Error ? error.message : String(error)})`),
    );
}

/** The page runs the jobs itself, in slices. */
class PageEngine extends Engine {
  readonly kind = 'page';
  protected readonly send = pageRunner(this.events);
}

/**
 * The jobs run in a module worker. Messages wait until it says it is ready; if it fails to
 * start (a CSP that forbids it, a network error), the page takes over every job, those waiting
 * included.
 */
class WorkerEngine extends Engine {
  kind: 'worker' | 'page' = 'worker';
  private readonly pending: ToWorker[] = [];
  private ready = false;
  private onPage?: (message: ToWorker) => void;

  constructor(
    private readonly worker: Worker,
    /** The `blob:` URL the worker was started from, if any: released once it has answered. */
    private readonly bootstrapUrl: string | undefined,
    private readonly onFallback: () => void,
  ) {
    super();
    worker.addEventListener('message', (event: MessageEvent<FromWorker>) => this.receive(event.data));
    // A worker that fails (to start, or later) hands every unanswered job to the page.
    const fail = (event: Event) => {
      event.preventDefault();
      this.fallBack();
    };
    worker.addEventListener('error', fail);
    worker.addEventListener('messageerror', fail);
  }

  protected send(message: ToWorker): void {
    if (this.onPage) this.onPage(message);
    else if (this.ready) this.worker.postMessage(message);
    else this.pending.push(message);
  }

  private receive(message: FromWorker): void {
    if (message.type === 'ready') {
      this.ready = true;
      this.release();
      for (const queued of this.pending.splice(0)) this.worker.postMessage(queued);
      return;
    }
    if (message.type === 'progress') this.events.progress(message.id, message.share);
    else if (message.type === 'partial') this.events.partial(message.id, message.value);
    else if (message.type === 'done') this.events.done(message.id, message.result, []);
    else this.events.error(message.id, message.message);
  }

  private release(): void {
    if (this.bootstrapUrl) URL.revokeObjectURL(this.bootstrapUrl);
  }

  private fallBack(): void {
    if (this.onPage) return;
    this.worker.terminate();
    this.release();
    this.kind = 'page';
    this.onPage = pageRunner(this.events);
    this.pending.length = 0;
    for (const [id, job] of this.waiting) this.onPage({ type: 'run', id, name: job.name, args: job.args, priority: job.priority });
    this.onFallback();
  }
}

/**
 * A module worker for the jobs (and the `blob:` URL it was started from, if any), or undefined
 * when this page may not start one. The same-origin start is written as bundlers (Vite, webpack
 * 5, Parcel) recognise a worker, so an app that bundles the labs bundles their worker too.
 */
function startWorker(): { worker: Worker; bootstrapUrl?: string } | undefined {
  try {
    // The worker sits beside this module: same origin as this module's own URL.
    if (new URL(import.meta.url).origin === location.origin) return { worker: new Worker(new URL('./compute-worker.js', import.meta.url), { type: 'module' }) };
    const href = new URL('./compute-worker.js', import.meta.url).href;
    const bootstrapUrl = URL.createObjectURL(new Blob([`import ${JSON.stringify(href)};`], { type: 'text/javascript' }));
    return { worker: new Worker(bootstrapUrl, { type: 'module', name: `mlsys-labs ${VERSION}` }), bootstrapUrl };
  } catch {
    return undefined;
  }
}

const engineKey = Symbol.for(`mlsys-labs.compute@${VERSION}`);
type Host = typeof globalThis & { [engineKey]?: ComputeEngine };

function noteInPage(): void {
  console.info('mlsys-labs: no compute worker could start on this page (its Content Security Policy forbids one, or its file could not be loaded); the labs compute on the page, in slices.');
}

/** The page's compute engine (made on first use). */
export function computeEngine(): ComputeEngine {
  const host = globalThis as Host;
  if (!host[engineKey]) {
    const started = startWorker();
    if (started) {
      host[engineKey] = new WorkerEngine(started.worker, started.bootstrapUrl, noteInPage);
    } else {
      host[engineKey] = new PageEngine();
      noteInPage();
    }
  }
  return host[engineKey];
}
