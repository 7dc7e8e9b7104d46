import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { batchMemorySchema, MAX_BATCH, type BatchMemoryState } from '../../src/core/memory/lab.js';
import type { BatchMemoryResult } from '../../src/core/memory/evaluate.js';
import type { OptimizerName, Recomputation } from '../../src/core/memory/index.js';
import type { InstructorCard } from '../../src/core/shared/instructor-card.js';
import { MlErrorEvent, type MlChangeEvent } from '../../src/lib/events.js';
import { formatBytes, formatDuration, formatNumber, formatPercent } from '../../src/lib/format.js';
import type { ChartColumns } from '../chart/chart-types.js';
import type { MathItem } from '../math/math.component.js';
import { KEPT_BACK, MlLab } from '../../src/lib/lab/lab.js';
import { batchMemoryStyles } from './batch-memory.styles.js';

/**
 * The estimators, most of the lab's code: asked for as this module runs, so they download while
 * the first lab paints its frame and controls, and fill in its numbers when they arrive.
 */
const estimators = import('../../src/core/memory/evaluate.js');
// A failure is each lab's to show (see willUpdate), not the page's unhandled rejection.
estimators.catch(() => {});

/** The key numbers `ml-change` carries in `detail.results`. */
export interface BatchMemoryResults {
  /** Memory per GPU at the current batch, in bytes. */
  totalBytes: number;
  capacityBytes: number;
  fits: boolean;
  /** Largest batch per GPU that fits (0 when none does). */
  largestBatch: number;
  /** Training only: per GPU. */
  samplesPerSecond?: number;
}

/** The memory lab's `ml-change`: `detail.state` holds its attributes, `detail.results` its key numbers. */
export type BatchMemoryChangeEvent = MlChangeEvent<Record<string, unknown>, BatchMemoryResults>;

/** One fixed series label, so moving the batch updates the bar chart's data without rebuilding it. */
const currentBatchSeries = [{ label: 'At the current batch' }];
/** Names the readouts, charts and frame share; the results' come from the schema. */
const MEMORY = batchMemorySchema.results!.totalBytes!.label;
const THROUGHPUT = batchMemorySchema.results!.samplesPerSecond!.label;
const LARGEST_BATCH = 'Largest batch per GPU';
const BATCH_AXIS = 'Batch size per GPU (log scale)';
const MEMORY_CHART = `${MEMORY} against batch size`;
const THROUGHPUT_CHART = `${THROUGHPUT} and step time against batch size`;
const throughputSeries = [{ label: THROUGHPUT }, { label: 'Step time', axis: 'right' as const, dash: true }];

/** The title for each workload, shown unless the author wrote a `heading` of their own. */
const workloadHeadings: Record<BatchMemoryState['mode'], string> = {
  training: 'Where does training memory go?',
  inference: 'Where does inference memory go?',
};

/**
 * Where training memory goes as batch size grows, and what it buys in speed. The reader picks a
 * model (a preset or a pasted `config.json`), a device and the training recipe, and sees the
 * memory breakdown against batch size with the device's capacity, the throughput and step time
 * from a roofline, the largest batch that fits, and what to try when it does not.
 *
 * Memory follows ZeRO (Rajbhandari et al. 2020) for model states and Korthikanti et al. 2022
 * for transformer activations; step time follows the roofline (Williams et al. 2009).
 *
 * @summary Batch size against memory footprint and training speed.
 * @fires ml-change - When the reader commits a change; `state` holds the attributes, `results` the key numbers.
 * @fires ml-error - When an attribute value is refused.
 * @fires ml-predict - When the reader commits a prediction (with `predict`); `detail` holds the question and the prediction.
 * @fires ml-reveal - When the answer to that prediction shows; `detail` adds the answer and how far off it was.
 * @fires ml-report - When the reader saves a report; `detail.report` holds it, `detail.markdown` the file.
 * @csspart header - Title and actions.
 * @csspart controls - The controls panel.
 * @csspart body - Charts, readouts and callouts.
 * @csspart chart - Each chart.
 * @csspart readout - Each metric card.
 * @csspart assumptions - The list of the estimate's assumptions, under the charts.
 * @csspart math - The Math Peek panel.
 * @csspart prediction - The question asked with `predict`, then its answer.
 * @cssstate loading - Until the estimators arrive (they load after the first paint).
 * @cssstate wide - When the lab is wide enough to set its controls beside its results.
 */
