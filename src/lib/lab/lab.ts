import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import {
  appliesIn,
  attributeName,
  attributeNames,
  attributeRenames,
  constrain,
  controlNames,
  formatValue,
  parseValue,
  rangeIn,
  type Choice,
  type LabSchema,
  type Param,
  type Params,
  type StateOf,
} from '../../core/shared/lab-schema.js';
import { listOf, oneOf, ruleFor, textUpTo, type AttributeRule } from '../attribute-rules.js';
import { ContextProvider } from '@lit/context';
import { MlElement } from '../ml-element.js';
import { settingsContext, type LabSettings } from '../settings-context.js';
import { MlChangeEvent, MlErrorEvent } from '../events.js';
import type { LabReport, ReportPrediction } from '../../core/shared/report.js';
import type { Figure, ReportSource } from './downloads.js';
import type { PredictionFlow } from './prediction.js';
import { ResizeController } from '../controllers/resize.js';
import { MlChart } from '../../../components/chart/chart.component.js';
import { MlSlider } from '../../../components/slider/slider.component.js';
import { MlSelect } from '../../../components/select/select.component.js';
import { MlToggle } from '../../../components/toggle/toggle.component.js';
import { MlReadout } from '../../../components/readout/readout.component.js';
import { MlCallout } from '../../../components/callout/callout.component.js';
import type { MathItem } from '../../../components/math/math.component.js';
import { labStyles } from './lab.styles.js';

type Control = HTMLElement & { value: string | number };
type Parse = (value: string | number) => unknown;

/** The page's URL hash as its `&`-separated segments. */
const hashSegments = () => location.hash.slice(1).split('&').filter(Boolean);

/** A toggle's choices for each integer of a small range (ZeRO stages 0–3), made once per range. */
const integerChoices = new Map<string, Choice[]>();
function choicesFrom(min: number, max: number): Choice[] {
  const key = `${min}|${max}`;
  let choices = integerChoices.get(key);
  if (!choices) integerChoices.set(key, (choices = Array.from({ length: max - min + 1 }, (_, i) => ({ value: String(min + i) }))));
  return choices;
}

/** What a lab shows where a result the reader is to predict would be (see MlLab.conceals). */
export const KEPT_BACK = 'Hidden until you commit your prediction';

/** Content width (CSS pixels) from which a lab sets its controls beside its results. */
const WIDE_LAYOUT_PX = 760;

/**
 * The runtime every lab extends, driven by the lab's schema (its state declared once, in its
 * core: see core/shared/lab-schema). From the schema it derives the attribute rules and inline
 * notes, the controls with their ranges (hidden while a parameter does not apply), ranges that
 * depend on other parameters, the embed code and the state `ml-change` carries.
 *
 * It draws the frame every lab shares: title, controls, charts, readouts, Math Peek, and the
 * actions "copy embed code" (a tag that reproduces the current view), CSV of the main chart's
 * data and PNG of the main chart. Subclasses describe their body and formulas (and any control
 * the schema cannot draw); the frame shows only the controls named in the `controls` attribute
 * (so an author can pin a scenario), and announces each committed change with one `ml-change`.
 *
 * A subclass declares a `@property` for each parameter (the manifest and the docs read them),
 * with the schema's attribute name, type and default; the lab contract tests hold the two equal.
 */
export abstract class MlLab<P extends Params = Params> extends MlElement {
  static override styles = [...MlElement.styles, labStyles];

  static override dependencies: Record<string, typeof MlElement> = {
    'ml-chart': MlChart,
    'ml-slider': MlSlider,
    'ml-select': MlSelect,
    'ml-toggle': MlToggle,
    'ml-readout': MlReadout,
    'ml-callout': MlCallout,
  };

  /** The lab's state, declared in its core module. */
  static schema: LabSchema<Params> = { params: {} };

  /** The parameters' names, in the order the embed code writes them. */
  static get stateProperties(): string[] {
    return Object.keys(this.schema.params);
  }

  /** Names the `controls` attribute takes, in display order. */
  static get controlNames(): string[] {
    return controlNames(this.schema);
  }

  static override renamedAttributes(): Readonly<Record<string, string>> {
    return attributeRenames(this.schema);
  }

