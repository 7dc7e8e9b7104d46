import { MlQuantLab } from './quant-lab.component.js';

export { MlQuantLab };

MlQuantLab.define('ml-quant-lab');

declare global {
  interface HTMLElementTagNameMap {
    'ml-quant-lab': MlQuantLab;
  }
}