export class MlBatchMemory extends MlLab<typeof batchMemorySchema.params> {
  static override styles = [...MlLab.styles, batchMemoryStyles];

  static override schema = batchMemorySchema;

  /** The lab's instructor's card, loaded on demand: a page that never shows it never downloads it. */
  static async instructorCard(): Promise<InstructorCard> {
    return (await import('../../src/core/memory/card.js')).batchMemoryCard;
  }

  /** Title above the lab; by default a question that follows the workload (training or inference). */
  @property() override heading = workloadHeadings.training;
  /** Model preset id (e.g. `gpt2`, `llama-2-7b`, `resnet50`), or `custom` to use `model-config`. */
  @property() model = 'gpt2';
  /** A Hugging Face `config.json` (GPT-2, BERT or Llama family), used when `model="custom"`. */
  @property({ attribute: 'model-config' }) modelConfig = '';
  /** `training` (weights, gradients, optimizer state, activations) or `inference` (weights, KV cache). */
  @property() mode: BatchMemoryState['mode'] = 'training';
  /** Device id from the catalog (e.g. `t4`, `a100-80gb-sxm`, `h100-sxm`). */
  @property() device = 't4';
  /** Micro-batch per GPU, 1–4096 samples. */
  @property({ type: Number, attribute: 'batch-size' }) batchSize = 8;
  /** Tokens per sample for transformers. */
  @property({ type: Number, attribute: 'sequence-length' }) sequenceLength = 1024;
  /** Square image side in pixels for vision models. */
  @property({ type: Number, attribute: 'image-size' }) imageSize = 224;
  /**
   * `auto` (mixed BF16 where the device has a BF16 peak, else mixed FP16), `fp32`, `mixed-fp16`,
   * `mixed-bf16` (FP32 master weights) or `bf16` (pure).
   */
  @property() precision: BatchMemoryState['precision'] = 'auto';
  /** `sgd`, `sgd-momentum`, `adam`, `adamw`, `adafactor` or `adam-8bit`. */
  @property() optimizer: OptimizerName = 'adamw';
  /** Activation recomputation: `none`, `selective` or `full`. */
  @property() recomputation: Recomputation = 'none';
  /** ZeRO stage 0–3 (sharding over `gpus`). */
  @property({ type: Number, attribute: 'zero-stage' }) zeroStage = 0;
  /** Data-parallel GPUs that ZeRO shards over. */
  @property({ type: Number }) gpus = 1;
  /** Achievable fraction of the device's peak FLOP/s (model FLOPs utilisation), 0.01–1. */
  @property({ type: Number }) utilization = 0.5;

  private result?: BatchMemoryResult;
  /** The estimators' `evaluate`, once loaded. */
  private evaluate?: Awaited<typeof estimators>['evaluate'];
  /**
   * The last training result. Inference has no throughput chart: it is hidden, still showing
   * this result, rather than removed, so that switching back redraws the same chart instead of
   * making a new canvas (whose first draw alone costs 7–14 ms in headless Chromium).
   */
  private lastTraining?: BatchMemoryResult;
  /** Why the current state could not be computed, if it could not. */
  private problem = '';
  /** The last config.json problem announced with `ml-error` (one event per problem, not per keystroke). */
  private configErrorSent = '';

  /** Until the estimators arrive, the lab has its frame and controls, and no numbers. */
  protected override resultsPending(): boolean {
    return this.result === undefined;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    this.showState(['loading'], this.result || this.problem ? undefined : 'loading');
  }

