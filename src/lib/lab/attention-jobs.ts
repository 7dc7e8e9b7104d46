/**
 * The attention lab's compute jobs (see compute-jobs.ts, which runs them with the others): a
 * text run through the shipped transformer (every head's pattern, the predictions, each head's
 * summary, the chosen heads switched off, one query row's arithmetic), the heads' diagnostic
 * scores, and live training of an attention-only model in which induction heads form. The
 * attention core and the model load with the first job.
 */
import type {
  AblationResult,
  AttentionModel,
  Diagnosis,
  HeadRef,
  HeadSummary,
  InductionTraining,
  InductionTrainingPoint,
  PositionResult,
  QueryRowMechanics,
  TextModelManifest,
} from '../../core/attention/index.js';
import type { Steps } from '../../core/shared/steps.js';
import { loadTextModel, loadValidationText } from '../assets.js';
import { loadOnce, madeOnce } from './compute-context.js';
import type { JobReport } from './compute-jobs.js';

/** By module, not the core's index, which holds the lab's schema, explanations and card too. */
const attentionCore = async () => ({
  ...(await import('../../core/attention/tokenizer.js')),
  ...(await import('../../core/attention/model.js')),
  ...(await import('../../core/attention/run.js')),
  ...(await import('../../core/attention/diagnostics.js')),
  ...(await import('../../core/attention/mechanics.js')),
  ...(await import('../../core/attention/induction-training.js')),
});
type AttentionCore = Awaited<ReturnType<typeof attentionCore>>;

/** Windows of the validation text the heads' mean outputs are taken over (for mean ablation). */
const MEAN_WINDOWS = 16;

interface Loaded {
  core: AttentionCore;
  model: AttentionModel;
  manifest: TextModelManifest;
  /** The validation text as token ids. */
  validation: number[];
}

const loads = new Map<string, Promise<Loaded>>();
const means = new Map<string, Float32Array[][]>();
const diagnoses = new Map<string, Diagnosis>();
/** Each lab's live training, by the lab's run id. */
const trainings = new Map<string, InductionTraining>();

function load(assets: string | undefined): Promise<Loaded> {
  return loadOnce(loads, assets ?? '', async () => {
    const [core, { model, manifest }, text] = await Promise.all([attentionCore(), loadTextModel(undefined, assets), loadValidationText(assets)]);
    return { core, model, manifest, validation: core.tokenize(text, manifest.vocabulary).ids };
  });
}

/** What the lab asks about one text. */
export interface AttentionRequest {
  assets?: string;
  /** The text, already clipped to the context. */
  text: string;
  /** Heads to switch off, and how. */
  ablate: HeadRef[];
  mode: 'zero' | 'mean';
}

/** The predictions with the heads switched off (without the patterns, which the page does not show). */
export interface AblatedRun {
  positions: PositionResult[];
  meanLoss: number;
  lossChange: number;
  changed: AblationResult['changed'];
}

export interface AttentionEvaluation {
  ids: number[];
  /** [layer][head] patterns, n × n, row = query; moved to the page, not copied. */
  patterns: Float32Array[][];
  positions: PositionResult[];
  meanLoss: number;
  /** [layer][head] what each head does on this text, in words. */
  summaries: HeadSummary[][];
  /** The run with the heads switched off, when any are. */
  ablated?: AblatedRun;
}

/** One query row of one head, and the characters of the vocabulary for its labels. */
export interface MechanicsRequest {
  assets?: string;
  text: string;
  layer: number;
  head: number;
  query: number;
}

/** Each head's mean output over the first windows of the validation text, made once per context. */
function meanOutputs(key: string, { core, model, validation }: Loaded): Steps<Float32Array[][]> {
  return madeOnce(means, key, function* () {
    yield 0;
    const windows = core.windowsOf(validation, model.contextLength).slice(0, MEAN_WINDOWS);
    return core.headMeans(model, windows.map((window) => window.slice(0, model.contextLength)));
  });
}

export const attentionJobs = {
  /** The text run through the model, with its heads' summaries and the ablation asked for. */
  async 'attention.evaluate'(request: AttentionRequest, report: JobReport): Promise<Steps<AttentionEvaluation>> {
    const loaded = await load(request.assets);
    const { core, model, manifest } = loaded;
    return (function* () {
      const symbols = manifest.vocabulary.symbols;
      const { ids } = core.tokenize(request.text, manifest.vocabulary);
      const run = core.runTokens(model, ids, { symbols });
      yield 0.5;
      const summaries = run.patterns.map((heads, layer) => heads.map((pattern, head) => core.summarizeHead(pattern, ids, layer, head)));
      let ablated: AblatedRun | undefined;
      if (request.ablate.length > 0 && ids.length > 0) {
        const headMeans = request.mode === 'mean' ? yield* meanOutputs(request.assets ?? '', loaded) : undefined;
        yield 0.75;
        const result = core.compareAblation(model, ids, { heads: request.ablate, mode: request.mode, means: headMeans }, { symbols });
        ablated = { positions: result.ablated.positions, meanLoss: result.ablated.meanLoss, lossChange: result.lossChange, changed: result.changed };
      }
      report.transfer(...run.patterns.flat().map((pattern) => pattern.buffer));
      return { ids, patterns: run.patterns, positions: run.positions, meanLoss: run.meanLoss, summaries, ablated };
    })();
  },

  /** One query row of one head, number by number (the query clipped to the text's last token). */
  async 'attention.mechanics'(request: MechanicsRequest): Promise<Steps<QueryRowMechanics & { symbols: readonly string[] }>> {
    const { core, model, manifest } = await load(request.assets);
    return (function* () {
      yield 0;
      const { ids } = core.tokenize(request.text, manifest.vocabulary);
      const position = Math.max(0, Math.min(request.query, ids.length - 1));
      return { ...core.queryRowMechanics(model, ids, request.layer, request.head, position), symbols: manifest.vocabulary.symbols };
    })();
  },

  /**
   * Every head's scores (previous-token and first-token on the validation text's first context,
   * induction on repeated random tokens) and the model's in-context-learning signature.
   */
  async 'attention.diagnose'({ assets }: { assets?: string }): Promise<Steps<Diagnosis>> {
    const { core, model, validation } = await load(assets);
    return madeOnce(diagnoses, assets ?? '', function* () {
      yield 0;
      return core.diagnoseHeads(model, { text: validation.slice(0, model.contextLength) });
    });
  },

  /**
   * Trains lab `run`'s attention-only model on repeated random tokens up to `steps` steps in all
   * (from scratch with `restart`), each point reported as it comes. Stopped or cancelled, the
   * training stays where it is, and the next request goes on from there.
   */
  async 'attention.train'({ run: id, steps, restart }: { run: string; steps: number; restart?: boolean }, report: JobReport): Promise<Steps<InductionTrainingPoint[]>> {
    const core = await attentionCore();
    let run = trainings.get(id);
    if (restart || !run) trainings.set(id, (run = new core.InductionTraining()));
    const training = run;
    return (function* () {
      const todo = Math.max(0, steps - training.history.length);
      for (let k = 0; k < todo; k++) {
        training.step();
        report.partial(training.history.slice());
        if (k + 1 < todo) yield (k + 1) / todo;
      }
      return training.history;
    })();
  },
};
