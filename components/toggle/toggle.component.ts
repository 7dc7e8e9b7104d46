import { html, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { MlElement } from '../../src/lib/ml-element.js';
import { changedInValue } from '../../src/lib/changed.js';
import { textUpTo } from '../../src/lib/attribute-rules.js';
import { dispatchControlEvent } from '../../src/lib/events.js';
import { controlStyles } from '../../src/lib/styles/controls.js';
import type { ChoiceOption } from '../select/select.component.js';
import { toggleStyles } from './toggle.styles.js';

let groupCount = 0;

/**
 * A segmented choice between a few options (two make a toggle), built on native radio inputs
 * in a fieldset: Tab reaches the group, arrow keys move the choice, and the chosen option is
 * shown by a mark and weight as well as colour.
 *
 * @summary A segmented control for a small set of choices.
 * @fires input - When the reader picks an option.
 * @fires change - When the reader picks an option.
 * @csspart label - The group's legend.
 * @csspart options - The row of options.
 */
export class MlToggle extends MlElement {
  static override styles = [...MlElement.styles, controlStyles, toggleStyles];

  static override attributeRules = { label: textUpTo(120), value: textUpTo(200) };

  /** Visible label of the group. */
  @property() label = '';
  /** The chosen option's value. */
  @property() value = '';
  /** The options, in order (2–6 read best). An equal new array is no change. */
  @property({ attribute: false, hasChanged: changedInValue }) options: ChoiceOption[] = [];
  /** Disables the control. */
  @property({ type: Boolean, reflect: true }) disabled = false;

  private readonly groupName = `ml-toggle-${++groupCount}`;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('options') || changed.has('value')) && this.options.length > 0) {
      if (!this.options.some((option) => option.value === this.value)) this.value = this.options[0]!.value;
    }
  }

  protected override renderContent() {
    return html`
      <fieldset ?disabled=${this.disabled}>
        <legend class="label" part="label">${this.label}</legend>
        <div class="options" part="options">
          ${this.options.map(
            (option) => html`
              <label class=${option.value === this.value ? 'chosen' : ''}>
                <input
                  type="radio"
                  name=${this.groupName}
                  .value=${option.value}
                  .checked=${option.value === this.value}
                  @input=${this.onInput}
                  @change=${this.onChange}
                />
                <span>${option.label ?? option.value}</span>
              </label>
            `,
          )}
        </div>
      </fieldset>
    `;
  }

  private onInput(event: Event): void {
    event.stopPropagation();
    this.value = (event.target as HTMLInputElement).value;
    dispatchControlEvent(this, 'input');
  }

  private onChange(event: Event): void {
    event.stopPropagation();
    this.value = (event.target as HTMLInputElement).value;
    dispatchControlEvent(this, 'change');
  }
}