  static override ruleFor(attribute: string): AttributeRule | undefined {
    if (attribute === 'heading') return textUpTo(200);
    if (attribute === 'controls') {
      // Former names of controls still pick them; the note names the current ones.
      const former = Object.values(this.schema.params).flatMap((param) => (param.control === false ? [] : (param.formerAttributes ?? [])));
      return { ...listOf(this.controlNames), test: listOf([...this.controlNames, ...former]).test };
    }
    if (attribute === 'predict') return oneOf(Object.keys(this.schema.results ?? {}).map(attributeName));
    if (attribute === 'prompt') return textUpTo(300);
    const param = Object.entries(this.schema.params).find(([key]) => attributeName(key) === attribute)?.[1];
    return param ? ruleFor(param) : super.ruleFor(attribute);
  }

  /** Title shown above the lab. */
  @property() heading = '';

  /**
   * Comma-separated names of the controls the reader sees; the others stay fixed at their
   * attribute values. Empty shows them all.
   */
  @property() controls = '';

  /**
   * A named result the reader predicts before the lab shows it (e.g. `largest-batch`): until
   * they commit, the lab keeps it back everywhere it would show; then it reveals the answer beside
   * the prediction, with how far off it was, and fires `ml-predict` and `ml-reveal`.
   */
  @property() predict = '';

  /** The question asked with `predict`, in the author's words; empty asks the result's own question. */
  @property() prompt = '';

  /** The question on the tag, once its code is loaded (see predict). */
  @state() private prediction?: PredictionFlow;
  /** Every prediction judged on this lab, for its report. */
  private readonly predictions: ReportPrediction[] = [];
  /** Questions asked so far: a question's code that arrives late is not used for a newer one. */
  private questionsAsked = 0;
  /** The question's code could not load: nothing is kept back for a question that cannot be asked. */
  private questionFailed = false;
  /** The result the tag asks about and those that give it away, kept back until the reader commits. */
  private askedResults: ReadonlySet<string> = new Set();

  @state() private copyStatus = '';
  /** What the live region last said (see announce). */
  @state() private announcement = '';
  @state() private shownEmbedCode = '';

  /**
   * The settings the lab renders with (its own `theme` attribute over the page's `<ml-settings>`
   * over the reader's system), provided again to the kit in its shadow root: no child needs the
   * theme forwarded by hand.
   */
  private readonly kitSettings = new ContextProvider(this, { context: settingsContext });
  /** The page's device and model defaults last applied (see applyPageDefaults). */
  private readonly pageDefaults = new Map<string, string | undefined>();

  /**
   * Two columns (controls beside the results) once the lab's content box is WIDE_LAYOUT_PX
   * wide, as the `:state(wide)` the styles read. A container query would say the same, but a
   * query container makes Chromium lay the page out before it can resolve any style inside it,
   * and a chart's canvas asks for style whenever it draws text: every redraw then forced a
   * layout of the whole lab, mid-update (about 3–5 ms per input). The header is measured, not
   * the host: it spans the content box, and its size, unlike the host's height, does not change
   * with the layout this chooses.
   */
  constructor() {
    super();
    new ResizeController(
      this,
      () => this.renderRoot.querySelector('header'),
      (width) => width > 0 && this.showState(['wide'], width >= WIDE_LAYOUT_PX ? 'wide' : undefined),
    );
  }

  /**
   * The Math Peek, closed below the lab, is defined after the first paint: a page pays for it
   * only once the lab is on screen (its formulas' typesetter loads when it is opened).
   */
  protected override firstUpdated(changed: PropertyValues<this>): void {
    super.firstUpdated(changed);
    void import('../../../components/math/math.component.js').then(({ MlMath }) => MlMath.define('ml-math'));
  }

  /**
   * Says `text` politely to screen readers, through a live region: for results that arrive
   * after the input that asked for them (a model evaluated in the worker).
   */
  protected announce(text: string): void {
    this.announcement = text;
  }

  /** The schema of this lab. */
  protected get schema(): LabSchema<P> {
    return (this.constructor as typeof MlLab).schema as unknown as LabSchema<P>;
  }

  /** The lab's state as the schema's typed object. */
  get values(): StateOf<P> {
    const self = this as unknown as Record<string, unknown>;
    return Object.fromEntries(Object.keys(this.schema.params).map((key) => [key, self[key]])) as StateOf<P>;
  }

