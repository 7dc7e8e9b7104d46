import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import type { DigitsDataset, Evaluation } from '../../src/core/nn/index.js';
import { idealSqnrDb } from '../../src/core/quant/stats.js';
import type { QuantWeights } from '../../src/core/quant/model.js';
import { DEFAULT_SWEEP_SERIES_LABELS } from '../../src/core/quant/sweep-schemes.js';
import { CLIFF_POINTS, diagnoseCliff, quantConfig, quantDerivations, quantLabSchema, weightBits, weightScheme, type QuantLabState } from '../../src/core/quant/lab.js';
import type { LayerSensitivity, ModelQuantConfig, QuantSweep, QuantizableLayer, QuantizedEvaluation } from '../../src/core/quant/index.js';
import { histogram } from '../../src/core/shared/histogram.js';
import type { InstructorCard } from '../../src/core/shared/instructor-card.js';
import { loadModel, loadTestDigits } from '../../src/lib/assets.js';
import type { MlChangeEvent } from '../../src/lib/events.js';
import { formatBytes, formatDifference, formatNumber, formatPercent } from '../../src/lib/format.js';
import type { ChartColumns, ChartThreshold } from '../chart/chart-types.js';
import { MlImageStrip, type StripImage } from '../image-strip/image-strip.component.js';
import type { MathItem } from '../math/math.component.js';
import { MlModelLab } from '../../src/lib/lab/model-lab.js';
import { KEPT_BACK } from '../../src/lib/lab/lab.js';
import { quantLabStyles } from './quant-lab.styles.js';

/**
 * What the lab reads from a model's weights before any evaluation (the histogram, its grid, the
 * Math Peek): loaded with the model, after the first paint (a chunk of its own in the CDN).
 * Evaluations run in the page's compute worker (src/lib/lab/compute.ts).
 */
const loadWeightsCore = () => import('../../src/core/quant/model.js');

/** The key numbers `ml-change` carries in `detail.results` (fractions and bytes). */
export interface QuantLabResults {
  accuracy?: number;
  baselineAccuracy?: number;
  bytes?: number;
  compression?: number;
}

/** The quantization lab's `ml-change`: `detail.state` holds its attributes, `detail.results` its key numbers. */
export type QuantLabChangeEvent = MlChangeEvent<Record<string, unknown>, QuantLabResults>;

const maxStripImages = 12;
// Fixed series descriptions: charts redraw only when their inputs really change.
const weightSeries = [{ label: 'Weights' }];
const pointsLostSeries = [{ label: 'Points lost' }];
/** No layer measured yet: one array, so the chart's inputs keep their identity until there are. */
const noLayers: LayerSensitivity[] = [];
/** The readouts' names are the schema's results'. */
const ACCURACY = quantLabSchema.results!.accuracy!.label;
const SIZE = quantLabSchema.results!.bytes!.label;
/** The sweep's series, known before any point is computed: the legend is there from the start. */
const sweepSeries = DEFAULT_SWEEP_SERIES_LABELS.map((label) => ({ label }));

/**
 * Quantize a real trained network in the browser and watch accuracy, size and error. The reader
 * moves along the precision ladder FP32 → FP16 → BF16 → FP8 → INT8 → INT4 → INT2, picks the
 * scheme (symmetric or asymmetric, per tensor, channel or group, the calibration of the clipping
 * range, weights only or weights and activations), and sees the accuracy measured on 2,000
 * held-out MNIST digits, the model's size, the weights' error against the 6.02 dB-per-bit rule,
 * which layers are sensitive, and the digits whose prediction changed.
 *
 * Integer quantization follows ONNX QuantizeLinear / PyTorch (round half to even, saturation).
 *
 * @summary FP32 → INT8 → INT4 on a real trained model.
 * Evaluations run in the page's compute worker (or, where the page's policy forbids workers, on
 * the page in slices): the input is answered at once, the new results follow. The frame, the
 * controls and the charts' axes paint before anything loads; the weight histogram fills in when
 * the weights arrive, the rest as the evaluations finish.
 *
 * @fires ml-change - When the reader commits a change, once its results are in; `detail.results`
 * holds accuracy and size (see `QuantLabResults`).
 * @fires ml-error - When an attribute value is refused or the model cannot be loaded.
 * @fires ml-predict - When the reader commits a prediction (with `predict`); `detail` holds the question and the prediction.
 * @fires ml-reveal - When the answer to that prediction shows; `detail` adds the answer and how far off it was.
 * @fires ml-report - When the reader saves a report; `detail.report` holds it, `detail.markdown` the file.
 * @csspart header - Title and actions.
 * @csspart controls - The controls panel.
 * @csspart body - Charts, readouts and callouts.
 * @csspart chart - Each chart.
 * @csspart readout - Each metric card.
 * @csspart math - The Math Peek panel.
 * @csspart prediction - The question asked with `predict`, then its answer.
 * @cssstate loading - Until the model's first results are in.
 * @cssstate running - While the worker computes for this lab (layer sensitivity, the bit-width sweep).
 * @cssstate stale - While the results shown are those of an earlier setting.
 * @cssstate wide - When the lab is wide enough to set its controls beside its results.
 */
