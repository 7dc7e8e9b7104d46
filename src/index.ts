/**
 * Registers every mlsys-labs element. Import a single `mlsys-labs/ml-<name>` instead to load
 * only what a page uses.
 */
export * from '../components/chart/ml-chart.js';
export * from '../components/slider/ml-slider.js';
export * from '../components/select/ml-select.js';
export * from '../components/toggle/ml-toggle.js';
export * from '../components/readout/ml-readout.js';
export * from '../components/callout/ml-callout.js';
export * from '../components/settings/ml-settings.js';
export * from '../components/heatmap/ml-heatmap.js';
export * from '../components/math/ml-math.js';
export * from '../components/image-strip/ml-image-strip.js';
export * from '../components/batch-memory/ml-batch-memory.js';
export * from '../components/quant-lab/ml-quant-lab.js';
export * from '../components/optim-landscape/ml-optim-landscape.js';
export * from '../components/pruning-lab/ml-pruning-lab.js';
export * from '../components/attention-lab/ml-attention-lab.js';
export { MlChangeEvent, MlErrorEvent } from './lib/events.js';
export { VERSION } from './lib/define.js';
