import { MlMath } from './math.component.js';

export { MlMath };
export type { MathItem } from './math.component.js';

MlMath.define('ml-math');

declare global {
  interface HTMLElementTagNameMap {
    'ml-math': MlMath;
  }
}