  /** The key numbers for the current state (also sent with `ml-change`). */
  protected override results(): BatchMemoryResults {
    const r = this.result!;
    return {
      totalBytes: r.breakdown.total.bytes,
      capacityBytes: r.capacityBytes,
      fits: r.fits,
      largestBatch: r.largestBatch,
      samplesPerSecond: r.step?.samplesPerSecond,
    };
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // The default title asks about the workload shown; an author's own title stays.
    if (changed.has('mode') && !this.hasAttribute('heading') && Object.values(workloadHeadings).includes(this.heading)) {
      this.heading = workloadHeadings[this.mode];
    }
    const evaluate = this.evaluate;
    if (!evaluate) {
      estimators.then(
        (module) => {
          this.evaluate = module.evaluate;
          this.requestUpdate();
        },
        (error: unknown) => {
          if (this.problem) return;
          this.problem = `the estimators could not be loaded (${error instanceof Error ? error.message : String(error)})`;
          this.dispatchEvent(new MlErrorEvent(this.problem));
          this.requestUpdate();
        },
      );
      return;
    }
    if (this.result && !MlBatchMemory.stateProperties.some((key) => changed.has(key as keyof MlBatchMemory))) return;
    try {
      this.result = evaluate(this.values);
      this.problem = '';
      if (this.result.throughputSweep) this.lastTraining = this.result;
    } catch (error) {
      // A combination the estimators refuse (they name the option) keeps the last good view.
      this.problem = error instanceof Error ? error.message : String(error);
      this.dispatchEvent(new MlErrorEvent(this.problem));
      this.result ??= evaluate({ ...this.values, ...MlBatchMemory.fallbackState });
    }
    this.announceConfigError();
  }

  /** Why a pasted config.json cannot be used. An empty box is not an error: its placeholder says what to paste. */
  private get configError(): string {
    return this.modelConfig.trim() === '' ? '' : (this.result?.configError ?? '');
  }

  /** A config.json the lab cannot use is an error a page may want to hear of, besides the callout. */
  private announceConfigError(): void {
    const error = this.configError;
    if (error && error !== this.configErrorSent) {
      this.dispatchEvent(new MlErrorEvent(`config.json could not be used: ${error}. Showing GPT-2 small instead.`, 'model-config'));
    }
    this.configErrorSent = error;
  }

  /** A state every model and device can compute, used if the first one is refused. */
  private static readonly fallbackState = { batchSize: 1, sequenceLength: 128, imageSize: 224, model: 'gpt2', device: 't4' };

  /** The model picker, with the box a pasted config.json goes in. */
  protected override controlFor(key: keyof typeof batchMemorySchema.params & string): TemplateResult {
    const control = super.controlFor(key);
    if (key !== 'model') return control;
    const on = this.bind('modelConfig');
    // The config box stays in the tree, hidden for a preset: building a text area anew on
    // every switch to "custom" made that one switch slow.
    return html`${control}
      <label class="config" ?hidden=${this.model !== 'custom'}>${batchMemorySchema.params.modelConfig.label}
        <textarea
          rows="5"
          spellcheck="false"
          placeholder="Paste a model's config.json here; until then the lab shows GPT-2 small."
          .value=${this.modelConfig}
          @input=${on.input}
          @change=${on.change}
        ></textarea>
      </label>`;
  }

