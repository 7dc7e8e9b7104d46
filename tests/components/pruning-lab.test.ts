import { expect, fixture, html } from '@open-wc/testing';
import '../../components/pruning-lab/ml-pruning-lab.js';
import type { MlPruningLab } from '../../components/pruning-lab/ml-pruning-lab.js';
import type { MlReadout } from '../../components/readout/ml-readout.js';
import type { MlChart } from '../../components/chart/ml-chart.js';
import type { MlHeatmap } from '../../components/heatmap/ml-heatmap.js';
import { settled } from './lab-contract.js';

const shadow = (lab: MlPruningLab) => lab.shadowRoot!;
const readout = (lab: MlPruningLab, label: string) => [...shadow(lab).querySelectorAll<MlReadout>('ml-readout')].find((r) => r.label === label)!;
const accuracy = (lab: MlPruningLab) => readout(lab, 'Test accuracy');
const chart = (lab: MlPruningLab, label: string) => [...shadow(lab).querySelectorAll<MlChart>('ml-chart')].find((c) => c.label === label)!;
const sweepChart = (lab: MlPruningLab) => chart(lab, 'Accuracy against sparsity, one-shot');
const heatmap = (lab: MlPruningLab) => shadow(lab).querySelector<MlHeatmap>('ml-heatmap')!;
const fineTuneButton = (lab: MlPruningLab) => shadow(lab).querySelector<HTMLButtonElement>('.fine-tune button')!;
const cancelButton = (lab: MlPruningLab) => [...shadow(lab).querySelectorAll<HTMLButtonElement>('.fine-tune button')].find((b) => b.textContent!.trim() === 'Cancel');

/** Waits (up to `ms`) until `done` holds, letting the lab update between looks. */
async function until(lab: MlPruningLab, done: () => boolean, ms = 30_000): Promise<void> {
  for (const start = performance.now(); !done() && performance.now() - start < ms; ) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    await lab.updateComplete;
  }
  expect(done(), 'waited for the lab').to.equal(true);
}

/** The rows of the heat map whose every cell is blank (pruned), and the blank cells in all. */
function blanks(map: MlHeatmap): { rows: number; cells: number } {
  const values = map.values as Float32Array;
  let rows = 0;
  for (let r = 0; r < map.rows; r++) if (values.subarray(r * map.cols, (r + 1) * map.cols).every(Number.isNaN)) rows++;
  return { rows, cells: values.filter(Number.isNaN).length };
}

/** Waits until the mask on the heat map is that of the results on screen. */
async function maskShown(lab: MlPruningLab): Promise<MlHeatmap> {
  await settled(lab);
  await until(lab, () => customElements.get('ml-heatmap') !== undefined && heatmap(lab).summary.includes('pruned'));
  return heatmap(lab);
}

