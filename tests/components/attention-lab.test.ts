import { expect, fixture, html } from '@open-wc/testing';
import '../../components/attention-lab/ml-attention-lab.js';
import type { MlAttentionLab } from '../../components/attention-lab/ml-attention-lab.js';
import type { MlChart } from '../../components/chart/ml-chart.js';
import type { MlHeatmap } from '../../components/heatmap/ml-heatmap.js';
import type { MlReadout } from '../../components/readout/ml-readout.js';
import { settled } from './lab-contract.js';

const shadow = (lab: MlAttentionLab) => lab.shadowRoot!;
const tokens = (lab: MlAttentionLab) => [...shadow(lab).querySelectorAll<HTMLButtonElement>('.token')];
const readout = (lab: MlAttentionLab, label: string) => [...shadow(lab).querySelectorAll<MlReadout>('ml-readout')].find((r) => r.label === label)!;
const charts = (lab: MlAttentionLab) => [...shadow(lab).querySelectorAll<MlChart>('ml-chart')];
const heatmaps = (lab: MlAttentionLab) => [...shadow(lab).querySelectorAll<MlHeatmap>('ml-heatmap')];

/** Waits (up to `ms`) until `done` holds, letting the lab update between looks. */
async function until(lab: MlAttentionLab, done: () => boolean, ms = 30_000): Promise<void> {
  for (const start = performance.now(); !done() && performance.now() - start < ms; ) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    await lab.updateComplete;
  }
  expect(done(), 'waited for the lab').to.equal(true);
}

