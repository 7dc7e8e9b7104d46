import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { DigitsDataset, Sequential } from '../../src/core/nn/index.js';
import { idealSqnrDb } from '../../src/core/quant/stats.js';
import { CLIFF_POINTS, diagnoseCliff, quantConfig, quantDerivations, quantLabSchema, weightBits, weightScheme, type QuantLabState } from '../../src/core/quant/lab.js';
import type {
  LayerSensitivity,
  QuantSession,
  QuantSweep,
  QuantSweepState,
  QuantizableLayer,
  QuantizedEvaluation,
} from '../../src/core/quant/index.js';
import { drain, type Steps } from '../../src/core/shared/steps.js';
import { histogram } from '../../src/core/shared/histogram.js';
import { loadModel, loadTestDigits } from '../../src/lib/assets.js';
import { TaskController } from '../../src/lib/controllers/task.js';
import { MlErrorEvent, type MlChangeEvent } from '../../src/lib/events.js';
import { formatBytes, formatNumber, formatPercent } from '../../src/lib/format.js';
import type { ChartColumns, ChartThreshold } from '../chart/chart-types.js';
import { MlImageStrip, type StripImage } from '../image-strip/image-strip.component.js';
import type { MathItem } from '../math/math.component.js';
import { MlLab } from '../../src/lib/lab/lab.js';
import { quantLabStyles } from './quant-lab.styles.js';

/**
 * What the lab runs on a loaded model: quantization, evaluation and sweeps. It is loaded with
 * the model, after the first paint (in the CDN bundle it is a chunk of its own).
 */
const loadEngine = () => import('../../src/core/quant/index.js');
type Engine = Awaited<ReturnType<typeof loadEngine>>;

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
/**
 * Main-thread time up to which a model is re-evaluated within the input's own frame: half of a
 * 60 Hz frame, leaving the other half to drawing.
 */
const SYNC_EVALUATION_MS = 8;

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
 * @fires ml-change - When the reader commits a change, once its results are in (the CNN's after
 * its evaluation in slices); `results` holds accuracy and size.
 * @fires ml-error - When an attribute value is refused or the model cannot be loaded.
 * @csspart header - Title and actions.
 * @csspart controls - The controls panel.
 * @csspart body - Charts, readouts and callouts.
 * @csspart chart - Each chart.
 * @csspart readout - Each metric card.
 * @csspart math - The Math Peek panel.
 * @cssstate loading - While the model and the test digits load.
 * @cssstate running - While layer sensitivity and the bit-width sweep are computed in the background.
 */
export class MlQuantLab extends MlLab<typeof quantLabSchema.params> {
  static override styles = [...MlLab.styles, quantLabStyles];

  static override dependencies = { ...MlLab.dependencies, 'ml-image-strip': MlImageStrip };

  static override schema = quantLabSchema;

  /** Title above the lab. */
  @property() override heading = 'Quantization: how few bits can a model keep?';
  /** Which trained model: `mlp` (196→40→10) or `cnn` (two convolutions); both ship with the package. */
  @property() model: 'mlp' | 'cnn' = 'mlp';
  /** `int` (integer codes of `bits` bits) or a floating format: `fp16`, `bf16`, `fp8-e4m3`, `fp8-e5m2`. */
  @property() format: QuantLabState['format'] = 'int';
  /** Integer code width, 2–8 bits. */
  @property({ type: Number }) bits = 8;
  /** `symmetric` (zero point fixed at 0) or `asymmetric` (fitted zero point). */
  @property() scheme: 'symmetric' | 'asymmetric' = 'symmetric';
  /** One scale `per-tensor`, `per-channel` (output channel) or `per-group` (of `group-size` inputs). */
  @property() granularity: QuantLabState['granularity'] = 'per-tensor';
  /** Inputs sharing a scale when `granularity` is `per-group`, 2–256. */
  @property({ type: Number, attribute: 'group-size' }) groupSize = 32;
  /** Clipping range: `min-max`, `percentile` (99.9th) or `mse` (the range with the least error). */
  @property() calibration: 'min-max' | 'percentile' | 'mse' = 'min-max';
  /** `weights` only, or `weights-activations` (activations calibrated on 256 test images). */
  @property() quantize: 'weights' | 'weights-activations' = 'weights';
  /** Layer whose weights the histogram shows (e.g. `fc1`); empty for the first. */
  @property() layer = '';