  protected override renderBody() {
    const r = this.result;
    if (!r) return this.renderFrame();
    const locale = this.settings.locale;
    const total = r.breakdown.total.bytes;
    // What the memory charts take by identity, made again only for a new result.
    const charts = this.memo('memory', [r, locale], () => {
      const parts = r.memorySweep.series.filter((series) => series.key !== 'total');
      return {
        columns: [r.memorySweep.x, ...parts.map((series) => series.values)] as ChartColumns,
        series: parts.map((series) => ({ label: series.label })),
        capacity: [{ axis: 'y' as const, value: r.capacityBytes, label: `${r.device.name}: ${formatBytes(r.capacityBytes, locale)}`, tone: 'danger' as const }],
        categories: r.breakdown.parts.map((part) => part.label),
        breakdown: [r.breakdown.parts.map((_, i) => i), r.breakdown.parts.map((part) => part.bytes)] as ChartColumns,
      };
    });
    const oom = [{ axis: 'y' as const, from: r.capacityBytes, to: Infinity, label: 'out of memory', tone: 'danger' as const }];
    const marker = { x: this.batchSize, label: `batch ${this.batchSize}` };
    const training = this.lastTraining;
    const hidden = this.keptBack();
    const throughputHidden = r.throughputSweep === undefined || hidden.speed;
    const configWarning = this.configError
      ? html`<ml-callout tone="warning" heading="config.json could not be used">
          <p>${this.configError}. Showing GPT-2 small instead.</p>
        </ml-callout>`
      : nothing;
    return html`
      ${this.problem
        ? html`<ml-callout tone="warning" heading="This combination cannot be computed">
            <p>${this.problem}. The view shows the last setting that could.</p>
          </ml-callout>`
        : nothing}
      ${configWarning}
      ${r.caveats.length
        ? html`<ml-callout tone="warning" heading="An assumption that changes the result">
            <ul class="notes">${r.caveats.map((caveat) => html`<li>${caveat}</li>`)}</ul>
          </ml-callout>`
        : nothing}
      ${this.renderOutOfMemory(r, total, hidden.total)}
      <div class="readouts">
        <ml-readout
          part="readout"
          label=${MEMORY}
          format="bytes"
          .value=${hidden.total ? Number.NaN : total}
          text=${hidden.total ? '?' : ''}
          status=${hidden.total ? 'none' : r.fits ? 'ok' : 'danger'}
          detail=${hidden.total ? KEPT_BACK : `of ${formatBytes(r.capacityBytes, locale)} (${formatPercent(total / r.capacityBytes, locale, 0)})`}
        ></ml-readout>
        <ml-readout
          part="readout"
          label=${LARGEST_BATCH}
          .value=${hidden.largest ? Number.NaN : r.largestBatch}
          text=${hidden.largest ? '?' : r.largestBatch === 0 ? 'none' : ''}
          unit="samples"
          detail=${hidden.largest ? KEPT_BACK : r.largestBatch === 0 ? 'not even one sample fits' : `that fits on the ${r.device.name}`}
        ></ml-readout>
        <!-- Kept, hidden, in inference (no training step): switching back shows the same element. -->
        <ml-readout
          part="readout"
          label=${THROUGHPUT}
          ?hidden=${!r.step}
          .value=${hidden.speed ? Number.NaN : (r.step?.samplesPerSecond ?? 0)}
          text=${hidden.speed ? '?' : ''}
          unit="samples/s"
          detail=${hidden.speed
            ? KEPT_BACK
            : r.step
              ? `${formatDuration(r.step.stepSeconds, locale)} per step, ${r.step.bound}-bound${r.step.tokensPerSecond ? `, ${formatNumber(r.step.tokensPerSecond, locale)} tokens/s` : ''}`
              : ''}
        ></ml-readout>
        <ml-readout
          part="readout"
          label=${this.mode === 'training' ? 'Activations' : 'KV cache + activations'}
          format="percent"
          .value=${r.activationShare}
          detail="of the memory"
        ></ml-readout>
      </div>
      <p class="units">${r.unitsNote}</p>
      <div class="charts">
        ${hidden.memory ? html`<p class="kept-back">${KEPT_BACK}: the memory charts would give it away.</p>` : nothing}
        ${hidden.speed && r.throughputSweep ? html`<p class="kept-back">${KEPT_BACK}: the throughput chart would give it away.</p>` : nothing}
        <ml-chart
          part="chart"
          ?hidden=${hidden.memory}
          kind="stacked"
          label=${MEMORY_CHART}
          x-label=${BATCH_AXIS}
          y-label=${MEMORY}
          x-scale="log2"
          y-format="bytes"
          y-max=${Math.max(r.capacityBytes * 1.6, total * 1.15)}
          .columns=${charts.columns}
          .series=${charts.series}
          .thresholds=${charts.capacity}
          .regions=${oom}
          .marker=${marker}
          summary=${this.memorySummary(r)}
        ></ml-chart>
        ${training
          ? // Hidden, the chart is left alone; it is brought up to date when it is shown again.
            this.memo('throughput', [training, throughputHidden, hidden.largest, locale], () => this.renderThroughput(training, marker, throughputHidden, hidden.largest))
          : nothing}
        <ml-chart
          part="chart"
          ?hidden=${hidden.memory}
          kind="bars"
          height="220"
          label="Memory breakdown at the current batch"
          x-label="Part"
          y-label=${MEMORY}
          y-format="bytes"
          .categories=${charts.categories}
          .columns=${charts.breakdown}
          .series=${currentBatchSeries}
          .thresholds=${charts.capacity}
          summary=${`At batch ${this.batchSize}: ${r.breakdown.parts.map((part) => `${part.label} ${formatBytes(part.bytes, locale)}`).join(', ')}; total ${formatBytes(total, locale)}.`}
        ></ml-chart>
      </div>
      <details class="assumptions" part="assumptions">
        <summary>Assumptions behind these numbers (${r.assumptions.length})</summary>
        <ul class="notes">${r.assumptions.map((assumption) => html`<li>${assumption}</li>`)}</ul>
      </details>
    `;
  }

