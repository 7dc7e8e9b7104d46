import { MlSettings } from './settings.component.js';

export { MlSettings };

MlSettings.define('ml-settings');

declare global {
  interface HTMLElementTagNameMap {
    'ml-settings': MlSettings;
  }
}
