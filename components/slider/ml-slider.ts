import { MlSlider } from './slider.component.js';

export { MlSlider };

MlSlider.define('ml-slider');

declare global {
  interface HTMLElementTagNameMap {
    'ml-slider': MlSlider;
  }
}