  /**
   * The lab before the estimators arrive: the readouts and charts of its workload in their places,
   * with their titles and axes, so that little moves when the numbers come.
   */
  private renderFrame() {
    const chart = (label: string, yLabel: string, kind = 'line') =>
      html`<ml-chart part="chart" kind=${kind} label=${label} x-label=${BATCH_AXIS} y-label=${yLabel} .columns=${[[]]} summary="Computing…"></ml-chart>`;
    const training = this.mode === 'training';
    const readouts = [MEMORY, LARGEST_BATCH, ...(training ? [THROUGHPUT, 'Activations'] : ['KV cache + activations'])];
    return html`${this.problem ? html`<ml-callout tone="danger" heading="The estimators could not be loaded"><p>${this.problem}.</p></ml-callout>` : nothing}
      <div class="readouts" aria-busy="true">${readouts.map((label) => html`<ml-readout part="readout" label=${label} text="…"></ml-readout>`)}</div>
      <div class="charts">
        ${chart(MEMORY_CHART, MEMORY, 'stacked')}
        ${training ? chart(THROUGHPUT_CHART, 'Samples/s per GPU') : nothing}
      </div>`;
  }

  /** Throughput against batch size; where batches stop fitting is left out while the reader is to predict it. */
  private renderThroughput(r: BatchMemoryResult, marker: { x: number; label: string }, hidden: boolean, fitKeptBack: boolean) {
    const sweep = r.throughputSweep!;
    const steps = sweep.series.find((series) => series.key === 'stepSeconds')!.values;
    const samples = sweep.series.find((series) => series.key === 'samplesPerSecond')!.values;
    const thresholds = r.computeBoundFrom
      ? [{ axis: 'x' as const, value: r.computeBoundFrom, label: `compute-bound from batch ${r.computeBoundFrom}`, tone: 'muted' as const }]
      : [];
    const regions =
      r.largestBatch < MAX_BATCH && !fitKeptBack
        ? [{ axis: 'x' as const, from: Math.max(r.largestBatch, 1), to: Infinity, label: 'does not fit', tone: 'danger' as const }]
        : [];
    const best = r.largestBatch >= 1 && !fitKeptBack ? Math.min(r.largestBatch, MAX_BATCH) : 0;
    return html`<ml-chart
      part="chart"
      ?hidden=${hidden}
      label=${THROUGHPUT_CHART}
      x-label=${BATCH_AXIS}
      y-label="Samples/s per GPU"
      y2-label="Step time"
      y2-format="duration"
      x-scale="log2"
      .columns=${[sweep.x, samples, steps] as ChartColumns}
      .series=${throughputSeries}
      .thresholds=${thresholds}
      .regions=${regions}
      .marker=${marker}
      summary=${`${this.throughputTrend(samples)}${r.computeBoundFrom ? `; the step is compute-bound from batch ${r.computeBoundFrom}` : ''}${best ? `; the largest batch that fits is ${best}` : ''}.`}
    ></ml-chart>`;
  }

