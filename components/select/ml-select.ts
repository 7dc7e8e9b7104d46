import { MlSelect } from './select.component.js';

export { MlSelect };
export type { ChoiceOption } from './select.component.js';

MlSelect.define('ml-select');

declare global {
  interface HTMLElementTagNameMap {
    'ml-select': MlSelect;
  }
}
