import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Diagnosis, InductionTrainingPoint, QueryRowMechanics } from '../../src/core/attention/index.js';
import { attentionLabSchema, clipText, EXAMPLE_TEXTS, headName, headOf, LAB_CONTEXT, type AttentionLabState } from '../../src/core/attention/lab.js';
import type { InstructorCard } from '../../src/core/shared/instructor-card.js';
import { MlErrorEvent, type MlChangeEvent } from '../../src/lib/events.js';
import { formatDifference, formatNumber, formatPercent } from '../../src/lib/format.js';
import type { AttentionEvaluation } from '../../src/lib/lab/attention-jobs.js';
import { choiceControlStyles, listControl, toggled } from '../../src/lib/lab/choice-controls.js';
import { KEPT_BACK } from '../../src/lib/lab/lab.js';
import { MlModelLab } from '../../src/lib/lab/model-lab.js';
import type { MathItem } from '../math/math.component.js';
import type { PanelContext } from './attention-lab-panels.js';
import { inductionRise, lossText, positionLossChart, tokenLabel, tokenName, TOO_SHORT } from './attention-lab-views.js';
import { attentionLabStyles } from './attention-lab.styles.js';

/** The key numbers `ml-change` carries in `detail.results`. */
export interface AttentionLabResults {
  /** Mean next-character loss on the text, nats. */
  loss?: number;
  /** The head with the highest previous-token score, e.g. `1.1`. */
  previousTokenHead?: string;
  /** Loss with the chosen heads switched off minus without (0 when none are), nats per character. */
  lossChange?: number;
  /** Attention FLOPs over the linear layers' at the cost view's model and context length. */
  attentionShare?: number;
}

/** The attention lab's `ml-change`: `detail.state` holds its attributes, `detail.results` its key numbers. */
export type AttentionLabChangeEvent = MlChangeEvent<Record<string, unknown>, AttentionLabResults>;

/**
 * The views other than one head's pattern, with the Math Peek and the cost view's arithmetic:
 * loaded after the first paint (a chunk of its own in the CDN).
 */
const loadPanels = () => import('./attention-lab-panels.js');
type Panels = Awaited<ReturnType<typeof loadPanels>>;

/**
 * Look inside a real trained transformer: a 2-layer, 4-head character model trained on Ambrose
 * Bierce's The Devil's Dictionary, run in the browser on text the reader types. See what each
 * head attends to (one head's pattern, with the tokens on both axes; all heads side by side with
 * their previous-token, induction and first-token scores, grouped by role), switch heads off and
 * watch the predictions and the loss change, step through one row of attention number by number,
 * see why attention's cost dominates at long context (FLOPs and memory against context length on
 * real model shapes), and train a small attention-only model live until its induction heads form.
 *
 * Head scores follow Olsson et al. 2022 (induction heads) and Elhage et al. 2021; the cost
 * follows Narayanan et al. 2021 and Korthikanti et al. 2022.
 *
 * @summary What a real (tiny, trained) transformer's heads attend to, and what attention costs.
 * The model runs in the page's compute worker (or, where the page's policy forbids workers, on
 * the page in slices). The frame, controls and charts' axes paint before anything loads.
 *
 * @fires ml-change - When the reader commits a change, once its results are in; `detail.results`
 * holds the loss, the previous-token head, the loss change and attention's share (see `AttentionLabResults`).
 * @fires ml-error - When an attribute value is refused or the model cannot be loaded.
 * @fires ml-predict - When the reader commits a prediction (with `predict`); `detail` holds the question and the prediction.
 * @fires ml-reveal - When the answer to that prediction shows; `detail` adds the answer and how far off it was.
 * @fires ml-report - When the reader saves a report; `detail.report` holds it, `detail.markdown` the file.
 * @csspart header - Title and actions.
 * @csspart controls - The controls panel.
 * @csspart body - Charts, readouts, tables and callouts.
 * @csspart chart - Each chart.
 * @csspart heatmap - Each attention pattern.
 * @csspart tokens - The text's tokens: hover or focus one to see what it attends to and what attends to it.
 * @csspart readout - Each metric card.
 * @csspart table - The tables of predictions and of the query row's arithmetic.
 * @csspart training - The live-training panel: its buttons, progress and result.
 * @csspart math - The Math Peek panel.
 * @csspart prediction - The question asked with `predict`, then its answer.
 * @cssstate loading - Until the model's first results are in.
 * @cssstate running - While the worker computes for this lab (diagnosis, training).
 * @cssstate stale - While the results shown are those of an earlier text or setting.
 * @cssstate wide - When the lab is wide enough to set its controls beside its results.
 */
