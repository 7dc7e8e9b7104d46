import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { guard } from 'lit/directives/guard.js';
import { DEVICES } from '../../src/core/catalog/index.js';
import { evaluateScenario, type BatchMemoryResult, type BatchMemoryScenario } from '../../src/core/memory/scenario.js';
import { MODEL_PRESETS } from '../../src/core/catalog/index.js';
import { OPTIMIZERS, PRECISION_REGIMES, resolveModel, type OptimizerName, type PrecisionRegime, type Recomputation, type ZeroStage } from '../../src/core/memory/index.js';
import { MlErrorEvent } from '../../src/lib/events.js';
import { integerIn, listOf, numberIn, oneOf, textUpTo } from '../../src/lib/attribute-rules.js';
import { formatBytes, formatDuration, formatNumber, formatPercent } from '../../src/lib/format.js';
import type { ChartColumns } from '../chart/chart-types.js';
import type { MathItem } from '../math/math.component.js';
import { MlLab } from '../lab/lab.js';
import { batchMemoryStyles } from './batch-memory.styles.js';

const modelIds = [...MODEL_PRESETS.map((preset) => preset.id), 'custom'];
const deviceIds = DEVICES.map((device) => device.id);
const controlNames = [
  'model',
  'mode',
  'device',
  'batch-size',
  'sequence-length',
  'image-size',
  'precision',
  'optimizer',
  'recomputation',
  'zero-stage',
  'gpus',
  'utilization',
] as const;

/** One fixed series label, so moving the batch updates the bar chart's data without rebuilding it. */
const currentBatchSeries = [{ label: 'At the current batch' }];

const precisionLabels: Record<PrecisionRegime, string> = {
  fp32: 'FP32',
  'mixed-fp16': 'Mixed FP16',
  'mixed-bf16': 'Mixed BF16',
  bf16: 'Pure BF16',
};
const optimizerLabels: Record<OptimizerName, string> = {
  sgd: 'SGD',
  'sgd-momentum': 'SGD + momentum',
  adam: 'Adam',
  adamw: 'AdamW',
  adafactor: 'Adafactor',
  'adam-8bit': '8-bit Adam',
};

// The choices of the controls, which never change: made once, a control sees the same array on
// every render and has nothing to compare.
const modelOptions = [
  ...MODEL_PRESETS.map((preset) => ({ value: preset.id, label: preset.name, group: preset.kind === 'vision' ? 'Vision' : 'Transformers' })),
  { value: 'custom', label: 'Paste a config.json…', group: 'Your own' },
];
const modeOptions = [{ value: 'training', label: 'Training' }, { value: 'inference', label: 'Inference' }];
const deviceOptions = DEVICES.map((device) => ({ value: device.id, label: device.name }));
const precisionOptions = PRECISION_REGIMES.map((value) => ({ value, label: precisionLabels[value] }));
const optimizerOptions = OPTIMIZERS.map((value) => ({ value, label: optimizerLabels[value] }));
const recomputationOptions = [
  { value: 'none', label: 'None' },
  { value: 'selective', label: 'Selective' },
  { value: 'full', label: 'Full' },
];
const zeroStageOptions = ['0', '1', '2', '3'].map((value) => ({ value }));

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
 * @csspart header - Title and actions.
 * @csspart controls - The controls panel.
 * @csspart body - Charts, readouts and callouts.
 * @csspart chart - Each chart.
 * @csspart readout - Each metric card.
 * @csspart math - The Math Peek panel.
 */
export class MlBatchMemory extends MlLab {
  static override styles = [...MlLab.styles, batchMemoryStyles];

  static override stateProperties = [
    'model',
    'modelConfig',
    'mode',
    'device',
    'batchSize',
    'sequenceLength',
    'imageSize',
    'precision',
    'optimizer',
    'recomputation',
    'zeroStage',
    'gpus',
    'utilization',
  ];

  static override controlNames = controlNames;

  static override attributeRules = {
    heading: textUpTo(200),
    controls: listOf(controlNames),
    model: oneOf(modelIds),
    'model-config': textUpTo(20000),
    mode: oneOf(['training', 'inference']),
    device: oneOf(deviceIds),
    'batch-size': integerIn(1, 4096),
    'sequence-length': integerIn(1, 131072),
    'image-size': integerIn(32, 1024),
    precision: oneOf(PRECISION_REGIMES),
    optimizer: oneOf(OPTIMIZERS),
    recomputation: oneOf(['none', 'selective', 'full']),
    'zero-stage': integerIn(0, 3),
    gpus: integerIn(1, 1024),
    utilization: numberIn(0.01, 1),
  };