  /**
   * Before the lab evaluates: applies the page's defaults, brings parameters whose range depends
   * on others inside it (see LabSchema.bounds), and passes the resolved settings to the kit.
   */
  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    this.applyPageDefaults();
    if (!this.hashRead && this.hashKey) {
      this.hashRead = true;
      this.readHash();
    }
    Object.assign(this, constrain(this.schema, this.values));
    if (changed.has('predict') || changed.has('prompt')) this.askQuestion();
    const kit: LabSettings = { ...this.settings.page, theme: this.settings.theme };
    const current = this.kitSettings.value as LabSettings | undefined;
    if (!current || (Object.keys(kit) as (keyof LabSettings)[]).some((key) => kit[key] !== current[key])) this.kitSettings.setValue(kit);
  }

  /**
   * `<ml-settings device model>` choose the device and model of every lab on the page that has
   * such a parameter and whose own attribute is absent. A value this lab does not offer (a
   * language model's id, for a lab of digit models) is not its to use, and is passed over. Each
   * page value is applied once, when it changes, so a reader's own choice stays.
   */
  private applyPageDefaults(): void {
    for (const key of ['device', 'model'] as const) {
      const param = (this.schema.params as Params)[key];
      const value = this.settings.page[key];
      if (!param || this.pageDefaults.get(key) === value) continue;
      this.pageDefaults.set(key, value);
      if (value === undefined || attributeNames(key, param).some((name) => this.hasAttribute(name)) || parseValue(param, value) === undefined) continue;
      (this as unknown as Record<string, unknown>)[key] = value;
    }
  }

  /**
   * Sets up the question the tag asks (see predict), its code loaded on demand: a lab without
   * one pays nothing for it. The result is kept back from the first paint on. A new wording of
   * the same question keeps what the reader did; the predictions judged stay for the report.
   */
  private askQuestion(): void {
    const key = this.predict ? Object.keys(this.schema.results ?? {}).find((name) => attributeName(name) === this.predict) : undefined;
    const spec = key === undefined ? undefined : this.schema.results![key]!;
    this.askedResults = new Set(key && spec ? [key, ...(spec.alsoHides ?? [])] : []);
    const flow = this.prediction;
    if (spec && flow && flow.question.key === key) {
      flow.question.text = this.prompt || spec.prompt;
      return;
    }
    this.prediction = undefined;
    this.questionFailed = false;
    const asked = ++this.questionsAsked;
    if (!key || !spec) return;
    import('./prediction.js').then(
      ({ PredictionFlow }) => {
        // A later question replaced this one meanwhile.
        if (asked !== this.questionsAsked) return;
        this.prediction = new PredictionFlow(this, { key, name: this.predict, spec, text: this.prompt || spec.prompt }, {
          answer: (result) => (this.resultsPending() ? undefined : ((this.results() as Record<string, unknown>)[result] ?? null)),
          say: (text) => this.announce(text),
          locale: () => this.settings.locale,
          history: this.predictions,
        });
      },
      (error: unknown) => {
        if (asked !== this.questionsAsked) return;
        // A question that cannot be asked keeps nothing back.
        this.questionFailed = true;
        this.dispatchEvent(new MlErrorEvent(`The question could not be loaded (${error instanceof Error ? error.message : String(error)}); every result is shown.`, 'predict'));
        this.requestUpdate();
      },
    );
  }

  /**
   * Whether the named result is kept back from the reader, who is to predict it first: the lab
   * shows a placeholder where it would be, and leaves out the markers, callouts and charts that
   * would give it away (the Math Peek, `ml-change` and the report are filtered here).
   */
  protected conceals(result: string): boolean {
    if (this.questionFailed || this.prediction?.hidden === false) return false;
    return this.askedResults.has(result);
  }

  /** The results the reader may see. */
  private shownResults(): Record<string, unknown> {
    if (this.resultsPending()) return {};
    return Object.fromEntries(Object.entries(this.results()).filter(([key]) => !this.conceals(key)));
  }

  /** The Math Peek's steps the reader may see. */
  private shownDerivations(): MathItem[] {
    return this.mathItems().filter((item) => !item.reveals?.some((result) => this.conceals(result)));
  }

  /**
   * The report of the lab as it is now (the tag that reproduces it, each prediction with its
   * answer, the results the reader may see with their derivations, each chart shown as a PNG).
   */
  async report(): Promise<LabReport> {
    const { makeReport } = await import('./downloads.js');
    return makeReport(this.reportSource());
  }

  private reportSource(): ReportSource {
    return {
      lab: this.localName,
      heading: this.heading,
      embed: this.embedCode(),
      specs: this.schema.results ?? {},
      results: this.shownResults(),
      derivations: this.shownDerivations(),
      charts: this.shownFigures(),
      predictions: this.predictions,
      locale: this.settings.locale,
    };
  }

  /**
   * The control of a parameter the schema cannot draw by itself (one whose choices come from a
   * loaded model), or of a `list` or `point` parameter (drawn with lab/choice-controls.ts, which
   * only the labs that have one load); labs with such a parameter override this.
   */
  protected customControl(key: keyof P & string): TemplateResult {
    throw new Error(`<${this.localName}>: parameter ${key} needs a control of the lab's own (customControl)`);
  }

  /** The control of a parameter, as the schema describes it; hidden while it does not apply. */
  protected controlFor(key: keyof P & string): TemplateResult {
    const param = this.schema.params[key] as Param;
    const values = this.values;
    const value = values[key];
    const shown = appliesIn(this.schema, key, values);
    let control: TemplateResult;
    if (param.kind === 'choice') {
      const make = param.widget === 'toggle' ? this.toggleControl : this.selectControl;
      control = make.call(this, key, param.label, String(value), param.choices);
    } else if ((param.kind === 'integer' || param.kind === 'number') && param.widget === 'toggle') {
      control = this.toggleControl(key, param.label, String(value), choicesFrom(param.min, param.max), Number);
    } else if (param.kind === 'integer' || param.kind === 'number') {
      const { min, max } = rangeIn(this.schema, key, values);
      control = this.sliderControl(key, param.label, value as number, {
        min,
        max,
        step: param.step ?? (param.kind === 'integer' ? 1 : 0),
        scale: param.scale ?? 'linear',
        unit: param.unit ?? '',
        format: param.format ?? 'number',
      });
    } else {
      control = this.customControl(key);
    }
    return this.shownIf(shown, control);
  }

  /** Callouts, charts and readouts. */
  protected abstract renderBody(): unknown;
  /** Formulas with the current numbers, for the Math Peek panel. */
  protected abstract mathItems(): MathItem[];
  /** Key results announced with `ml-change`. */
  protected abstract results(): object;

  /**
   * Whether the results of the current state are still being computed (in slices behind a
   * progress bar, say). A change committed meanwhile is announced once they are in, so each
   * `ml-change` carries the results of the state it names.
   */
  protected resultsPending(): boolean {
    return false;
  }

  /**
   * Sets parameters as if the reader had moved their controls (a measurement's setting, a start
   * point clicked on a surface), and commits them with one `ml-change`.
   */
  protected commit(changes: Partial<StateOf<P>>): void {
    Object.assign(this, changes);
    void this.updateComplete.then(() => this.announceChange());
  }

  /** A committed change waiting for its results (see resultsPending). */
  private changeWaiting = false;

  private announceChange(): void {
    this.writeHash();
    this.changeWaiting = this.resultsPending();
    if (!this.changeWaiting) this.dispatchEvent(new MlChangeEvent(this.labState, this.shownResults()));
  }

  /**
   * With `<ml-settings hash-state>`, a lab with an `id` keeps its state in the page's URL hash
   * (`#<id>=<its attributes>`, beside other labs' entries), so a reader's link or reload gives
   * back the same view and two labs of a kind keep their own. The key, when the page opted in.
   */
  private get hashKey(): string | undefined {
    return this.settings.page.hashState && this.id ? this.id : undefined;
  }

  /** Whether the hash was read (once, as soon as the lab has a key: its id and the page's opt-in). */
  private hashRead = false;

  /** Takes the values the URL hash holds for this lab; one that makes no sense is passed over. */
  private readHash(): void {
    const key = this.hashKey;
    const prefix = key && `${encodeURIComponent(key)}=`;
    const segment = prefix && hashSegments().find((part) => part.startsWith(prefix));
    if (!segment) return;
    const attributes = new URLSearchParams(decodeURIComponent(segment.slice(prefix.length)));
    for (const [name, param] of Object.entries(this.schema.params as Params)) {
      const raw = attributeNames(name, param).map((attribute) => attributes.get(attribute)).find((text) => text !== null);
      const value = raw === undefined ? undefined : parseValue(param, raw);
      if (value !== undefined) (this as unknown as Record<string, unknown>)[name] = value;
    }
  }

  /**
   * Writes the lab's state into its segment of the URL hash (`#<id>=<attributes>`), keeping every
   * other segment as it was (another lab's, or a plain anchor such as `#methods`), and replacing
   * the history entry rather than adding one per move.
   */
  private writeHash(): void {
    const key = this.hashKey;
    if (!key) return;
    const prefix = `${encodeURIComponent(key)}=`;
    const segment = `${prefix}${encodeURIComponent(new URLSearchParams(this.changedAttributes()).toString())}`;
    const segments = hashSegments();
    const index = segments.findIndex((part) => part.startsWith(prefix));
    if (index >= 0) segments[index] = segment;
    else segments.push(segment);
    history.replaceState(history.state, '', `#${segments.join('&')}`);
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (this.changeWaiting && !this.resultsPending()) this.announceChange();
    this.prediction?.reveal();
  }

  /** The lab's state as attribute name → value (what `ml-change` carries). */
  get labState(): Record<string, unknown> {
    const values = this.values as Record<string, unknown>;
    return Object.fromEntries(Object.keys(values).map((key) => [attributeName(key), values[key]]));
  }

  /** Each parameter that is not at its default, as [attribute, text]. */
  private changedAttributes(): [string, string][] {
    const values = this.values as Record<string, unknown>;
    return Object.entries(this.schema.params as Params)
      .map(([key, param]) => [attributeName(key), formatValue(param, values[key]), formatValue(param, param.default)] as const)
      .filter(([, text, fallback]) => text !== fallback)
      .map(([name, text]) => [name, text]);
  }

  /** A tag that reproduces the current view: every parameter that is not at its default. */
  embedCode(): string {
    const escape = (value: string) => value.replaceAll('&', '&amp;').replaceAll('"', '&quot;');
    const attributes = this.changedAttributes().map(([name, text]) => `${name}="${escape(text)}"`);
    for (const name of ['controls', 'predict', 'prompt'] as const) if (this[name]) attributes.push(`${name}="${escape(this[name])}"`);
    return `<${[this.localName, ...attributes].join(' ')}></${this.localName}>`;
  }

  private readonly memos = new Map<string, { deps: readonly unknown[]; value: unknown }>();
  /**
   * The value made in this slot, made again only when one of `deps` changes (compared with ===):
   * for data that cost something to make, for what a chart takes by identity (its columns), and
   * for a template whose inputs have not changed (a hidden chart, left alone), since a lab
   * re-renders on every input and every slice of background work.
   */
  protected memo<T>(slot: string, deps: readonly unknown[], make: () => T): T {
    const kept = this.memos.get(slot);
    if (kept && kept.deps.length === deps.length && kept.deps.every((dep, i) => dep === deps[i])) return kept.value as T;
    const value = make();
    this.memos.set(slot, { deps, value });
    return value;
  }

  /**
   * Event handlers for a control bound to `property`: `input` updates the view live, `change`
   * commits and fires one `ml-change` (once the results are in; see resultsPending).
   */
  protected bind(property: string, parse: (value: string | number) => unknown = (value) => value) {
    const apply = (event: Event) => {
      (this as unknown as Record<string, unknown>)[property] = parse((event.currentTarget as Control).value);
    };
    return {
      input: apply,
      change: (event: Event) => {
        apply(event);
        void this.updateComplete.then(() => this.announceChange());
      },
    };
  }

  /**
   * A control that only some states use (the training recipe in inference, the bit width for a
   * floating format), hidden rather than removed in the others: switching back shows the same
   * element instead of building it again.
   */
  protected shownIf(shown: boolean, control: TemplateResult) {
    return html`<div class="optional" ?hidden=${!shown}>${control}</div>`;
  }

  /** A drop-down bound to `property`. */
  protected selectControl(property: string, label: string, value: string, options: readonly Choice[], parse?: Parse) {
    const on = this.bind(property, parse);
    return html`<ml-select label=${label} .value=${value} .options=${options} @input=${on.input} @change=${on.change}></ml-select>`;
  }

  /** A segmented choice bound to `property`. */
  protected toggleControl(property: string, label: string, value: string, options: readonly Choice[], parse?: Parse) {
    const on = this.bind(property, parse);
    return html`<ml-toggle label=${label} .value=${value} .options=${options} @input=${on.input} @change=${on.change}></ml-toggle>`;
  }

  /** A slider bound to the numeric `property`. */
  protected sliderControl(property: string, label: string, value: number, options: Pick<MlSlider, 'min' | 'max' | 'step' | 'scale' | 'unit' | 'format'>) {
    const on = this.bind(property, Number);
    return html`<ml-slider
      label=${label}
      .value=${value}
      min=${options.min}
      max=${options.max}
      step=${options.step}
      scale=${options.scale}
      unit=${options.unit}
      format=${options.format}
      @input=${on.input}
      @change=${on.change}
    ></ml-slider>`;
  }

  /** The parameters whose controls the reader sees: all, or those the `controls` attribute names. */
  private visibleControls(): (keyof P & string)[] {
    const chosen = new Set(this.controls.split(',').map((name) => name.trim()));
    return (Object.entries(this.schema.params) as [keyof P & string, Param][])
      .filter(([key, param]) => param.control !== false && (!this.controls.trim() || attributeNames(key, param).some((name) => chosen.has(name))))
      .map(([key]) => key);
  }

  protected override renderContent() {
    const visible = this.visibleControls();
    return html`
      <section class="lab" aria-label=${this.heading || this.localName}>
        <header part="header">
          ${this.heading ? html`<h2 class="title">${this.heading}</h2>` : nothing}
          <div class="actions" part="actions">
            <button type="button" @click=${this.copyEmbed}>Copy embed code</button>
            <button type="button" @click=${() => this.save('csv')}>Data (CSV)</button>
            <button type="button" @click=${() => this.save('png')}>Chart (PNG)</button>
            <button type="button" @click=${() => this.save('md')}>Report (Markdown)</button>
            <button type="button" @click=${() => this.save('json')}>Report (JSON)</button>
            <span class="copy-status" role="status">${this.copyStatus}</span>
            <span class="visually-hidden" role="status" aria-live="polite">${this.announcement}</span>
          </div>
        </header>
        ${this.shownEmbedCode
          ? html`<label class="embed">Embed code
              <textarea readonly rows="2" .value=${this.shownEmbedCode} @focus=${(e: Event) => (e.target as HTMLTextAreaElement).select()}></textarea>
            </label>`
          : nothing}
        ${this.prediction?.render() ?? nothing}
        <div class="layout">
          ${visible.length > 0 ? html`<div class="controls" part="controls" role="group" aria-label="Controls">${this.renderControls(visible)}</div>` : nothing}
          <div class="body" part="body">${this.renderBody()}</div>
        </div>
        <ml-math part="math" .items=${this.shownDerivations()}></ml-math>
      </section>
    `;
  }

  /** The controls, those of each group together after the rest, in a panel that opens on request. */
  private renderControls(visible: readonly (keyof P & string)[]) {
    const groupOf = (key: string) => (this.schema.params[key] as Param).group;
    const groups = [...new Set(visible.map(groupOf))].filter((group) => group !== undefined);
    return html`${visible.filter((key) => groupOf(key) === undefined).map((key) => this.controlFor(key))}
    ${groups.map(
      (group) => html`<details class="control-group">
        <summary>${group}</summary>
        <div class="group-controls">${visible.filter((key) => groupOf(key) === group).map((key) => this.controlFor(key))}</div>
      </details>`,
    )}`;
  }

  /** Shows the embed code and copies it when the page may use the clipboard. */
  private async copyEmbed(): Promise<void> {
    this.shownEmbedCode = this.embedCode();
    try {
      await navigator.clipboard.writeText(this.shownEmbedCode);
      this.copyStatus = 'Copied.';
    } catch {
      // Clipboard access needs a secure context and permission; the code is shown to copy by hand.
      this.copyStatus = 'Select the code below to copy it.';
    }
  }

  /**
   * The lab's charts and maps the reader sees, in page order (one that would give a prediction
   * away is hidden): the first is what "Data (CSV)" and "Chart (PNG)" save, and each goes in
   * the report.
   */
  private shownFigures(): Figure[] {
    return [...this.renderRoot.querySelectorAll<HTMLElement & Figure>('ml-chart, ml-heatmap')].filter((figure) => figure.checkVisibility());
  }

  private mainChart(): Figure | undefined {
    return this.shownFigures()[0];
  }

  /** Saves what the reader asked for (the code for it loads on the first click). */
  private async save(what: 'csv' | 'png' | 'md' | 'json'): Promise<void> {
    const downloads = await import('./downloads.js');
    const chart = this.mainChart();
    if (what === 'csv' && chart) downloads.saveCsv(chart, this.localName);
    else if (what === 'png' && chart) await downloads.savePng(chart, this.localName);
    else if (what === 'md' || what === 'json') await downloads.saveReport(this, this.reportSource(), what);
  }

}