export class MlAttentionLab extends MlModelLab<typeof attentionLabSchema.params> {
  static override styles = [...MlModelLab.styles, choiceControlStyles, attentionLabStyles];

  static override schema = attentionLabSchema;

  /** The lab's instructor's card, loaded on demand: a page that never shows it never downloads it. */
  static async instructorCard(): Promise<InstructorCard> {
    return (await import('../../src/core/attention/card.js')).attentionLabCard;
  }

  /** Title above the lab. */
  @property() override heading = 'Attention: what do a transformer’s heads look at, and what does it cost?';
  /**
   * The text the model reads, one token per character; beyond 128 characters it is clipped (with
   * a note). Always shown as text, never as markup.
   */
  @property() text = attentionLabSchema.params.text.default;
  /**
   * What the lab shows: `pattern` (one head), `heads` (all heads with their scores), `ablation`
   * (predictions with heads switched off), `mechanics` (one query row step by step), `cost` (at
   * scale) or `training` (induction heads forming, live).
   */
  @property() view: AttentionLabState['view'] = 'pattern';
  /** Layer of the head shown, 1–2. */
  @property({ type: Number }) layer = 1;
  /** Head shown in that layer, 1–4. */
  @property({ type: Number }) head = 1;
  /** Token (from 0) whose row of attention the stepper works out, and that the pattern view points at. */
  @property({ type: Number }) query = 28;
  /** Heads to switch off, comma-separated as layer.head (e.g. `1.1,2.3`); empty for none. */
  @property({ converter: { fromAttribute: (text) => (text ? text.split(',').map((item) => item.trim()) : []) } })
  ablate: AttentionLabState['ablate'] = [];
  /** How a head is switched off: its output set to `zero`, or to its `mean` over the validation text. */
  @property({ attribute: 'ablation-mode' }) ablationMode: AttentionLabState['ablationMode'] = 'zero';
  /** The model whose cost at scale the cost view shows: a memory-core preset id (`gpt2`, `llama-2-7b`, …). */
  @property({ attribute: 'cost-model' }) costModel: AttentionLabState['costModel'] = 'gpt2';
  /** Context length of the cost view, 128–131,072 tokens in powers of two. */
  @property({ type: Number, attribute: 'context-length' }) contextLength = 4096;

  /** The evaluation asked for, and the one on screen with its key. */
  private wantedKey = '';
  private current?: AttentionEvaluation & { key: string; text: string };
  private mechanicsKey = '';
  private mechanics?: QueryRowMechanics & { symbols: readonly string[]; key: string };
  private diagnosis?: Diagnosis;
  private panels?: Panels;
  private trainingPoints: InductionTrainingPoint[] = [];
  /** This lab's own run in the page's worker (another lab on the page trains its own). */
  private readonly trainingRun = Math.random().toString(36).slice(2);
  /** The token the reader points at or focuses in the token strip. */
  @state() private pointed?: number;
  /** How far the query-row stepper has come (its last step shows every column). */
  @state() private stage = Number.POSITIVE_INFINITY;

  /** The heat maps and the Math Peek's explanations load after the first paint. */
  protected override firstUpdated(changed: PropertyValues<this>): void {
    super.firstUpdated(changed);
    void import('../heatmap/heatmap.component.js').then(({ MlHeatmap }) => MlHeatmap.define('ml-heatmap'));
    void loadPanels().then((panels) => {
      this.panels = panels;
      this.requestUpdate();
    });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Disconnecting cancelled the work under way: ask again.
    this.wantedKey = this.mechanicsKey = '';
    this.requestUpdate();
  }

  /** The text the model reads (at most the context) and how many characters were cut. */
  private get clipped() {
    return this.memo('clipped', [this.text], () => clipText(this.text));
  }

  private get stale(): boolean {
    return this.readsText && this.current !== undefined && this.current.key !== this.wantedKey;
  }

