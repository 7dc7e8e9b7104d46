/**
 * The jobs the page's compute worker runs for the model-based labs (or the page itself, in
 * slices, where no worker can start; see compute.ts). A job is a step function over a context
 * that keeps what is worth keeping between jobs: the loaded models and data set, and one session
 * per model. Nothing here touches the DOM: the same module runs in a worker and in a page.
 *
 * Arguments and results are plain, structured-cloneable data.
 */
import type { Evaluation } from '../../core/nn/index.js';
import type { LayerSensitivity, ModelQuantConfig, QuantScheme, QuantSession, QuantSweep, QuantSweepState, QuantizedEvaluation } from '../../core/quant/index.js';
import type { Steps } from '../../core/shared/steps.js';
import { loadModel, loadTestDigits } from '../assets.js';

/** What a job may tell its caller before it ends. */
export interface JobReport {
  /** A result so far (the sweep's points as they come), sent at most every few frames. */
  partial(value: unknown): void;
  /** Buffers of the result that nothing here keeps, moved to the caller rather than copied. */
  transfer(...buffers: ArrayBufferLike[]): void;
}

/** A job: its arguments and report in, steps out (each yields the share done, in [0, 1]). */
type Job<Args, Result> = (args: Args, report: JobReport) => Steps<Result> | Promise<Steps<Result>>;

/** One context (a worker, or the page as fallback): each model loaded once, with its session. */
const sessions = new Map<string, Promise<QuantSession>>();
const sweeps = new Map<string, QuantSweepState>();

/**
 * The quantization core's evaluation and sweeps (loaded with the first job: a page that never
 * asks pays nothing), by module rather than through the core's index, which also holds the lab's
 * schema and formatting: a worker needs none of that.
 */
const quantCore = async () => ({ ...(await import('../../core/quant/model.js')), ...(await import('../../core/quant/sweep.js')) });

/** The session of a shipped model on the test digits, its FP32 baseline evaluated once. */
function session(model: string): Promise<QuantSession> {
  let made = sessions.get(model);
  if (!made) {
    made = (async () => {
      const [{ createQuantSession }, { model: network }, digits] = await Promise.all([quantCore(), loadModel(model), loadTestDigits()]);
      return createQuantSession(network, digits);
    })();
    // A failed load may be tried again by a later job.
    made.catch(() => sessions.delete(model));
    sessions.set(model, made);
  }
  return made;
}

/** Results sent back stand alone: the session keeps nothing that a job hands out. */
const jobs = {
  /** The model's FP32 evaluation (accuracy and each test digit's prediction). */
  async 'quant.baseline'({ model }: { model: string }): Promise<Steps<Evaluation>> {
    const { baseline } = await session(model);
    return (function* () {
      return baseline;
    })();
  },

  /** The model evaluated on every test digit with its weights (and activations) quantized. */
  async 'quant.evaluate'({ model, config }: { model: string; config: ModelQuantConfig }, report: JobReport): Promise<Steps<QuantizedEvaluation>> {
    const quantSession = await session(model);
    return (function* () {
      const result = yield* quantSession.evaluateSteps(config);
      report.transfer(result.evaluation.predictions.buffer);
      return result;
    })();
  },

  /** Accuracy lost when each layer alone is quantized. */
  async 'quant.sensitivity'({ model, weights, activations }: { model: string; weights: QuantScheme; activations?: QuantScheme }): Promise<Steps<LayerSensitivity[]>> {
    return (await session(model)).sensitivitySteps(weights, { activations });
  },

  /**
   * Accuracy against bit width for the default schemes and the floating formats; with
   * `activations`, activations quantized too (unsigned, asymmetric codes after ReLUs). A sweep
   * cut short resumes where it stopped; its points are reported as they come.
   */
  async 'quant.sweep'({ model, activations }: { model: string; activations: boolean }, report: JobReport): Promise<Steps<QuantSweep>> {
    const [{ createSweep, sweepSteps }, quantSession] = await Promise.all([quantCore(), session(model)]);
    const key = `${model}|${activations}`;
    let sweep = sweeps.get(key);
    if (!sweep) {
      sweep = createSweep({ session: quantSession, activations: activations ? { signed: false, symmetric: false } : undefined });
      sweeps.set(key, sweep);
    }
    const state = sweep;
    return (function* () {
      const steps = sweepSteps(state);
      try {
        for (;;) {
          const step = steps.next();
          if (step.done) return step.value;
          report.partial(state.sweep);
          yield step.value;
        }
      } finally {
        steps.return(state.sweep);
      }
    })();
  },
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
