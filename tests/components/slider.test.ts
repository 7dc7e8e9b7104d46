import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../components/slider/ml-slider.js';
import type { MlSlider } from '../../components/slider/ml-slider.js';

const rangeInput = (slider: MlSlider) => slider.shadowRoot!.querySelector('input')!;

describe('ml-slider', () => {
  it('has sensible defaults', async () => {
    const slider = await fixture<MlSlider>(html`<ml-slider></ml-slider>`);
    expect(slider.value).to.equal(50);
    expect(slider.min).to.equal(0);
    expect(slider.max).to.equal(100);
    expect(slider.scale).to.equal('linear');
  });

  it('steps through powers of two and writes the unit', async () => {
    const slider = await fixture<MlSlider>(
      html`<ml-slider scale="pow2" min="1" max="4096" value="64" unit="samples" label="Batch"></ml-slider>`,
    );
    const input = rangeInput(slider);
    expect(input.min).to.equal('0');
    expect(input.max).to.equal('12');
    expect(input.value).to.equal('6');
    expect(slider.shadowRoot!.querySelector('output')!.textContent).to.equal('64 samples');
    expect(input.getAttribute('aria-valuetext')).to.equal('64 samples');
  });

  it('keeps a value set by the author between powers of two, showing the nearest position', async () => {
    const slider = await fixture<MlSlider>(html`<ml-slider scale="pow2" min="1" max="1024" value="100"></ml-slider>`);
    expect(slider.value).to.equal(100);
    expect(rangeInput(slider).value).to.equal('7');
  });

  it('fires input then change once each on a keyboard step, and nothing on programmatic sets', async () => {
    const slider = await fixture<MlSlider>(html`<ml-slider scale="pow2" min="1" max="1024" value="8"></ml-slider>`);
    const events: string[] = [];
    slider.addEventListener('input', () => events.push('input'));
    slider.addEventListener('change', () => events.push('change'));
    slider.value = 32;
    await slider.updateComplete;
    expect(events).to.deep.equal([]);

    const input = rangeInput(slider);
    input.focus();
    input.stepUp();
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    input.dispatchEvent(new Event('change', { bubbles: true }));
    expect(events).to.deep.equal(['input', 'change']);
    expect(slider.value).to.equal(64);
  });

  it('keeps the value inside [min, max]', async () => {
    const slider = await fixture<MlSlider>(html`<ml-slider min="10" max="20" value="5"></ml-slider>`);
    expect(slider.value).to.equal(10);
    slider.value = 99;
    await slider.updateComplete;
    expect(slider.value).to.equal(20);
  });

  it('refuses a nonsense attribute value with an inline note and keeps the default', async () => {
    const slider = await fixture<MlSlider>(html`<ml-slider scale="cubic"></ml-slider>`);
    expect(slider.scale).to.equal('linear');
    const note = slider.shadowRoot!.querySelector('.attribute-note')!;
    expect(note.textContent).to.contain('scale');
    expect(note.textContent).to.contain('“pow2”');
    slider.setAttribute('scale', 'log');
    await slider.updateComplete;
    expect(slider.scale).to.equal('log');
    expect(slider.shadowRoot!.querySelector('.attribute-note')).to.equal(null);
  });

  it('a log scale stops at round numbers, and each arrow key press reaches the next one', async () => {
    const slider = await fixture<MlSlider>(html`<ml-slider scale="log" min="0.0001" max="2" value="0.037"></ml-slider>`);
    expect(slider.value).to.equal(0.037);
    const input = rangeInput(slider);
    input.focus();
    const { sendKeys } = await import('@web/test-runner-commands');
    const seen: number[] = [];
    for (let i = 0; i < 3; i++) {
      await sendKeys({ press: 'ArrowRight' });
      await slider.updateComplete;
      seen.push(slider.value);
    }
    expect(seen).to.deep.equal([0.05, 0.06, 0.08]);
    input.value = input.max;
    input.dispatchEvent(new Event('input'));
    expect(slider.value).to.equal(2);
  });

  it('a real key press changes the value (keyboard operable)', async () => {
    const slider = await fixture<MlSlider>(html`<ml-slider min="0" max="10" value="5"></ml-slider>`);
    const changed = oneEvent(slider, 'change');
    rangeInput(slider).focus();
    const { sendKeys } = await import('@web/test-runner-commands');
    await sendKeys({ press: 'ArrowRight' });
    await changed;
    expect(slider.value).to.equal(6);
  });
});