  /** How samples/s moves from batch 1 to MAX_BATCH, in words (compute-bound steps keep it flat). */
  private throughputTrend(samples: readonly number[]): string {
    const locale = this.settings.locale;
    const first = formatNumber(samples[0]!, locale);
    const last = formatNumber(samples[samples.length - 1]!, locale);
    return first === last
      ? `${THROUGHPUT} stays at ${first} samples/s from batch 1 to batch ${MAX_BATCH}`
      : `${THROUGHPUT} goes from ${first} samples/s at batch 1 to ${last} at batch ${MAX_BATCH}`;
  }

  private memorySummary(r: BatchMemoryResult): string {
    const locale = this.settings.locale;
    const totals = r.memorySweep.series.find((series) => series.key === 'total')!.values;
    const fitText =
      r.largestBatch === 0
        ? `Even batch 1 needs ${formatBytes(totals[0]!, locale)}, more than the ${formatBytes(r.capacityBytes, locale)} available.`
        : r.largestBatch >= MAX_BATCH
          ? `Every batch up to ${MAX_BATCH} fits.`
          : `Memory reaches the ${formatBytes(r.capacityBytes, locale)} capacity after batch ${r.largestBatch}.`;
    return `Memory per GPU from ${formatBytes(totals[0]!, locale)} at batch 1 to ${formatBytes(totals[totals.length - 1]!, locale)} at batch ${MAX_BATCH}. ${fitText}`;
  }

  /**
   * What the reader is to predict, kept back (see MlLab.conceals; whether the batch fits keeps
   * its total and the largest batch back too): the memory charts show all three.
   */
  private keptBack() {
    const total = this.conceals('totalBytes');
    const largest = this.conceals('largestBatch');
    return { total, largest, memory: total || largest || this.conceals('fits'), speed: this.conceals('samplesPerSecond') };
  }

  /**
   * The out-of-memory callout stays in the tree, hidden while the batch fits: moving a control
   * across the capacity then shows and hides one element instead of building it anew.
   */
  private renderOutOfMemory(r: BatchMemoryResult, total: number, keptBack: boolean) {
    const locale = this.settings.locale;
    return html`<ml-callout
      tone="danger"
      ?hidden=${r.fits || keptBack}
      heading=${r.fits ? '' : `Out of memory: needs ${formatBytes(total, locale)}, the ${r.device.name} has ${formatBytes(r.capacityBytes, locale)}`}
    >
      <ul class="mitigations">
        ${r.fits
          ? nothing
          : r.mitigations
              .filter((m) => !m.reveals?.some((result) => this.conceals(result)))
              .map(
              (m) => html`<li>
                ${m.text}${m.totalBytes ? html`: ${formatBytes(m.totalBytes, locale)}` : nothing}
                <strong>${m.fits ? '✓ fits' : '✕ still too large'}</strong>
              </li>`,
            )}
      </ul>
    </ml-callout>`;
  }

  protected override mathItems(): MathItem[] {
    return this.result?.derivations ?? [];
  }
}
