import type { Derivation } from '../../src/core/shared/derivation.js';
import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { MlElement } from '../../src/lib/ml-element.js';
import { textUpTo } from '../../src/lib/attribute-rules.js';
import type { infixToMathML } from './infix-to-mathml.js';
import { mathStyles } from './math.styles.js';

type Typesetter = typeof infixToMathML;

/**
 * The typesetter, loaded when a panel first opens: most readers never open one, and the page
 * shows its charts sooner without it (in the CDN bundles it is a chunk of its own).
 */
let typesetter: Promise<Typesetter> | undefined;
function loadTypesetter(): Promise<Typesetter> {
  typesetter ??= import('./infix-to-mathml.js').then((module) => module.infixToMathML);
  // A failed download may be retried when a panel opens again.
  typesetter.catch(() => (typesetter = undefined));
  return typesetter;
}

/** One step of a core's derivation, as `<ml-math>` shows it. */
/** One formula of the panel: a core's derivation (see core/shared/derivation). */
export type MathItem = Derivation;

const relation = /^\s*[=≈≤≥<>~→]/u;

/**
 * A "Math Peek" panel: a disclosure that lists the formulas behind a lab's numbers, each in
 * MathML (rendered by the browser, no math library), with the current values substituted, the
 * result and the formula's source. Cores produce the items; formulas are plain infix strings
 * (`"Δ = (x_max − x_min)/(2^b − 1)"`) that the element typesets. Each formula's original text is
 * its accessible name, so screen readers read exactly what the core wrote.
 *
 * @summary The formulas behind a lab's numbers, with the numbers put in.
 * @csspart panel - The `<details>` element.
 * @csspart heading - The `<summary>` that opens and closes the panel.
 * @csspart list - The list of steps.
 * @csspart item - One step.
 * @csspart item-label - A step's label.
 * @csspart formula - A step's formula (a block `<math>` element).
 * @csspart substituted - The line with the numbers substituted and the result.
 * @csspart result - The result.
 * @csspart source - Where the formula comes from.
 */
export class MlMath extends MlElement {
  static override styles = [...MlElement.styles, mathStyles];

  static override attributeRules = {
    label: textUpTo(120),
  };

  /** Heading of the panel. */
  @property() label = 'Math Peek';
  /** Whether the panel is open; follows the reader opening and closing it. */
  @property({ type: Boolean, reflect: true }) open = false;
  /** The derivation steps to show, usually straight from a core's result. */
  @property({ attribute: false }) items: MathItem[] = [];

  @state() private typeset?: Typesetter;
  @state() private typesetError = '';
  private loading?: Promise<unknown>;

  protected override willUpdate(): void {
    if (!this.open || this.typeset || this.loading) return;
    this.loading = loadTypesetter().then(
      (typeset) => (this.typeset = typeset),
      (error: unknown) => {
        // Opening the panel again tries again (see onToggle).
        this.typesetError = `The formulas could not be loaded (${error instanceof Error ? error.message : String(error)}).`;
      },
    );
  }

  /** Also waits for the typesetter, so that an open panel is complete when this resolves. */
  protected override async getUpdateComplete(): Promise<boolean> {
    const complete = await super.getUpdateComplete();
    if (!this.loading || this.typeset) return complete;
    await this.loading;
    return super.getUpdateComplete();
  }

  protected override renderContent() {
    return html`
      <details part="panel" ?open=${this.open} @toggle=${this.onToggle}>
        <summary part="heading">${this.label || 'Math Peek'}</summary>
        ${!this.open
          ? nothing
          : this.items.length === 0
            ? html`<p class="empty">No formulas to show.</p>`
            : !this.typeset
              ? html`<p class="empty" role="status">${this.typesetError || 'Typesetting the formulas…'}</p>`
              : html`<ol part="list">${this.items.map((item) => this.renderItem(item, this.typeset!))}</ol>`}
      </details>
    `;
  }

  private renderItem(item: MathItem, infixToMathML: Typesetter) {
    const result = item.result ? (relation.test(item.result) ? item.result : `= ${item.result}`) : '';
    return html`
      <li part="item">
        <p class="label" part="item-label">${item.label}</p>
        <math display="block" part="formula" aria-label=${item.formula}>${infixToMathML(item.formula)}</math>
        ${item.substituted || result
          ? html`<p class="substituted" part="substituted">
              ${item.substituted
                ? html`<math aria-label=${item.substituted}>${infixToMathML(item.substituted)}</math>`
                : nothing}
              ${result ? html`<span class="result" part="result">${result}</span>` : nothing}
            </p>`
          : nothing}
        ${item.source ? html`<p class="source" part="source">${item.source}</p>` : nothing}
      </li>
    `;
  }

  private onToggle(event: Event): void {
    this.open = (event.currentTarget as HTMLDetailsElement).open;
    if (this.open && this.typesetError) {
      this.typesetError = '';
      this.loading = undefined;
    }
  }
}
