import { html, nothing, svg, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { batchMemorySchema, MAX_BATCH, type BatchMemoryState } from '../../src/core/memory/lab.js';
import type { BatchMemoryResult, LabMeasurement } from '../../src/core/memory/evaluate.js';
import type { OptimizerName, Recomputation } from '../../src/core/memory/index.js';
import type { TimeShare } from '../../src/core/memory/lab-speed.js';
import type { InstructorCard } from '../../src/core/shared/instructor-card.js';
import { MlErrorEvent, type MlChangeEvent } from '../../src/lib/events.js';
import { formatBytes, formatDifference, formatDuration, formatNumber, formatPercent } from '../../src/lib/format.js';
import type { ChartColumns, ChartSeries } from '../chart/chart-types.js';
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
  /** Training only: per GPU, the communication it waits for included. */
  samplesPerSecond?: number;
  /** Training only: all GPUs together. */
  wholeJobSamplesPerSecond?: number;
  /** Training only: the job's throughput over that of as many GPUs each alone. */
  scalingEfficiency?: number;
  /** Inference only: tokens/s while decoding (decoders), else samples/s. */
  servingPerSecond?: number;
  /** Inference only: one decode step (decoders) or one forward pass, in seconds. */
  servingLatencySeconds?: number;
}

/** The memory lab's `ml-change`: `detail.state` holds its attributes, `detail.results` its key numbers. */
export type BatchMemoryChangeEvent = MlChangeEvent<Record<string, unknown>, BatchMemoryResults>;

/** One fixed series label, so moving the batch updates the bar chart's data without rebuilding it. */
const currentBatchSeries = [{ label: 'At the current batch' }];
/** Names the readouts, charts and frame share; the results' come from the schema. */
const MEMORY = batchMemorySchema.results!.totalBytes!.label;
const THROUGHPUT = batchMemorySchema.results!.samplesPerSecond!.label;
const LARGEST_BATCH = 'Largest batch per GPU';
const WHOLE_JOB = 'Whole job';
const BATCH_AXIS = 'Batch size per GPU (log scale)';
const MEMORY_CHART = `${MEMORY} against batch size`;
const MEASURED = 'Published measurement';

/** The speed chart's and readout's words for each kind of workload. */
const speedViews = {
  training: { readout: THROUGHPUT, chart: `${THROUGHPUT} and step time against batch size`, y: 'Samples/s per GPU', y2: 'Step time', unit: 'samples/s' },
  decode: { readout: 'Decode throughput per GPU', chart: 'Decode throughput and time per token against batch size', y: 'Tokens/s per GPU', y2: 'Time per token', unit: 'tokens/s' },
  forward: { readout: 'Inference throughput per GPU', chart: 'Inference throughput and latency against batch size', y: 'Samples/s per GPU', y2: 'Latency per batch', unit: 'samples/s' },
} as const;
type SpeedView = keyof typeof speedViews;

/** The title for each workload, shown unless the author wrote a `heading` of their own. */
const workloadHeadings: Record<BatchMemoryState['mode'], string> = {
  training: 'Where does training memory go?',
  inference: 'Where does inference memory go?',
};

