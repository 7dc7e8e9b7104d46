import { MlAttentionLab } from './attention-lab.component.js';

export { MlAttentionLab };
export type { AttentionLabChangeEvent, AttentionLabResults } from './attention-lab.component.js';

MlAttentionLab.define('ml-attention-lab');

declare global {
  interface HTMLElementTagNameMap {
    'ml-attention-lab': MlAttentionLab;
  }
}
