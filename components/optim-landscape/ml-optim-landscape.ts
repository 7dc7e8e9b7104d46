import { MlOptimLandscape } from './optim-landscape.component.js';

export { MlOptimLandscape };
export type { OptimLandscapeChangeEvent, OptimLandscapeResults, OptimizerResult } from './optim-landscape.component.js';

MlOptimLandscape.define('ml-optim-landscape');

declare global {
  interface HTMLElementTagNameMap {
    'ml-optim-landscape': MlOptimLandscape;
  }
}