describe('ml-attention-lab', () => {
  it('paints its frame and tokens before the model loads, then the chosen head’s pattern with the tokens on both axes and its summary', async () => {
    const lab = await fixture<MlAttentionLab>(html`<ml-attention-lab></ml-attention-lab>`);
    expect(lab.matches(':state(loading)')).to.equal(true);
    expect(tokens(lab).map((t) => t.textContent)).to.have.length(47);
    expect(tokens(lab)[3]!.getAttribute('aria-label')).to.equal('3: space');
    expect(readout(lab, 'Loss on this text').text).to.equal('…');
    await settled(lab);
    await until(lab, () => customElements.get('ml-heatmap') !== undefined);
    const [map] = heatmaps(lab);
    expect([map!.rows, map!.cols]).to.deep.equal([47, 47]);
    expect(map!.rowLabels!.slice(0, 4)).to.deep.equal(['T', 'h', 'e', '␣']);
    expect(map!.colLabels).to.deep.equal(map!.rowLabels);
    // Causal: nothing right of the diagonal; each row sums to 1.
    const values = map!.values as Float32Array;
    for (let t = 0; t < 47; t++) {
      let sum = 0;
      for (let s = 0; s < 47; s++) {
        if (s > t) expect(values[t * 47 + s]).to.equal(0);
        sum += values[t * 47 + s]!;
      }
      expect(sum).to.be.closeTo(1, 1e-4);
    }
    const summary = shadow(lab).querySelector('.head-summary')!.textContent!.trim();
    expect(summary).to.match(/^Head 1\.1 (attends to .* in \d+% of positions|follows no single rule)/);
    expect(map!.summary).to.equal(summary);
    expect(readout(lab, 'Loss on this text').text).to.match(/^\d\.\d+ nats$/);
    expect(shadow(lab).querySelector('.pattern-table tbody')!.children).to.have.length(47);
    // The Math Peek works out the query token's row of this head.
    const math = shadow(lab).querySelector('ml-math') as HTMLElement & { items: { label: string }[] };
    await until(lab, () => math.items.length > 0);
    expect(math.items[0]!.label).to.equal('Query of “c” (28) in head 1.1: q = x·W_Q, d_k = 16 numbers');
  });

  it('renders typed markup as text, never as elements', async () => {
    const text = '<script>alert(1)</script><img src=x onerror="alert(2)">';
    const lab = await fixture<MlAttentionLab>(html`<ml-attention-lab .text=${text}></ml-attention-lab>`);
    await settled(lab);
    expect(shadow(lab).querySelector('.tokens script, .tokens img, .body script, .body img')).to.equal(null);
    expect(tokens(lab).map((t) => t.textContent).join('')).to.equal(text.replaceAll(' ', '␣'));
    expect(shadow(lab).querySelector('textarea')!.value).to.equal(text);
  });

  it('says what an empty text lacks rather than a loss of NaN', async () => {
    const lab = await fixture<MlAttentionLab>(html`<ml-attention-lab .text=${''}></ml-attention-lab>`);
    await settled(lab);
    expect(tokens(lab)).to.have.length(0);
    expect(readout(lab, 'Loss on this text').text).to.equal('–');
    expect(shadow(lab).querySelector('.head-summary')!.textContent!.trim()).to.match(/^Type at least two characters/);
  });

  it('clips long text to the 128-token context with a note', async () => {
    const lab = await fixture<MlAttentionLab>(html`<ml-attention-lab .text=${'abc '.repeat(50)}></ml-attention-lab>`);
    await settled(lab);
    expect(tokens(lab)).to.have.length(128);
    expect(shadow(lab).querySelector('#text-note')!.textContent).to.contain('the last 72 are left out');
  });

  it('shades what a pointed token attends to and underlines what attends to it, and a click makes it the query', async () => {
    const lab = await fixture<MlAttentionLab>(html`<ml-attention-lab></ml-attention-lab>`);
    await settled(lab);
    const changes: Event[] = [];
    lab.addEventListener('ml-change', (event) => changes.push(event));
    const token = tokens(lab)[10]!;
    token.dispatchEvent(new Event('focus'));
    await lab.updateComplete;
    const weights = tokens(lab).map((t) => Number(t.style.getPropertyValue('--_attended')));
    // What token 10 attends to sums to 100 % over tokens 0..10, none after.
    expect(weights.slice(11).every((w) => w === 0)).to.equal(true);
    expect(weights.slice(0, 11).reduce((a, b) => a + b, 0)).to.be.within(95, 105);
    expect(tokens(lab).slice(0, 10).every((t) => Number(t.style.getPropertyValue('--_attending')) === 0)).to.equal(true);
    expect(shadow(lab).querySelector('.token-help')!.textContent).to.match(/^Token 10 “t” puts \d+% of its attention on token \d+/);
    token.click();
    await settled(lab);
    expect(lab.query).to.equal(10);
    expect(token.getAttribute('aria-pressed')).to.equal('true');
    await until(lab, () => changes.length === 1);
  });

  it('groups all heads by role with their scores once the heads are scored', async () => {
    const lab = await fixture<MlAttentionLab>(html`<ml-attention-lab view="heads"></ml-attention-lab>`);
    await settled(lab);
    await until(lab, () => !lab.matches(':state(running)') && shadow(lab).querySelectorAll('.multiple').length === 8 && shadow(lab).querySelector('.scores dd')?.textContent !== '…');
    const headings = [...shadow(lab).querySelectorAll('.role h3')].map((h) => h.textContent);
    // The shipped model has a previous-token head (tests/core/attention-model); whichever it is, it heads the list.
    expect(headings[0]).to.equal('Previous-token heads');
    expect(heatmaps(lab)).to.have.length(8);
    const shown = shadow(lab).querySelector<HTMLButtonElement>('.multiple .show')!;
    const name = shown.getAttribute('aria-label')!.match(/head (\d)\.(\d)/)!;
    shown.click();
    await settled(lab);
    expect([lab.view, lab.layer, lab.head]).to.deep.equal(['pattern', Number(name[1]), Number(name[2])]);
  });

  it('switches heads off and shows the predictions and loss before and after', async () => {
    const lab = await fixture<MlAttentionLab>(html`<ml-attention-lab view="ablation" ablate="1.1,1.2"></ml-attention-lab>`);
    await settled(lab);
    await until(lab, () => shadow(lab).querySelector('table.predictions thead')?.textContent?.includes('Heads off') ?? false);
    const change = readout(lab, 'Loss change when the heads are switched off');
    expect(change.text).to.match(/^[+−-]?\d\.\d+ nats$/);
    expect(change.detail).to.contain('head 1.1, head 1.2 zeroed');
    expect(charts(lab)[0]!.series.map((s) => s.label)).to.deep.equal(['All heads on', 'Chosen heads off']);
    const zero = change.value;
    lab.ablationMode = 'mean';
    await settled(lab);
    expect(change.detail).to.contain('set to its mean output');
    expect(change.value).to.not.equal(zero);
  });

  it('works one query row out step by step, with the Math Peek', async () => {
    const lab = await fixture<MlAttentionLab>(html`<ml-attention-lab view="mechanics" query="5" .text=${'abcdefghij'}></ml-attention-lab>`);
    await settled(lab);
    await until(lab, () => shadow(lab).querySelectorAll('table.row-table tbody tr').length === 10 && !shadow(lab).querySelector('table.row-table')!.classList.contains('stale'));
    const rows = [...shadow(lab).querySelectorAll('table.row-table tbody tr')];
    expect(rows.filter((r) => r.classList.contains('masked'))).to.have.length(4);
    const weights = rows.map((r) => parseFloat(r.querySelectorAll('td')[4]!.textContent!));
    expect(weights.reduce((a, b) => a + b, 0)).to.be.closeTo(100, 0.6);
    const back = [...shadow(lab).querySelectorAll<HTMLButtonElement>('.stepper button')].find((b) => b.textContent === 'Previous step')!;
    for (let i = 0; i < 5; i++) back.click();
    await lab.updateComplete;
    expect(shadow(lab).querySelectorAll('table.row-table thead th')).to.have.length(2);
    const math = shadow(lab).querySelector('ml-math') as HTMLElement & { items: { label: string }[] };
    expect(math.items.map((i) => i.label)).to.include('Causal mask: the 4 keys after the query');
  });

  it('shows attention’s cost against context length without the model, and its share for predict', async () => {
    const lab = await fixture<MlAttentionLab>(html`<ml-attention-lab view="cost" context-length="1024"></ml-attention-lab>`);
    await until(lab, () => readout(lab, 'Attention FLOPs against the linear layers’')?.text === '22.2%');
    const [flops, memory] = charts(lab);
    expect(flops!.xScale).to.equal('log2');
    expect(flops!.yScale).to.equal('log10');
    expect(flops!.columns[0]![0]).to.equal(128);
    expect(flops!.columns[0]!.at(-1)).to.equal(131072);
    expect(memory!.series.map((s) => s.label)).to.deep.equal(['Scores stored for backward', 'FlashAttention’s statistics', 'KV cache of the whole context']);
    expect(flops!.summary).to.contain('cross at 8,192 tokens');
  });

  it('trains the attention-only model live in the worker, with progress and cancel', async () => {
    const lab = await fixture<MlAttentionLab>(html`<ml-attention-lab view="training"></ml-attention-lab>`);
    await settled(lab);
    await until(lab, () => shadow(lab).querySelector('.training button') !== null);
    const train = shadow(lab).querySelector<HTMLButtonElement>('.training button')!;
    expect(train.textContent!.trim()).to.equal('Train 600 steps');
    train.click();
    await until(lab, () => (charts(lab)[0]!.columns[0]?.length ?? 0) >= 3);
    expect(shadow(lab).querySelector('.training progress')).to.not.equal(null);
    const cancel = [...shadow(lab).querySelectorAll<HTMLButtonElement>('.training button')].find((b) => b.textContent === 'Cancel')!;
    cancel.click();
    await lab.updateComplete;
    expect(shadow(lab).querySelector('.training progress')).to.equal(null);
    expect(shadow(lab).querySelector('.training .result')!.textContent!.trim()).to.match(/^Step \d+: loss/);
    const math = shadow(lab).querySelector('ml-math') as HTMLElement & { items: { label: string }[] };
    expect(math.items.map((i) => i.label.split(':')[0])).to.deep.equal([
      `Induction score at step ${charts(lab)[0]!.columns[0]!.at(-1)}`,
      `Previous-token score at step ${charts(lab)[0]!.columns[0]!.at(-1)}`,
      `Loss on the repeated half at step ${charts(lab)[0]!.columns[0]!.at(-1)}, against guessing among 24 tokens`,
    ]);
  });

  it('refuses a bad attribute with a note naming it, and carries on with the default', async () => {
    const lab = await fixture<MlAttentionLab>(html`<ml-attention-lab view="everything" ablate="3.1" head="9"></ml-attention-lab>`);
    await settled(lab);
    const notes = [...shadow(lab).querySelectorAll('.attribute-note')].map((n) => n.getAttribute('data-attribute'));
    expect(notes).to.include.members(['view', 'ablate', 'head']);
    expect([lab.view, lab.head, lab.ablate]).to.deep.equal(['pattern', 1, []]);
    expect(heatmaps(lab).length + shadow(lab).querySelectorAll('ml-heatmap:not(:defined)').length).to.be.greaterThan(0);
  });

  it('answers predict: the previous-token head by its score', async () => {
    const lab = await fixture<MlAttentionLab>(html`<ml-attention-lab predict="previous-token-head" view="heads"></ml-attention-lab>`);
    await settled(lab);
    expect(shadow(lab).querySelector('.kept-back')!.textContent).to.contain('Hidden until you commit');
    expect(shadow(lab).querySelector('.scores')).to.equal(null);
  });
});
