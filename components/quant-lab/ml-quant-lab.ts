import { MlQuantLab } from './quant-lab.component.js';

export { MlQuantLab };
export type { QuantLabChangeEvent, QuantLabResults } from './quant-lab.component.js';

MlQuantLab.define('ml-quant-lab');

declare global {
  interface HTMLElementTagNameMap {
    'ml-quant-lab': MlQuantLab;
  }
}
