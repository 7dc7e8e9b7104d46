import { expect, fixture, html } from '@open-wc/testing';
import '../../components/image-strip/ml-image-strip.js';
import type { MlImageStrip } from '../../components/image-strip/ml-image-strip.js';

describe('ml-image-strip', () => {
  it('says so when there is nothing to show', async () => {
    const strip = await fixture<MlImageStrip>(html`<ml-image-strip empty="No prediction changed."></ml-image-strip>`);
    expect(strip.shadowRoot!.querySelector('.empty')!.textContent).to.equal('No prediction changed.');
  });

  it('draws each image at its own resolution, ink dark, with its caption as the accessible name', async () => {
    const pixels = new Uint8Array([0, 255, 128, 0]);
    const strip = await fixture<MlImageStrip>(
      html`<ml-image-strip size="40" .images=${[{ pixels, width: 2, height: 2, caption: '7, read as 1' }]}></ml-image-strip>`,
    );
    const canvas = strip.shadowRoot!.querySelector('canvas')!;
    expect([canvas.width, canvas.height]).to.deep.equal([2, 2]);
    expect(canvas.style.width).to.equal('40px');
    expect(canvas.getAttribute('aria-label')).to.equal('7, read as 1');
    const data = canvas.getContext('2d')!.getImageData(0, 0, 2, 2).data;
    expect([data[0], data[4], data[8]]).to.deep.equal([255, 0, 127]);
  });

  it('accepts intensities in 0–1 as well as bytes', async () => {
    const strip = await fixture<MlImageStrip>(
      html`<ml-image-strip .images=${[{ pixels: new Float32Array([1, 0]), width: 2, height: 1, caption: 'x' }]}></ml-image-strip>`,
    );
    const data = strip.shadowRoot!.querySelector('canvas')!.getContext('2d')!.getImageData(0, 0, 2, 1).data;
    expect([data[0], data[4]]).to.deep.equal([0, 255]);
  });
});
