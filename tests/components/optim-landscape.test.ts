import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import '../../components/optim-landscape/ml-optim-landscape.js';
import '../../components/settings/ml-settings.js';
import type { MlOptimLandscape, OptimLandscapeChangeEvent } from '../../components/optim-landscape/ml-optim-landscape.js';
import type { MlHeatmap } from '../../components/heatmap/ml-heatmap.js';
import type { MlChart } from '../../components/chart/ml-chart.js';
import type { MlReadout } from '../../components/readout/ml-readout.js';
import type { MlSelect } from '../../components/select/ml-select.js';
import { evaluate } from '../../src/core/optim/evaluate.js';
import { optimLandscapeSchema } from '../../src/core/optim/lab.js';
import { defaults } from '../../src/core/shared/lab-schema.js';
import { frames, seen, until } from './frames.js';
import { settled } from './lab-contract.js';

const shadow = (lab: MlOptimLandscape) => lab.shadowRoot!;
const mapOf = (lab: MlOptimLandscape) => shadow(lab).querySelector<MlHeatmap>('ml-heatmap')!;
const canvasOf = (lab: MlOptimLandscape) => mapOf(lab).shadowRoot!.querySelector('canvas')!;
const rowsOf = (lab: MlOptimLandscape) =>
  [...shadow(lab).querySelectorAll('.race tbody tr')].map((row) => [...row.children].map((cell) => cell.textContent!.replace(/\s+/g, ' ').trim()));
const button = (lab: MlOptimLandscape, text: string) =>
  [...shadow(lab).querySelectorAll<HTMLButtonElement>('.playback button')].find((b) => b.textContent!.trim() === text)!;

/** Waits for the runs' code and the lab's first results, then for its map and chart to draw. */
async function ready(lab: MlOptimLandscape): Promise<void> {
  await settled(lab);
  await until(() => !lab.matches(':state(loading)'));
  await lab.updateComplete;
  const drawn = [...shadow(lab).querySelectorAll<MlChart | MlHeatmap>('ml-chart, ml-heatmap')];
  await seen(drawn.filter((element) => element.localName === 'ml-chart'));
  await Promise.all(drawn.map((element) => element.updateComplete));
}

function changes(lab: MlOptimLandscape): OptimLandscapeChangeEvent[] {
  const seenEvents: OptimLandscapeChangeEvent[] = [];
  lab.addEventListener('ml-change', (event) => seenEvents.push(event as unknown as OptimLandscapeChangeEvent));
  return seenEvents;
}

/** Lets a committed change announce itself (after the lab's update). */
async function committed(lab: MlOptimLandscape): Promise<void> {
  await settled(lab);
  await new Promise((resolve) => setTimeout(resolve));
  await settled(lab);
}

