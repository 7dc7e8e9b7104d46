import { html } from 'lit';
import { property } from 'lit/decorators.js';
import { MlElement } from '../../src/lib/ml-element.js';
import { oneOf, textUpTo } from '../../src/lib/attribute-rules.js';
import { calloutStyles } from './callout.styles.js';

const toneWords = { info: 'Note', warning: 'Warning', danger: 'Problem' } as const;
const toneMarks = { info: 'i', warning: '!', danger: '✕' } as const;

/**
 * A message about the state of a lab, such as "out of memory": what happened (heading) and
 * the first things to try (content). Widgets render it only while the state holds, so it goes
 * away when the reader fixes the cause. Warnings and problems are announced to screen readers.
 *
 * @summary A failure or notice message with what to try.
 * @slot - What to try, as text or a list.
 * @csspart heading - The heading line.
 * @csspart body - The content.
 */
export class MlCallout extends MlElement {
  static override styles = [...MlElement.styles, calloutStyles];

  static override attributeRules = { tone: oneOf(['info', 'warning', 'danger']), heading: textUpTo(200) };

  /** `info`, `warning` or `danger`; told by a mark and a word as well as colour. */
  @property() tone: 'info' | 'warning' | 'danger' = 'info';
  /** What happened, in one line. */
  @property() heading = '';

  protected override willUpdate(): void {
    this.showState(['warning', 'danger'], this.tone);
  }

  protected override renderContent() {
    return html`
      <div class="callout" role=${this.tone === 'info' ? 'status' : 'alert'}>
        <span class="mark" aria-hidden="true">${toneMarks[this.tone]}</span>
        <div>
          <p class="heading" part="heading"><span class="visually-hidden">${toneWords[this.tone]}: </span>${this.heading}</p>
          <div class="body" part="body"><slot></slot></div>
        </div>
      </div>
    `;
  }
}