export class MlQuantLab extends MlModelLab<typeof quantLabSchema.params> {
  static override styles = [...MlModelLab.styles, quantLabStyles];

  static override dependencies = { ...MlModelLab.dependencies, 'ml-image-strip': MlImageStrip };

  static override schema = quantLabSchema;

  /** The lab's instructor's card, loaded on demand: a page that never shows it never downloads it. */
  static async instructorCard(): Promise<InstructorCard> {
    return (await import('../../src/core/quant/card.js')).quantLabCard;
  }

  /** Title above the lab. */
  @property() override heading = 'Quantization: how few bits can a model keep?';
  /** Which trained model: `mlp` (196→40→10) or `cnn` (two convolutions); both ship with the package. */
  @property() model: QuantLabState['model'] = 'mlp';
  /** `int` (integer codes of `bits` bits) or a floating format: `fp16`, `bf16`, `fp8-e4m3`, `fp8-e5m2`. */
  @property() format: QuantLabState['format'] = 'int';
  /** Integer code width, 2–8 bits. */
  @property({ type: Number }) bits = 8;
  /** `symmetric` (zero point fixed at 0) or `asymmetric` (fitted zero point). */
  @property() scheme: QuantLabState['scheme'] = 'symmetric';
  /** One scale `per-tensor`, `per-channel` (output channel) or `per-group` (of `group-size` inputs). */
  @property() granularity: QuantLabState['granularity'] = 'per-tensor';
  /** Inputs sharing a scale when `granularity` is `per-group`, 2–256. */
  @property({ type: Number, attribute: 'group-size' }) groupSize = 32;
  /** Clipping range: `min-max`, `percentile` (99.9th) or `mse` (the range with the least error). */
  @property() calibration: QuantLabState['calibration'] = 'min-max';
  /** `weights` only, or `weights-activations` (activations calibrated on 256 test images). */
  @property() quantize: QuantLabState['quantize'] = 'weights';
  /**
   * Layer whose weights the histogram shows (e.g. `fc1`); empty for the first. A name the model
   * does not have is refused with a note once the model is loaded.
   */
  @property() layer = '';

  private digits?: DigitsDataset;
  /** Each model's FP32 weights, loaded on this page for what the lab draws before evaluating. */
  private readonly weights = new Map<string, QuantWeights>();
  /** Each model's FP32 evaluation (its predictions, for the digits that changed). */
  private readonly baselines = new Map<string, Evaluation>();
  /** The setting (model and scheme) asked for, and the results on screen with their setting. */
  private wantedKey = '';
  private current?: QuantizedEvaluation & { key: string; model: string };
  /** Per-layer sensitivity, and the model and setting it was measured for. */
  private sensitivity?: { model: string; key: string; layers: LayerSensitivity[] };
  /** Sweeps by model and what is quantized (they depend on nothing else), complete or in part. */
  private readonly sweeps = new Map<string, { sweep: QuantSweep; complete: boolean }>();
  /** The sweep the chart shows (see renderSweep). */
  private shownSweep?: { key: string; sweep: QuantSweep };
  /** The sweep last asked for. */
  private sweeping = '';

  override connectedCallback(): void {
    super.connectedCallback();
    // Disconnecting cancelled the work under way: ask again.
    this.wantedKey = '';
    this.requestUpdate();
  }

  /** Whether the results on screen are those of an earlier setting (dimmed and marked busy while the new one is evaluated). */
  private get stale(): boolean {
    return this.current !== undefined && this.current.key !== this.wantedKey;
  }

  /** The shown model's weights, once loaded. */
  private get modelWeights(): QuantWeights | undefined {
    return this.weights.get(this.model);
  }

