import { expect, fixture, html } from '@open-wc/testing';
import '../../components/image-strip/ml-image-strip.js';
import type { MlImageStrip } from '../../components/image-strip/ml-image-strip.js';
import { cameNear, frames, seen, until } from './frames.js';

/** Red channel of the strip's canvas at (x, y) CSS pixels from the top left of image `index`. */
function inkAt(strip: MlImageStrip, index: number, x: number, y: number): number {
  const box = strip.shadowRoot!.querySelectorAll<HTMLElement>('.image')[index]!;
  const canvas = strip.shadowRoot!.querySelector('canvas')!;
  const ratio = canvas.width / canvas.getBoundingClientRect().width;
  const left = Math.floor((box.offsetLeft + box.clientLeft + x) * ratio);
  const top = Math.floor((box.offsetTop + box.clientTop + y) * ratio);
  return canvas.getContext('2d')!.getImageData(left, top, 1, 1).data[0]!;
}

/** The strip draws in the frame after its update, once the browser has said whether it is near the viewport. */
async function drawn(strip: MlImageStrip): Promise<MlImageStrip> {
  await strip.updateComplete;
  await seen(strip, 2);
  return strip;
}

/** A one-pixel image of the given ink, with an id. */
const image = (ink: number, id: number) => ({ pixels: new Uint8Array([ink]), width: 1, height: 1, caption: String(id), id });

/** Makes the strip narrow enough that its images wrap onto more rows, and waits for the redraw. */
async function narrowUntilItWraps(strip: MlImageStrip): Promise<void> {
  strip.style.display = 'block';
  strip.style.width = '30px';
  await frames(3);
  await drawn(strip);
  const boxes = strip.shadowRoot!.querySelectorAll<HTMLElement>('.image');
  expect(boxes[2]!.offsetTop).to.be.greaterThan(boxes[0]!.offsetTop);
}

describe('ml-image-strip', () => {
  it('says so when there is nothing to show', async () => {
    const strip = await fixture<MlImageStrip>(html`<ml-image-strip empty="No prediction changed."></ml-image-strip>`);
    expect(strip.shadowRoot!.querySelector('.empty')!.textContent).to.equal('No prediction changed.');
  });

  it('draws each image scaled up without smoothing, ink dark, with its caption as the accessible name', async () => {
    const pixels = new Uint8Array([0, 255, 128, 0]);
    const strip = await drawn(await fixture<MlImageStrip>(
      html`<ml-image-strip size="40" .images=${[{ pixels, width: 2, height: 2, caption: '7, read as 1' }]}></ml-image-strip>`,
    ));
    const box = strip.shadowRoot!.querySelector<HTMLElement>('.image')!;
    expect(box.clientWidth).to.equal(40);
    expect(box.getAttribute('role')).to.equal('img');
    expect(box.getAttribute('aria-label')).to.equal('7, read as 1');
    // Each source pixel covers a 20 × 20 square.
    expect([inkAt(strip, 0, 10, 10), inkAt(strip, 0, 30, 10), inkAt(strip, 0, 10, 30), inkAt(strip, 0, 30, 30)]).to.deep.equal([255, 0, 127, 255]);
  });

  it('accepts intensities in 0–1 as well as bytes', async () => {
    const strip = await drawn(await fixture<MlImageStrip>(
      html`<ml-image-strip size="20" .images=${[{ pixels: new Float32Array([1, 0]), width: 2, height: 1, caption: 'x' }]}></ml-image-strip>`,
    ));
    expect([inkAt(strip, 0, 5, 10), inkAt(strip, 0, 15, 10)]).to.deep.equal([0, 255]);
  });

  it('draws every image at its place as the images change, and again when the strip is resized', async () => {
    const strip = await fixture<MlImageStrip>(html`<ml-image-strip size="20" .images=${[image(255, 1)]}></ml-image-strip>`);
    strip.images = [image(0, 2), image(255, 1), image(255, 3)];
    await drawn(strip);
    expect([0, 1, 2].map((i) => inkAt(strip, i, 10, 10))).to.deep.equal([255, 0, 0]);
    await narrowUntilItWraps(strip);
    expect([0, 1, 2].map((i) => inkAt(strip, i, 10, 10))).to.deep.equal([255, 0, 0]);
  });

  it('follows its width also when it started empty', async () => {
    const strip = await fixture<MlImageStrip>(html`<ml-image-strip size="20" style="display: block; width: 300px"></ml-image-strip>`);
    strip.images = [image(0, 1), image(255, 2), image(0, 3)];
    await drawn(strip);
    await narrowUntilItWraps(strip);
    expect([0, 1, 2].map((i) => inkAt(strip, i, 10, 10))).to.deep.equal([255, 0, 255]);
  });

  it('draws only near the viewport, and catches up as it comes near', async () => {
    const page = await fixture<HTMLElement>(html`<div><div style="height: 400vh"></div><ml-image-strip size="20" .images=${[image(0, 1)]}></ml-image-strip></div>`);
    const strip = page.querySelector('ml-image-strip')!;
    const near = () => (strip as unknown as { visibility: { near?: boolean } }).visibility.near;
    await drawn(strip);
    expect(inkAt(strip, 0, 10, 10)).to.equal(0); // nothing drawn: a blank canvas
    strip.scrollIntoView();
    await cameNear(strip);
    expect(inkAt(strip, 0, 10, 10)).to.equal(255);
    scrollTo(0, 0);
    await until(() => near() === false);
    strip.images = [image(0, 1), image(0, 2)];
    await drawn(strip);
    expect(inkAt(strip, 1, 10, 10)).to.equal(0);
    strip.scrollIntoView();
    await cameNear(strip);
    expect(inkAt(strip, 1, 10, 10)).to.equal(255);
    scrollTo(0, 0);
  });
});
