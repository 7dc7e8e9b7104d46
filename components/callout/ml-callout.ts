import { MlCallout } from './callout.component.js';

export { MlCallout };

MlCallout.define('ml-callout');

declare global {
  interface HTMLElementTagNameMap {
    'ml-callout': MlCallout;
  }
}
