import { html, nothing, type PropertyValues } from 'lit';
import { property, query } from 'lit/decorators.js';
import { MlElement } from '../../src/lib/ml-element.js';
import { numberIn, oneOf, textUpTo } from '../../src/lib/attribute-rules.js';
import { dispatchControlEvent } from '../../src/lib/events.js';
import { formatValue, withUnit, type ValueFormat } from '../../src/lib/format.js';
import { sliderStyles } from './slider.styles.js';
import { sliderTrack, type SliderScale } from './slider-scale.js';

const anyNumber = numberIn(-1e12, 1e12);

/**
 * A labelled slider on a native range input: linear, logarithmic or power-of-two steps, the
 * value written with its unit, full keyboard support (arrows, Page Up/Down, Home/End).
 *
 * @summary A slider for a lab parameter.
 * @fires input - While the value changes (dragging or keys).
 * @fires change - When the reader commits a value.
 * @csspart label - The label text.
 * @csspart value - The current value with its unit.
 * @csspart input - The native range input.
 */
export class MlSlider extends MlElement {
  static override styles = [...MlElement.styles, sliderStyles];

  static override attributeRules = {
    label: textUpTo(120),
    unit: textUpTo(40),
    scale: oneOf(['linear', 'log', 'pow2']),
    format: oneOf(['number', 'bytes', 'percent', 'duration', 'count']),
    min: anyNumber,
    max: anyNumber,
    step: numberIn(0, 1e12),
    value: anyNumber,
  };

  /** Visible label. */
  @property() label = '';
  /** Unit written after the value, in the plural, e.g. `tokens` ("1 token" is derived). */
  @property() unit = '';
  /** Step spacing: `linear`, `log` (round numbers spread evenly over the decades), or `pow2` (powers of two between min and max). */
  @property() scale: SliderScale = 'linear';
  /** How the value is written. */
  @property() format: ValueFormat = 'number';
  /** Smallest value. */
  @property({ type: Number }) min = 0;
  /** Largest value. */
  @property({ type: Number }) max = 100;
  /** Step for a linear scale (0 = continuous); a log scale stops at round numbers (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10ⁿ). */
  @property({ type: Number }) step = 1;
  /** Current value, kept within [min, max] and on a step. */
  @property({ type: Number }) value = 50;
  /** Disables the control. */
  @property({ type: Boolean, reflect: true }) disabled = false;

  @query('input') private input?: HTMLInputElement;

  override focus(options?: FocusOptions): void {
    this.input?.focus(options);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // A value set by an author or a lab is kept as given (within range); the native input shows
    // the nearest position. Only the reader's own moves land on steps.
    if (changed.has('value') || changed.has('min') || changed.has('max')) {
      const low = Math.min(this.min, this.max);
      const high = Math.max(this.min, this.max);
      this.value = Math.min(Math.max(this.value, low), high);
    }
  }

  protected override renderContent() {
    const track = this.track();
    const text = this.valueText(this.value);
    return html`
      <div class="head">
        <label part="label" for="input">${this.label}</label>
        <output part="value" for="input">${text}</output>
      </div>
      <input
        id="input"
        part="input"
        type="range"
        min=${track.min}
        max=${track.max}
        step=${track.step}
        .value=${String(track.toPosition(this.value))}
        aria-valuetext=${text}
        aria-label=${this.label ? nothing : 'Value'}
        ?disabled=${this.disabled}
        @input=${this.onInput}
        @change=${this.onChange}
      />
      <div class="hint" aria-hidden="true"><span>${this.valueText(this.min)}</span><span>${this.valueText(this.max)}</span></div>
    `;
  }

  private track() {
    return sliderTrack(this.scale, Math.min(this.min, this.max), Math.max(this.min, this.max), this.step);
  }

  private valueText(value: number): string {
    return withUnit(formatValue(value, this.format, this.settings.locale), value, this.unit);
  }

  private readValue(event: Event): void {
    event.stopPropagation();
    this.value = this.track().toValue(Number((event.target as HTMLInputElement).value));
  }

  private onInput(event: Event): void {
    this.readValue(event);
    dispatchControlEvent(this, 'input');
  }

  private onChange(event: Event): void {
    this.readValue(event);
    dispatchControlEvent(this, 'change');
  }
}