  /** Whether the view shows the model on the text (the cost and the live training need neither). */
  private get readsText(): boolean {
    return this.view !== 'cost' && this.view !== 'training';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (!this.isConnected || this.loadError || !this.readsText) return;
    const text = this.clipped.text;
    const ablate = [...this.ablate].sort();
    const key = JSON.stringify([this.loadedFrom, text, ablate, ablate.length ? this.ablationMode : '']);
    if (key !== this.wantedKey) {
      this.wantedKey = key;
      this.evaluate(key, text, ablate);
    }
    // The query row's arithmetic: the stepper's, and the pattern view's Math Peek.
    if ((this.view === 'mechanics' || this.view === 'pattern') && text.length > 0) {
      const row = JSON.stringify([this.loadedFrom, text, this.layer, this.head, this.query]);
      if (row !== this.mechanicsKey) {
        this.mechanicsKey = row;
        this.compute
          .request('mechanics', 'Working out one row of attention', 'attention.mechanics', { assets: this.loadedFrom, text, layer: this.layer - 1, head: this.head - 1, query: this.query })
          .then((mechanics) => {
            this.mechanics = { ...mechanics, key: row };
            this.requestUpdate();
          }, (error: unknown) => this.fail(error));
      }
    }
    if (changed.has('query') || changed.has('text')) this.pointed = undefined;
  }

  protected override forgetLoaded(): void {
    this.current = this.mechanics = this.diagnosis = undefined;
    this.wantedKey = this.mechanicsKey = '';
  }

  private evaluate(key: string, text: string, ablate: readonly string[]): void {
    const assets = this.loadedFrom;
    this.compute
      .request('evaluate', 'Running the transformer on the text', 'attention.evaluate', { assets, text, ablate: ablate.map(headOf), mode: this.ablationMode })
      .then((result) => {
        this.current = { ...result, key, text };
        this.problem = '';
        const locale = this.settings.locale;
        this.announce(`Loss on this text ${lossText(result.meanLoss, locale)} per character.${result.ablated && !this.conceals('lossChange') ? ` With heads ${ablate.join(', ')} off: ${formatDifference(result.ablated.lossChange, locale)}.` : ''}`);
        this.requestUpdate();
        if (!this.diagnosis) this.diagnose();
      }, (error: unknown) => (this.current ? this.fail(error) : this.failToLoad(error)));
  }

  /** The model could not be loaded (in the worker): the lab says so instead of its body, and fires `ml-error`. */
  private failToLoad(error: unknown): void {
    this.loadError = error instanceof Error ? error.message : String(error);
    this.dispatchEvent(new MlErrorEvent(this.loadError));
  }

  /** The heads' scores, once per model, in the background. */
  private diagnose(): void {
    if (this.compute.running.has('diagnose')) return;
    this.compute.request('diagnose', 'Scoring every head', 'attention.diagnose', { assets: this.loadedFrom }, { priority: 'background' }).then((diagnosis) => {
      this.diagnosis = diagnosis;
      this.requestUpdate();
    }, (error: unknown) => this.fail(error));
  }

  /** Trains the attention-only model `more` steps further in the worker (from scratch with `restart`), the curves filling in as it goes. */
  private train(restart: boolean, more: number): void {
    const steps = restart ? more : this.trainingPoints.length + more;
    if (restart) this.trainingPoints = [];
    const keep = (points: InductionTrainingPoint[]) => {
      this.trainingPoints = points;
      this.requestUpdate();
    };
    this.compute
      .request('training', `Training the attention-only model to step ${formatNumber(steps, this.settings.locale, 6)}`, 'attention.train', { run: this.trainingRun, steps, restart }, {
        priority: 'background',
        onPartial: (points) => keep(points as InductionTrainingPoint[]),
      })
      .then((points) => {
        keep(points);
        const rise = inductionRise(points);
        this.announce(rise === null ? `Trained ${points.length} steps; no induction head yet.` : `Trained ${points.length} steps; the induction score rose at step ${rise}.`);
      }, (error: unknown) => this.fail(error));
  }

  private cancelTraining(): void {
    this.compute.cancel('training');
    this.requestUpdate();
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    this.showWorkState({ loaded: this.current !== undefined || !this.readsText, failed: this.loadError !== '', stale: this.stale });
    this.paintTokens();
  }

  /** The head with the highest previous-token score, once the heads are scored. */
  private previousTokenHead(): string | undefined {
    const heads = this.diagnosis?.heads;
    if (!heads) return undefined;
    return headName(heads.reduce((best, h) => (h.previousToken > best.previousToken ? h : best)));
  }

  /** The cost at the chosen model and context length, once the arithmetic is loaded. */
  private cost() {
    const panels = this.panels;
    return panels ? this.memo('cost', [panels, this.costModel, this.contextLength], () => panels.attentionCost({ model: this.costModel, contextLength: this.contextLength })) : undefined;
  }