  /** Title above the lab. */
  @property() override heading = 'Where does training memory go?';
  /** Model preset id (e.g. `gpt2`, `llama-2-7b`, `resnet50`), or `custom` to use `model-config`. */
  @property() model = 'gpt2';
  /** A Hugging Face `config.json` (GPT-2, BERT or Llama family), used when `model="custom"`. */
  @property({ attribute: 'model-config' }) modelConfig = '';
  /** `training` (weights, gradients, optimizer state, activations) or `inference` (weights, KV cache). */
  @property() mode: 'training' | 'inference' = 'training';
  /** Device id from the catalog (e.g. `t4`, `a100-80gb-sxm`, `h100-sxm`). */
  @property() device = 't4';
  /** Micro-batch per GPU, 1–4096. */
  @property({ type: Number, attribute: 'batch-size' }) batchSize = 8;
  /** Tokens per sample for transformers. */
  @property({ type: Number, attribute: 'sequence-length' }) sequenceLength = 1024;
  /** Square image side in pixels for vision models. */
  @property({ type: Number, attribute: 'image-size' }) imageSize = 224;
  /** `fp32`, `mixed-fp16`, `mixed-bf16` (FP32 master weights) or `bf16` (pure). */
  @property() precision: PrecisionRegime = 'mixed-bf16';
  /** `sgd`, `sgd-momentum`, `adam`, `adamw`, `adafactor` or `adam-8bit`. */
  @property() optimizer: OptimizerName = 'adamw';
  /** Activation recomputation: `none`, `selective` or `full`. */
  @property() recomputation: Recomputation = 'none';
  /** ZeRO stage 0–3 (sharding over `gpus`). */
  @property({ type: Number, attribute: 'zero-stage' }) zeroStage: ZeroStage = 0;
  /** Data-parallel GPUs that ZeRO shards over. */
  @property({ type: Number }) gpus = 1;
  /** Achievable fraction of the device's peak FLOP/s (model FLOPs utilisation). */
  @property({ type: Number }) utilization = 0.5;

  private result?: BatchMemoryResult;
  /**
   * The last training result. Inference has no throughput chart: it is hidden, still showing
   * this result, rather than removed, so that switching back redraws the same chart instead of
   * making a new canvas (whose first draw alone costs 7–14 ms in headless Chromium).
   */
  private lastTraining?: BatchMemoryResult;
  /** Why the current state could not be computed, if it could not. */
  private problem = '';

  /** The key numbers for the current state (also sent with `ml-change`). */
  protected override results() {
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
    if (this.result && !MlBatchMemory.stateProperties.some((key) => changed.has(key as keyof MlBatchMemory))) return;
    if (changed.has('model') && this.model !== 'custom') {
      // A model reads at most its own context: BERT takes 512 tokens, GPT-2 1,024.
      const model = resolveModel(this.model);
      if (model.kind === 'transformer') this.sequenceLength = Math.min(this.sequenceLength, model.config.maxPositions);
    }
    try {
      this.result = evaluateScenario(this.scenario());
      this.problem = '';
      if (this.result.throughputSweep) this.lastTraining = this.result;
    } catch (error) {
      // A combination the estimators refuse (they name the option) keeps the last good view.
      this.problem = error instanceof Error ? error.message : String(error);
      this.dispatchEvent(new MlErrorEvent(this.problem));
      this.result ??= evaluateScenario({ ...this.scenario(), ...MlBatchMemory.fallbackScenario });
    }
  }

  /** A scenario every model and device can compute, used if the first one is refused. */
  private static readonly fallbackScenario = { batchSize: 1, sequenceLength: 128, imageSize: 224, model: 'gpt2', device: 't4' };

  private scenario(): BatchMemoryScenario {
    return {
      model: this.model,
      modelConfig: this.modelConfig,
      mode: this.mode,
      batchSize: this.batchSize,
      sequenceLength: this.sequenceLength,
      imageSize: this.imageSize,
      precision: this.precision,
      optimizer: this.optimizer,
      recomputation: this.recomputation,
      zeroStage: this.zeroStage,
      gpus: this.gpus,
      device: this.device,
      utilization: this.utilization,
    };
  }

