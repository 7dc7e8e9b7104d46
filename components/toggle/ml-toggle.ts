import { MlToggle } from './toggle.component.js';

export { MlToggle };

MlToggle.define('ml-toggle');

declare global {
  interface HTMLElementTagNameMap {
    'ml-toggle': MlToggle;
  }
}
