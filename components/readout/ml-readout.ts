import { MlReadout } from './readout.component.js';

export { MlReadout };

MlReadout.define('ml-readout');

declare global {
  interface HTMLElementTagNameMap {
    'ml-readout': MlReadout;
  }
}