  @state() private loadError = '';
  private digits?: DigitsDataset;
  /** Loaded models waiting for their session, and the sessions made from them, by model name. */
  private readonly models = new Map<string, Sequential>();
  private readonly sessions = new Map<string, QuantSession>();
  private loading = new Set<string>();
  /** Main-thread milliseconds of each model's fastest full evaluation (see timed). */
  private readonly evaluationMs = new Map<string, number>();
  /** The setting (model and scheme) evaluated or being evaluated, and the one `current` shows. */
  private wantedKey = '';
  private current?: QuantizedEvaluation & { key: string; model: string };
  private problem = '';
  /** Per-layer sensitivity, and the model it was measured on. */
  private sensitivity?: { model: string; layers: LayerSensitivity[] };
  /** Sweeps by model and what is quantized (they do not depend on the other controls). */
  private readonly sweeps = new Map<string, QuantSweepState>();
  /** The sweep the chart shows (see renderSweep). */
  private shownSweep?: { key: string; sweep: QuantSweep; baseline: number };
  private readonly work = new TaskController(this);
  /** The quantization core, loaded with the first model. */
  private engine?: Engine;

  override connectedCallback(): void {
    super.connectedCallback();
    this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // Disconnecting cancels the work under way: evaluate again if the lab comes back.
    this.wantedKey = '';
  }

  /** Whether the results on screen are those of an earlier setting (dimmed and marked busy while the new one is evaluated). */
  private get stale(): boolean {
    return this.current !== undefined && this.current.key !== this.wantedKey;
  }

  private get session(): QuantSession | undefined {
    return this.sessions.get(this.model);
  }

  /** Fetches a model and the test digits (after first paint: the frame shows a progress bar). */
  private async load(name: string): Promise<void> {
    this.loading.add(name);
    this.loadError = '';
    try {
      const [engine, { model }, digits] = await Promise.all([loadEngine(), loadModel(name), loadTestDigits()]);
      this.engine = engine;
      this.digits ??= digits;
      this.models.set(name, model);
    } catch (error) {
      this.loadError = error instanceof Error ? error.message : String(error);
      this.dispatchEvent(new MlErrorEvent(this.loadError));
    } finally {
      this.loading.delete(name);
      this.requestUpdate();
    }
  }

  /** Sweeps depend on the model and on what is quantized only. */
  private sweepKey(model: string = this.model): string {
    return `${model}|${this.quantize}`;
  }

  private get sweep(): QuantSweep | undefined {
    return this.sweeps.get(this.sweepKey())?.sweep;
  }