  /** Loads a model's weights and the test digits on this page (after first paint). */
  private load(name: string): Promise<void> {
    return this.loadOnPage(name, async (from) => {
      const [{ QuantWeights }, { model }, digits] = await Promise.all([loadWeightsCore(), loadModel(name, from), loadTestDigits(from)]);
      return () => {
        this.digits ??= digits;
        this.weights.set(name, new QuantWeights(model));
      };
    });
  }

  /** Sweeps depend on the model and on what is quantized only. */
  private sweepKey(model: string = this.model): string {
    return `${model}|${this.quantize}`;
  }

  /**
   * Every change of model or scheme is evaluated on the full test set, in the page's compute
   * worker: the input is answered at once (the previous results stay on screen, dimmed, marked
   * busy) and the new results replace them when they come. A newer setting supersedes the one
   * being evaluated. Meanwhile the lab draws what the weights alone tell (the histogram, its
   * grid), loaded on this page.
   */
  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const model = this.model;
    this.dropUnknownLayer(this.modelWeights?.layers.map((layer) => layer.name), `the ${this.model.toUpperCase()}`);
    const sweep = this.sweeps.get(this.sweepKey());
    // The sweep chart keeps the last sweep shown until this model has one (see renderSweep).
    if (sweep) this.shownSweep = { key: this.sweepKey(), sweep: sweep.sweep };
    if (!this.weights.has(model) && !this.loading.has(model) && !this.loadError) void this.load(model);
    const config = quantConfig(this.values);
    const key = `${model}|${JSON.stringify(config)}`;
    if (key === this.wantedKey || !this.isConnected) return;
    this.wantedKey = key;
    this.evaluate(model, key, config);
  }

  protected override forgetLoaded(): void {
    this.weights.clear();
    this.digits = undefined;
    this.baselines.clear();
    this.sweeps.clear();
    this.shownSweep = this.sensitivity = this.current = undefined;
    this.sweeping = this.wantedKey = '';
  }

  private evaluate(model: string, key: string, config: ModelQuantConfig): void {
    const name = model.toUpperCase();
    // What was measured for the earlier setting is moot.
    this.compute.cancel('sensitivity');
    // The FP32 evaluation of another model is moot; this model's, once asked for, is never asked again.
    for (const { value } of quantLabSchema.params.model.choices) if (value !== model) this.compute.cancel(`baseline ${value}`);
    if (!this.baselines.has(model) && !this.compute.running.has(`baseline ${model}`)) {
      this.compute.request(`baseline ${model}`, `Evaluating the ${name} in FP32`, 'quant.baseline', { model, assets: this.loadedFrom }).then((baseline) => {
        this.baselines.set(model, baseline);
        this.requestUpdate();
      }, (error: unknown) => this.fail(error));
    }
    this.compute.request('evaluate', `Evaluating the ${name} on 2,000 test digits`, 'quant.evaluate', { model, assets: this.loadedFrom, config }).then((result) => {
      this.current = { ...result, key, model };
      this.problem = '';
      const locale = this.settings.locale;
      // What the reader is to predict is not said either.
      const accuracy = this.conceals('accuracy') ? '' : `${ACCURACY} ${formatPercent(result.accuracy, locale)}, `;
      const size = this.conceals('bytes') ? '' : `; model size ${formatBytes(result.size.bytes, locale)}`;
      this.announce(`${accuracy}FP32 ${formatPercent(result.baselineAccuracy, locale)}${size}.`);
      this.requestUpdate();
      this.measureInBackground(model, key, config);
    }, (error: unknown) => this.fail(error));
  }

  /** Per-layer sensitivity of the setting on screen, then (once per model and what is quantized) the bit-width sweep. */
  private measureInBackground(model: string, key: string, config: ModelQuantConfig): void {
    this.compute
      .request('sensitivity', 'Measuring layer sensitivity', 'quant.sensitivity', { model, assets: this.loadedFrom, weights: config.weights!, activations: config.activations }, { priority: 'background' })
      .then((layers) => {
        this.sensitivity = { model, key, layers };
        this.requestUpdate();
      }, (error: unknown) => this.fail(error));
    const sweepKey = this.sweepKey(model);
    // Done, or under way already (a new request would start its current evaluation again).
    if (this.sweeps.get(sweepKey)?.complete || (this.sweeping === sweepKey && this.compute.running.has('sweep'))) return;
    this.sweeping = sweepKey;
    const keep = (sweep: QuantSweep, complete: boolean) => {
      this.sweeps.set(sweepKey, { sweep, complete });
      this.requestUpdate();
    };
    this.compute
      .request('sweep', 'Sweeping bit widths', 'quant.sweep', { model, assets: this.loadedFrom, activations: config.activations !== undefined }, {
        priority: 'background',
        onPartial: (sweep) => keep(sweep as QuantSweep, false),
      })
      .then((sweep) => keep(sweep, true), (error: unknown) => this.fail(error));
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    this.showWorkState({ loaded: this.modelWeights !== undefined && this.current !== undefined, failed: this.loadError !== '', stale: this.stale });
  }

  protected override resultsPending(): boolean {
    // A model that cannot load or a setting that cannot be computed has no results to wait for.
    return !this.loadError && !this.problem && (this.current === undefined || this.stale);
  }

  protected override results(): QuantLabResults {
    // Results of an earlier setting (another model's, say) are not announced as this one's.
    const current = this.stale ? undefined : this.current;
    return {
      accuracy: current?.accuracy,
      baselineAccuracy: current?.baselineAccuracy,
      bytes: current?.size.bytes,
      compression: current?.size.compression,
    };
  }

  /** The layer picker: its choices are the loaded model's layers. */
  protected override customControl(): TemplateResult {
    const weights = this.modelWeights;
    const choices = () => weights!.layers.map((layer) => ({ value: layer.name, label: `${layer.name} (${layer.type}, ${layer.shape.join('×')})` }));
    return this.layerControl(quantLabSchema.params.layer.label, weights, choices, this.shownLayer()?.name ?? '');
  }

  /** The layer the histogram shows: the one named by `layer`, else the first. */
  private shownLayer(): QuantizableLayer | undefined {
    const layers = this.modelWeights?.layers ?? [];
    return layers.find((layer) => layer.name === this.layer) ?? layers[0];
  }

  /**
   * The frame, the controls and every chart's axes paint before anything loads; the weight
   * histogram fills in when the weights arrive, the readouts and the other charts when the
   * evaluations do. Each element keeps its place throughout, so nothing below it moves.
   */
  protected override renderBody() {
    if (this.loadError) return this.renderLoadError();
    return html`
      ${this.renderProblem()}
      ${this.renderProgress(this.loading.has(this.model) ? `Loading the ${this.model.toUpperCase()} and 2,000 test digits` : undefined)}
      ${this.renderCliff()}
      ${this.renderReadouts()}
      <div class="charts">
        ${this.renderHistogram()}
        ${this.conceals('accuracy') ? html`<p class="kept-back">${KEPT_BACK}: the accuracy charts and the digits that changed would give it away.</p>` : nothing}
        ${this.renderSweep()} ${this.renderSensitivity()}
      </div>
      <section
        ?hidden=${this.conceals('accuracy')}
        class="changed ${this.stale ? 'stale' : ''}" aria-label="Digits whose prediction changed" aria-busy=${this.stale || !this.current}>
        <h3>Test digits whose prediction changed</h3>
        <p class="pending">Each reads “true label: FP32 prediction→quantized prediction”; ✓ marks a digit the quantized model now gets right.</p>
        <ml-image-strip
          label="Digits whose prediction changed"
          empty=${this.current ? 'No prediction changed: every test digit is read as before.' : 'Evaluating…'}
          .images=${this.memo('changed', [this.current?.key, this.baselines.get(this.current?.model ?? ''), this.digits], () => this.changedDigits())}
        ></ml-image-strip>
      </section>
    `;
  }

  /** The three readouts, with a placeholder until the first results are in. */
  private renderReadouts() {
    const r = this.current;
    const locale = this.settings.locale;
    const dropPoints = r ? r.accuracyDrop * 100 : 0;
    const report = r && (r.weights.find((w) => w.layer === this.shownLayer()?.name) ?? r.weights[0]);
    const bits = weightBits(this.values);
    const ideal = idealSqnrDb(bits);
    const pending = r ? '' : '…';
    const accuracy = this.conceals('accuracy') ? undefined : r;
    // The size and the compression are kept back together (see the schema's results).
    const size = this.conceals('bytes') ? undefined : r;
    return html`<div class="readouts ${this.stale ? 'stale' : ''}" aria-busy=${this.stale || !r}>
      <ml-readout
        part="readout"
        label=${ACCURACY}
        format="percent"
        .value=${accuracy?.accuracy ?? Number.NaN}
        text=${accuracy ? '' : r ? '?' : pending}
        status=${!accuracy ? 'none' : dropPoints > CLIFF_POINTS ? 'danger' : dropPoints > 1 ? 'warning' : 'ok'}
        detail=${accuracy
          ? `${formatDifference(-dropPoints, locale)} points vs FP32 (${formatPercent(accuracy.baselineAccuracy, locale)})`
          : this.conceals('accuracy') ? KEPT_BACK : 'on 2,000 held-out test digits'}
      ></ml-readout>
      <ml-readout
        part="readout"
        label=${SIZE}
        format="bytes"
        .value=${size?.size.bytes ?? Number.NaN}
        text=${this.conceals('bytes') ? '?' : pending}
        detail=${size
          ? `${formatNumber(size.size.compression, locale)}× smaller than FP32 (${formatBytes(size.size.fp32Bytes, locale)})`
          : r ? KEPT_BACK : 'with scales and zero points'}
      ></ml-readout>
      <ml-readout
        part="readout"
        label=${`Weight SQNR, ${report?.layer ?? this.shownLayer()?.name ?? 'first layer'}`}
        .value=${report?.stats.sqnrDb ?? Number.NaN}
        text=${pending}
        unit="dB"
        detail=${`6.02 dB per bit predicts ${formatNumber(ideal, locale)} dB at ${bits} bits`}
      ></ml-readout>
    </div>`;
  }

  /**
   * The cliff callout stays in the tree, hidden while accuracy holds: moving the bit width back
   * and forth across the cliff then shows and hides one element instead of building it anew.
   */
  private renderCliff() {
    const weights = this.weights.get(this.current?.model ?? '');
    const layer = weights?.layers.find((l) => l.name === this.layer) ?? weights?.layers[0];
    const sensitivity = this.sensitivity?.key === this.current?.key ? this.sensitivity?.layers : undefined;
    const cliff = this.current && weights && layer && !this.conceals('accuracy') ? diagnoseCliff(this.values, this.current, weights, layer, sensitivity) : undefined;
    return this.renderDiagnosis(cliff, this.stale);
  }

  /** The weights of the shown layer, with the grid of the scheme; until they are loaded, the chart's axes. */
  private renderHistogram() {
    const weights = this.modelWeights;
    const layer = this.shownLayer();
    const values = weights && layer ? weights.fp32(layer.weight) : undefined;
    // The FP32 weights never change: one histogram per model and layer.
    const h = this.memo('histogram', [this.model, layer?.name, values], () => {
      if (!values) return { min: 0, max: 0, columns: [[], []] as ChartColumns };
      const { centers, counts, min, max } = histogram(values, 60);
      return { min, max, columns: [centers, counts] as ChartColumns };
    });
    const scheme = weightScheme(this.values);
    // Grid and clip lines of the per-tensor scheme (the weights keep their quantizations).
    const thresholds: ChartThreshold[] = [];
    let levels: number[] = [];
    if (weights && layer && scheme.kind === 'int') {
      const quantized = weights.quantizedWeight(layer, { ...scheme, granularity: 'per-tensor' }).integer!;
      const scale = quantized.scales[0]!;
      const zeroPoint = quantized.zeroPoints[0]!;
      const clip = (code: number): ChartThreshold => ({ axis: 'x', value: (code - zeroPoint) * scale, label: 'clip', tone: 'danger' });
      thresholds.push(clip(quantized.qmin), clip(quantized.qmax));
      if (quantized.qmax - quantized.qmin <= 64) {
        levels = Array.from({ length: quantized.qmax - quantized.qmin + 1 }, (_, i) => (quantized.qmin + i - zeroPoint) * scale);
      }
    }
    const grid = levels.length
      ? `; the ${levels.length} levels of ${this.granularity === 'per-tensor' ? 'its' : 'a per-tensor'} grid drawn as lines${this.granularity === 'per-tensor' ? '' : ' (for comparison: each channel or group has its own)'}`
      : '';
    // The axis titles stay the same from layer to layer and scheme to scheme, so the chart is
    // updated in place rather than rebuilt; the layer and the grid are named in the summary.
    return html`<ml-chart
      part="chart"
      kind="bars"
      height="220"
      label=${`Weights of ${layer?.name ?? 'the first layer'}`}
      x-label="Weight value"
      y-label="Weights (count)"
      .columns=${h.columns}
      .series=${weightSeries}
      .levels=${levels}
      .thresholds=${thresholds}
      summary=${values && layer ? `${values.length} weights of ${layer.name} between ${formatNumber(h.min)} and ${formatNumber(h.max)}${grid}.` : `Loading the ${this.model.toUpperCase()}'s weights…`}
    ></ml-chart>`;
  }

  /**
   * The bit-width sweep of the model shown, its points drawn as they come. Until that model has
   * any, the chart keeps the last sweep shown, dimmed, so that it is updated in place rather than
   * built again; before any sweep, its axes.
   */
  private renderSweep() {
    const shown = this.shownSweep;
    // Dimmed while it shows another model's sweep; before any, its axes are not out of date.
    const other = shown !== undefined && shown.key !== this.sweepKey();
    const baseline = shown?.sweep.baseline;
    const locale = this.settings.locale;
    return html`<ml-chart
      part="chart"
      ?hidden=${this.conceals('accuracy')}
      class=${other ? 'stale' : ''}
      aria-busy=${!this.sweeps.get(this.sweepKey())?.complete}
      label="Accuracy against bit width"
      x-label="Bits per weight"
      y-label=${ACCURACY}
      y-format="percent"
      .columns=${this.memo('sweep', [shown?.key, shown?.sweep.data.map((column) => column.join()).join('|')], (): ChartColumns =>
        shown ? [shown.sweep.x, ...shown.sweep.series.map((s) => [...s.values])] : [[]],
      )}
      .thresholds=${baseline === undefined ? [] : [{ axis: 'y', value: baseline, label: `FP32 ${formatPercent(baseline, locale)}`, tone: 'muted' }]}
      .marker=${this.format === 'int' && shown ? { x: this.bits, label: `${this.bits} bits` } : undefined}
      .series=${sweepSeries}
      summary=${shown
        ? `Test accuracy of four integer schemes from 2 to 8 bits per weight, and of the floating formats at 8 and 16 bits; FP32 reaches ${formatPercent(baseline!, locale)}.`
        : 'Sweeping bit widths…'}
    ></ml-chart>`;
  }

  /** Accuracy lost by each layer quantized alone; the last model's, dimmed, until this one's is measured. */
  private renderSensitivity() {
    const { model, key, layers } = this.sensitivity ?? { model: this.model, key: this.wantedKey, layers: noLayers };
    const bars = this.memo('sensitivity', [model, layers], () => ({
      categories: layers.map((s) => s.layer),
      columns: [layers.map((_, i) => i), layers.map((s) => Math.max(0, s.accuracyDrop * 100))] as ChartColumns,
    }));
    // Dimmed while it is another setting's (the model's, or the scheme's) until this one's is measured.
    const earlier = key !== this.wantedKey;
    return html`<ml-chart
      part="chart"
      ?hidden=${this.conceals('accuracy')}
      class=${earlier ? 'stale' : ''}
      aria-busy=${!this.sensitivity || earlier}
      kind="bars"
      height="200"
      label="Accuracy lost when only one layer is quantized"
      x-label="Layer quantized alone"
      y-label="Points lost"
      .categories=${bars.categories}
      .columns=${bars.columns}
      .series=${pointsLostSeries}
      summary=${layers.length
        ? `Quantized alone, ${layers.map((s) => `${s.layer} costs ${formatNumber(Math.max(0, s.accuracyDrop * 100), this.settings.locale)} points`).join(', ')}.`
        : 'Measuring each layer quantized alone…'}
    ></ml-chart>`;
  }

  private changedDigits(): StripImage[] {
    const digits = this.digits;
    const current = this.current;
    const before = this.baselines.get(current?.model ?? '')?.predictions;
    if (!digits || !current || !before) return [];
    const after = current.evaluation.predictions;
    const size = digits.width * digits.height;
    const images: StripImage[] = [];
    for (let i = 0; i < digits.count && images.length < maxStripImages; i++) {
      if (before[i] === after[i]) continue;
      const label = digits.labels[i]!;
      images.push({
        pixels: digits.pixels.subarray(i * size, (i + 1) * size),
        width: digits.width,
        height: digits.height,
        caption: `${label}: ${before[i]}→${after[i]}${after[i] === label ? ' ✓' : ''}`,
        id: i,
      });
    }
    return images;
  }

  protected override mathItems(): MathItem[] {
    const weights = this.modelWeights;
    const layer = this.shownLayer();
    if (!weights || !layer) return [];
    // The sizes are those of the results on screen: none while they are another model's.
    const current = this.current?.model === this.model ? this.current : undefined;
    // Made again only when the setting, the layer or the results change, not on each progress tick.
    return this.memo('math', [this.wantedKey, weights, layer, current], () => quantDerivations(this.values, weights, layer, current));
  }
}
