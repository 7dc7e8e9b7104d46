/**
 * The contract every lab keeps, run for each lab by tests/conformance/labs.test.ts (so a new
 * lab is covered the day it is added): its `@property` declarations match its schema; its embed
 * code reproduces its state; the `controls` attribute shows exactly the controls it names; one
 * `ml-change` per committed change and none for a programmatic set; values beyond a control's
 * range are refused with a note, and each control offers exactly the schema's range or choices.
 */
import { expect } from '@open-wc/testing';
import { attributeName, formatValue, rangeIn, schemaProblems, type Choice, type Param } from '../../src/core/shared/lab-schema.js';
import type { MlLab } from '../../src/lib/lab/lab.js';

type Lab = MlLab & Record<string, unknown>;
type LabClass = typeof MlLab;

async function place(tag: string, attributes: Record<string, string> = {}): Promise<Lab> {
  const lab = document.createElement(tag) as Lab;
  for (const [name, value] of Object.entries(attributes)) lab.setAttribute(name, value);
  document.body.append(lab);
  await settled(lab);
  return lab;
}

/** Waits until the lab shows the results of its current state (a model lab loads and evaluates first). */
export async function settled(lab: MlLab): Promise<void> {
  await lab.updateComplete;
  for (let i = 0; i < 1000 && lab.matches(':state(loading), :state(stale)'); i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    await lab.updateComplete;
  }
  await lab.updateComplete;
}

/** Moves the first visible slider of a lab to its minimum, as a reader would, and commits. */
async function commitFirstSlider(lab: MlLab): Promise<void> {
  const slider = lab.shadowRoot!.querySelector('.controls > .optional:not([hidden]) ml-slider')!;
  const input = slider.shadowRoot!.querySelector('input')!;
  input.value = input.min;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  input.dispatchEvent(new Event('change', { bubbles: true }));
  await settled(lab);
  await new Promise((resolve) => setTimeout(resolve));
  await settled(lab);
}

/** The control wrappers in the controls panel, in order. */
/** The controls' slots in the order they show: ungrouped parameters first, then each group's (its panel closed or not). */
const controlSlots = (lab: MlLab) => [...lab.shadowRoot!.querySelectorAll('.controls .optional')];

/** Parameters in the order their controls show, as the runtime sets them out: the ungrouped, then each group's in turn. */
function shownOrder<T extends [string, Param]>(entries: T[]): T[] {
  const groups = [undefined, ...new Set(entries.flatMap(([, param]) => (param.group === undefined ? [] : [param.group])))];
  return groups.flatMap((group) => entries.filter(([, param]) => param.group === group));
}

/** A value of each parameter other than its default, within its range in `state`. */
function otherValue(lab: Lab, key: string, param: Param): unknown {
  switch (param.kind) {
    case 'choice':
      return [...param.choices].reverse().find((choice) => choice.value !== param.default)!.value;
    case 'integer':
    case 'number': {
      const { min, max } = rangeIn((lab.constructor as LabClass).schema, key, lab.values);
      return param.default === max ? min : max;
    }
    case 'text':
      // Quotes and angle brackets must survive the embed code's escaping.
      return 'a&"<b>';
    case 'list':
      return param.choices.map((choice) => choice.value).filter((value) => !param.default.includes(value));
    case 'point':
      return [param.max[0], param.min[1]];
  }
}