describe('ml-optim-landscape', () => {
  before(() => setViewport({ width: 1200, height: 2200 }));

  it('shows the surface with each path, the loss chart, the readouts and a row per optimizer, as the core computes them', async () => {
    const lab = await fixture<MlOptimLandscape>(html`<ml-optim-landscape></ml-optim-landscape>`);
    await ready(lab);
    const expected = evaluate(defaults(optimLandscapeSchema));
    const map = mapOf(lab);
    expect(map.scale).to.equal('log');
    expect(map.contours).to.equal(true);
    expect(map.extent).to.deep.equal({ x: [-2, 2], y: [-2, 2] });
    expect(map.paths.map((path) => [path.label, path.color, path.line])).to.deep.equal([
      ['SGD', 1, 'solid'],
      ['SGD + momentum', 2, 'dash-dot'],
      ['Adam', 4, 'solid'],
    ]);
    expect(Array.from(map.paths[1]!.xs)).to.deep.equal(Array.from(expected.runs[1]!.xs));
    expect(map.marks).to.deep.equal([{ x: 0, y: 0, label: 'minimum', shape: 'cross' }]);
    expect(map.pick).to.deep.equal({ x: -1.8, y: 0.4 });
    expect(rowsOf(lab).map((row) => row.slice(0, 3))).to.deep.equal([
      ['SGD', '… not yet', '–'],
      ['SGD + momentum', '✓ converges', String(expected.runs[1]!.stepsToTolerance)],
      ['Adam', '… not yet', '–'],
    ]);
    const chart = shadow(lab).querySelector<MlChart>('ml-chart')!;
    expect(chart.yScale).to.equal('log10');
    expect(chart.series.map((series) => series.label)).to.deep.equal(['SGD', 'SGD + momentum', 'Adam', 'SGD, predicted', 'SGD + momentum, predicted']);
    expect(chart.series[3]!.dash).to.equal('dashed');
    expect(chart.thresholds[0]!.label).to.equal('tolerance');
    const readouts = [...shadow(lab).querySelectorAll<MlReadout>('ml-readout')];
    expect(readouts[0]!.text).to.equal('SGD + momentum');
    expect(readouts[1]!.value).to.be.closeTo(0.04, 1e-12);
    expect(readouts[1]!.status).to.equal('ok');
    const math = shadow(lab).querySelector('ml-math') as unknown as { items: { label: string; substituted?: string }[] };
    expect(math.items.map((item) => item.label)).to.include.members(['SGD: one step', 'SGD: stability edge', 'SGD + momentum: rate at this α', 'Tolerance']);
    // The map is the first figure: "Data (CSV)" saves the paths with their losses.
    const csv = map.toCsv().split('\n');
    expect(csv[0]).to.equal('Step,SGD x,SGD y,SGD loss above the minimum,SGD + momentum x,SGD + momentum y,SGD + momentum loss above the minimum,Adam x,Adam y,Adam loss above the minimum');
    expect(csv[1]!.startsWith('0,-1.8,0.4,')).to.equal(true);
    const png = await map.toPngBlob();
    expect(png!.type).to.equal('image/png');
    expect(png!.size).to.be.greaterThan(5000);
  });

  it('draws the paths over the surface (the canvas changes where they pass)', async () => {
    const lab = await fixture<MlOptimLandscape>(html`<ml-optim-landscape optimizers="sgd"></ml-optim-landscape>`);
    await ready(lab);
    const canvas = canvasOf(lab);
    const pixels = () => canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data.slice();
    const withPath = pixels();
    mapOf(lab).paths = [];
    await mapOf(lab).updateComplete;
    const without = pixels();
    let differing = 0;
    for (let i = 0; i < without.length; i += 4) if (without[i] !== withPath[i]) differing++;
    expect(differing).to.be.greaterThan(200);
  });

  it('races what the attributes say, and explains a divergence in words', async () => {
    const lab = await fixture<MlOptimLandscape>(
      html`<ml-optim-landscape surface="rosenbrock" start="-1.2,1" optimizers="adam,momentum" learning-rate="0.1" steps="1000"></ml-optim-landscape>`,
    );
    await ready(lab);
    expect(lab.optimizers).to.deep.equal(['adam', 'momentum']);
    expect(lab.start).to.deep.equal([-1.2, 1]);
    const rows = rowsOf(lab);
    expect(rows.map((row) => row[1])).to.deep.equal(['✓ converges', '✕ diverges']);
    const callout = shadow(lab).querySelector('ml-callout[tone="danger"]')!;
    expect(callout.getAttribute('heading')).to.equal('SGD + momentum diverged and was stopped');
    expect(callout.textContent).to.match(/SGD \+ momentum: step \d+: the learning rate times the largest curvature at \([-\d.]+, [-\d.]+\), [\d.]+, passed 2\(1 \+ β\) = 3\.8\./);
    // Rosenbrock has no quadratic theory: no predicted lines, no rate column.
    expect(shadow(lab).querySelector<MlChart>('ml-chart')!.series.map((s) => s.label)).to.deep.equal(['Adam', 'SGD + momentum']);
    expect(mapOf(lab).marks).to.deep.equal([{ x: 1, y: 1, label: 'minimum', shape: 'cross' }]);
  });

  it('refuses bad attributes with a note naming the attribute, keeps the defaults and throws nothing', async () => {
    const errors: string[] = [];
    const onError = (event: ErrorEvent) => errors.push(event.message);
    window.addEventListener('error', onError);
    const warn = console.warn;
    console.warn = () => {};
    try {
      const lab = await fixture<MlOptimLandscape>(
        html`<ml-optim-landscape optimizers="sgd,banana" start="3" learning-rate="-1" surface="sphere" steps="0" condition-number="NaN"></ml-optim-landscape>`,
      );
      await ready(lab);
      const notes = [...shadow(lab).querySelectorAll('.attribute-note')].map((note) => note.getAttribute('data-attribute'));
      expect(notes).to.have.members(['optimizers', 'start', 'learning-rate', 'surface', 'steps', 'condition-number']);
      expect(shadow(lab).querySelector('.attribute-note[data-attribute="optimizers"]')!.textContent).to.contain('optimizers accepts a comma-separated list of one or more of “sgd”');
      expect(shadow(lab).querySelector('.attribute-note[data-attribute="start"]')!.textContent).to.contain('start accepts two numbers “x,y”');
      expect(lab.optimizers).to.deep.equal(['sgd', 'momentum', 'adam']);
      expect(lab.start).to.deep.equal([-1.8, 0.4]);
      expect(lab.learningRate).to.equal(0.03);
      expect(lab.surface).to.equal('quadratic');
      expect(rowsOf(lab)).to.have.length(3);
      // An empty race and a runner entered twice are refused too.
      lab.setAttribute('optimizers', '');
      lab.setAttribute('start', '0,0,0');
      await lab.updateComplete;
      expect(lab.optimizers).to.deep.equal(['sgd', 'momentum', 'adam']);
      lab.setAttribute('optimizers', 'adam,adam');
      await lab.updateComplete;
      expect(lab.optimizers).to.deep.equal(['sgd', 'momentum', 'adam']);
      lab.setAttribute('optimizers', 'lion');
      await settled(lab);
      expect(lab.optimizers).to.deep.equal(['lion']);
      expect(shadow(lab).querySelector('.attribute-note[data-attribute="optimizers"]')).to.equal(null);
    } finally {
      console.warn = warn;
      window.removeEventListener('error', onError);
    }
    expect(errors).to.deep.equal([]);
  });

  it('a click on the map moves the start there, on a round grid, with one ml-change', async () => {
    const lab = await fixture<MlOptimLandscape>(html`<ml-optim-landscape></ml-optim-landscape>`);
    await ready(lab);
    const seenChanges = changes(lab);
    const canvas = canvasOf(lab);
    const box = canvas.getBoundingClientRect();
    // (0.5, −1) on the region [−2, 2]²: 5/8 across, 3/4 down.
    canvas.dispatchEvent(new MouseEvent('click', { clientX: box.left + box.width * 0.625, clientY: box.top + box.height * 0.75, bubbles: true }));
    await committed(lab);
    expect(lab.start[0]).to.be.closeTo(0.5, 0.011);
    expect(lab.start[1]).to.be.closeTo(-1, 0.011);
    expect(lab.start.every((value) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-9)).to.equal(true);
    expect(seenChanges).to.have.length(1);
    expect(seenChanges[0]!.detail.state.start).to.deep.equal(lab.start);
    expect(mapOf(lab).paths[0]!.xs[0]).to.equal(lab.start[0]);
    expect(lab.embedCode()).to.contain(`start="${lab.start.join(',')}"`);
  });

  it('the arrow keys move the start while the map has focus (Shift for a tenth of the step)', async () => {
    const lab = await fixture<MlOptimLandscape>(html`<ml-optim-landscape></ml-optim-landscape>`);
    await ready(lab);
    const seenChanges = changes(lab);
    canvasOf(lab).focus();
    await sendKeys({ press: 'ArrowRight' });
    await committed(lab);
    expect(lab.start).to.deep.equal([-1.7, 0.4]);
    await sendKeys({ press: 'Shift+ArrowUp' });
    await committed(lab);
    expect(lab.start).to.deep.equal([-1.7, 0.41]);
    expect(seenChanges).to.have.length(2);
    const readout = mapOf(lab).shadowRoot!.querySelector('.readout')!.textContent!;
    expect(readout).to.match(/^Start at x = -1\.7, y = 0\.41: loss above the minimum [\d.]+$/);
  });

  it('the start boxes move the start too, and choosing a surface moves it to that surface’s own', async () => {
    const lab = await fixture<MlOptimLandscape>(html`<ml-optim-landscape></ml-optim-landscape>`);
    await ready(lab);
    const seenChanges = changes(lab);
    const [x] = [...shadow(lab).querySelectorAll<HTMLInputElement>('fieldset.point input')];
    x!.value = '1.25';
    x!.dispatchEvent(new Event('input'));
    x!.dispatchEvent(new Event('change'));
    await committed(lab);
    expect(lab.start).to.deep.equal([1.25, 0.4]);
    const select = [...shadow(lab).querySelectorAll<MlSelect>('ml-select')].find((control) => control.label === 'Loss surface')!;
    const native = select.shadowRoot!.querySelector('select')!;
    native.value = 'rosenbrock';
    native.dispatchEvent(new Event('input', { bubbles: true }));
    native.dispatchEvent(new Event('change', { bubbles: true }));
    await committed(lab);
    expect(lab.surface).to.equal('rosenbrock');
    expect(lab.start).to.deep.equal([-1.2, 1]);
    expect(seenChanges).to.have.length(2);
    expect(mapOf(lab).extent).to.deep.equal({ x: [-2, 2], y: [-1, 3] });
  });

  it('checkboxes choose the race; the last runner cannot be unchecked', async () => {
    const lab = await fixture<MlOptimLandscape>(html`<ml-optim-landscape optimizers="sgd,adam"></ml-optim-landscape>`);
    await ready(lab);
    const seenChanges = changes(lab);
    const box = (value: string) => shadow(lab).querySelector<HTMLInputElement>(`fieldset.choice-list input[value="${value}"]`)!;
    expect(shadow(lab).querySelectorAll('fieldset.choice-list input')).to.have.length(8);
    box('lion').click();
    await committed(lab);
    expect(lab.optimizers).to.deep.equal(['sgd', 'adam', 'lion']);
    box('sgd').click();
    box('adam').click();
    await committed(lab);
    expect(lab.optimizers).to.deep.equal(['lion']);
    expect(box('lion').disabled).to.equal(true);
    expect(seenChanges).to.have.length(3);
    expect(rowsOf(lab).map((row) => row[0])).to.deep.equal(['Lion']);
    // Momentum's and Adam's controls apply only to a race that has them.
    const hidden = (label: string) => !shadow(lab).querySelector(`ml-slider[label="${label}"]`)!.checkVisibility();
    expect([hidden('Momentum β'), hidden('Adam β₁'), hidden('ε')]).to.deep.equal([true, true, true]);
  });

  it('says when the first to the tolerance did not stay there (noisy gradients)', async () => {
    const lab = await fixture<MlOptimLandscape>(html`<ml-optim-landscape condition-number="10" noise="1" optimizers="sgd,adam" learning-rate="0.05" steps="300"></ml-optim-landscape>`);
    await ready(lab);
    const [fastest] = [...shadow(lab).querySelectorAll<MlReadout>('ml-readout')];
    expect(fastest!.text).to.equal('SGD');
    expect(fastest!.status).to.equal('warning');
    expect(fastest!.detail).to.match(/^at step \d+: loss within 10⁻⁴ of its starting gap, though it did not stay there$/);
    expect(rowsOf(lab)[0]![1]).to.equal('… not yet');
  });

  it('plays, pauses, steps and resets the paths', async () => {
    const lab = await fixture<MlOptimLandscape>(html`<ml-settings motion="full"><ml-optim-landscape></ml-optim-landscape></ml-settings>`).then(
      (settings) => settings.querySelector('ml-optim-landscape') as MlOptimLandscape,
    );
    await ready(lab);
    const map = mapOf(lab);
    const chart = shadow(lab).querySelector<MlChart>('ml-chart')!;
    const progress = () => Math.min(map.progress, 100);
    expect(progress()).to.equal(100);
    expect(chart.marker).to.equal(undefined);
    button(lab, 'Reset').click();
    await lab.updateComplete;
    expect(progress()).to.equal(0);
    expect(chart.marker).to.deep.equal({ x: 0, label: 'step 0' });
    button(lab, 'Step ›').click();
    button(lab, 'Step ›').click();
    await lab.updateComplete;
    expect(progress()).to.equal(2);
    expect(shadow(lab).querySelector('.position')!.textContent).to.equal('Step 2 of 100');
    button(lab, 'Play').click();
    await lab.updateComplete;
    expect(lab.matches(':state(playing)')).to.equal(true);
    await frames(10);
    await lab.updateComplete;
    expect(progress()).to.be.greaterThan(2);
    button(lab, 'Pause').click();
    await lab.updateComplete;
    const paused = progress();
    await frames(5);
    expect(progress()).to.equal(paused);
    expect(lab.matches(':state(playing)')).to.equal(false);
    button(lab, 'End').click();
    await lab.updateComplete;
    expect(progress()).to.equal(100);
    // Playing to the end stops by itself.
    button(lab, 'Play').click();
    await lab.updateComplete;
    expect(lab.matches(':state(playing)')).to.equal(true);
    await until(() => !lab.matches(':state(playing)'));
    expect(progress()).to.equal(100);
  });

  it('jumps to the end instead of animating where the reader asked for less motion', async () => {
    const settings = await fixture(html`<ml-settings motion="reduce"><ml-optim-landscape></ml-optim-landscape></ml-settings>`);
    const lab = settings.querySelector('ml-optim-landscape') as MlOptimLandscape;
    await ready(lab);
    button(lab, 'Reset').click();
    await lab.updateComplete;
    expect(mapOf(lab).progress).to.equal(0);
    button(lab, 'Play').click();
    await lab.updateComplete;
    expect(lab.matches(':state(playing)')).to.equal(false);
    expect(mapOf(lab).progress).to.equal(100);
  });

  it('the play buttons work from the keyboard', async () => {
    const lab = await fixture<MlOptimLandscape>(html`<ml-optim-landscape></ml-optim-landscape>`);
    await ready(lab);
    button(lab, 'Reset').focus();
    await sendKeys({ press: 'Enter' });
    await lab.updateComplete;
    expect(mapOf(lab).progress).to.equal(0);
    button(lab, 'Step ›').focus();
    await sendKeys({ press: 'Space' });
    await lab.updateComplete;
    expect(mapOf(lab).progress).to.equal(1);
  });

  it('keeps the runs back while the reader predicts whether gradient descent diverges, then reveals them', async () => {
    const lab = await fixture<MlOptimLandscape>(
      html`<ml-optim-landscape condition-number="100" optimizers="sgd" learning-rate="0.021" predict="outcome"></ml-optim-landscape>`,
    );
    await ready(lab);
    await until(() => shadow(lab).querySelector('[part="prediction"]') !== null);
    expect(mapOf(lab).paths).to.deep.equal([]);
    expect(shadow(lab).querySelector('.race')).to.equal(null);
    expect(shadow(lab).querySelector('ml-chart')).to.equal(null);
    expect(shadow(lab).querySelector('ml-callout[tone="danger"]')).to.equal(null);
    expect([...shadow(lab).querySelectorAll<MlReadout>('ml-readout')].map((readout) => readout.text)).to.deep.equal(['?', '?']);
    const math = shadow(lab).querySelector('ml-math') as unknown as { items: { label: string }[] };
    expect(math.items.map((item) => item.label)).to.not.include('SGD: stability edge');
    const report = await lab.report();
    expect(report.results.map((result) => result.label)).to.deep.equal([]);
  });
});