/**
 * Where training memory goes as batch size grows, and what it buys in speed. The reader picks a
 * model (a preset or a pasted `config.json`), a device and the training recipe, and sees the
 * memory breakdown against batch size with the device's capacity, the throughput and step time
 * kernel by kernel with where the time goes, the largest batch that fits, and what to try when
 * it does not; for serving, latency and throughput.
 *
 * Memory follows ZeRO (Rajbhandari et al. 2020) for model states and Korthikanti et al. 2022
 * for transformer activations; speed applies the roofline (Williams et al. 2009) to each kernel,
 * with data parallelism's ring collectives, calibrated on published measurements shown beside
 * the curve.
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
 * @csspart time-shares - The bar of where one step's time goes.
 * @csspart measurements - The published measurements of the model and device, with the model's error.
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
   * `auto` (mixed BF16 where the device has a BF16 peak, else mixed FP16), `fp32`, `tf32` (FP32
   * with TF32 matmuls), `mixed-fp16`, `mixed-bf16` (FP32 master weights) or `bf16` (pure).
   */
  @property() precision: BatchMemoryState['precision'] = 'auto';
  /** Transformers: `standard` (scores stored) or `flash` (FlashAttention: no stored scores, fewer bytes moved). */
  @property() attention: BatchMemoryState['attention'] = 'standard';
  /** `sgd`, `sgd-momentum`, `adam`, `adamw`, `adafactor` or `adam-8bit`. */
  @property() optimizer: OptimizerName = 'adamw';
  /** Activation recomputation: `none`, `selective` or `full`. */
  @property() recomputation: Recomputation = 'none';
  /** ZeRO stage 0–3 (sharding over `gpus`). */
  @property({ type: Number, attribute: 'zero-stage' }) zeroStage = 0;
  /** Data-parallel GPUs that ZeRO shards over. */
  @property({ type: Number }) gpus = 1;
  /** The link the GPUs talk over (e.g. `nvlink-3`, `pcie-4-x16`, `infiniband-ndr`), or `auto` for the device's own. */
  @property() interconnect = 'auto';
  /** Fraction of the dense tensor-core peak a matmul attains, 0.05–1 (formerly `utilization`). */
  @property({ type: Number, attribute: 'matmul-efficiency' }) matmulEfficiency = 0.55;
  /** Fraction of the peak memory bandwidth a streaming kernel attains, 0.05–1. */
  @property({ type: Number, attribute: 'bandwidth-efficiency' }) bandwidthEfficiency = 0.55;
  /** Host time to launch one kernel, 0–100 µs. */
  @property({ type: Number, attribute: 'launch-overhead' }) launchOverhead = 10;
  /** Fraction of data parallelism's communication that can hide under the backward pass, 0–1. */
  @property({ type: Number }) overlap = 0.5;

  private result?: BatchMemoryResult;
  /** The estimators' `evaluate`, once loaded. */
  private evaluate?: Awaited<typeof estimators>['evaluate'];
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
    const { training, serving } = r;
    return {
      totalBytes: r.breakdown.total.bytes,
      capacityBytes: r.capacityBytes,
      fits: r.fits,
      largestBatch: r.largestBatch,
      ...(training && {
        samplesPerSecond: training.samplesPerSecond,
        wholeJobSamplesPerSecond: training.scaling.wholeJobSamplesPerSecond,
        scalingEfficiency: training.scaling.efficiency,
      }),
      ...(serving && { servingPerSecond: serving.perSecond, servingLatencySeconds: serving.seconds }),
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
    const hidden = this.keptBack();
    const view = speedViewOf(r);
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
        ${this.renderSpeedReadouts(r, view, hidden.speed)}
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
        ${hidden.speed ? html`<p class="kept-back">${KEPT_BACK}: the throughput chart would give it away.</p>` : nothing}
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
        ${this.renderSpeedChart(r, view, marker, hidden.speed, hidden.largest)}
        ${hidden.speed ? nothing : html`${this.renderTimeShares(r)} ${this.renderMeasurements(r, view)}`}
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
    const speed = speedViews[training ? 'training' : 'forward'];
    const readouts = [MEMORY, LARGEST_BATCH, speed.readout, training ? 'Activations' : 'KV cache + activations'];
    return html`${this.problem ? html`<ml-callout tone="danger" heading="The estimators could not be loaded"><p>${this.problem}.</p></ml-callout>` : nothing}
      <div class="readouts" aria-busy="true">${readouts.map((label) => html`<ml-readout part="readout" label=${label} text="…"></ml-readout>`)}</div>
      <div class="charts">
        ${chart(MEMORY_CHART, MEMORY, 'stacked')}
        ${chart(speed.chart, speed.y)}
      </div>`;
  }

  /** The speed readouts: per GPU (and for the whole job, with more than one GPU), or serving's. */
  private renderSpeedReadouts(r: BatchMemoryResult, view: SpeedView, keptBack: boolean) {
    const locale = this.settings.locale;
    const words = speedViews[view];
    const t = r.training;
    const s = r.serving;
    const perSecond = t?.samplesPerSecond ?? s!.perSecond;
    const most = largestOf(t?.shares ?? s!.shares);
    const bound = `mostly ${most.label.toLowerCase()} (${formatPercent(most.seconds / total(t?.shares ?? s!.shares), locale, 0)})`;
    const detail = t
      ? `${formatDuration(t.stepSeconds, locale)} per step, ${bound}${t.tokensPerSecond ? `; ${formatNumber(t.tokensPerSecond, locale)} tokens/s` : ''}`
      : s!.prefillSeconds !== undefined
        ? `${formatDuration(s!.seconds, locale)} per token, ${bound}; first token after ${formatDuration(s!.prefillSeconds, locale)}`
        : `${formatDuration(s!.seconds, locale)} per batch, ${bound}`;
    const job = t && this.gpus > 1 ? t.scaling : undefined;
    const communication = t?.communication;
    // The whole-job readout stays in the tree, hidden on one GPU: a switch shows the same element.
    return html`<ml-readout
        part="readout"
        label=${words.readout}
        .value=${keptBack ? Number.NaN : perSecond}
        text=${keptBack ? '?' : ''}
        unit=${words.unit}
        detail=${keptBack ? KEPT_BACK : detail}
      ></ml-readout>
      <ml-readout
        part="readout"
        label=${WHOLE_JOB}
        ?hidden=${!job}
        .value=${keptBack || !job ? Number.NaN : job.wholeJobSamplesPerSecond}
        text=${keptBack ? '?' : ''}
        unit="samples/s"
        detail=${keptBack || !job
          ? KEPT_BACK
          : communication
            ? `${this.gpus} GPUs at ${formatPercent(job.efficiency, locale, 0)} scaling efficiency; ${formatDuration(communication.seconds, locale)} of communication per step, ${formatDuration(communication.hiddenSeconds, locale)} of it hidden`
            : `${this.gpus} GPUs; their communication is not counted`}
      ></ml-readout>`;
  }

  /** Speed against batch size, with the published measurements taken at the lab's setting. */
  private renderSpeedChart(r: BatchMemoryResult, view: SpeedView, marker: { x: number; label: string }, hidden: boolean, fitKeptBack: boolean) {
    const locale = this.settings.locale;
    // Hidden, the chart is left alone; it is brought up to date when it is shown again.
    return this.memo('speed', [r.speedSweep, r.measured, view, hidden, fitKeptBack, r.largestBatch, locale, hidden ? undefined : marker.x], () => {
      const words = speedViews[view];
      const sweep = r.speedSweep;
      const onChart = r.measured.filter((m) => m.onChart && m.batchSize !== undefined);
      // The same two axes in every workload: a switch redraws the chart instead of making a new canvas.
      const series: ChartSeries[] = [
        { label: words.readout, color: 1 },
        { label: words.y2, axis: 'right', dash: true, color: 2 },
        ...(sweep.alone ? [{ label: 'One GPU alone (no communication)', color: 3 }] : []),
        ...(onChart.length ? [{ label: MEASURED, marks: true, color: 4 }] : []),
      ];
      const columns = [
        sweep.x,
        sweep.perSecond,
        sweep.seconds,
        ...(sweep.alone ? [sweep.alone] : []),
        ...(onChart.length ? [sweep.x.map((x) => onChart.find((m) => m.batchSize === x)?.value ?? null)] : []),
      ] as ChartColumns;
      const thresholds = [{ axis: 'x' as const, value: r.saturatesFrom, label: `90 % of the peak from batch ${r.saturatesFrom}`, tone: 'muted' as const }];
      const regions =
        r.largestBatch < MAX_BATCH && !fitKeptBack
          ? [{ axis: 'x' as const, from: Math.max(r.largestBatch, 1), to: Infinity, label: 'does not fit', tone: 'danger' as const }]
          : [];
      const best = r.largestBatch >= 1 && !fitKeptBack ? Math.min(r.largestBatch, MAX_BATCH) : 0;
      const unit = words.unit;
      const first = formatNumber(sweep.perSecond[0]!, locale);
      const last = formatNumber(sweep.perSecond[sweep.perSecond.length - 1]!, locale);
      const measured = onChart.map((m) => `measured ${formatNumber(m.value, locale)} ${unit} at batch ${m.batchSize}`);
      return html`<ml-chart
        part="chart"
        ?hidden=${hidden}
        label=${words.chart}
        x-label=${BATCH_AXIS}
        y-label=${words.y}
        y2-label=${words.y2}
        y2-format="duration"
        x-scale="log2"
        .columns=${columns}
        .series=${series}
        .thresholds=${thresholds}
        .regions=${regions}
        .marker=${marker}
        summary=${[
          `${words.readout} goes from ${first} ${unit} at batch 1 to ${last} at batch ${MAX_BATCH}, reaching 90 % of its peak from batch ${r.saturatesFrom}`,
          ...(best ? [`the largest batch that fits is ${best}`] : []),
          ...measured,
        ].join('; ') + '.'}
      ></ml-chart>`;
    });
  }

  /** Where one step's time goes at the current batch, as one bar of shares. */
  private renderTimeShares(r: BatchMemoryResult) {
    const locale = this.settings.locale;
    const shares = (r.training?.shares ?? r.serving!.shares).filter((share) => share.seconds > 0);
    const sum = total(shares);
    const what = r.training ? 'one training step' : r.serving!.kind === 'decode' ? 'one decode step' : 'one forward pass';
    const words = shares.map((share) => `${share.label} ${formatDuration(share.seconds, locale)} (${formatPercent(share.seconds / sum, locale, 0)})`);
    return html`<figure class="time-shares" part="time-shares">
      <figcaption>Where ${what} spends its ${formatDuration(sum, locale)} at batch ${this.batchSize}</figcaption>
      <!-- Rectangles sized by attributes: a style attribute would be blocked by a strict Content-Security-Policy. -->
      <svg class="share-bar" role="img" aria-label=${words.join(', ')}>
        ${shares.map((share, i) => {
          const before = total(shares.slice(0, i));
          return svg`<rect class="share ${share.key}" x="${(100 * before) / sum}%" width="${(100 * share.seconds) / sum}%" height="100%"></rect>`;
        })}
      </svg>
      <ul class="share-legend">
        ${shares.map((share, i) => html`<li><span class="swatch ${share.key}"></span>${words[i]}</li>`)}
      </ul>
    </figure>`;
  }

  /** The published measurements of this model and device, each with the model's estimate at its setting. */
  private renderMeasurements(r: BatchMemoryResult, view: SpeedView) {
    if (r.measured.length === 0) return nothing;
    const locale = this.settings.locale;
    return html`<section class="measurements" part="measurements" aria-label="Published measurements">
      <h3>Measured on this device</h3>
      <ul class="buttons">
        ${r.measured.map((m) => {
          const { measurement, estimate, error, guessed } = m.point;
          const unit = measurement.unit;
          return html`<li>
            <a href=${measurement.source} target="_blank" rel="noopener">${measurement.where}</a>
            ${m.batchSize === undefined ? '(batch not published)' : `(batch ${m.batchSize})`}: measured
            ${formatNumber(measurement.value, locale)} ${unit} per GPU; this model gives ${formatNumber(estimate, locale)} at that setting,
            <strong>${formatDifference(error * 100, locale, 2)} %</strong>.
            ${guessed.length ? html`<span class="guessed">Not published, taken as: ${guessed.join('; ')}.</span>` : nothing}
            ${m.point.setting.cudaGraphs ? html`<span class="guessed">Compiled to replay as a CUDA graph: no launch per kernel.</span>` : nothing}
            ${m.onChart
              ? html`<span class="on-chart">${m.batchSize === undefined ? '' : 'On the chart.'}</span>`
              : html`<button type="button" @click=${() => this.useSetting(m)}>Use this setting</button>`}
          </li>`;
        })}
      </ul>
      ${view === 'training' ? html`<p class="units">Measured throughputs are per GPU; communication is not modelled for them.</p>` : nothing}
    </section>`;
  }

  /** Sets the lab to a measurement's setting, as if the reader had moved each control. */
  private useSetting(m: LabMeasurement): void {
    this.commit(m.state);
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

/** Which speed view a result has: training, token-by-token decoding, or a forward pass. */
function speedViewOf(r: BatchMemoryResult): SpeedView {
  return r.training ? 'training' : r.serving!.kind;
}

function total(shares: readonly TimeShare[]): number {
  return shares.reduce((sum, share) => sum + share.seconds, 0);
}

/** The share that takes the longest. */
function largestOf(shares: readonly TimeShare[]): TimeShare {
  return shares.reduce((most, share) => (share.seconds > most.seconds ? share : most));
}
