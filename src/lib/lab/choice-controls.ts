import { css, html, type TemplateResult } from 'lit';
import type { ListParam, PointParam } from '../../core/shared/lab-schema.js';

/**
 * Controls for the schema's `list` and `point` parameters (optimizers to race, a start point),
 * for a lab to return from `customControl`. Kept out of the runtime every lab loads: only the
 * labs with such a parameter pay for them. Each fires the lab's own `bind` handlers, so a change
 * commits and announces itself like any control's.
 */

type Handlers = { input: (event: Event) => void; change: (event: Event) => void };

/** The list with `item` added at the end (the order is the reader's) or, when it is there, removed. */
export function toggled(list: readonly string[], item: string | number): string[] {
  const value = String(item);
  return list.includes(value) ? list.filter((entry) => entry !== value) : [...list, value];
}

/**
 * A checkbox per choice, `mark(value)` beside each name. The last of the `minItems` checked
 * cannot be unchecked. `on` comes from the lab's `bind(key, (item) => toggled(current, item))`:
 * a checkbox fires input and change for one click, and its change alone applies and commits.
 */
export function listControl(param: ListParam, value: readonly string[], on: Handlers, mark: (value: string) => unknown): TemplateResult {
  const locked = value.length <= (param.minItems ?? 0);
  return html`<fieldset class="choice-list">
    <legend>${param.label}</legend>
    ${param.choices.map((choice) => {
      const checked = value.includes(choice.value);
      return html`<label>
        <input type="checkbox" .value=${choice.value} .checked=${checked} ?disabled=${checked && locked} @change=${on.change} />
        ${mark(choice.value)}<span>${choice.label ?? choice.value}</span>
      </label>`;
    })}
  </fieldset>`;
}

/** The point with one coordinate set from a box's text, or as it was when the text is empty or out of range. */
export function pointWith(param: PointParam, value: readonly [number, number], axis: 0 | 1, text: string | number): readonly [number, number] {
  const number = text === '' ? Number.NaN : Number(text);
  if (!(number >= param.min[axis] && number <= param.max[axis])) return value;
  return axis === 0 ? [number, value[1]] : [value[0], number];
}

/** Two number boxes, x and y; `on(axis)` comes from the lab's `bind(key, (text) => pointWith(param, current, axis, text))`. */
export function pointControl(param: PointParam, value: readonly [number, number], on: (axis: 0 | 1) => Handlers): TemplateResult {
  const box = (axis: 0 | 1) => {
    const handlers = on(axis);
    return html`<label>
      <span>${axis === 0 ? 'x' : 'y'}</span>
      <input
        type="number"
        min=${param.min[axis]}
        max=${param.max[axis]}
        step=${param.step ?? 'any'}
        .value=${String(value[axis])}
        @input=${handlers.input}
        @change=${handlers.change}
      />
    </label>`;
  };
  return html`<fieldset class="point">
    <legend>${param.label}</legend>
    ${box(0)} ${box(1)}
  </fieldset>`;
}

export const choiceControlStyles = css`
  fieldset.choice-list,
  fieldset.point {
    margin: 0;
    padding: 0;
    border: 0;
    min-width: 0;
  }
  fieldset.choice-list legend,
  fieldset.point legend {
    padding: 0;
    margin-bottom: 4px;
    font-size: 0.875rem;
    font-weight: 600;
  }
  fieldset.choice-list {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(9.5rem, 1fr));
    gap: 2px 8px;
  }
  fieldset.choice-list legend {
    grid-column: 1 / -1;
  }
  fieldset.choice-list label {
    display: flex;
    align-items: center;
    gap: 6px;
    font-size: 0.875rem;
    cursor: pointer;
  }
  fieldset.choice-list input {
    margin: 0;
    accent-color: var(--_accent);
  }
  fieldset.point {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 12px;
  }
  fieldset.point legend {
    width: 100%;
  }
  fieldset.point label {
    display: flex;
    align-items: center;
    gap: 6px;
    font-size: 0.875rem;
  }
  fieldset.point input {
    width: 6.5rem;
    font: inherit;
    font-size: 0.875rem;
    font-variant-numeric: tabular-nums;
    color: var(--_fg);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 3px 6px;
  }
`;
