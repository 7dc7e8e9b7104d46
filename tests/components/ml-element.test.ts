import { expect, fixture, html } from '@open-wc/testing';
import '../../components/slider/ml-slider.js';
import { MlSlider } from '../../components/slider/slider.component.js';
import { MlCallout } from '../../components/callout/callout.component.js';
import { MlBatchMemory } from '../../components/batch-memory/batch-memory.component.js';
import { batchMemorySchema } from '../../src/core/memory/lab.js';
import { defineElement, VERSION } from '../../src/lib/define.js';

let count = 0;
const freshTag = (base: string) => `${base}-${++count}`;

describe('MlElement and defineElement', () => {
  it('defines a tag once; a second definition is ignored without an error', () => {
    const tag = freshTag('ml-define-twice');
    class First extends MlSlider {}
    class Second extends MlSlider {}
    expect(defineElement(tag, First)).to.equal(First);
    expect(defineElement(tag, Second)).to.equal(First);
    expect(customElements.get(tag)).to.equal(First);
    expect(VERSION).to.match(/^\d+\.\d+\.\d+/);
  });

  it('registers static dependencies before the element itself', () => {
    const tag = freshTag('ml-with-dependency');
    const dependencyTag = freshTag('ml-dependency');
    class Dependency extends MlCallout {}
    class WithDependency extends MlSlider {
      static override dependencies = { [dependencyTag]: Dependency };
    }
    WithDependency.define(tag);
    expect(customElements.get(dependencyTag)).to.equal(Dependency);
    expect(customElements.get(tag)).to.equal(WithDependency);
  });

  it('keeps a refused attribute as the author wrote it when the element upgrades late', async () => {
    const tag = freshTag('ml-late-callout');
    const host = await fixture(html`<div></div>`);
    host.innerHTML = `<${tag} tone="purple" theme="sepia"></${tag}>`;
    class LateCallout extends MlCallout {}
    LateCallout.define(tag);
    const callout = host.firstElementChild as MlCallout;
    await callout.updateComplete;
    await callout.updateComplete;
    expect(callout.getAttribute('tone')).to.equal('purple');
    expect(callout.getAttribute('theme')).to.equal('sepia');
    expect(callout.tone).to.equal('info');
    const notes = [...callout.shadowRoot!.querySelectorAll('.attribute-note')].map((note) => note.getAttribute('data-attribute'));
    expect(notes).to.have.members(['tone', 'theme']);
  });

  it('restores the default when a guarded attribute is removed', async () => {
    const slider = await fixture<MlSlider>(html`<ml-slider scale="log"></ml-slider>`);
    expect(slider.scale).to.equal('log');
    slider.removeAttribute('scale');
    await slider.updateComplete;
    expect(slider.scale).to.equal('linear');
  });

  it('fires one ml-error per refused attribute', async () => {
    const errors: Event[] = [];
    const host = await fixture(html`<div @ml-error=${(event: Event) => errors.push(event)}></div>`);
    const slider = document.createElement('ml-slider');
    host.append(slider);
    slider.setAttribute('min', 'NaN');
    slider.setAttribute('min', 'also bad');
    expect(errors).to.have.length(1);
    expect((errors[0] as unknown as { source: string }).source).to.equal('min');
  });
});

describe('renamed attributes', () => {
  /** A slider whose `min` was once written `minimum`. */
  class RenamedSlider extends MlSlider {
    static override renamedAttributes() {
      return { minimum: 'min' };
    }
  }
  const sliderTag = freshTag('ml-renamed-slider');
  RenamedSlider.define(sliderTag);

  /** A memory lab whose batch size was once written `batch`, declared in its schema. */
  class RenamedLab extends MlBatchMemory {
    static override schema = {
      ...batchMemorySchema,
      params: { ...batchMemorySchema.params, batchSize: { ...batchMemorySchema.params.batchSize, formerAttributes: ['batch'] } },
    };
  }
  const labTag = freshTag('ml-renamed-lab');
  RenamedLab.define(labTag);

  let warnings: string[];
  const originalWarn = console.warn;
  beforeEach(() => {
    warnings = [];
    console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
  });
  afterEach(() => {
    console.warn = originalWarn;
  });

  async function place<T extends MlSlider | MlBatchMemory>(markup: string): Promise<T> {
    const host = await fixture(html`<div></div>`);
    host.innerHTML = markup;
    const element = host.firstElementChild as T;
    await element.updateComplete;
    return element;
  }

  it('sets the value from a former name, before and after upgrade, with one console note naming the new one', async () => {
    const slider = await place<MlSlider>(`<${sliderTag} minimum="5"></${sliderTag}>`);
    expect(slider.min).to.equal(5);
    slider.setAttribute('minimum', '7');
    await slider.updateComplete;
    expect(slider.min).to.equal(7);
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.include('"minimum"').and.include('"min"');
    expect(slider.shadowRoot!.querySelector('.attribute-note')).to.equal(null);
  });

  it('lets the current name win whichever is written first, and the former name take over when it goes', async () => {
    for (const markup of [`<${sliderTag} min="3" minimum="5"></${sliderTag}>`, `<${sliderTag} minimum="5" min="3"></${sliderTag}>`]) {
      const slider = await place<MlSlider>(markup);
      expect(slider.min, markup).to.equal(3);
      slider.removeAttribute('min');
      expect(slider.min, markup).to.equal(5);
      slider.removeAttribute('minimum');
      expect(slider.min, markup).to.equal(0);
    }
  });

  it('notes a refused value under the name the author wrote', async () => {
    const slider = await place<MlSlider>(`<${sliderTag} minimum="lots"></${sliderTag}>`);
    expect(slider.min).to.equal(0);
    const note = slider.shadowRoot!.querySelector('.attribute-note')!;
    expect(note.textContent).to.match(/^minimum="lots" was ignored: minimum accepts/);
    slider.setAttribute('min', '2');
    await slider.updateComplete;
    expect(slider.shadowRoot!.querySelector('.attribute-note')).to.equal(null);
  });

  it("follows a lab's schema: the former name sets the parameter and still names its control in controls", async () => {
    const lab = await place<MlBatchMemory>(`<${labTag} batch="32" controls="batch"></${labTag}>`);
    expect(lab.batchSize).to.equal(32);
    expect(lab.embedCode()).to.include('batch-size="32"');
    const shown = [...lab.shadowRoot!.querySelectorAll('.controls > .optional')];
    expect(shown.map((slot) => slot.querySelector<MlSlider>('ml-slider')?.label)).to.deep.equal([batchMemorySchema.params.batchSize.label]);
    expect(lab.shadowRoot!.querySelector('.attribute-note')).to.equal(null);
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.include('"batch-size"');
  });
});