export function runLabContractTests(tag: string): void {
  const ctor = () => customElements.get(tag) as unknown as LabClass;
  const params = () => Object.entries(ctor().schema.params) as [string, Param][];

  describe(`<${tag}> lab contract`, () => {
    afterEach(() => document.body.replaceChildren());

    it('declares a consistent schema, and a @property for each parameter with its attribute, type and default', () => {
      expect(schemaProblems(ctor().schema)).to.deep.equal([]);
      const lab = document.createElement(tag) as Lab;
      for (const [key, param] of params()) {
        const options = ctor().elementProperties.get(key);
        expect(options, `${tag}: @property ${key}`).to.not.equal(undefined);
        const attribute = typeof options!.attribute === 'string' ? options!.attribute : key.toLowerCase();
        expect(attribute, `${tag}: attribute of ${key}`).to.equal(attributeName(key));
        const numeric = param.kind === 'integer' || param.kind === 'number';
        expect(options!.type === Number, `${tag}: ${key} is ${numeric ? '' : 'not '}a Number property`).to.equal(numeric);
        expect(formatValue(param, lab[key]), `${tag}: default of ${key}`).to.equal(formatValue(param, param.default));
      }
      const own = [...ctor().elementProperties.keys()].filter((key) => !(ctor().elementProperties.get(key)!.state ?? false));
      // Besides its parameters, a lab has the runtime's own attributes (and a model lab, `assets`).
      const runtime = ['theme', 'heading', 'controls', 'predict', 'prompt', 'assets'];
      const extra = own.filter((key) => !(String(key) in ctor().schema.params) && !runtime.includes(String(key)));
      expect(extra, `${tag}: properties outside the schema`).to.deep.equal([]);
    });

    it('gives embed code that reproduces its state', async () => {
      const lab = await place(tag);
      for (const [key, param] of params()) {
        lab[key] = otherValue(lab, key, param);
        await settled(lab);
      }
      lab.controls = ctor().controlNames.slice(0, 2).join(',');
      const code = lab.embedCode();
      const holder = document.createElement('div');
      holder.innerHTML = code;
      const clone = holder.firstElementChild as Lab;
      document.body.append(holder);
      await settled(clone);
      expect(clone.labState, code).to.deep.equal(lab.labState);
      expect(clone.controls).to.equal(lab.controls);
      expect(clone.shadowRoot!.querySelector('.attribute-note'), code).to.equal(null);
    });

    it('shows only the controls the controls attribute names', async () => {
      for (const name of ctor().controlNames) {
        const lab = await place(tag, { controls: name });
        expect(controlSlots(lab), `${tag} controls="${name}"`).to.have.length(1);
        lab.remove();
      }
      const all = await place(tag);
      expect(controlSlots(all)).to.have.length(ctor().controlNames.length);
    });

    it('fires one ml-change per committed change, and none when a property is set from code', async () => {
      const lab = await place(tag);
      const changes: Event[] = [];
      lab.addEventListener('ml-change', (event) => changes.push(event));
      for (const [key, param] of params()) {
        if (param.kind === 'text') continue;
        lab[key] = otherValue(lab, key, param);
        await settled(lab);
      }
      expect(changes, 'programmatic sets').to.have.length(0);
      // The reader commits a move of the first slider of a lab at its defaults.
      lab.remove();
      const fresh = await place(tag);
      fresh.addEventListener('ml-change', (event) => changes.push(event));
      await commitFirstSlider(fresh);
      expect(changes, 'one commit').to.have.length(1);
      const detail = changes[0] as unknown as { state: Record<string, unknown> };
      expect(detail.state).to.deep.equal(fresh.labState);
    });

    it('offers exactly the range and choices of its schema, and refuses attribute values beyond them', async () => {
      const lab = await place(tag);
      const keys = shownOrder(params().filter(([, param]) => param.control !== false));
      const slots = controlSlots(lab);
      for (const [index, [key, param]] of keys.entries()) {
        const control = slots[index]!.querySelector('ml-slider, ml-select, ml-toggle') as (HTMLElement & { min: number; max: number; options: Choice[] }) | null;
        if (param.kind === 'choice') {
          expect(control!.options.map((o) => o.value), `${tag}: choices of ${key}`).to.deep.equal(param.choices.map((c) => c.value));
        }
        if ((param.kind === 'integer' || param.kind === 'number') && control?.localName === 'ml-slider') {
          const range = rangeIn(ctor().schema, key, lab.values);
          expect([control.min, control.max], `${tag}: range of ${key}`).to.deep.equal([range.min, range.max]);
        }
      }
      for (const [key, param] of params()) {
        if (param.kind !== 'integer' && param.kind !== 'number') continue;
        const name = attributeName(key);
        for (const beyond of [param.max + 1, param.min - 1]) {
          const refused = await place(tag, { [name]: String(beyond) });
          const note = refused.shadowRoot!.querySelector(`.attribute-note[data-attribute="${name}"]`);
          expect(note?.textContent, `${tag} ${name}="${beyond}"`).to.contain(`${name} accepts`);
          expect(refused[key], `${tag} ${name}="${beyond}" keeps the default`).to.equal(param.default);
          refused.remove();
        }
      }
    });

    it('keeps its state in the URL hash when the page opts in, one entry per lab id', async () => {
      const clearHash = () => history.replaceState(history.state, '', `${location.pathname}${location.search}`);
      history.replaceState(history.state, '', '#methods');
      const page = async (ids: string[]) => {
        const settings = document.createElement('ml-settings');
        settings.setAttribute('hash-state', '');
        settings.innerHTML = ids.map((id) => `<${tag} id="${id}"></${tag}>`).join('');
        document.body.append(settings);
        const labs = [...settings.children] as Lab[];
        for (const lab of labs) await settled(lab);
        return labs;
      };
      const [first, second] = await page(['first-lab', 'second-lab']);
      await commitFirstSlider(first!);
      const entries = new URLSearchParams(location.hash.slice(1));
      // The page's own anchor stays; the lab adds its entry beside it.
      expect([...entries.keys()]).to.deep.equal(['methods', 'first-lab']);
      expect(location.hash.startsWith('#methods&first-lab=')).to.equal(true);
      const reader = { ...first!.labState };
      expect(reader).to.not.deep.equal(second!.labState);
      document.body.replaceChildren();
      // A reload: the same ids read their entries back; the other lab keeps its defaults.
      const [again, other] = await page(['first-lab', 'second-lab']);
      expect(again!.labState).to.deep.equal(reader);
      expect(other!.labState).to.deep.equal(second!.labState);
      clearHash();
    });
  });
}
