import { html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { MlElement } from '../../src/lib/ml-element.js';
import { integerIn, textUpTo } from '../../src/lib/attribute-rules.js';
import { imageStripStyles } from './image-strip.styles.js';

/** One small greyscale image with its caption, e.g. a test digit and what the model made of it. */
export interface StripImage {
  /** Row-major intensities, 0–255 (`Uint8Array`) or 0–1. */
  pixels: ArrayLike<number>;
  width: number;
  height: number;
  /** Shown under the image and read to screen readers, e.g. "7, read as 1". */
  caption: string;
}

/**
 * A row of small greyscale images with captions, such as the test digits whose prediction a
 * change to the model flipped, so the reader sees the errors and not only a number. Each image
 * is a canvas at its native resolution, scaled up without smoothing.
 *
 * @summary A strip of small captioned images.
 * @csspart list - The list of images.
 * @csspart image - Each figure (canvas and caption).
 * @csspart empty - The message shown when there is no image.
 */
export class MlImageStrip extends MlElement {
  static override styles = [...MlElement.styles, imageStripStyles];

  static override attributeRules = { label: textUpTo(200), empty: textUpTo(200), size: integerIn(16, 256) };

  /** Accessible name of the strip, e.g. "Digits whose prediction changed". */
  @property() label = '';
  /** Text shown when there are no images. */
  @property() empty = 'Nothing to show.';
  /** Displayed side of each image in CSS pixels. */
  @property({ type: Number }) size = 56;
  /** The images, in order. */
  @property({ attribute: false }) images: StripImage[] = [];

  protected override renderContent() {
    if (this.images.length === 0) return html`<p class="empty" part="empty">${this.empty}</p>`;
    return html`
      <ul part="list" aria-label=${this.label || nothing}>
        ${this.images.map(
          (image) => html`<li part="image">
            <canvas width=${image.width} height=${image.height} role="img" aria-label=${image.caption}></canvas>
            <span aria-hidden="true">${image.caption}</span>
          </li>`,
        )}
      </ul>
    `;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const canvases = this.renderRoot.querySelectorAll('canvas');
    this.images.forEach((image, i) => {
      const canvas = canvases[i];
      if (!canvas) return;
      // CSSOM, not a style attribute: a strict Content-Security-Policy blocks the latter.
      canvas.style.width = canvas.style.height = `${this.size}px`;
      const context = canvas.getContext('2d');
      if (!context) return;
      const data = context.createImageData(image.width, image.height);
      const scale = image.pixels instanceof Uint8Array ? 1 : 255;
      const rgba = data.data;
      for (let p = 0; p < image.width * image.height; p++) {
        // Ink dark on a light ground, as digits are printed.
        const value = 255 - Math.round((image.pixels[p] ?? 0) * scale);
        rgba[p * 4] = rgba[p * 4 + 1] = rgba[p * 4 + 2] = value;
        rgba[p * 4 + 3] = 255;
      }
      context.putImageData(data, 0, 0);
    });
  }
}
