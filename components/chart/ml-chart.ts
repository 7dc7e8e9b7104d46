import { MlChart } from './chart.component.js';

export { MlChart };
export type * from './chart-types.js';

MlChart.define('ml-chart');

declare global {
  interface HTMLElementTagNameMap {
    'ml-chart': MlChart;
  }
}
