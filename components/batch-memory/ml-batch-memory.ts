import { MlBatchMemory } from './batch-memory.component.js';

export { MlBatchMemory };
export type { BatchMemoryChangeEvent, BatchMemoryResults } from './batch-memory.component.js';

MlBatchMemory.define('ml-batch-memory');

declare global {
  interface HTMLElementTagNameMap {
    'ml-batch-memory': MlBatchMemory;
  }
}
