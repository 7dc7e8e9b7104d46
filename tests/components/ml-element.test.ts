import { expect, fixture, html } from '@open-wc/testing';
import '../../components/slider/ml-slider.js';
import { MlSlider } from '../../components/slider/slider.component.js';
import { MlCallout } from '../../components/callout/callout.component.js';
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
