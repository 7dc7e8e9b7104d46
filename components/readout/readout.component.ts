import { html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { MlElement } from '../../src/lib/ml-element.js';
import { numberIn, oneOf, textUpTo } from '../../src/lib/attribute-rules.js';
import { formatValue, withUnit, type ValueFormat } from '../../src/lib/format.js';
import { readoutStyles } from './readout.styles.js';

const statusWords = { ok: 'OK', warning: 'Warning', danger: 'Problem' } as const;
const statusMarks = { ok: '✓', warning: '!', danger: '✕' } as const;

/**
 * A metric card: a label, a value formatted for people, and a line of detail. A status is told
 * in words and a mark as well as colour.
 *
 * @summary A metric card for a key result.
 * @slot detail - Rich detail under the value (overrides the `detail` attribute).
 * @csspart label - The label.
 * @csspart value - The formatted value.
 * @csspart detail - The detail line.
 */
export class MlReadout extends MlElement {
  static override styles = [...MlElement.styles, readoutStyles];

  static override attributeRules = {
    label: textUpTo(120),
    detail: textUpTo(300),
    text: textUpTo(120),
    value: numberIn(-1e300, 1e300),
    format: oneOf(['number', 'bytes', 'percent', 'duration', 'count']),
    status: oneOf(['none', 'ok', 'warning', 'danger']),
    unit: textUpTo(40),
  };

  /** What the number is, e.g. "Total memory". */
  @property() label = '';
  /** The number; formatted by `format`. */
  @property({ type: Number }) value: number = Number.NaN;
  /** Text shown instead of the number (e.g. a device name or "does not fit"). */
  @property() text = '';
  /** How the number is written: `number`, `bytes`, `percent`, `duration`, `count`. */
  @property() format: ValueFormat = 'number';
  /** Unit written after a plain number, e.g. `samples/s`. */
  @property() unit = '';
  /** Detail line under the value, e.g. "of 16 GB on a T4". */
  @property() detail = '';
  /** `ok`, `warning` or `danger` adds a mark, a word for screen readers and a colour. */
  @property() status: 'none' | 'ok' | 'warning' | 'danger' = 'none';

  protected override willUpdate(): void {
    this.showState(['ok', 'warning', 'danger'], this.status);
  }

  protected override renderContent() {
    const number = Number.isFinite(this.value) ? formatValue(this.value, this.format, this.settings.locale) : '–';
    const shown = this.text || (Number.isFinite(this.value) ? withUnit(number, this.value, this.unit) : number);
    const status = this.status === 'none' ? undefined : this.status;
    return html`
      <div class="card" role="group" aria-label=${this.label}>
        <div class="label" part="label">${this.label}</div>
        <div class="value" part="value">
          ${status ? html`<span class="mark" aria-hidden="true">${statusMarks[status]}</span><span class="visually-hidden">${statusWords[status]}:</span>` : nothing}
          ${shown}
        </div>
        <div class="detail" part="detail"><slot name="detail">${this.detail}</slot></div>
      </div>
    `;
  }
}