describe('ml-pruning-lab', () => {
  it('paints its frame, controls, readouts and charts before anything loads, then fills the same elements in', async () => {
    const lab = await fixture<MlPruningLab>(html`<ml-pruning-lab></ml-pruning-lab>`);
    expect(lab.matches(':state(loading)')).to.equal(true);
    expect(shadow(lab).querySelector('.working progress')).to.not.equal(null);
    const charts = [...shadow(lab).querySelectorAll<MlChart>('ml-chart')];
    const readouts = [...shadow(lab).querySelectorAll<MlReadout>('ml-readout')];
    expect(charts.map((c) => c.label)).to.deep.equal(['Accuracy against sparsity, one-shot', 'Share of each layer pruned']);
    expect(readouts.map((r) => r.text)).to.deep.equal(['…', '…', '…', '…']);
    await settled(lab);
    expect([...shadow(lab).querySelectorAll('ml-chart')]).to.deep.equal(charts);
    // LeNet-300-100, 80 % of every layer by magnitude: 90.05 % (docs/lenet-300-100-pruning.md).
    expect(accuracy(lab).value).to.equal(0.9005);
    expect(accuracy(lab).text).to.equal('90.05%');
    expect(readout(lab, 'Parameters left').detail).to.match(/^of 90,210/);
    expect(shadow(lab).querySelector('[aria-live="polite"]')!.textContent).to.match(/^Test accuracy 90\.05%, dense 97\.95%; [\d,]+ of 90,210 parameters left\.$/);
  });

  it('at the cliff names the layer that collapsed first, once each layer alone is measured, and the first remedy', async () => {
    const lab = await fixture<MlPruningLab>(html`<ml-pruning-lab model="mlp"></ml-pruning-lab>`);
    await settled(lab);
    const callout = shadow(lab).querySelector('ml-callout[tone="danger"]')!;
    expect(callout.hasAttribute('hidden')).to.equal(false);
    expect(callout.getAttribute('heading')).to.equal('Pruning cliff: accuracy fell from 97.10% to 38.75%');
    await until(lab, () => callout.textContent!.includes('collapses first'));
    expect(callout.querySelector('li')!.textContent).to.match(/^fc2 collapses first/);
    expect(callout.textContent).to.contain('Prune with one global threshold');
    lab.sparsity = 10;
    await settled(lab);
    expect(callout.hasAttribute('hidden')).to.equal(true);
  });

  it('shows scattered zeros for unstructured pruning, whole rows for structured, two of every four for 2:4', async () => {
    const lab = await fixture<MlPruningLab>(html`<ml-pruning-lab model="mlp" sparsity="50" layer="fc1"></ml-pruning-lab>`);
    let map = await maskShown(lab);
    expect([map.rows, map.cols]).to.deep.equal([40, 196]);
    // Magnitude: 3,920 of 7,840 weights, hardly any neuron whole.
    let shown = blanks(map);
    expect(shown.cells).to.equal(3920);
    expect(shown.rows).to.be.lessThan(5);
    lab.method = 'l1-structured';
    map = await maskShown(lab);
    shown = blanks(map);
    expect([shown.rows, shown.cells]).to.deep.equal([20, 20 * 196]);
    expect(map.summary).to.contain('20 of 40 neurons removed whole');
    lab.method = '2:4';
    map = await maskShown(lab);
    const values = map.values as Float32Array;
    for (let group = 0; group < values.length; group += 4) {
      expect(values.subarray(group, group + 4).filter(Number.isNaN).length, `group at ${group}`).to.equal(2);
    }
    expect(blanks(map).rows).to.equal(0);
  });

  it('fine-tunes on demand behind a progress bar that can be cancelled, then marks the fine-tuned point on the curve', async () => {
    const lab = await fixture<MlPruningLab>(html`<ml-pruning-lab model="mlp" fine-tune-epochs="3"></ml-pruning-lab>`);
    await settled(lab);
    expect(fineTuneButton(lab).textContent!.trim()).to.equal('Fine-tune 3 epochs');
    fineTuneButton(lab).click();
    await until(lab, () => shadow(lab).querySelector('.fine-tune progress') !== null);
    expect(fineTuneButton(lab).disabled).to.equal(true);
    expect(shadow(lab).querySelector('.fine-tune progress')!.getAttribute('aria-label')).to.equal('Fine-tuning the MLP, 80 % by magnitude, per layer, 3 epochs');
    await until(lab, () => Number((shadow(lab).querySelector('.fine-tune progress') as HTMLProgressElement).value) > 0);
    cancelButton(lab)!.click();
    await lab.updateComplete;
    expect(shadow(lab).querySelector('.fine-tune progress')).to.equal(null);
    expect(cancelButton(lab)).to.equal(undefined);
    expect(fineTuneButton(lab).disabled).to.equal(false);
    expect(shadow(lab).querySelector('.fine-tune .result')).to.equal(null);

    fineTuneButton(lab).click();
    await until(lab, () => shadow(lab).querySelector('.fine-tune .result') !== null);
    const result = shadow(lab).querySelector('.fine-tune .result')!.textContent!.replace(/\s+/g, ' ').trim();
    expect(result).to.match(/^After fine-tuning 3 epochs: \d+\.\d\d% \(\+\d+(\.\d+)? points against the pruned model/);
    const tuned = sweepChart(lab);
    const series = tuned.series.findIndex((s) => s.label === 'Magnitude, fine-tuned');
    expect(series).to.be.greaterThan(0);
    expect(tuned.series[series]!.marks).to.equal(true);
    const at = tuned.columns[0].indexOf(0.8);
    expect(tuned.columns[series + 1]![at]).to.be.greaterThan(accuracy(lab).value + 0.2);
  });

  it('fills in every method’s curve in the background, 2:4 as one point at 50 %', async () => {
    const lab = await fixture<MlPruningLab>(html`<ml-pruning-lab model="mlp" method="2:4"></ml-pruning-lab>`);
    await settled(lab);
    const sweep = sweepChart(lab);
    await until(lab, () => sweep.getAttribute('aria-busy') === 'false');
    expect(sweep.series.map((s) => s.label)).to.deep.equal(['Magnitude', 'Random', 'Structured, L1', 'Structured, L2', '2:4 (one point, 50 %)']);
    const xs = sweep.columns[0];
    expect(sweep.columns[5]!.filter((value) => value !== null)).to.deep.equal([0.7805]);
    expect(xs[sweep.columns[5]!.findIndex((value) => value !== null)]).to.equal(0.5);
    expect(sweep.marker).to.deep.equal({ x: 0.5, label: '2:4' });
    expect(sweep.summary).to.contain('the MLP pruned without fine-tuning');
    // The magnitude curve, measured by the core tests: 82.15 % at 50 %.
    expect(sweep.columns[1]![xs.indexOf(0.5)]).to.equal(0.8215);
  });

  it('hides the sparsity for 2:4 and the threshold for structured methods, keeping their values', async () => {
    const lab = await fixture<MlPruningLab>(html`<ml-pruning-lab model="mlp" scope="global" sparsity="60"></ml-pruning-lab>`);
    await settled(lab);
    const control = (label: string) => [...shadow(lab).querySelectorAll<HTMLElement & { label: string }>('ml-slider, ml-toggle, ml-select')].find((c) => c.label === label)!;
    expect(control('Sparsity').checkVisibility()).to.equal(true);
    expect(control('Threshold').checkVisibility()).to.equal(true);
    lab.method = 'l2-structured';
    await settled(lab);
    expect(control('Threshold').checkVisibility()).to.equal(false);
    lab.method = '2:4';
    await settled(lab);
    expect(control('Sparsity').checkVisibility()).to.equal(false);
    expect([lab.sparsity, lab.scope]).to.deep.equal([60, 'global']);
    expect(lab.embedCode()).to.equal('<ml-pruning-lab model="mlp" method="2:4" scope="global" sparsity="60"></ml-pruning-lab>');
  });

  it('says what each representation buys, with the forward pass timed in this browser', async () => {
    const lab = await fixture<MlPruningLab>(html`<ml-pruning-lab model="mlp" sparsity="50" method="l1-structured"></ml-pruning-lab>`);
    await settled(lab);
    const table = shadow(lab).querySelector('.representations table')!;
    await until(lab, () => table.querySelector('thead')!.textContent!.includes('100 images, measured here'));
    const rows = [...table.querySelectorAll('tbody tr')].map((row) => [...row.children].map((cell) => cell.textContent!.trim()));
    expect(rows.map((row) => row[0])).to.deep.equal(['Dense FP32, zeros stored', 'CSR, int32 indices', 'Bitmask and values', '2:4 compressed', 'Shrunk dense model']);
    // Half of fc1's 40 neurons by L1 norm: 20 × 196 + 20 + 10 × 20 + 10 = 4,150 parameters, 16.2 KiB, of 8,290.
    expect(rows[4]![1]!.replace(/\s+/g, ' ')).to.equal('16.2 KiB 0.501× dense');
    for (const row of [rows[0]!, rows[1]!, rows[4]!]) expect(row[3], row[0]).to.match(/^[\d.]+ (µs|ms)$/);
    expect(rows[2]![3]).to.equal('–');
    expect(shadow(lab).querySelector('.verdict')!.textContent).to.match(/^Structured pruning runs faster at once/);
    expect(readout(lab, 'FLOPs per image, dense kernel').value).to.equal(2 * (20 * 196 + 10 * 20));
  });

  it('refuses bad attributes with a note naming each and what it accepts, keeps the defaults, and throws nothing', async () => {
    const errors: { message: string; source?: string }[] = [];
    const lab = document.createElement('ml-pruning-lab') as MlPruningLab;
    lab.addEventListener('ml-error', (event) => errors.push(event.detail));
    for (const [name, value] of [['sparsity', '150'], ['method', '3:4'], ['model', 'resnet'], ['fine-tune-epochs', '0'], ['scope', 'everywhere'], ['layer', 'zzz']]) lab.setAttribute(name!, value!);
    document.body.append(lab);
    await settled(lab);
    const note = (name: string) => shadow(lab).querySelector(`.attribute-note[data-attribute="${name}"]`)?.textContent;
    expect(note('sparsity')).to.equal('sparsity="150" was ignored: sparsity accepts an integer from 0 to 99. Using 80.');
    expect(note('method')).to.contain('method accepts one of “magnitude”, “random”, “l1-structured”, “l2-structured”, “2:4”');
    expect(note('model')).to.contain('model accepts one of “mlp”, “cnn”, “lenet-300-100”');
    expect(note('fine-tune-epochs')).to.contain('fine-tune-epochs accepts an integer from 1 to 10');
    expect(note('scope')).to.contain('scope accepts one of “layer”, “global”');
    await until(lab, () => note('layer') !== undefined);
    expect(note('layer')).to.equal('layer="zzz" was ignored: layer accepts a layer of the LeNet-300-100 (fc1, fc2, fc3). Using fc1.');
    expect([lab.sparsity, lab.method, lab.model, lab.fineTuneEpochs, lab.scope, lab.layer]).to.deep.equal([80, 'magnitude', 'lenet-300-100', 2, 'layer', '']);
    expect(errors.map((error) => error.source).sort()).to.deep.equal(['fine-tune-epochs', 'layer', 'method', 'model', 'scope', 'sparsity']);
    expect(accuracy(lab).value).to.equal(0.9005);
    lab.remove();
  });

  it('fires one ml-change for a committed move, once its results are in', async () => {
    const lab = await fixture<MlPruningLab>(html`<ml-pruning-lab model="mlp"></ml-pruning-lab>`);
    await settled(lab);
    const changes: { state: Record<string, unknown>; results: Record<string, unknown> }[] = [];
    lab.addEventListener('ml-change', (event) => changes.push((event as CustomEvent).detail));
    const toggle = shadow(lab).querySelector('ml-toggle[label="Threshold"]')!;
    [...toggle.shadowRoot!.querySelectorAll<HTMLInputElement>('input[type=radio]')].find((radio) => radio.value === 'global')!.click();
    await settled(lab);
    await lab.updateComplete;
    expect(changes).to.have.length(1);
    expect(changes[0]!.state.scope).to.equal('global');
    // Global magnitude pruning of 80 % of the MLP's 8,240 weights.
    expect(changes[0]!.results.accuracy).to.be.a('number');
    expect(changes[0]!.results.csrBytes).to.equal((1648 * 2 + 41 + 11) * 4 + 50 * 4);
  });

  it('asks for the first drop before showing it, and answers once the sweep has measured it', async () => {
    const lab = await fixture<MlPruningLab>(html`<ml-pruning-lab model="mlp" predict="first-drop"></ml-pruning-lab>`);
    await settled(lab);
    expect(sweepChart(lab).hidden).to.equal(true);
    await until(lab, () => shadow(lab).querySelector('form.predict') !== null);
    const form = shadow(lab).querySelector<HTMLFormElement>('form.predict')!;
    form.querySelector('input')!.value = '50';
    form.requestSubmit();
    await until(lab, () => shadow(lab).querySelector('.predict .verdict') !== null);
    // The MLP's magnitude curve first loses more than a point at 30 % (core tests).
    expect(shadow(lab).querySelector('.predict')!.textContent).to.contain('30%');
    expect(sweepChart(lab).hidden).to.equal(false);
  });

  it('loads its files from the folder named in assets, and refuses one that is no http(s) folder', async () => {
    const missing = new URL('/no-such-folder/', location.href).href;
    const lab = await fixture<MlPruningLab>(html`<ml-pruning-lab model="mlp" assets="/no-such-folder"></ml-pruning-lab>`);
    await until(lab, () => shadow(lab).textContent!.includes('could not load'));
    expect(shadow(lab).textContent).to.include(`from ${missing}`);
    lab.removeAttribute('assets');
    await settled(lab);
    expect(accuracy(lab).value).to.equal(0.3875);
    const refused = await fixture<MlPruningLab>(html`<ml-pruning-lab model="mlp" assets="javascript:alert(1)"></ml-pruning-lab>`);
    await settled(refused);
    expect(shadow(refused).querySelector('.attribute-note[data-attribute="assets"]')?.textContent).to.include('assets accepts the http(s) URL of a folder');
    expect(accuracy(refused).value).to.equal(0.3875);
  });
});
