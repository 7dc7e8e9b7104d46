import { MlPruningLab } from './pruning-lab.component.js';

export { MlPruningLab };
export type { PruningLabChangeEvent, PruningLabResults } from './pruning-lab.component.js';

MlPruningLab.define('ml-pruning-lab');

declare global {
  interface HTMLElementTagNameMap {
    'ml-pruning-lab': MlPruningLab;
  }
}