  protected override renderControls(): Record<string, TemplateResult> {
    const vision = this.result!.model.kind === 'vision';
    const on = this.bind('modelConfig');
    const trainingOnly = (control: TemplateResult) => this.shownIf(this.mode === 'training', control);
    return {
      // The config box stays in the tree, hidden for a preset: building a text area anew on
      // every switch to "custom" made that one switch slow.
      model: html`${this.selectControl('model', 'Model', this.model, modelOptions)}
        <label class="config" ?hidden=${this.model !== 'custom'}>config.json (GPT-2, BERT or Llama family)
          <textarea
            rows="5"
            spellcheck="false"
            placeholder="Paste a model's config.json here; until then the lab shows GPT-2 small."
            .value=${this.modelConfig}
            @input=${on.input}
            @change=${on.change}
          ></textarea>
        </label>`,
      mode: this.toggleControl('mode', 'Workload', this.mode, modeOptions),
      device: this.selectControl('device', 'Device', this.device, deviceOptions),
      'batch-size': this.sliderControl('batchSize', 'Batch size', this.batchSize, { min: 1, max: 4096, scale: 'pow2', unit: 'samples' }),
      'sequence-length': this.shownIf(
        !vision,
        this.sliderControl('sequenceLength', 'Sequence length', this.sequenceLength, {
          min: 64,
          max: Math.min(32768, this.result!.model.kind === 'vision' ? 32768 : this.result!.model.config.maxPositions),
          scale: 'pow2',
          unit: 'tokens',
        }),
      ),
      'image-size': this.shownIf(vision, this.sliderControl('imageSize', 'Image size', this.imageSize, { min: 32, max: 1024, step: 32, unit: 'px' })),
      precision: this.selectControl('precision', 'Precision', this.precision, precisionOptions),
      optimizer: trainingOnly(
        this.selectControl('optimizer', 'Optimizer', this.optimizer, optimizerOptions),
      ),
      recomputation: trainingOnly(this.toggleControl('recomputation', 'Activation recomputation', this.recomputation, recomputationOptions)),
      'zero-stage': trainingOnly(this.toggleControl('zeroStage', 'ZeRO stage', String(this.zeroStage), zeroStageOptions, Number)),
      gpus: trainingOnly(this.sliderControl('gpus', 'Data-parallel GPUs', this.gpus, { min: 1, max: 1024, scale: 'pow2', unit: 'GPUs' })),
      utilization: trainingOnly(
        this.sliderControl('utilization', 'Achievable utilisation', this.utilization, { min: 0.05, max: 1, step: 0.05, format: 'percent' }),
      ),
    };
  }