  protected override resultsPending(): boolean {
    if (this.loadError || this.problem) return false;
    if (this.predict === 'attention-share' || !this.readsText) return !this.panels;
    if (this.current === undefined || this.stale) return true;
    return this.predict === 'previous-token-head' && !this.diagnosis;
  }

  protected override results(): AttentionLabResults {
    const current = this.stale ? undefined : this.current;
    return {
      loss: current?.meanLoss,
      previousTokenHead: this.previousTokenHead(),
      lossChange: current ? (current.ablated?.lossChange ?? 0) : undefined,
      attentionShare: this.cost()?.attentionShare,
    };
  }

  /** The text box with example texts, and the heads to switch off. */
  protected override customControl(key: keyof typeof attentionLabSchema.params & string): TemplateResult {
    if (key === 'ablate') {
      const on = this.bind('ablate', (item) => toggled(this.ablate, item));
      return listControl(attentionLabSchema.params.ablate, this.ablate, on, () => nothing);
    }
    if (key === 'text') return this.textControl();
    return super.customControl(key);
  }

  private textControl(): TemplateResult {
    const on = this.bind('text');
    const example = EXAMPLE_TEXTS.find((e) => e.value === this.text)?.value ?? '';
    const examples = this.memo('examples', [], () => [{ value: '', label: 'Your own text' }, ...EXAMPLE_TEXTS.map(({ value, label }) => ({ value, label }))]);
    const { clipped } = this.clipped;
    return html`<div class="text-control">
      <label for="text">${attentionLabSchema.params.text.label}</label>
      <textarea id="text" rows="3" spellcheck="false" maxlength=${attentionLabSchema.params.text.maxLength} .value=${this.text} @input=${on.input} @change=${on.change}></textarea>
      <p class="note" id="text-note" role="status">
        ${clipped > 0
          ? `The model reads ${LAB_CONTEXT} characters at most: the last ${formatNumber(clipped, this.settings.locale, 6)} are left out.`
          : `${[...this.text].length} of ${LAB_CONTEXT} characters (one token each).`}
      </p>
      ${this.selectControl('text', 'Examples', example, examples, (value) => (value === '' ? this.text : value))}
    </div>`;
  }

  protected override renderBody() {
    if (this.loadError) return this.renderLoadError();
    const loading = this.loading.size > 0 ? 'Loading the transformer' : undefined;
    const modelView = this.readsText;
    return html`
      ${this.renderProblem()} ${modelView ? this.renderProgress(loading, ['training', 'diagnose']) : nothing}
      ${modelView ? this.renderTokens() : nothing} ${this.renderView()}
    `;
  }

  /** The view chosen: one head's pattern here, the others from their module once it is in. */
  private renderView() {
    if (this.view === 'pattern') return this.renderPattern();
    const panels = this.panels;
    if (!panels) return html`<p class="note" aria-busy="true">Loading the view…</p>`;
    const render = { heads: panels.renderHeads, ablation: panels.renderAblation, mechanics: panels.renderMechanics, cost: panels.renderCost, training: panels.renderTraining }[this.view];
    return render(this.panelContext(panels));
  }

  private panelContext(panels: Panels): PanelContext {
    const mechanics = this.mechanics;
    const last = panels.MECHANICS_STEPS.length - 1;
    return {
      locale: this.settings.locale,
      stale: this.stale,
      characters: this.memo('characters', [this.clipped.text], () => [...this.clipped.text]),
      current: this.current,
      diagnosis: this.diagnosis,
      ablate: this.ablate,
      ablationMode: this.ablationMode,
      mechanics,
      mechanicsFresh: mechanics !== undefined && mechanics.key === this.mechanicsKey,
      stage: Math.min(this.stage, last),
      moveStage: (steps) => (this.stage = Math.max(0, Math.min(last, Math.min(this.stage, last) + steps))),
      costModel: this.costModel,
      contextLength: this.contextLength,
      cost: this.cost()!,
      training: {
        points: this.trainingPoints,
        running: this.compute.running.get('training'),
        train: (restart) => this.train(restart, panels.TRAINING_STEPS),
        cancel: () => this.cancelTraining(),
      },
      conceals: (result) => this.conceals(result),
      commit: (changes) => this.commit(changes),
      memo: (slot, deps, make) => this.memo(slot, deps, make),
      patternMap: (name, pattern, summary, small) => this.patternMap(name, pattern, summary, small),
    };
  }

