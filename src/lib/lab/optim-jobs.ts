/**
 * The optimizer lab's compute jobs (see compute-jobs.ts, which runs them with the others): a
 * trained network's loss landscape on a seeded plane, refined coarse to fine, and the optimizer
 * race on its architecture. Both are kept per request, so a job stopped for more urgent work, or
 * cancelled and asked for again, goes on from where it was; their results so far are reported
 * as they come. The optimizer core's two modules load with the first job.
 */
import type { LandscapeGrid, LossLandscape, NetworkRace, NetworkRaceResult, RaceOptimizer } from '../../core/optim/index.js';
import type { Steps } from '../../core/shared/steps.js';
import { loadModel, loadTestDigits, loadTrainingDigits } from '../assets.js';
import { sourceKey } from './compute-context.js';
import type { JobReport, ModelSource } from './compute-jobs.js';

/** By module, not the core's index, which holds the textbook surfaces, theory and card too. */
const optimCore = async () => ({ ...(await import('../../core/optim/landscape.js')), ...(await import('../../core/optim/race.js')) });

/** Landscapes and races kept for resuming: the latest few, by request. */
const KEPT = 4;
const landscapes = new Map<string, LossLandscape>();
const races = new Map<string, NetworkRace>();

function keep<T>(cache: Map<string, T>, key: string, made: T): T {
  cache.set(key, made);
  for (const old of [...cache.keys()].slice(0, -KEPT)) cache.delete(old);
  return made;
}

/** How often the result so far is copied for the page (the runner sends the latest every 100 ms or so). */
const PARTIAL_MS = 90;

/** Reports the result so far as the steps go, and returns the final one. */
function* reporting<T>(steps: Steps<T>, now: () => T | undefined, report: JobReport): Steps<T> {
  let reportedAt = -Infinity;
  try {
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
      if (performance.now() - reportedAt >= PARTIAL_MS) {
        reportedAt = performance.now();
        const value = now();
        if (value !== undefined) report.partial(value);
      }
      yield step.value;
    }
  } finally {
    steps.return(undefined as T);
  }
}

export const optimJobs = {
  /** The model's training loss on the plane its seed draws, refined through level `through` (the finest unless said). */
  async 'optim.landscape'({ seed, through, ...source }: ModelSource & { seed: number; through?: number }, report: JobReport): Promise<Steps<LandscapeGrid>> {
    const key = `${sourceKey(source)}|${seed}`;
    let landscape = landscapes.get(key);
    if (!landscape) {
      const [core, { model }, trainingSet] = await Promise.all([optimCore(), loadModel(source.model, source.assets), loadTrainingDigits(source.assets)]);
      landscape = landscapes.get(key) ?? keep(landscapes, key, new core.LossLandscape(model, core.firstSamples(trainingSet, core.LANDSCAPE_SUBSET), { seed }));
    }
    const made = landscape;
    return reporting(made.steps(through), () => made.grid(), report);
  },

  /** The optimizers training the model's architecture from the seed's initialisation on the same minibatches. */
  async 'optim.race'({ seed, optimizers, steps, ...source }: ModelSource & { seed: number; optimizers: RaceOptimizer[]; steps: number }, report: JobReport): Promise<Steps<NetworkRaceResult>> {
    const key = `${sourceKey(source)}|${seed}|${optimizers.join()}|${steps}`;
    let race = races.get(key);
    if (!race) {
      const [core, { manifest }, trainingSet, testSet] = await Promise.all([optimCore(), loadModel(source.model, source.assets), loadTrainingDigits(source.assets), loadTestDigits(source.assets)]);
      race = races.get(key) ?? keep(races, key, new core.NetworkRace({ architecture: manifest.architecture, optimizers, steps, seed }, trainingSet, testSet));
    }
    const made = race;
    return reporting(made.steps(), () => made.result(), report);
  },
};
