import { html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { MlElement } from '../../src/lib/ml-element.js';
import { changedInValue } from '../../src/lib/changed.js';
import { textUpTo } from '../../src/lib/attribute-rules.js';
import { dispatchControlEvent } from '../../src/lib/events.js';
import { controlStyles } from '../../src/lib/styles/controls.js';
import { selectStyles } from './select.styles.js';

/** One choice: the value and, optionally, the words shown for it and a group heading. */
export interface ChoiceOption {
  value: string;
  label?: string;
  group?: string;
}

/** Groups options by `group`, keeping first-seen order. */
function groupOptions(options: readonly ChoiceOption[]): [string | undefined, ChoiceOption[]][] {
  const groups = new Map<string | undefined, ChoiceOption[]>();
  for (const option of options) {
    const list = groups.get(option.group) ?? [];
    list.push(option);
    groups.set(option.group, list);
  }
  return [...groups];
}

/**
 * A labelled native `<select>`: keyboard and screen-reader support come from the platform.
 * Options are set as a property; a value that is not among them falls back to the first.
 *
 * @summary A drop-down choice for a lab parameter.
 * @fires input - When the reader picks an option.
 * @fires change - When the reader picks an option.
 * @csspart label - The label text.
 * @csspart select - The native select element.
 */
export class MlSelect extends MlElement {
  static override styles = [...MlElement.styles, controlStyles, selectStyles];

  static override attributeRules = { label: textUpTo(120), value: textUpTo(200) };

  /** Visible label. */
  @property() label = '';
  /** The chosen option's value. */
  @property() value = '';
  /** The options, in order; `group` puts them under `<optgroup>` headings. An equal new array is no change. */
  @property({ attribute: false, hasChanged: changedInValue }) options: ChoiceOption[] = [];
  /** Disables the control. */
  @property({ type: Boolean, reflect: true }) disabled = false;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('options') || changed.has('value')) && this.options.length > 0) {
      if (!this.options.some((option) => option.value === this.value)) this.value = this.options[0]!.value;
    }
  }

  protected override renderContent() {
    const option = (o: ChoiceOption) => html`<option value=${o.value} ?selected=${o.value === this.value}>${o.label ?? o.value}</option>`;
    return html`
      <label class="label" part="label" for="select">${this.label}</label>
      <select id="select" part="select" aria-label=${this.label ? nothing : 'Choice'} ?disabled=${this.disabled} @input=${this.onInput} @change=${this.onChange}>
        ${groupOptions(this.options).map(([group, options]) =>
          group === undefined ? options.map(option) : html`<optgroup label=${group}>${options.map(option)}</optgroup>`,
        )}
      </select>
    `;
  }

  private onInput(event: Event): void {
    event.stopPropagation();
    this.value = (event.target as HTMLSelectElement).value;
    dispatchControlEvent(this, 'input');
  }

  private onChange(event: Event): void {
    event.stopPropagation();
    this.value = (event.target as HTMLSelectElement).value;
    dispatchControlEvent(this, 'change');
  }
}