  /** The tokens of the text (never markup): pointing at one shows what it attends to (shaded) and what attends to it (underlined). */
  private renderTokens() {
    const characters = this.memo('characters', [this.clipped.text], () => [...this.clipped.text]);
    const pointed = this.pointed;
    const pattern = this.view === 'pattern' ? 'the chosen head' : undefined;
    const point = (i: number | undefined) => () => (this.pointed = i);
    return html`<div class="tokens" part="tokens" role="group" aria-label=${`The text's ${characters.length} tokens${pattern ? `: point at or focus one to see what it attends to in ${pattern}, and what attends to it; choose one as the query` : ''}`} @pointerleave=${point(undefined)}>
      ${characters.map(
        (character, i) =>
          html`<button
            type="button"
            class="token ${i === this.query ? 'query' : ''} ${i === pointed ? 'pointed' : ''}"
            data-i=${i}
            aria-pressed=${i === this.query}
            aria-label=${`${i}: ${tokenName(character)}`}
            @pointerenter=${point(i)}
            @focus=${point(i)}
            @click=${() => this.commit({ query: i })}
          >${tokenLabel(character)}</button>`,
      )}
    </div>
    ${pattern ? html`<p class="note token-help">${this.pointedWords()}</p>` : nothing}`;
  }

  /** What the pointed token attends to, in words, for the note under the strip. */
  private pointedWords(): string {
    const pattern = this.shownPattern();
    const i = this.pointed;
    const characters = [...this.clipped.text];
    if (pattern === undefined || i === undefined || i >= characters.length) return 'Point at a token (or tab to it) to shade what it attends to and underline what attends to it; click it to make it the query.';
    const n = characters.length;
    let best = 0;
    for (let s = 1; s <= i; s++) if (pattern[i * n + s]! > pattern[i * n + best]!) best = s;
    const locale = this.settings.locale;
    return `Token ${i} “${tokenLabel(characters[i]!)}” puts ${formatPercent(pattern[i * n + best]!, locale, 0)} of its attention on token ${best} “${tokenLabel(characters[best]!)}”.`;
  }

  /** The chosen head's pattern on screen, if any. */
  private shownPattern(): Float32Array | undefined {
    return this.current?.patterns[this.layer - 1]?.[this.head - 1];
  }

  /** Shades each token by the pointed token's weight on it, and underlines it by its weight on the pointed token (CSSOM: no style attributes under a strict CSP). */
  private paintTokens(): void {
    const strip = this.renderRoot.querySelector('.tokens');
    if (!strip) return;
    const pattern = this.view === 'pattern' && this.current?.text === this.clipped.text ? this.shownPattern() : undefined;
    const i = this.pointed;
    const tokens = strip.querySelectorAll<HTMLElement>('.token');
    const n = tokens.length;
    tokens.forEach((token, s) => {
      const attended = pattern && i !== undefined ? (s <= i ? pattern[i * n + s]! : 0) : 0;
      const attending = pattern && i !== undefined ? (s >= i ? pattern[s * n + i]! : 0) : 0;
      token.style.setProperty('--_attended', String(Math.round(attended * 100)));
      token.style.setProperty('--_attending', String(Math.round(attending * 100)));
    });
  }

  private renderPattern() {
    const current = this.current;
    const layer = this.layer - 1;
    const head = this.head - 1;
    const name = `${this.layer}.${this.head}`;
    const summary = current?.summaries[layer]?.[head];
    const hidden = this.conceals('previousTokenHead');
    return html`
      <p class="head-summary ${this.stale ? 'stale' : ''}">
        ${!current ? 'Running the model…' : current.ids.length < 2 ? TOO_SHORT : hidden ? `${KEPT_BACK}: the head’s rule would give it away.` : summary?.text}
      </p>
      ${this.patternMap(name, current?.patterns[layer]?.[head], hidden ? undefined : summary?.text, false)}
      ${this.renderPatternTable(name, current?.patterns[layer]?.[head])}
      ${this.renderReadouts()} ${this.renderLossChart()}
    `;
  }

  /**
   * The loss of each next character, the query marked: on a repeated text it falls in the second
   * copy, where a head can find what came next the first time. Its axes paint with the frame.
   */
  private renderLossChart() {
    const current = this.current;
    const chart = this.memo('text-loss', [current], () => positionLossChart(current?.positions ?? [], undefined));
    return html`<ml-chart
      part="chart"
      class=${this.stale ? 'stale' : ''}
      label="Loss of each next character"
      x-label="Position (token)"
      y-label="Loss (nats)"
      height="180"
      .columns=${chart.columns}
      .series=${chart.series}
      .marker=${{ x: this.query, label: `query ${this.query}` }}
      summary=${current ? 'The loss of predicting each next character of the text: low where the model saw it coming.' : 'Running the model…'}
    ></ml-chart>`;
  }

  /** The pattern as a table a screen reader can walk: each query's three strongest keys. */
  private renderPatternTable(name: string, pattern: Float32Array | undefined) {
    const characters = [...(this.current?.text ?? '')];
    const n = characters.length;
    if (!pattern || n === 0) return nothing;
    const locale = this.settings.locale;
    const rows = this.memo('pattern-table', [pattern], () =>
      characters.map((_, t) =>
        Array.from({ length: t + 1 }, (_, s) => s)
          .sort((a, b) => pattern[t * n + b]! - pattern[t * n + a]!)
          .slice(0, 3),
      ),
    );
    const token = (i: number) => `${i} “${tokenLabel(characters[i] ?? '')}”`;
    return html`<details class="pattern-table" part="table">
      <summary>Table: where each token looks in head ${name}</summary>
      <div class="table-scroll">
        <table>
          <thead><tr><th scope="col">Query</th><th scope="col">Strongest keys (weight)</th></tr></thead>
          <tbody>
            ${rows.map((keys, t) => html`<tr><th scope="row">${token(t)}</th><td>${keys.map((s) => `${token(s)} ${formatPercent(pattern[t * n + s]!, locale, 0)}`).join(', ')}</td></tr>`)}
          </tbody>
        </table>
      </div>
    </details>`;
  }

  /** One head's pattern as a heat map with the tokens on both axes (and a data table). */
  private patternMap(name: string, pattern: Float32Array | undefined, summary: string | undefined, small: boolean) {
    const characters = this.memo('labels', [this.current?.text], () => [...(this.current?.text ?? '')].map(tokenLabel));
    const n = pattern ? Math.round(Math.sqrt(pattern.length)) : 1;
    return html`<ml-heatmap
      part="heatmap"
      class="${this.stale ? 'stale' : ''} ${small ? 'small' : ''}"
      label=${`Head ${name} attention weights`}
      x-label=${small ? '' : 'Key: the token attended to'}
      y-label=${small ? '' : 'Query: the token attending'}
      value-label="weight"
      colormap="sequential"
      format="percent"
      min="0"
      max="1"
      rows=${n}
      cols=${n}
      .rowLabels=${small ? undefined : characters}
      .colLabels=${small ? undefined : characters}
      .values=${pattern ?? new Float32Array(0)}
      summary=${summary ?? (pattern ? `Head ${name}: each row is one query token’s attention over the tokens before it.` : 'Running the model…')}
    ></ml-heatmap>`;
  }

  private renderReadouts() {
    const current = this.current;
    const locale = this.settings.locale;
    const top = current?.positions[this.query]?.top[0];
    const characters = [...this.clipped.text];
    return html`<div class="readouts ${this.stale ? 'stale' : ''}" aria-busy=${this.stale || !current}>
      <ml-readout
        part="readout"
        label="Loss on this text"
        .value=${current?.meanLoss ?? Number.NaN}
        text=${current ? lossText(current.meanLoss, locale) : '…'}
        detail=${!current ? 'mean −ln p of each next character' : Number.isNaN(current.meanLoss) ? TOO_SHORT : `per character; ${formatNumber(Math.exp(current.meanLoss), locale)} equally likely characters`}
      ></ml-readout>
      <ml-readout
        part="readout"
        label=${`After token ${this.query}`}
        .value=${top?.probability ?? Number.NaN}
        text=${top ? `“${tokenLabel(top.symbol ?? '')}” ${formatPercent(top.probability, locale, 0)}` : '…'}
        detail=${top ? `the likeliest next character after “${tokenLabel(characters[this.query] ?? '')}”` : 'the likeliest next character'}
      ></ml-readout>
    </div>`;
  }

  protected override mathItems(): MathItem[] {
    const panels = this.panels;
    if (!panels) return [];
    if (this.view === 'cost') {
      const cost = this.cost();
      return cost ? this.memo('math', [cost], () => panels.costDerivations(cost)) : [];
    }
    if (this.view === 'training') {
      const last = this.trainingPoints[this.trainingPoints.length - 1];
      return last ? this.memo('math', [last], () => panels.trainingMath(last)) : [];
    }
    const m = this.mechanics;
    if ((this.view !== 'mechanics' && this.view !== 'pattern') || !m || m.key !== this.mechanicsKey) return [];
    return this.memo('math', [m], () => panels.mechanicsDerivations(m, [...this.clipped.text]));
  }
}
