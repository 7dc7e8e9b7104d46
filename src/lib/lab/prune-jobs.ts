/**
 * The pruning lab's compute jobs (see compute-jobs.ts, which runs them with the others): a
 * setting evaluated, each layer's cost alone, its forward pass timed (dense, CSR, shrunk), the
 * sweep of accuracy against sparsity, and fine-tuning a setting. The pruning core loads with the first job. Each model source gets its
 * own copy of the model (a session prunes it in place and restores it), apart from the
 * quantization jobs' copy; each fine-tuning trains a copy of its own.
 */
import type { DigitsDataset, Sequential } from '../../core/nn/index.js';
import type { ForwardTimes, LayerCost, PruneEvaluation, PruneMethod, PruneScope, PruneSession, PruneSetting, PruneSweep, SettingFineTuned, SettingFineTuning } from '../../core/prune/index.js';
import type { Steps } from '../../core/shared/steps.js';
import { loadModel, loadTestDigits, loadTrainingDigits } from '../assets.js';
import { loadOnce, madeOnce, sourceKey } from './compute-context.js';
import type { JobReport, ModelSource } from './compute-jobs.js';

/** By module, not the core's index, which holds the lab's schema and explanations too. */
const pruneCore = async () => ({
  ...(await import('../../core/prune/session.js')),
  ...(await import('../../core/prune/sweep.js')),
  ...(await import('../../core/prune/fine-tune-setting.js')),
});
type PruneCore = Awaited<ReturnType<typeof pruneCore>>;

/** Fine-tunings kept for resuming (one stopped for more urgent work, or cancelled and asked for again). */
const FINE_TUNINGS_KEPT = 2;

const loads = new Map<string, Promise<{ core: PruneCore; network: Sequential; digits: DigitsDataset }>>();
const sessions = new Map<string, PruneSession>();
const fineTunings = new Map<string, SettingFineTuning>();

function load(source: ModelSource) {
  return loadOnce(loads, sourceKey(source), () =>
    Promise.all([pruneCore(), loadModel(source.model, source.assets), loadTestDigits(source.assets)]).then(([core, { model: network }, digits]) => ({ core, network, digits })),
  );
}

/** The model's session, its dense evaluation run as steps of the job that first needs it. */
async function session(source: ModelSource): Promise<{ core: PruneCore; steps: Steps<PruneSession> }> {
  const { core, network, digits } = await load(source);
  return { core, steps: madeOnce(sessions, sourceKey(source), () => core.pruneSessionSteps(network, digits)) };
}

type SettingArgs = ModelSource & { setting: PruneSetting };

export const pruneJobs = {
  /** Everything the lab shows for a setting; the masks are moved to the page, not copied. */
  async 'prune.evaluate'({ setting, ...source }: SettingArgs, report: JobReport): Promise<Steps<PruneEvaluation>> {
    const { steps } = await session(source);
    return (function* () {
      const result = yield* (yield* steps).evaluateSteps(setting);
      report.transfer(...result.masks.map((mask) => mask.buffer));
      return result;
    })();
  },

  /** Accuracy with each layer alone pruned as the setting prunes it. */
  async 'prune.layerCosts'({ setting, ...source }: SettingArgs): Promise<Steps<LayerCost[]>> {
    const { steps } = await session(source);
    return (function* () {
      return yield* (yield* steps).layerCostSteps(setting);
    })();
  },

  /** The setting's forward pass timed here (in the worker, or on the page): dense kernels, CSR kernels, shrunk. */
  async 'prune.timing'({ setting, ...source }: SettingArgs): Promise<Steps<ForwardTimes>> {
    const { steps } = await session(source);
    return (function* () {
      return yield* (yield* steps).timingSteps(setting, () => performance.now());
    })();
  },

  /** Accuracy against sparsity for every method, `first` first; its points reported as they come. */
  async 'prune.sweep'({ scope, first, ...source }: ModelSource & { scope: PruneScope; first: PruneMethod }, report: JobReport): Promise<Steps<PruneSweep>> {
    const { core, steps } = await session(source);
    return (function* () {
      const pruneSession = yield* steps;
      return yield* core.sweepSteps(pruneSession, scope, first, (sweep) => report.partial(sweep));
    })();
  },

  /**
   * The setting fine-tuned for `epochs` on the training digits and scored on the test digits. A
   * run stopped part-way (for more urgent work, or cancelled) is kept, and the same request later
   * resumes it.
   */
  async 'prune.fineTune'({ setting, epochs, ...source }: SettingArgs & { epochs: number }): Promise<Steps<SettingFineTuned>> {
    const key = `${sourceKey(source)}|${JSON.stringify(setting)}|${epochs}`;
    let run = fineTunings.get(key);
    if (!run) {
      const [core, { model }, testSet, trainingSet] = await Promise.all([pruneCore(), loadModel(source.model, source.assets), loadTestDigits(source.assets), loadTrainingDigits(source.assets)]);
      run = new core.SettingFineTuning(model, setting, trainingSet, testSet, { epochs, seed: core.FINE_TUNE_SEED });
      fineTunings.set(key, run);
      for (const old of [...fineTunings.keys()].slice(0, -FINE_TUNINGS_KEPT)) fineTunings.delete(old);
    }
    const fineTuning = run;
    return (function* () {
      const result = yield* fineTuning.steps();
      fineTunings.delete(key);
      return result;
    })();
  },
};