  /**
   * Every change of model or scheme is evaluated on the full test set. A model whose latest
   * evaluation took at most SYNC_EVALUATION_MS of main-thread time (the MLP) is evaluated right
   * here, so the reader sees the new accuracy in the frame that shows the moved control; a
   * slower one (the CNN), or one not timed yet, is evaluated in slices behind a progress bar
   * while the previous results stay on screen, marked as out of date.
   */
  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const session = this.session;
    // The sweep chart keeps the last sweep shown until this model has one (see renderSweep).
    if (this.sweep && session) this.shownSweep = { key: this.sweepKey(), sweep: this.sweep, baseline: session.baseline.accuracy };
    if (changed.has('model')) {
      // Another model: the work under way is for the other one. For a model seen before, the
      // last results stay on screen, dimmed, until the new model's are in, so the charts are
      // updated in place rather than built again.
      this.wantedKey = '';
      this.work.cancel();
    }
    const model = this.model;
    if (!this.sessions.has(model) && !this.models.has(model)) {
      if (!this.loading.has(model) && !this.loadError) void this.load(model);
      return;
    }
    const key = `${model}|${JSON.stringify(quantConfig(this.values))}`;
    if (key === this.wantedKey) return;
    this.wantedKey = key;
    this.work.cancel();
    if (session && (this.evaluationMs.get(model) ?? Infinity) <= SYNC_EVALUATION_MS) {
      try {
        this.current = { ...drain(this.timed(model, session.evaluateSteps(quantConfig(this.values)))), key, model };
        this.problem = '';
      } catch (error) {
        this.fail(error);
        return;
      }
      this.startWork(model, key, 250);
    } else {
      this.startWork(model, key, 0);
    }
  }

  /**
   * Times the main-thread work of an evaluation (the sum of its steps), to pick how the next one
   * runs. The fastest evaluation seen is the model's cost: slower ones paid for one-off work
   * (compiling the code, calibrating a new scheme) that later ones do not repeat.
   */
  private *timed<T>(model: string, steps: Steps<T>): Steps<T> {
    let spent = 0;
    try {
      for (;;) {
        const started = performance.now();
        const step = steps.next();
        spent += performance.now() - started;
        if (step.done) {
          this.evaluationMs.set(model, Math.min(spent, this.evaluationMs.get(model) ?? Infinity));
          return step.value;
        }
        yield step.value;
      }
    } finally {
      // Superseded part-way: the inner steps' own `finally` puts the model's weights back and
      // ends its session's evaluation, so the next setting can be evaluated.
      steps.return(undefined as T);
    }
  }

  private fail(error: unknown): void {
    this.problem = error instanceof Error ? error.message : String(error);
    this.dispatchEvent(new MlErrorEvent(this.problem));
  }

  /**
   * Background work for the setting `key`, in slices: the model's session (its FP32 evaluation)
   * if it has none yet, the evaluation itself if it did not run synchronously, then per-layer
   * sensitivity, then (once per model and what is quantized) the bit-width sweep.
   */
  private startWork(model: string, key: string, delay: number): void {
    const lab = this;
    const config = quantConfig(this.values);
    const activations = config.activations;
    const sweepKey = this.sweepKey(model);
    const name = model.toUpperCase();
    function* steps(): Steps<void> {
      let session = lab.sessions.get(model);
      if (!session) {
        lab.work.label = `Evaluating the ${name} in FP32 on ${formatNumber(lab.digits!.count)} test digits`;
        session = yield* lab.timed(model, lab.engine!.quantSessionSteps(lab.models.get(model)!, lab.digits!));
        lab.sessions.set(model, session);
        lab.models.delete(model);
      }
      if (lab.current?.key !== key) {
        lab.work.label = `Evaluating the ${name} on ${formatNumber(session.dataset.count)} test digits`;
        lab.current = { ...(yield* lab.timed(model, session.evaluateSteps(config))), key, model };
        lab.problem = '';
        lab.requestUpdate();
      }
      lab.work.label = 'Measuring layer sensitivity';
      lab.sensitivity = { model, layers: yield* session.sensitivitySteps(config.weights!, { activations }) };
      let sweep = lab.sweeps.get(sweepKey);
      if (!sweep) {
        // After ReLUs activations are non-negative: unsigned, asymmetric codes fit them.
        sweep = lab.engine!.createSweep({ session, activations: activations ? { signed: false, symmetric: false } : undefined });
        lab.sweeps.set(sweepKey, sweep);
      }
      if (sweep.completed < sweep.jobs.length) {
        lab.work.label = 'Sweeping bit widths';
        yield* lab.engine!.sweepSteps(sweep);
      }
    }
    this.work.run('Evaluating', steps(), (error) => this.fail(error), delay);
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    // :state(loading) until the model has results, :state(running) while work runs in the background.
    const state = this.loadError ? 'ready' : !this.session || !this.current ? 'loading' : this.work.running ? 'running' : 'ready';
    this.showState(['loading', 'running', 'ready'], state);
    // :state(stale) while the results shown are those of an earlier setting.
    this.showState(['stale'], this.stale ? 'stale' : undefined);
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
    const layers = this.session?.layers.map((layer) => ({ value: layer.name, label: `${layer.name} (${layer.type}, ${layer.shape.join('×')})` })) ?? [];
    return layers.length > 0 ? this.selectControl('layer', quantLabSchema.params.layer.label, this.shownLayer()!.name, layers) : html``;
  }

  /** The layer the histogram shows: the one named by `layer`, else the first. */
  private shownLayer(): QuantizableLayer | undefined {
    const layers = this.session?.layers ?? [];
    return layers.find((layer) => layer.name === this.layer) ?? layers[0];
  }

  protected override renderBody() {
    if (this.loadError) {
      return html`<ml-callout tone="danger" heading="The model could not be loaded">
        <p>${this.loadError}. Check that the page can reach the files next to the script (assets/).</p>
      </ml-callout>`;
    }
    const problem = this.problem
      ? html`<ml-callout tone="warning" heading="This setting cannot be computed"><p>${this.problem}.</p></ml-callout>`
      : nothing;
    if (!this.session || !this.current) {
      if (this.work.label) return this.renderProgress();
      if (this.problem) return problem;
      return html`<div class="working" role="status">
        <progress aria-label="Loading"></progress>
        <span>Loading the ${this.model.toUpperCase()} and 2,000 test digits…</span>
      </div>`;
    }
    return html`
      ${problem}
      ${this.renderProgress()}
      ${this.renderCliff()}
      ${this.renderReadouts()}
      <div class="charts">
        ${this.renderHistogram()} ${this.renderSweep()} ${this.renderSensitivity()}
      </div>
      <section class="changed ${this.stale ? 'stale' : ''}" aria-label="Digits whose prediction changed">
        <h3>Test digits whose prediction changed</h3>
        <p class="pending">Each reads “true label: FP32 prediction→quantized prediction”; ✓ marks a digit the quantized model now gets right.</p>
        <ml-image-strip
          label="Digits whose prediction changed"
          empty="No prediction changed: every test digit is read as before."
          .images=${this.memo('changed', [this.current.key], () => this.changedDigits())}
        ></ml-image-strip>
      </section>
    `;
  }

  /** The progress of background work, in a row that keeps its place when idle so nothing below it moves. */
  private renderProgress() {
    const { label, progress } = this.work;
    return html`<div class="working ${label ? '' : 'idle'}" role="status">
      ${label
        ? html`<progress max="1" .value=${progress} aria-label=${label}></progress>
            <span>${label}… ${formatPercent(progress, this.settings.locale, 0)}</span>`
        : nothing}
    </div>`;
  }

  private renderReadouts() {
    const r = this.current!;
    const locale = this.settings.locale;
    const dropPoints = r.accuracyDrop * 100;
    const report = r.weights.find((w) => w.layer === this.shownLayer()?.name) ?? r.weights[0];
    const bits = weightBits(this.values);
    const ideal = idealSqnrDb(bits);
    return html`<div class="readouts ${this.stale ? 'stale' : ''}" aria-busy=${this.stale}>
      <ml-readout
        part="readout"
        label="Test accuracy"
        format="percent"
        .value=${r.accuracy}
        status=${dropPoints > CLIFF_POINTS ? 'danger' : dropPoints > 1 ? 'warning' : 'ok'}
        detail=${`${dropPoints >= 0 ? '−' : '+'}${formatNumber(Math.abs(dropPoints), locale)} points vs FP32 (${formatPercent(r.baselineAccuracy, locale)})`}
      ></ml-readout>
      <ml-readout
        part="readout"
        label="Model size"
        format="bytes"
        .value=${r.size.bytes}
        detail=${`${formatNumber(r.size.compression, locale)}× smaller than FP32 (${formatBytes(r.size.fp32Bytes, locale)})`}
      ></ml-readout>
      ${report
        ? html`<ml-readout
            part="readout"
            label=${`Weight SQNR, ${report.layer}`}
            .value=${report.stats.sqnrDb}
            unit="dB"
            detail=${`6.02 dB per bit predicts ${formatNumber(ideal, locale)} dB at ${bits} bits`}
          ></ml-readout>`
        : nothing}
    </div>`;
  }

  /**
   * The cliff callout stays in the tree, hidden while accuracy holds: moving the bit width back
   * and forth across the cliff then shows and hides one element instead of building it anew.
   */
  private renderCliff() {
    const cliff = diagnoseCliff(this.values, this.current!, this.session!, this.shownLayer()!, this.sensitivity?.layers);
    return html`<ml-callout
      class=${this.stale ? 'stale' : ''}
      aria-busy=${this.stale}
      tone="danger"
      ?hidden=${!cliff}
      heading=${cliff?.heading ?? ''}
    >
      <ul class="reasons">${cliff?.reasons.map((reason) => html`<li>${reason}</li>`) ?? nothing}</ul>
    </ml-callout>`;
  }

  private renderHistogram() {
    const session = this.session!;
    const layer = this.shownLayer()!;
    const values = session.fp32(layer.weight);
    // The FP32 weights never change: one histogram per model and layer.
    const h = this.memo('histogram', [this.model, layer.name], () => {
      const { centers, counts, min, max } = histogram(values, 60);
      return { min, max, columns: [centers, counts] as ChartColumns };
    });
    const scheme = weightScheme(this.values);
    // Grid and clip lines of the per-tensor scheme (the session keeps its quantizations).
    const thresholds: ChartThreshold[] = [];
    let levels: number[] = [];
    if (scheme.kind === 'int') {
      const quantized = session.quantizedWeight(layer, { ...scheme, granularity: 'per-tensor' }).integer!;
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
      label=${`Weights of ${layer.name}`}
      x-label="Weight value"
      y-label="Weights (count)"
      .columns=${h.columns}
      .series=${weightSeries}
      .levels=${levels}
      .thresholds=${thresholds}
      summary=${`${values.length} weights of ${layer.name} between ${formatNumber(h.min)} and ${formatNumber(h.max)}${grid}.`}
    ></ml-chart>`;
  }

  /**
   * The bit-width sweep of the model shown. Until that model has one, the chart keeps the last
   * sweep shown, hidden, so that it is updated in place rather than built again.
   */
  private renderSweep() {
    const pending = this.sweep ? nothing : html`<p class="pending">Sweeping bit widths…</p>`;
    if (!this.shownSweep) return pending;
    const { key, sweep, baseline } = this.shownSweep;
    return html`${pending}<ml-chart
      part="chart"
      ?hidden=${!this.sweep}
      label="Accuracy against bit width"
      x-label="Bits per weight"
      y-label="Test accuracy"
      y-format="percent"
      .columns=${this.memo('sweep', [key, sweep.data.map((column) => column.join()).join('|')], (): ChartColumns => [
        sweep.x,
        ...sweep.series.map((s) => [...s.values]),
      ])}
      .thresholds=${[{ axis: 'y', value: baseline, label: `FP32 ${formatPercent(baseline, this.settings.locale)}`, tone: 'muted' }]}
      .marker=${this.format === 'int' ? { x: this.bits, label: `${this.bits} bits` } : undefined}
      .series=${sweep.series.map((s) => ({ label: s.label }))}
      summary=${`Test accuracy of four integer schemes from 2 to 8 bits per weight, and of the floating formats at 8 and 16 bits; FP32 reaches ${formatPercent(baseline, this.settings.locale)}.`}
    ></ml-chart>`;
  }

  private renderSensitivity() {
    if (!this.sensitivity) return nothing;
    const { model, layers } = this.sensitivity;
    return html`<ml-chart
      part="chart"
      class=${model === this.model ? '' : 'stale'}
      kind="bars"
      height="200"
      label="Accuracy lost when only one layer is quantized"
      x-label="Layer quantized alone"
      y-label="Points lost"
      .categories=${layers.map((s) => s.layer)}
      .columns=${this.memo('sensitivity', [model, layers.map((s) => s.accuracyDrop).join()], (): ChartColumns => [
        layers.map((_, i) => i),
        layers.map((s) => Math.max(0, s.accuracyDrop * 100)),
      ])}
      .series=${pointsLostSeries}
      summary=${`Quantized alone, ${layers.map((s) => `${s.layer} costs ${formatNumber(Math.max(0, s.accuracyDrop * 100), this.settings.locale)} points`).join(', ')}.`}
    ></ml-chart>`;
  }

  private changedDigits(): StripImage[] {
    const digits = this.digits!;
    const current = this.current!;
    const before = this.sessions.get(current.model)!.baseline.predictions;
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
    if (!this.session || !this.current) return [];
    // The sizes are those of the results on screen: none while they are another model's.
    return quantDerivations(this.values, this.session, this.shownLayer()!, this.current.model === this.model ? this.current : undefined);
  }
}
