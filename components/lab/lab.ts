import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { MlElement } from '../../src/lib/ml-element.js';
import { MlChangeEvent } from '../../src/lib/events.js';
import { ResizeController } from '../../src/lib/controllers/resize.js';
import { MlChart } from '../chart/chart.component.js';
import { MlSlider } from '../slider/slider.component.js';
import { MlSelect, type ChoiceOption } from '../select/select.component.js';
import { MlToggle } from '../toggle/toggle.component.js';
import { MlReadout } from '../readout/readout.component.js';
import { MlCallout } from '../callout/callout.component.js';
import { MlMath, type MathItem } from '../math/math.component.js';
import { labStyles } from './lab.styles.js';

type Control = HTMLElement & { value: string | number };
type Parse = (value: string | number) => unknown;

/** Options of a slider control, as `<ml-slider>` attributes. */
export interface SliderControl {
  min: number;
  max: number;
  step?: number;
  scale?: 'linear' | 'log' | 'pow2';
  unit?: string;
  format?: 'number' | 'bytes' | 'percent' | 'duration' | 'count';
}

/** Content width (CSS pixels) from which a lab sets its controls beside its results. */
const WIDE_LAYOUT_PX = 760;

/**
 * The frame every lab shares: title, controls, charts, readouts, Math Peek, and the actions
 * "copy embed code" (a tag that reproduces the current view), CSV of the main chart's data and
 * PNG of the main chart. Subclasses describe their controls, body and formulas; the frame lays
 * them out, shows only the controls named in the `controls` attribute (so an author can pin a
 * scenario), and announces each committed change with one `ml-change` event.
 *
 * A lab's whole state is the set of properties listed in `static stateProperties`, each of
 * which round-trips through its attribute.
 */
export abstract class MlLab extends MlElement {
  static override styles = [...MlElement.styles, labStyles];

  static override dependencies: Record<string, typeof MlElement> = {
    'ml-chart': MlChart,
    'ml-slider': MlSlider,
    'ml-select': MlSelect,
    'ml-toggle': MlToggle,
    'ml-readout': MlReadout,
    'ml-callout': MlCallout,
    'ml-math': MlMath,
  };

  /** Properties that make up the lab's state, in the order the embed code writes them. */
  static stateProperties: readonly string[] = [];

  /** Names of the lab's controls, in display order. */
  static controlNames: readonly string[] = [];

  /** Title shown above the lab. */
  @property() heading = '';

  /**
   * Comma-separated names of the controls the reader sees; the others stay fixed at their
   * attribute values. Empty shows them all.
   */
  @property() controls = '';

  @state() private copyStatus = '';
  @state() private shownEmbedCode = '';

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

  /** The controls, keyed by name; the frame renders those the `controls` attribute allows. */
  protected abstract renderControls(): Record<string, TemplateResult>;
  /** Callouts, charts and readouts. */
  protected abstract renderBody(): unknown;
  /** Formulas with the current numbers, for the Math Peek panel. */
  protected abstract mathItems(): MathItem[];
  /** Key results announced with `ml-change`. */
  protected abstract results(): Record<string, unknown>;

  /**
   * Whether the results of the current state are still being computed (in slices behind a
   * progress bar, say). A change committed meanwhile is announced once they are in, so each
   * `ml-change` carries the results of the state it names.
   */
  protected resultsPending(): boolean {
    return false;
  }

  /** A committed change waiting for its results (see resultsPending). */
  private changeWaiting = false;

  private announceChange(): void {
    this.changeWaiting = this.resultsPending();
    if (!this.changeWaiting) this.dispatchEvent(new MlChangeEvent(this.labState, this.results()));
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (this.changeWaiting && !this.resultsPending()) this.announceChange();
  }

  /** The lab's state as attribute name → value, as the embed code writes it. */
  get labState(): Record<string, string | number | boolean> {
    const ctor = this.constructor as typeof MlLab;
    const entries = ctor.stateProperties.map((name) => {
      const options = ctor.elementProperties.get(name);
      const attribute = typeof options?.attribute === 'string' ? options.attribute : name.toLowerCase();
      return [attribute, (this as unknown as Record<string, string | number | boolean>)[name]!] as const;
    });
    return Object.fromEntries(entries);
  }

