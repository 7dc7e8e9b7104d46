import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import type { Sequential } from '../../src/core/nn/index.js';
import { CLIFF_POINTS, describeSetting, pruneSettingOf, pruningLabSchema, type PruningLabState } from '../../src/core/prune/lab.js';
import { actingSetting, isStructured, prunableWeights, settingKey, type PrunableWeight, type PruneSetting } from '../../src/core/prune/setting.js';
import { firstDrop, type PruneSweep } from '../../src/core/prune/sweep.js';
import type { ForwardTimes, LayerCost, PruneEvaluation } from '../../src/core/prune/session.js';
import type { SettingFineTuned } from '../../src/core/prune/fine-tune-setting.js';
import type { InstructorCard } from '../../src/core/shared/instructor-card.js';
import { loadModel } from '../../src/lib/assets.js';
import type { MlChangeEvent } from '../../src/lib/events.js';
import { formatBytes, formatDifference, formatDuration, formatNumber, formatPercent } from '../../src/lib/format.js';
import { KEPT_BACK } from '../../src/lib/lab/lab.js';
import { MlModelLab } from '../../src/lib/lab/model-lab.js';
import type { ChartColumns } from '../chart/chart-types.js';
import type { MathItem } from '../math/math.component.js';
import { maskAxes, maskedMagnitudes, sweepChart, type FineTunedPoint } from './pruning-lab-views.js';
import { pruningLabStyles } from './pruning-lab.styles.js';

/** The key numbers `ml-change` carries in `detail.results` (fractions, counts and bytes). */
export interface PruningLabResults {
  accuracy?: number;
  denseAccuracy?: number;
  /** First sparsity on the sweep that loses more than a point; null if none up to 99 %. */
  firstDrop?: number | null;
  csrBytes?: number;
  parametersLeft?: number;
  /** Test accuracy after fine-tuning this setting, once the reader has. */
  fineTunedAccuracy?: number;
}

/** The pruning lab's `ml-change`: `detail.state` holds its attributes, `detail.results` its key numbers. */
export type PruningLabChangeEvent = MlChangeEvent<Record<string, unknown>, PruningLabResults>;

/**
 * What the lab says about a result (the Math Peek, the cliff, what each representation buys):
 * loaded with the first model, after the first paint (a chunk of its own in the CDN).
 */
const loadExplanations = () => import('../../src/core/prune/explain.js');
type Explanations = Awaited<ReturnType<typeof loadExplanations>>;

/** A shipped model as the page holds it: each prunable weight with its trained values, for the mask picture. */
interface PageModel {
  weights: PrunableWeight[];
  values: Float32Array[];
}

const ACCURACY = pruningLabSchema.results!.accuracy!.label;
const CSR_SIZE = pruningLabSchema.results!.csrBytes!.label;
const modelName = (model: string) => pruningLabSchema.params.model.choices.find((choice) => choice.value === model)?.label ?? model;
const layerSeries = [{ label: 'Share pruned' }];
const noLayers: ChartColumns = [[], []];

/**
 * Prune a real trained network in the browser and see what it costs and what it buys. The
 * reader removes single weights (by magnitude or at random, layer by layer or with one global
 * threshold), whole neurons and filters (by their L1 or L2 norm), or two of every four weights
 * (2:4), and sees the accuracy measured on 2,000 held-out digits against the sparsity for every
 * method, the chosen layer's mask, how the sparsity spreads over the layers, and the bytes and
 * FLOPs of each way to store and run the result: unstructured sparsity does not run faster on
 * dense hardware; a structurally pruned network shrinks to a smaller dense one that does.
 * Fine-tuning with the masks fixed, on demand, wins back accuracy.
 *
 * Pruning follows `torch.nn.utils.prune` (Python's round-half-even counts, global thresholds,
 * Ln-structured slices).
 *
 * @summary Structured against unstructured pruning of a real trained model.
 * Evaluations, the sweep and fine-tuning run in the page's compute worker (or, where the page's
 * policy forbids workers, on the page in slices). The frame, controls and charts' axes paint
 * before anything loads; results fill in as they are computed.
 *
 * @fires ml-change - When the reader commits a change, once its results are in; `detail.results`
 * holds accuracy, sizes and the first drop (see `PruningLabResults`).
 * @fires ml-error - When an attribute value is refused or the model cannot be loaded.
 * @fires ml-predict - When the reader commits a prediction (with `predict`); `detail` holds the question and the prediction.
 * @fires ml-reveal - When the answer to that prediction shows; `detail` adds the answer and how far off it was.
 * @fires ml-report - When the reader saves a report; `detail.report` holds it, `detail.markdown` the file.
 * @csspart header - Title and actions.
 * @csspart controls - The controls panel.
 * @csspart body - Charts, readouts, tables and callouts.
 * @csspart chart - Each chart.
 * @csspart heatmap - The mask of the inspected layer.
 * @csspart readout - Each metric card.
 * @csspart fine-tune - The fine-tuning panel: its button, progress and result.
 * @csspart representations - The table of sizes and FLOPs of each representation.
 * @csspart math - The Math Peek panel.
 * @csspart prediction - The question asked with `predict`, then its answer.
 * @cssstate loading - Until the model's first results are in.
 * @cssstate running - While the worker computes for this lab (the sweep, fine-tuning).
 * @cssstate stale - While the results shown are those of an earlier setting.
 * @cssstate wide - When the lab is wide enough to set its controls beside its results.
 */
