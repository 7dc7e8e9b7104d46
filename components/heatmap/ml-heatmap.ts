import { MlHeatmap } from './heatmap.component.js';

export { MlHeatmap };
export type { ColormapName } from './colormaps.js';

MlHeatmap.define('ml-heatmap');

declare global {
  interface HTMLElementTagNameMap {
    'ml-heatmap': MlHeatmap;
  }
}
