import { html, nothing, type PropertyValues } from 'lit';
import { property, query } from 'lit/decorators.js';
import { MlElement } from '../../src/lib/ml-element.js';
import { integerIn, textUpTo } from '../../src/lib/attribute-rules.js';
import { ResizeController } from '../../src/lib/controllers/resize.js';
import { VisibilityController } from '../../src/lib/controllers/visibility.js';
import { imageStripStyles } from './image-strip.styles.js';

/** One small greyscale image with its caption, e.g. a test digit and what the model made of it. */
export interface StripImage {
  /** Row-major intensities, 0–255 (`Uint8Array`) or 0–1. */
  pixels: ArrayLike<number>;
  width: number;
  height: number;
  /** Shown under the image and read to screen readers, e.g. "7, read as 1". */
  caption: string;
  /** What the image is, e.g. the index of a test sample: an image seen before is not decoded again. */
  id?: number | string;
}

/** Decoded images kept for reuse; test digits recur as a lab's settings change. */
const MAX_TILES = 256;

/**
 * A row of small greyscale images with captions, such as the test digits whose prediction a
 * change to the model flipped, so the reader sees the errors and not only a number. The images
 * wrap like text; each is scaled up from its native resolution without smoothing.
 *
 * All images are drawn on one canvas over the list, at the places the list's layout gives them,
 * in the frame after an update: a canvas per image cost the browser a drawing surface each to
 * paint and composite, which made every change of the strip slow to appear. The strip draws
 * only once it is known to be near the viewport (the browser says so after its first frame),
 * and far from it puts drawing off until it comes near.
 *
 * @summary A strip of small captioned images.
 * @csspart list - The list of images.
 * @csspart image - Each figure (image and caption).
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

  @query('ul') private list?: HTMLUListElement;
  @query('canvas') private canvas?: HTMLCanvasElement;
  private readonly tiles = new Map<unknown, HTMLCanvasElement>();

  private readonly visibility = new VisibilityController(this, () => this.draw());

  constructor() {
    super();
    // The images wrap: a new width moves them, so the canvas is drawn again.
    new ResizeController(this, () => this.list);
  }

  protected override renderContent() {
    // The list stays in the tree when empty, so the one the resize controller watches is the
    // one shown.
    const empty = this.images.length === 0;
    return html`
      ${empty ? html`<p class="empty" part="empty">${this.empty}</p>` : nothing}
      <div class="frame" ?hidden=${empty}>
        <ul part="list" aria-label=${this.label || nothing}>
          ${this.images.map(
            (image) => html`<li part="image">
              <span class="image" role="img" aria-label=${image.caption}></span>
              <span aria-hidden="true">${image.caption}</span>
            </li>`,
          )}
        </ul>
        <canvas aria-hidden="true"></canvas>
      </div>
    `;
  }

  private frame = 0;

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    // CSSOM, not a style attribute: a strict Content-Security-Policy blocks the latter.
    this.list?.style.setProperty('--_image-size', `${this.size}px`);
    // Until the browser says where the strip is, it waits: the report comes after the first
    // frame, and a strip far below would otherwise lay the page out to draw unseen images.
    if (!this.visibility.putOff()) this.drawNextFrame();
  }

  /**
   * Draws at the start of the next frame, where reading the layout costs only the layout that
   * frame does anyway; read mid-update, it would lay the page out once more.
   */
  private drawNextFrame(): void {
    cancelAnimationFrame(this.frame);
    this.frame = requestAnimationFrame(() => this.draw());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    cancelAnimationFrame(this.frame);
  }

  private draw(): void {
    const { canvas, list } = this;
    const context = canvas?.getContext('2d');
    if (!canvas || !list || !context) return;
    const ratio = devicePixelRatio || 1;
    const width = Math.round(list.offsetWidth * ratio);
    const height = Math.round(list.offsetHeight * ratio);
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
    } else {
      context.clearRect(0, 0, width, height);
    }
    context.imageSmoothingEnabled = false;
    // Boxes centred under wider captions sit at fractions of a pixel, which offsetLeft rounds.
    const origin = list.getBoundingClientRect();
    const places = list.querySelectorAll<HTMLElement>('.image');
    this.images.forEach((image, i) => {
      const place = places[i];
      if (!place) return;
      const box = place.getBoundingClientRect();
      const side = place.clientWidth * ratio;
      const x = (box.left - origin.left + place.clientLeft) * ratio;
      const y = (box.top - origin.top + place.clientTop) * ratio;
      context.save();
      context.beginPath();
      // The box's rounded corners, inside its border.
      context.roundRect(x, y, side, side, 3 * ratio);
      context.clip();
      context.drawImage(this.tile(image), x, y, side, side);
      context.restore();
    });
  }

  /** The image at its native resolution, on a canvas that is never on the page. */
  private tile(image: StripImage): HTMLCanvasElement {
    const key = image.id ?? image.pixels;
    const kept = this.tiles.get(key);
    if (kept && kept.width === image.width && kept.height === image.height) return kept;
    if (this.tiles.size >= MAX_TILES) this.tiles.clear();
    const tile = document.createElement('canvas');
    tile.width = image.width;
    tile.height = image.height;
    const context = tile.getContext('2d');
    if (context) {
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
    }
    this.tiles.set(key, tile);
    return tile;
  }
}