  protected override renderBody() {
    const r = this.result!;
    const locale = this.settings.locale;
    const theme = this.settings.theme;
    const total = r.breakdown.total.bytes;
    const capacityLabel = `${r.device.name}: ${formatBytes(r.capacityBytes, locale)}`;
    const parts = r.memorySweep.series.filter((series) => series.key !== 'total');
    const memoryColumns = [r.memorySweep.x, ...parts.map((series) => series.values)] as ChartColumns;
    const oom = [{ axis: 'y' as const, from: r.capacityBytes, to: Infinity, label: 'out of memory', tone: 'danger' as const }];
    const marker = { x: this.batchSize, label: `batch ${this.batchSize}` };
    const training = this.lastTraining;
    const throughputHidden = r.throughputSweep === undefined;
    // An empty box is not an error: its placeholder says what to paste.
    const configWarning = r.configError && this.modelConfig.trim() !== ''
      ? html`<ml-callout theme=${theme} tone="warning" heading="config.json could not be used">
          <p>${r.configError}. Showing GPT-2 small instead.</p>
        </ml-callout>`
      : nothing;
    return html`
      ${this.problem
        ? html`<ml-callout theme=${theme} tone="warning" heading="This combination cannot be computed">
            <p>${this.problem}. The view shows the last setting that could.</p>
          </ml-callout>`
        : nothing}
      ${configWarning}
      ${this.renderOutOfMemory(r, total)}
      <div class="readouts">
        <ml-readout
          part="readout"
          theme=${theme}
          label="Memory per GPU"
          format="bytes"
          .value=${total}
          status=${r.fits ? 'ok' : 'danger'}
          detail=${`of ${formatBytes(r.capacityBytes, locale)} (${formatPercent(total / r.capacityBytes, locale, 0)})`}
        ></ml-readout>
        <ml-readout
          part="readout"
          theme=${theme}
          label="Largest batch that fits"
          .value=${r.largestBatch}
          text=${r.largestBatch === 0 ? 'none' : ''}
          unit="samples"
          detail=${r.largestBatch === 0 ? 'not even one sample fits' : `on the ${r.device.name}`}
        ></ml-readout>
        <!-- Kept, hidden, in inference (no training step): switching back shows the same element. -->
        <ml-readout
          part="readout"
          theme=${theme}
          label="Throughput"
          ?hidden=${!r.step}
          .value=${r.step?.samplesPerSecond ?? 0}
          unit="samples/s"
          detail=${r.step ? `${formatDuration(r.step.stepSeconds, locale)} per step, ${r.step.bound}-bound${r.step.tokensPerSecond ? `, ${formatNumber(r.step.tokensPerSecond, locale)} tokens/s` : ''}` : ''}
        ></ml-readout>
        <ml-readout
          part="readout"
          theme=${theme}
          label=${this.mode === 'training' ? 'Activations' : 'KV cache + activations'}
          format="percent"
          .value=${r.activationShare}
          detail="of the memory"
        ></ml-readout>
      </div>
      <div class="charts">
        <ml-chart
          part="chart"
          theme=${theme}
          kind="stacked"
          label="Memory per GPU against batch size"
          x-label="Batch size (samples, log scale)"
          y-label="Memory per GPU"
          x-scale="log2"
          y-format="bytes"
          y-max=${Math.max(r.capacityBytes * 1.6, total * 1.15)}
          .columns=${memoryColumns}
          .series=${parts.map((series) => ({ label: series.label }))}
          .thresholds=${[{ axis: 'y', value: r.capacityBytes, label: capacityLabel, tone: 'danger' }]}
          .regions=${oom}
          .marker=${marker}
          summary=${this.memorySummary(r)}
        ></ml-chart>
        ${training
          ? // Hidden, the chart is left alone; it is brought up to date when it is shown again.
            guard([training, throughputHidden, theme, locale], () => this.renderThroughput(training, marker, throughputHidden))
          : nothing}
        <ml-chart
          part="chart"
          theme=${theme}
          kind="bars"
          height="220"
          label="Memory breakdown at the current batch"
          x-label="Part"
          y-label="Memory per GPU"
          y-format="bytes"
          .categories=${r.breakdown.parts.map((part) => part.label)}
          .columns=${[r.breakdown.parts.map((_, i) => i), r.breakdown.parts.map((part) => part.bytes)] as ChartColumns}
          .series=${currentBatchSeries}
          .thresholds=${[{ axis: 'y', value: r.capacityBytes, label: capacityLabel, tone: 'danger' }]}
          summary=${`At batch ${this.batchSize}: ${r.breakdown.parts.map((part) => `${part.label} ${formatBytes(part.bytes, locale)}`).join(', ')}; total ${formatBytes(total, locale)}.`}
        ></ml-chart>
      </div>
    `;
  }

  private renderThroughput(r: BatchMemoryResult, marker: { x: number; label: string }, hidden: boolean) {
    const sweep = r.throughputSweep!;
    const steps = sweep.series.find((series) => series.key === 'stepSeconds')!.values;
    const samples = sweep.series.find((series) => series.key === 'samplesPerSecond')!.values;
    const thresholds = r.computeBoundFrom
      ? [{ axis: 'x' as const, value: r.computeBoundFrom, label: `compute-bound from batch ${r.computeBoundFrom}`, tone: 'muted' as const }]
      : [];
    const regions =
      r.largestBatch < 4096
        ? [{ axis: 'x' as const, from: Math.max(r.largestBatch, 1), to: Infinity, label: 'does not fit', tone: 'danger' as const }]
        : [];
    const best = r.largestBatch >= 1 ? Math.min(r.largestBatch, 4096) : 0;
    return html`<ml-chart
      part="chart"
      theme=${this.settings.theme}
      ?hidden=${hidden}
      label="Throughput and step time against batch size"
      x-label="Batch size (samples, log scale)"
      y-label="Throughput (samples/s)"
      y2-label="Step time"
      y2-format="duration"
      x-scale="log2"
      .columns=${[sweep.x, samples, steps] as ChartColumns}
      .series=${[{ label: 'Throughput' }, { label: 'Step time', axis: 'right', dash: true }]}
      .thresholds=${thresholds}
      .regions=${regions}
      .marker=${marker}
      summary=${`${this.throughputTrend(samples)}${r.computeBoundFrom ? `; the step is compute-bound from batch ${r.computeBoundFrom}` : ''}${best ? `; the largest batch that fits is ${best}` : ''}.`}
    ></ml-chart>`;
  }

