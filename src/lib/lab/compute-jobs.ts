/**
 * The jobs the page's compute worker runs for the model-based labs (or the page itself, in
 * slices, where no worker can start; see compute.ts). A job is a step function over a context
 * that keeps what is worth keeping between jobs: the loaded models and data set, and one session
 * per model. Nothing here touches the DOM: the same module runs in a worker and in a page.
 *
 * Arguments and results are plain, structured-cloneable data.
 */
import type { DigitsDataset, Evaluation, Sequential } from '../../core/nn/index.js';
import type { LayerSensitivity, ModelQuantConfig, QuantScheme, QuantSession, QuantSweep, QuantSweepState, QuantizedEvaluation } from '../../core/quant/index.js';
import type { Steps } from '../../core/shared/steps.js';
import { loadModel, loadTestDigits } from '../assets.js';
import { loadOnce, madeOnce, sourceKey } from './compute-context.js';
import { optimJobs } from './optim-jobs.js';
import { attentionJobs } from './attention-jobs.js';
import { pruneJobs } from './prune-jobs.js';

/** What a job may tell its caller before it ends. */
export interface JobReport {
  /** A result so far (the sweep's points as they come), sent at most every few frames. */
  partial(value: unknown): void;
  /** Buffers of the result that nothing here keeps, moved to the caller rather than copied. */
  transfer(...buffers: ArrayBufferLike[]): void;
}

/** A job: its arguments and report in, steps out (each yields the share done, in [0, 1]). */
type Job<Args, Result> = (args: Args, report: JobReport) => Steps<Result> | Promise<Steps<Result>>;

/**
 * The quantization core's evaluation and sweeps (loaded with the first job: a page that never
 * asks pays nothing), by module rather than through the core's index, which also holds the lab's
 * schema and formatting: a worker needs none of that.
 */
const quantCore = async () => ({ ...(await import('../../core/quant/model.js')), ...(await import('../../core/quant/sweep.js')) });
type QuantCore = Awaited<ReturnType<typeof quantCore>>;

/**
 * Which model a job is about, and where its files load from: the absolute URL of an author's
 * copy of the package's `assets/` folder, or none for the files that came with the script.
 */
export interface ModelSource {
  model: string;
  assets?: string;
}

/** One context (a worker, or the page as fallback): each model loaded once, with its session. */
const loads = new Map<string, Promise<{ core: QuantCore; network: Sequential; digits: DigitsDataset }>>();
const sessions = new Map<string, QuantSession>();
const sweeps = new Map<string, QuantSweepState>();

/** A shipped model and the test digits, fetched once per context. */
function load(source: ModelSource) {
  return loadOnce(loads, sourceKey(source), () =>
    Promise.all([quantCore(), loadModel(source.model, source.assets), loadTestDigits(source.assets)]).then(([core, { model: network }, digits]) => ({ core, network, digits })),
  );
}

/**
 * The model's session on the test digits, once loaded: its FP32 evaluation runs as steps of the
 * job that first needs it (cancelled, the next job starts it again).
 */
async function session(source: ModelSource): Promise<{ core: QuantCore; steps: Steps<QuantSession> }> {
  const { core, network, digits } = await load(source);
  return { core, steps: madeOnce(sessions, sourceKey(source), () => core.quantSessionSteps(network, digits)) };
}

/** Results sent back stand alone: the session keeps nothing that a job hands out. */
const jobs = {
  /** The model's FP32 evaluation (accuracy and each test digit's prediction). */
  async 'quant.baseline'(source: ModelSource): Promise<Steps<Evaluation>> {
    const { steps } = await session(source);
    return (function* () {
      return (yield* steps).baseline;
    })();
  },

  /** The model evaluated on every test digit with its weights (and activations) quantized. */
  async 'quant.evaluate'({ config, ...source }: ModelSource & { config: ModelQuantConfig }, report: JobReport): Promise<Steps<QuantizedEvaluation>> {
    const { steps } = await session(source);
    return (function* () {
      const result = yield* (yield* steps).evaluateSteps(config);
      report.transfer(result.evaluation.predictions.buffer);
      return result;
    })();
  },

  /** Accuracy lost when each layer alone is quantized. */
  async 'quant.sensitivity'({ weights, activations, ...source }: ModelSource & { weights: QuantScheme; activations?: QuantScheme }): Promise<Steps<LayerSensitivity[]>> {
    const { steps } = await session(source);
    return (function* () {
      return yield* (yield* steps).sensitivitySteps(weights, { activations });
    })();
  },

  /**
   * Accuracy against bit width for the default schemes and the floating formats; with
   * `activations`, activations quantized too (unsigned, asymmetric codes after ReLUs). A sweep
   * cut short resumes where it stopped; its points are reported as they come.
   */
  async 'quant.sweep'({ activations, ...source }: ModelSource & { activations: boolean }, report: JobReport): Promise<Steps<QuantSweep>> {
    const { core, steps } = await session(source);
    const key = `${sourceKey(source)}|${activations}`;
    return (function* () {
      const quantSession = yield* steps;
      let state = sweeps.get(key);
      if (!state) {
        state = core.createSweep({ session: quantSession, activations: activations ? { signed: false, symmetric: false } : undefined });
        sweeps.set(key, state);
      }
      const sweep = state;
      const points = core.sweepSteps(sweep);
      try {
        for (;;) {
          const step = points.next();
          if (step.done) return step.value;
          report.partial(sweep.sweep);
          yield step.value;
        }
      } finally {
        points.return(sweep.sweep);
      }
    })();
  },

  ...pruneJobs,
  ...optimJobs,
  ...attentionJobs,
} satisfies Record<string, Job<never, unknown>>;

export type Jobs = typeof jobs;
export type JobName = keyof Jobs;
export type JobArgs<Name extends JobName> = Parameters<Jobs[Name]>[0];
export type JobResult<Name extends JobName> = Awaited<ReturnType<Jobs[Name]>> extends Steps<infer Result> ? Result : never;

/** Starts a job: its steps, once what it needs is loaded. */
export function startJob(name: string, args: unknown, report: JobReport): Promise<Steps<unknown>> {
  const job = (jobs as Record<string, Job<unknown, unknown>>)[name];
  if (!job) return Promise.reject(new Error(`no compute job "${name}"`));
  return Promise.resolve(job(args, report));
}