export class MlPruningLab extends MlModelLab<typeof pruningLabSchema.params> {
  static override styles = [...MlModelLab.styles, pruningLabStyles];

  static override schema = pruningLabSchema;

  /** The lab's instructor's card, loaded on demand: a page that never shows it never downloads it. */
  static async instructorCard(): Promise<InstructorCard> {
    return (await import('../../src/core/prune/card.js')).pruningLabCard;
  }

  /** Title above the lab. */
  @property() override heading = 'Pruning: how much of a network can go, and what does it buy?';
  /** Which trained model: `mlp` (196→40→10), `cnn` (two convolutions) or `lenet-300-100` (196→300→100→10); all ship with the package. */
  @property() model: PruningLabState['model'] = 'lenet-300-100';
  /**
   * `magnitude` or `random` (single weights), `l1-structured` or `l2-structured` (whole neurons
   * and filters by their norm), or `2:4` (two of every four weights, always 50 %).
   */
  @property() method: PruningLabState['method'] = 'magnitude';
  /** For single weights: the same share of each `layer`, or one `global` threshold over all of them. */
  @property() scope: PruningLabState['scope'] = 'layer';
  /** Share pruned, 0–99 %: of the weights, or of each layer's neurons and filters (not used by 2:4). */
  @property({ type: Number }) sparsity = 80;
  /** Epochs of fine-tuning on the training digits when the reader asks for it, 1–10. */
  @property({ type: Number, attribute: 'fine-tune-epochs' }) fineTuneEpochs = 2;
  /**
   * Layer whose mask the heat map shows (e.g. `fc1`); empty for the first. A name the model does
   * not have is refused with a note once the model is loaded.
   */
  @property() layer = '';

  /** Each model as the page holds it (for the mask picture and the Math Peek). */
  private readonly models = new Map<string, PageModel>();
  /** The setting asked for (model and acting setting), and the results on screen with their key. */
  private wantedKey = '';
  private current?: PruneEvaluation & { key: string; model: string };
  /** The forward pass of the setting on screen, timed in this browser. */
  private times?: { key: string; times: ForwardTimes };
  /** Each layer pruned alone, measured for the setting at the cliff. */
  private costs?: { key: string; costs: LayerCost[] };
  /** Sweeps by model and scope, complete or in part. */
  private readonly sweeps = new Map<string, PruneSweep>();
  /** The sweep last asked for. */
  private sweeping = '';
  /** Settings fine-tuned, by model and acting setting. */
  private readonly fineTuned = new Map<string, SettingFineTuned & { model: string }>();
  /** The setting being fine-tuned (which may no longer be the one on screen). */
  private fineTuning?: { key: string; words: string };
  private explain?: Explanations;

  /**
   * The mask's heat map, below the first screen of charts, is defined after the first paint
   * (its place is kept meanwhile): a page pays for it only once the lab is on screen.
   */
  protected override firstUpdated(changed: PropertyValues<this>): void {
    super.firstUpdated(changed);
    void import('../heatmap/heatmap.component.js').then(({ MlHeatmap }) => MlHeatmap.define('ml-heatmap'));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Disconnecting cancelled the work under way: ask again.
    this.wantedKey = '';
    this.fineTuning = undefined;
    this.requestUpdate();
  }