  /** How samples/s moves from batch 1 to 4096, in words (compute-bound steps keep it flat). */
  private throughputTrend(samples: readonly number[]): string {
    const locale = this.settings.locale;
    const first = formatNumber(samples[0]!, locale);
    const last = formatNumber(samples[samples.length - 1]!, locale);
    return first === last
      ? `Throughput stays at ${first} samples/s from batch 1 to batch 4096`
      : `Throughput goes from ${first} samples/s at batch 1 to ${last} at batch 4096`;
  }

  private memorySummary(r: BatchMemoryResult): string {
    const locale = this.settings.locale;
    const totals = r.memorySweep.series.find((series) => series.key === 'total')!.values;
    const fitText =
      r.largestBatch === 0
        ? `Even batch 1 needs ${formatBytes(totals[0]!, locale)}, more than the ${formatBytes(r.capacityBytes, locale)} available.`
        : r.largestBatch >= 4096
          ? 'Every batch up to 4096 fits.'
          : `Memory reaches the ${formatBytes(r.capacityBytes, locale)} capacity after batch ${r.largestBatch}.`;
    return `Memory per GPU from ${formatBytes(totals[0]!, locale)} at batch 1 to ${formatBytes(totals[totals.length - 1]!, locale)} at batch 4096. ${fitText}`;
  }

  /**
   * The out-of-memory callout stays in the tree, hidden while the batch fits: moving a control
   * across the capacity then shows and hides one element instead of building it anew.
   */
  private renderOutOfMemory(r: BatchMemoryResult, total: number) {
    const locale = this.settings.locale;
    return html`<ml-callout
      theme=${this.settings.theme}
      tone="danger"
      ?hidden=${r.fits}
      heading=${r.fits ? '' : `Out of memory: needs ${formatBytes(total, locale)}, the ${r.device.name} has ${formatBytes(r.capacityBytes, locale)}`}
    >
      <ul class="mitigations">
        ${r.fits
          ? nothing
          : r.mitigations.map(
              (m) => html`<li>
                ${m.text}${m.totalBytes ? html`: ${formatBytes(m.totalBytes, locale)}` : nothing}
                <strong>${m.fits ? '✓ fits' : '✕ still too large'}</strong>
              </li>`,
            )}
      </ul>
    </ml-callout>`;
  }

  protected override mathItems(): MathItem[] {
    const r = this.result!;
    const items: MathItem[] = [...r.breakdown.parts, r.breakdown.total].map((part) => ({
      label: part.label,
      formula: part.formula,
      substituted: part.substituted,
      source: part.source,
    }));
    if (r.step) {
      items.push(
        { label: 'FLOPs per step', formula: r.step.flopsFormula, substituted: r.step.flopsSubstituted, source: 'Narayanan et al. 2021; Korthikanti et al. 2022' },
        { label: 'Bytes moved per step', formula: r.step.bytesFormula, substituted: r.step.bytesSubstituted, source: 'lower bound: each tensor read or written once' },
        {
          label: 'Step time (roofline)',
          formula: 't = max(FLOPs/(P·u), bytes/(B·u_b))',
          substituted: `max(${formatDuration(r.step.computeSeconds)}, ${formatDuration(r.step.memorySeconds)}) = ${formatDuration(r.step.stepSeconds)}`,
          source: `Williams et al. 2009; peak ${r.step.peak.precision.toUpperCase()}: ${r.step.peak.source}`,
        },
      );
    }
    return items;
  }
}
