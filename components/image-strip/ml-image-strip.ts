import { MlImageStrip } from './image-strip.component.js';

export { MlImageStrip };
export type { StripImage } from './image-strip.component.js';

MlImageStrip.define('ml-image-strip');

declare global {
  interface HTMLElementTagNameMap {
    'ml-image-strip': MlImageStrip;
  }
}