  /** A tag that reproduces the current view. */
  embedCode(): string {
    const escape = (value: string) => value.replaceAll('&', '&amp;').replaceAll('"', '&quot;');
    const attributes = Object.entries(this.labState)
      .filter(([, value]) => value !== false && value !== '' && value !== undefined)
      .map(([name, value]) => (value === true ? name : `${name}="${escape(String(value))}"`));
    if (this.controls) attributes.push(`controls="${escape(this.controls)}"`);
    return `<${this.localName} ${attributes.join(' ')}></${this.localName}>`;
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
  protected selectControl(property: string, label: string, value: string, options: ChoiceOption[], parse?: Parse) {
    const on = this.bind(property, parse);
    return html`<ml-select theme=${this.settings.theme} label=${label} .value=${value} .options=${options} @input=${on.input} @change=${on.change}></ml-select>`;
  }

  /** A segmented choice bound to `property`. */
  protected toggleControl(property: string, label: string, value: string, options: ChoiceOption[], parse?: Parse) {
    const on = this.bind(property, parse);
    return html`<ml-toggle theme=${this.settings.theme} label=${label} .value=${value} .options=${options} @input=${on.input} @change=${on.change}></ml-toggle>`;
  }

  /** A slider bound to the numeric `property`. */
  protected sliderControl(property: string, label: string, value: number, options: SliderControl) {
    const on = this.bind(property, Number);
    return html`<ml-slider
      theme=${this.settings.theme}
      label=${label}
      .value=${value}
      min=${options.min}
      max=${options.max}
      step=${options.step ?? 1}
      scale=${options.scale ?? 'linear'}
      unit=${options.unit ?? ''}
      format=${options.format ?? 'number'}
      @input=${on.input}
      @change=${on.change}
    ></ml-slider>`;
  }

  private visibleControls(): string[] {
    const ctor = this.constructor as typeof MlLab;
    if (!this.controls.trim()) return [...ctor.controlNames];
    const chosen = new Set(this.controls.split(',').map((name) => name.trim()));
    return ctor.controlNames.filter((name) => chosen.has(name));
  }

  protected override renderContent() {
    const controls = this.renderControls();
    const visible = this.visibleControls();
    const theme = this.settings.theme;
    return html`
      <section class="lab" aria-label=${this.heading || this.localName}>
        <header part="header">
          ${this.heading ? html`<h2 class="title">${this.heading}</h2>` : nothing}
          <div class="actions" part="actions">
            <button type="button" @click=${this.copyEmbed}>Copy embed code</button>
            <button type="button" @click=${this.downloadCsv}>Data (CSV)</button>
            <button type="button" @click=${this.downloadPng}>Chart (PNG)</button>
            <span class="copy-status" role="status">${this.copyStatus}</span>
          </div>
        </header>
        ${this.shownEmbedCode
          ? html`<label class="embed">Embed code
              <textarea readonly rows="2" .value=${this.shownEmbedCode} @focus=${(e: Event) => (e.target as HTMLTextAreaElement).select()}></textarea>
            </label>`
          : nothing}
        <div class="layout">
          ${visible.length > 0
            ? html`<div class="controls" part="controls" role="group" aria-label="Controls">
                ${visible.map((name) => controls[name])}
              </div>`
            : nothing}
          <div class="body" part="body">${this.renderBody()}</div>
        </div>
        <ml-math part="math" theme=${theme} .items=${this.mathItems()}></ml-math>
      </section>
    `;
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

  private mainChart(): MlChart | null {
    return this.renderRoot.querySelector('ml-chart');
  }

  private download(blob: Blob, name: string): void {
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }

  private downloadCsv(): void {
    const chart = this.mainChart();
    if (chart) this.download(new Blob([chart.toCsv()], { type: 'text/csv' }), `${this.localName}.csv`);
  }

  private async downloadPng(): Promise<void> {
    const blob = await this.mainChart()?.toPngBlob();
    if (blob) this.download(blob, `${this.localName}.png`);
  }
}