  private get setting(): PruneSetting {
    return actingSetting(pruneSettingOf(this.values));
  }

  private get stale(): boolean {
    return this.current !== undefined && this.current.key !== this.wantedKey;
  }

  private get sweepKey(): string {
    return `${this.model}|${this.scope}`;
  }

  /** The sweep of the model and scope shown, as far as it has come. */
  private get sweep(): PruneSweep | undefined {
    return this.sweeps.get(this.sweepKey);
  }

  private get pageModel(): PageModel | undefined {
    return this.models.get(this.model);
  }

  /** The index of the weight whose mask is shown: the one `layer` names, else the first. */
  private get shownIndex(): number {
    return Math.max(0, this.pageModel?.weights.findIndex((weight) => weight.layer === this.layer) ?? 0);
  }

  /** Loads a model's weights on this page (after first paint), for the mask picture, with the explanations. */
  private load(name: string): Promise<void> {
    return this.loadOnPage(name, async (from) => {
      const [{ model }, explain] = await Promise.all([loadModel(name, from), loadExplanations()]);
      return () => {
        this.explain = explain;
        this.models.set(name, pageModel(model));
      };
    });
  }

  /**
   * Every change of model or setting is evaluated on the full test set in the page's compute
   * worker: the input is answered at once (the previous results stay, dimmed) and the new ones
   * replace them when they come; a newer setting supersedes the one being evaluated.
   */
  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    this.dropUnknownLayer(this.pageModel?.weights.map((weight) => weight.layer), `the ${modelName(this.model)}`);
    const model = this.model;
    if (!this.models.has(model) && !this.loading.has(model) && !this.loadError) void this.load(model);
    const setting = this.setting;
    const key = `${model}|${settingKey(setting)}`;
    if (key === this.wantedKey || !this.isConnected) return;
    this.wantedKey = key;
    this.evaluate(model, key, setting);
  }

  protected override forgetLoaded(): void {
    this.models.clear();
    this.sweeps.clear();
    this.fineTuned.clear();
    this.current = this.costs = this.times = this.fineTuning = undefined;
    this.sweeping = this.wantedKey = '';
  }

  private evaluate(model: string, key: string, setting: PruneSetting): void {
    this.compute.cancel('layer-costs');
    this.compute.cancel('timing');
    const source = { model, assets: this.loadedFrom };
    this.compute.request('evaluate', `Pruning the ${modelName(model)}, evaluating 2,000 test digits`, 'prune.evaluate', { ...source, setting }).then((result) => {
      this.current = { ...result, key, model };
      this.problem = '';
      const locale = this.settings.locale;
      const accuracy = this.conceals('accuracy') ? '' : `${ACCURACY} ${formatPercent(result.accuracy, locale, 2)}, dense ${formatPercent(result.denseAccuracy, locale, 2)}; `;
      this.announce(`${accuracy}${formatNumber(result.parameters.nonzero, locale)} of ${formatNumber(result.parameters.total, locale)} parameters left.`);
      this.requestUpdate();
      this.measureInBackground(model, key, setting, result);
    }, (error: unknown) => this.fail(error));
  }

  /**
   * Once per model and scope, the sweep; at a cliff, each layer's cost alone; the setting's
   * forward pass timed. Asked for in that order because the engine runs the newest background
   * request first: the short measurements of this setting come before the long sweep.
   */
  private measureInBackground(model: string, key: string, setting: PruneSetting, result: PruneEvaluation): void {
    const source = { model, assets: this.loadedFrom };
    const sweepKey = this.sweepKey;
    if (!this.sweeps.get(sweepKey)?.complete && !(this.compute.running.has('sweep') && this.sweeping === sweepKey)) {
      this.sweeping = sweepKey;
      const keep = (sweep: PruneSweep) => {
        this.sweeps.set(sweepKey, sweep);
        this.requestUpdate();
      };
      this.compute
        .request('sweep', 'Sweeping sparsity for every method', 'prune.sweep', { ...source, scope: this.scope, first: setting.method }, { priority: 'background', onPartial: (sweep) => keep(sweep as PruneSweep) })
        .then(keep, (error: unknown) => this.fail(error));
    }
    if ((result.denseAccuracy - result.accuracy) * 100 > CLIFF_POINTS) {
      this.compute.request('layer-costs', 'Pruning each layer alone', 'prune.layerCosts', { ...source, setting }, { priority: 'background' }).then((costs) => {
        this.costs = { key, costs };
        this.requestUpdate();
      }, (error: unknown) => this.fail(error));
    }
    this.compute.request('timing', 'Timing the forward pass', 'prune.timing', { ...source, setting }, { priority: 'background' }).then((times) => {
      this.times = { key, times };
      this.requestUpdate();
    }, (error: unknown) => this.fail(error));
  }

  /** Fine-tunes the setting shown, in the worker, behind a progress bar with a cancel button. */
  private fineTune(): void {
    const model = this.model;
    const setting = this.setting;
    const epochs = this.fineTuneEpochs;
    const key = `${model}|${settingKey(setting)}`;
    const words = `${modelName(model)}, ${describeSetting(setting)}, ${epochs} ${epochs === 1 ? 'epoch' : 'epochs'}`;
    this.fineTuning = { key, words };
    this.compute.request('fine-tune', `Fine-tuning the ${words}`, 'prune.fineTune', { model, assets: this.loadedFrom, setting, epochs }, { priority: 'background' }).then((result) => {
      this.fineTuned.set(key, { ...result, model });
      this.fineTuning = undefined;
      if (!this.conceals('accuracy')) this.announce(`Fine-tuned (${words}): ${ACCURACY} ${formatPercent(result.accuracy, this.settings.locale, 2)}.`);
      this.requestUpdate();
    }, (error: unknown) => this.fail(error));
  }

  private cancelFineTune(): void {
    this.compute.cancel('fine-tune');
    this.fineTuning = undefined;
    this.announce('Fine-tuning cancelled.');
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    this.showWorkState({ loaded: this.pageModel !== undefined && this.current !== undefined, failed: this.loadError !== '', stale: this.stale });
  }

  /** The first drop of the method shown, from its sweep: undefined while not measured that far. */
  private firstDropShown(): number | null | undefined {
    const sweep = this.sweep;
    return sweep ? firstDrop(sweep, this.method) : undefined;
  }

  protected override resultsPending(): boolean {
    if (this.loadError || this.problem) return false;
    // A question about the first drop waits for the sweep that answers it.
    return this.current === undefined || this.stale || (this.predict === 'first-drop' && this.firstDropShown() === undefined);
  }

  protected override results(): PruningLabResults {
    const current = this.stale ? undefined : this.current;
    return {
      accuracy: current?.accuracy,
      denseAccuracy: current?.denseAccuracy,
      firstDrop: this.firstDropShown(),
      csrBytes: current?.storage.csrBytes,
      parametersLeft: current?.parameters.nonzero,
      fineTunedAccuracy: this.fineTuned.get(this.wantedKey)?.accuracy,
    };
  }

  /** The layer picker: its choices are the loaded model's linear and conv layers. */
  protected override customControl(): TemplateResult {
    const loaded = this.pageModel;
    const choices = () => loaded!.weights.map((w) => ({ value: w.layer, label: `${w.layer} (${w.type === 'conv2d' ? 'conv' : 'linear'}, ${w.shape.join('×')})` }));
    return this.layerControl(pruningLabSchema.params.layer.label, loaded, choices, loaded?.weights[this.shownIndex]?.layer ?? '');
  }

  protected override renderBody() {
    if (this.loadError) return this.renderLoadError();
    const loading = this.loading.has(this.model) ? `Loading the ${modelName(this.model)} and 2,000 test digits` : undefined;
    return html`
      ${this.renderProblem()}
      ${this.renderProgress(loading, ['fine-tune'])} ${this.renderCliff()} ${this.renderReadouts()} ${this.renderFineTune()}
      <div class="charts">
        ${this.conceals('accuracy') || this.conceals('firstDrop') ? html`<p class="kept-back">${KEPT_BACK}: the accuracy against sparsity would give it away.</p>` : nothing}
        ${this.renderSweep()} ${this.renderMask()} ${this.renderLayerShares()}
      </div>
      ${this.renderRepresentations()}
    `;
  }

  /** The cliff: which layer collapsed first, and what to try. */
  private renderCliff() {
    const r = this.current;
    const costs = this.costs?.key === r?.key ? this.costs?.costs : undefined;
    const cliff = r && this.explain && !this.conceals('accuracy') ? this.explain.diagnoseCliff(r, this.fineTuneEpochs, costs) : undefined;
    return this.renderDiagnosis(cliff, this.stale);
  }

  private renderReadouts() {
    const r = this.current;
    const locale = this.settings.locale;
    const pending = r ? '' : '…';
    const accuracy = this.conceals('accuracy') ? undefined : r;
    const csr = this.conceals('csrBytes') ? undefined : r;
    const points = r ? (r.denseAccuracy - r.accuracy) * 100 : 0;
    const shrunk = r && 'parameters' in r.shrunk ? r.shrunk : undefined;
    const runs = r && isStructured(r.setting.method) && shrunk ? shrunk.flops : r?.flops.dense;
    return html`<div class="readouts ${this.stale ? 'stale' : ''}" aria-busy=${this.stale || !r}>
      <ml-readout
        part="readout"
        label=${ACCURACY}
        format="percent"
        .value=${accuracy?.accuracy ?? Number.NaN}
        text=${accuracy ? formatPercent(accuracy.accuracy, locale, 2) : r ? '?' : pending}
        status=${!accuracy ? 'none' : points > CLIFF_POINTS ? 'danger' : points > 1 ? 'warning' : 'ok'}
        detail=${accuracy ? `${formatDifference(-points, locale)} points vs dense (${formatPercent(accuracy.denseAccuracy, locale, 2)}), before fine-tuning` : r ? KEPT_BACK : 'on 2,000 held-out test digits'}
      ></ml-readout>
      <ml-readout
        part="readout"
        label="Parameters left"
        .value=${r?.parameters.nonzero ?? Number.NaN}
        text=${pending}
        detail=${r ? `of ${formatNumber(r.parameters.total, locale)}${shrunk && shrunk.parameters < r.parameters.nonzero ? `; the shrunk model has ${formatNumber(shrunk.parameters, locale)}` : ''}` : 'weights and biases not zero'}
      ></ml-readout>
      <ml-readout
        part="readout"
        label=${CSR_SIZE}
        format="bytes"
        .value=${csr?.storage.csrBytes ?? Number.NaN}
        text=${this.conceals('csrBytes') ? '?' : pending}
        detail=${csr ? `dense FP32 ${formatBytes(csr.storage.denseBytes, locale)}` : r ? KEPT_BACK : 'values, int32 indices, row pointers'}
      ></ml-readout>
      <ml-readout
        part="readout"
        label="FLOPs per image, dense kernel"
        .value=${runs ?? Number.NaN}
        text=${pending}
        detail=${r ? (runs === r.flops.dense ? 'as the dense model: the zeros are multiplied too' : `shrunk model; dense ${formatNumber(r.flops.dense, locale)}`) : 'multiply-adds × 2'}
      ></ml-readout>
    </div>`;
  }

  /** The button that fine-tunes the setting shown, the run's progress and cancel, and the result. */
  private renderFineTune() {
    const running = this.compute.running.get('fine-tune');
    const done = this.fineTuned.get(this.wantedKey);
    const r = this.current;
    const locale = this.settings.locale;
    const epochs = this.fineTuneEpochs;
    const hidden = this.conceals('accuracy');
    return html`<section class="fine-tune" part="fine-tune" aria-label="Fine-tuning">
      <div class="fine-tune-row">
        <button type="button" class="action" ?disabled=${running !== undefined && this.fineTuning?.key === this.wantedKey} @click=${this.fineTune}>
          Fine-tune ${epochs} ${epochs === 1 ? 'epoch' : 'epochs'}
        </button>
        <span class="note">on the 2,000 training digits (never the test set), the pruned weights held at zero</span>
      </div>
      ${running
        ? html`<div class="fine-tune-row">
            <progress max="1" value=${running.progress} aria-label=${running.label}></progress>
            <span class="note">${this.fineTuning?.words ?? ''}: ${formatPercent(running.progress, locale, 0)}</span>
            <button type="button" class="action" @click=${this.cancelFineTune}>Cancel</button>
          </div>`
        : nothing}
      ${done && !hidden
        ? html`<p class="result">
            After fine-tuning ${done.epochs} ${done.epochs === 1 ? 'epoch' : 'epochs'}: <strong>${formatPercent(done.accuracy, locale, 2)}</strong>${r && r.key === this.wantedKey
              ? ` (${formatDifference((done.accuracy - r.accuracy) * 100, locale)} points against the pruned model, ${formatDifference((done.accuracy - r.denseAccuracy) * 100, locale)} against dense)`
              : ''}
          </p>`
        : nothing}
    </section>`;
  }

  /** Points fine-tuned for the model shown, for the curves shown (single-weight ones of this scope). */
  private fineTunedPoints(): FineTunedPoint[] {
    return [...this.fineTuned.values()]
      .filter((p) => p.model === this.model && (!['magnitude', 'random'].includes(p.setting.method) || p.setting.scope === this.scope))
      .map((p) => ({ method: p.setting.method, sparsity: p.setting.sparsity, accuracy: p.accuracy }));
  }

  /** Accuracy against sparsity for every method, filling in as the sweep runs, with the setting marked. */
  private renderSweep() {
    const sweep = this.sweep;
    const locale = this.settings.locale;
    const hidden = this.conceals('accuracy') || this.conceals('firstDrop');
    const points = this.fineTunedPoints();
    const chart = this.memo('sweep', [sweep, points.map((p) => `${p.method}${p.sparsity}${p.accuracy}`).join()], () => sweepChart(sweep, points));
    const setting = this.setting;
    const drop = this.firstDropShown();
    const scopeWords = this.scope === 'global' ? 'one global threshold' : 'each layer by the same share';
    return html`<ml-chart
      part="chart"
      ?hidden=${hidden}
      aria-busy=${!sweep?.complete}
      label="Accuracy against sparsity, one-shot"
      x-label="Sparsity (share pruned)"
      x-format="percent"
      y-label=${ACCURACY}
      y-format="percent"
      .columns=${chart.columns}
      .series=${chart.series}
      .thresholds=${sweep ? [{ axis: 'y', value: sweep.dense, label: `Dense ${formatPercent(sweep.dense, locale)}`, tone: 'muted' }] : []}
      .marker=${{ x: setting.sparsity, label: setting.method === '2:4' ? '2:4' : `${this.sparsity} %` }}
      summary=${sweep
        ? `Test accuracy of the ${modelName(this.model)} pruned without fine-tuning, from 0 to 99 %: single weights (${scopeWords}), and whole neurons and filters of every layer but the last. ${
            drop === undefined ? '' : drop === null ? 'This method loses no more than a point up to 99 %.' : `This method first loses more than a point at ${formatPercent(drop, locale, 0)}.`
          }`
        : 'Sweeping sparsity for every method…'}
    ></ml-chart>`;
  }

  /** The inspected layer's weights, pruned ones blank: scattered, whole rows, or two of every four. */
  private renderMask() {
    const loaded = this.pageModel;
    const index = this.shownIndex;
    const weight = loaded?.weights[index];
    const r = this.current?.model === this.model ? this.current : undefined;
    const mask = r?.masks[index];
    const values = this.memo('mask', [loaded, index, mask], () => (loaded && weight ? maskedMagnitudes(loaded.values[index]!, mask) : new Float32Array(0)));
    const report = r?.weights[index];
    const axes = loaded && weight ? maskAxes(loaded.weights, index) : undefined;
    const units = weight?.type === 'conv2d' ? 'filters' : 'neurons';
    const summary = !weight
      ? 'Loading the weights…'
      : !report
        ? `${weight.layer}: ${weight.rows} ${units} × ${weight.cols} inputs, dense.`
        : `${weight.layer}: ${formatNumber(report.pruned)} of ${formatNumber(report.elements)} weights pruned (${formatPercent(report.pruned / report.elements)}); ${report.unitsRemoved} of ${report.rows} ${units} removed whole.`;
    return html`<ml-heatmap
      part="heatmap"
      class=${this.stale ? 'stale' : ''}
      label=${`|Weights| of ${weight?.layer ?? 'the first layer'}, pruned ones blank`}
      x-label=${axes?.x ?? 'Input'}
      y-label=${axes?.y ?? 'Output'}
      colormap="sequential"
      min="0"
      rows=${weight?.rows ?? 1}
      cols=${weight?.cols ?? 1}
      .values=${values}
      summary=${summary}
    ></ml-heatmap>`;
  }

  /** Each layer's share pruned: global pruning spreads it unevenly. */
  private renderLayerShares() {
    const r = this.current?.model === this.model ? this.current : undefined;
    const bars = this.memo('shares', [r], () =>
      r ? { categories: r.weights.map((w) => w.layer), columns: [r.weights.map((_, i) => i), r.weights.map((w) => w.pruned / w.elements)] as ChartColumns } : { categories: [], columns: noLayers },
    );
    const locale = this.settings.locale;
    return html`<ml-chart
      part="chart"
      class=${this.stale ? 'stale' : ''}
      kind="bars"
      height="180"
      label="Share of each layer pruned"
      x-label="Layer"
      y-label="Pruned (%)"
      y-format="percent"
      y-max="1"
      .categories=${bars.categories}
      .columns=${bars.columns}
      .series=${layerSeries}
      summary=${r ? `${r.weights.map((w) => `${w.layer} ${formatPercent(w.pruned / w.elements, locale)} of ${formatNumber(w.elements, locale)}`).join(', ')}.` : 'Pruning…'}
    ></ml-chart>`;
  }

  /** Bytes and FLOPs of each way to store and run the pruned model, with what each buys in words. */
  private renderRepresentations() {
    const r = this.current;
    const locale = this.settings.locale;
    const rows = r && this.explain ? this.explain.representations(r) : [];
    const dense = r?.storage.denseBytes ?? 1;
    const keptBack = this.conceals('csrBytes');
    const times = this.times && this.times.key === r?.key ? this.times.times : undefined;
    const measured: Partial<Record<string, number | undefined>> = times ? { dense: times.denseMs, csr: times.csrMs, shrunk: times.shrunkMs } : {};
    const timeOf = (key: string) => (key in measured ? formatDuration((measured[key] ?? NaN) / 1000, locale) : times ? '–' : '…');
    return html`<section class="representations ${this.stale ? 'stale' : ''}" part="representations" aria-label="Size and speed of each representation" aria-busy=${this.stale || !r}>
      <h3>What each representation buys</h3>
      <div class="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">Stored as</th><th scope="col">Size</th><th scope="col">FLOPs per image</th>
              <th scope="col">${times ? `${times.images} images, measured here` : 'Time, measured here'}</th><th scope="col">Faster?</th>
            </tr>
          </thead>
          <tbody>
            ${rows.map((row) => {
              const hidden = keptBack && row.key === 'csr';
              return html`<tr>
                <th scope="row">${row.label}</th>
                <td data-label="Size">
                  ${hidden ? '?' : row.bytes === undefined ? '–' : formatBytes(row.bytes, locale)}
                  ${hidden || row.bytes === undefined ? nothing : html`<span class="ratio">${formatNumber(row.bytes / dense, locale)}× dense</span>`}
                </td>
                <td data-label="FLOPs per image">${row.flops === undefined ? '–' : formatNumber(row.flops, locale)}</td>
                <td data-label=${times ? `${times.images} images, measured here` : 'Time, measured here'}>${timeOf(row.key)}</td>
                <td class="words">${row.speed}</td>
              </tr>`;
            })}
          </tbody>
        </table>
      </div>
      <p class="verdict">${r && this.explain ? this.explain.speedVerdict(r) : 'Evaluating…'}</p>
      ${times
        ? html`<p class="note">
            Times: the median of ${times.runs} passes of ${times.images} test images, measured in this browser’s compute worker (or on the page) as
            the lab computes; they vary from run to run, and with what else the machine does. The dense kernels skip zero inputs, not zero
            weights.
          </p>`
        : nothing}
    </section>`;
  }

  protected override mathItems(): MathItem[] {
    const loaded = this.pageModel;
    const r = this.current?.model === this.model && !this.stale ? this.current : undefined;
    const explain = this.explain;
    if (!loaded || !r || !explain) return [];
    const index = this.shownIndex;
    return this.memo('math', [r, index, loaded], () => explain.pruneDerivations(r, index, loaded.values[index]!));
  }
}

/** The page's copy of a model: each prunable weight and its values. */
function pageModel(model: Sequential): PageModel {
  const weights = prunableWeights(model);
  return { weights, values: weights.map((weight) => model.parameter(weight.name).data) };
}
