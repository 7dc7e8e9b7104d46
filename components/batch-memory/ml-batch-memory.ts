import { MlBatchMemory } from './batch-memory.component.js';

export { MlBatchMemory };

MlBatchMemory.define('ml-batch-memory');

declare global {
  interface HTMLElementTagNameMap {
    'ml-batch-memory': MlBatchMemory;
  }
}
