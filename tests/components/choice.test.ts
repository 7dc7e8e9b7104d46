import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../components/select/ml-select.js';
import '../../components/toggle/ml-toggle.js';
import type { MlSelect } from '../../components/select/ml-select.js';
import type { MlToggle } from '../../components/toggle/ml-toggle.js';

const options = () => [
  { value: 'a', label: 'A' },
  { value: 'b', label: 'B' },
];

describe('ml-select and ml-toggle options', () => {
  it('update only when the options differ, not when a lab passes an equal new array', async () => {
    const select = await fixture<MlSelect>(html`<ml-select label="Pick" value="a" .options=${options()}></ml-select>`);
    const toggle = await fixture<MlToggle>(html`<ml-toggle label="Pick" value="a" .options=${options()}></ml-toggle>`);
    for (const element of [select, toggle]) {
      element.options = options();
      expect(element.isUpdatePending).to.equal(false);
      element.options = [...options(), { value: 'c', label: 'C' }];
      expect(element.isUpdatePending).to.equal(true);
      await element.updateComplete;
      expect(element.shadowRoot!.textContent).to.contain('C');
    }
  });

  it('are named by their labels alone: a chosen toggle option shows its check mark without announcing it', async () => {
    const toggle = await fixture<MlToggle>(html`<ml-toggle label="Model" value="mlp" .options=${[{ value: 'mlp', label: 'MLP' }, { value: 'cnn', label: 'CNN' }]}></ml-toggle>`);
    const chosen = toggle.shadowRoot!.querySelector('label.chosen span')!;
    // The mark is seen, drawn by the style rather than written in the text.
    expect(getComputedStyle(chosen, '::before').content).to.contain('✓');
    expect(chosen.textContent).to.equal('MLP');
    expect(await executeServerCommand('accessible-names', { role: 'radio' })).to.deep.equal(['MLP', 'CNN']);
  });
});
