import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand, sendKeys, setViewport } from '@web/test-runner-commands';
import '../../components/batch-memory/ml-batch-memory.js';
import '../../components/quant-lab/ml-quant-lab.js';
import type { MlBatchMemory } from '../../components/batch-memory/ml-batch-memory.js';
import type { MlQuantLab } from '../../components/quant-lab/ml-quant-lab.js';
import type { MlReadout } from '../../components/readout/ml-readout.js';
import type { MlChart } from '../../components/chart/ml-chart.js';
import type { MlMath } from '../../components/math/ml-math.js';
import type { MlLab } from '../../src/lib/lab/lab.js';
import type { MlPredictDetail, MlRevealDetail } from '../../src/lib/lab/course-events.js';
import { evaluate } from '../../src/core/memory/evaluate.js';
import { batchMemorySchema } from '../../src/core/memory/lab.js';
import { defaults } from '../../src/core/shared/lab-schema.js';
import { settled } from './lab-contract.js';
import { seen } from './frames.js';

const shadow = (lab: MlLab) => lab.shadowRoot!;
const readout = (lab: MlLab, label: string) => [...shadow(lab).querySelectorAll<MlReadout>('ml-readout')].find((r) => r.label === label)!;
/** Everything a reader or a screen reader could read in the lab, readouts' shadow roots included. */
const visibleText = (lab: MlLab) =>
  [shadow(lab).textContent, ...[...shadow(lab).querySelectorAll<MlReadout>('ml-readout')].filter((r) => r.checkVisibility()).map((r) => r.shadowRoot!.textContent)].join(' ');

/** Waits until the lab has loaded its question (its code comes on demand). */
async function asked(lab: MlLab): Promise<HTMLFormElement> {
  for (let i = 0; i < 200 && !shadow(lab).querySelector('form.predict'); i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    await lab.updateComplete;
  }
  return shadow(lab).querySelector<HTMLFormElement>('form.predict')!;
}

/** Waits until the answer is shown. */
async function revealed(lab: MlLab): Promise<HTMLElement> {
  for (let i = 0; i < 1000 && !shadow(lab).querySelector('section.predict'); i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    await lab.updateComplete;
  }
  return shadow(lab).querySelector<HTMLElement>('section.predict')!;
}

function commit(lab: MlLab, value: string): void {
  const form = shadow(lab).querySelector<HTMLFormElement>('form.predict')!;
  const input = form.querySelector<HTMLInputElement>(`input[type="number"], input[value="${value}"]`)!;
  if (input.type === 'number') input.value = value;
  else input.checked = true;
  form.requestSubmit();
}

describe('predict, then reveal', () => {
  before(() => setViewport({ width: 1200, height: 2000 }));

  it('keeps the largest batch back everywhere until the reader commits, then judges the prediction by its factor', async () => {
    const answer = evaluate({ ...defaults(batchMemorySchema), batchSize: 16 }).largestBatch;
    const predicted: MlPredictDetail[] = [];
    const reveals: MlRevealDetail[] = [];
    const changes: Record<string, unknown>[] = [];
    const lab = await fixture<MlBatchMemory>(html`<ml-batch-memory batch-size="16" predict="largest-batch"></ml-batch-memory>`);
    lab.addEventListener('ml-predict', (event) => predicted.push(event.detail));
    lab.addEventListener('ml-reveal', (event) => reveals.push(event.detail));
    lab.addEventListener('ml-change', (event) => changes.push(event.detail.results));
    const form = await asked(lab);
    expect(form.textContent).to.include('What is the largest batch that fits in one GPU’s memory?');

    // Kept back: the readout, the memory charts (their CSV and PNG), the throughput chart's "does not fit", ml-change, the report.
    expect(readout(lab, 'Largest batch per GPU').text).to.equal('?');
    expect(Number.isNaN(readout(lab, 'Largest batch per GPU').value)).to.equal(true);
    const giveaway = new RegExp(`largest batch that fits is ${answer}\\b|Batch size ${answer}\\b|^${answer} samples`);
    expect(visibleText(lab)).to.not.match(giveaway);
    // Nor anything a screen reader could reach.
    const names = (await executeServerCommand('accessible-names', { role: '*' })) as string[];
    expect(names.filter((name) => giveaway.test(name))).to.deep.equal([]);
    // This batch does not fit: the lab says so, without the batch that would.
    expect(shadow(lab).querySelector('ml-callout[tone="danger"]')!.checkVisibility()).to.equal(true);
    const charts = [...shadow(lab).querySelectorAll<MlChart>('ml-chart')];
    expect(charts.filter((chart) => chart.checkVisibility()).map((chart) => chart.label)).to.deep.equal(['Throughput per GPU and step time against batch size']);
    const throughput = charts.find((chart) => chart.label.startsWith('Throughput'))!;
    expect(throughput.regions).to.deep.equal([]);
    // The CSV and PNG are the first chart shown: the throughput, with no memory column.
    expect(throughput.toCsv()).to.not.match(/memory/i);
    const slider = shadow(lab).querySelector('ml-slider')!.shadowRoot!.querySelector('input')!;
    slider.dispatchEvent(new Event('change', { bubbles: true }));
    await lab.updateComplete;
    await new Promise((resolve) => setTimeout(resolve));
    expect(changes.at(-1)).to.not.have.property('largestBatch');
    const report = await lab.report();
    expect(report.results.map((r) => r.label)).to.not.include('Largest batch that fits');

    commit(lab, String(answer * 4));
    const shown = await revealed(lab);
    expect(predicted).to.deep.equal([{ question: 'What is the largest batch that fits in one GPU’s memory?', result: 'largest-batch', prediction: answer * 4 }]);
    expect(reveals).to.have.length(1);
    expect(reveals[0]).to.include({ answer, error: 4, judgement: 'off by 4× (too high)', right: false });
    expect(shown.textContent).to.include(`You predicted ${answer * 4} samples; the lab computed ${answer} samples.`);
    expect(shown.textContent).to.include('Off by 4× (too high).');
    expect(readout(lab, 'Largest batch per GPU').value).to.equal(answer);
    // Revealed, the same search finds it: the check above can fail.
    await lab.updateComplete;
    expect(((await executeServerCommand('accessible-names', { role: '*' })) as string[]).some((name) => giveaway.test(name))).to.equal(true);
    expect(charts.every((chart) => chart.checkVisibility())).to.equal(true);

    // Try again: the question is asked afresh, the answer kept back again.
    shown.querySelector('button')!.click();
    await asked(lab);
    expect(readout(lab, 'Largest batch per GPU').text).to.equal('?');
  });

  it('goes through with the keyboard alone, and says the answer to screen readers', async () => {
    const lab = await fixture<MlBatchMemory>(html`<ml-batch-memory predict="fits"></ml-batch-memory>`);
    const form = await asked(lab);
    const first = form.querySelector<HTMLInputElement>('input[type="radio"]')!;
    first.focus();
    await sendKeys({ press: 'Space' });
    await sendKeys({ press: 'Enter' });
    const shown = await revealed(lab);
    expect(shown.textContent).to.match(/You predicted It fits; the lab computed It (fits|runs out of memory)\./);
    const live = shadow(lab).querySelector('[aria-live="polite"]')!;
    expect(live.textContent).to.match(/^Fits in memory: It (fits|runs out of memory)\. Your prediction, It fits, was (right|wrong: .*)\.$/);
  });

  it('on the quantization lab, waits for the worker’s answer and judges an accuracy in points', async () => {
    const reveals: MlRevealDetail[] = [];
    const lab = await fixture<MlQuantLab>(html`<ml-quant-lab bits="4" predict="accuracy" prompt="How much accuracy does INT4 keep?"></ml-quant-lab>`);
    lab.addEventListener('ml-reveal', (event) => reveals.push(event.detail));
    const form = await asked(lab);
    expect(form.textContent).to.include('How much accuracy does INT4 keep?');
    await settled(lab);
    // Computed, but not shown: readout, cliff, sweep, sensitivity, changed digits.
    expect(readout(lab, 'Test accuracy').text).to.equal('?');
    expect(shadow(lab).querySelector('ml-callout[tone="danger"]:not([hidden])')).to.equal(null);
    expect([...shadow(lab).querySelectorAll<MlChart>('ml-chart')].filter((chart) => chart.checkVisibility()).map((chart) => chart.label)).to.have.length(1);
    expect(shadow(lab).querySelector<HTMLElement>('section.changed')!.checkVisibility()).to.equal(false);
    commit(lab, '50');
    await revealed(lab);
    const accuracy = readout(lab, 'Test accuracy').value;
    expect(reveals[0]!.answer).to.be.closeTo(accuracy * 100, 1e-9);
    expect(reveals[0]!.judgement).to.match(/^off by \d+(\.\d)? points \(too low\)$/);
  });

  it('reports the view: the tag that reproduces it, each prediction judged, the results and each chart as a PNG', async () => {
    const lab = await fixture<MlBatchMemory>(html`<ml-batch-memory batch-size="32" predict="total-bytes"></ml-batch-memory>`);
    await asked(lab);
    // The Math Peek's memory steps add up to the answer.
    const math = shadow(lab).querySelector<MlMath>('ml-math')!;
    expect(math.items.map((item) => item.label)).to.not.include('Total');
    commit(lab, '5');
    await revealed(lab);
    // The memory charts, shown again, draw once measured.
    await seen([...shadow(lab).querySelectorAll<MlChart>('ml-chart')]);
    const report = await lab.report();
    expect(report.embed).to.equal('<ml-batch-memory batch-size="32" predict="total-bytes"></ml-batch-memory>');
    expect(report.predictions).to.have.length(1);
    expect(report.predictions[0]).to.include({ prediction: '5 GiB', result: 'total-bytes' });
    expect(report.results.map((r) => r.label)).to.include('Memory per GPU');
    expect(report.charts.length).to.equal(3);
    for (const chart of report.charts) expect(chart.png).to.match(/^data:image\/png;base64,/);
    // The tag gives back the same state.
    const copy = document.createElement('div');
    copy.innerHTML = report.embed;
    document.body.append(copy);
    const rebuilt = copy.firstElementChild as MlBatchMemory;
    await rebuilt.updateComplete;
    expect(rebuilt.labState).to.deep.equal(lab.labState);
    copy.remove();
  });

  it('refuses a result the lab does not have, naming those it has', async () => {
    const lab = await fixture<MlBatchMemory>(html`<ml-batch-memory predict="zzz"></ml-batch-memory>`);
    const note = shadow(lab).querySelector('.attribute-note[data-attribute="predict"]')!;
    expect(note.textContent).to.include('largest-batch');
    expect(shadow(lab).querySelector('form.predict')).to.equal(null);
  });

  it('says so when the view does not compute the result asked about, and answers once it does', async () => {
    const lab = await fixture<MlBatchMemory>(html`<ml-batch-memory mode="inference" predict="samples-per-second"></ml-batch-memory>`);
    await asked(lab);
    commit(lab, '40');
    await lab.updateComplete;
    expect(shadow(lab).querySelector('form.predict')!.textContent).to.include('This view does not compute “Throughput per GPU”');
    lab.mode = 'training';
    await lab.updateComplete;
    commit(lab, '40');
    expect((await revealed(lab)).textContent).to.include('samples/s');
  });

  it('keeps back with a result what gives it away: whether a batch fits hides its memory and the largest batch too', async () => {
    const changes: Record<string, unknown>[] = [];
    const lab = await fixture<MlBatchMemory>(html`<ml-batch-memory batch-size="16" predict="fits"></ml-batch-memory>`);
    lab.addEventListener('ml-change', (event) => changes.push(event.detail.results));
    await asked(lab);
    expect(readout(lab, 'Memory per GPU').text).to.equal('?');
    expect(readout(lab, 'Largest batch per GPU').text).to.equal('?');
    expect(shadow(lab).querySelector('ml-callout[tone="danger"]')!.checkVisibility()).to.equal(false);
    shadow(lab).querySelector('ml-slider')!.shadowRoot!.querySelector('input')!.dispatchEvent(new Event('change', { bubbles: true }));
    await lab.updateComplete;
    await new Promise((resolve) => setTimeout(resolve));
    expect(Object.keys(changes.at(-1)!).sort()).to.deep.equal(['capacityBytes', 'samplesPerSecond', 'scalingEfficiency', 'wholeJobSamplesPerSecond']);
    expect((await lab.report()).results.map((r) => r.label)).to.deep.equal(['Throughput per GPU']);
  });

  it('keeps the job\'s throughput back with the throughput per GPU: the readouts, the time bar, the curve, the Math Peek', async () => {
    const changes: Record<string, unknown>[] = [];
    const lab = await fixture<MlBatchMemory>(html`<ml-batch-memory device="a100-80gb-sxm" gpus="8" predict="samples-per-second"></ml-batch-memory>`);
    lab.addEventListener('ml-change', (event) => changes.push(event.detail.results));
    await asked(lab);
    expect(readout(lab, 'Throughput per GPU').text).to.equal('?');
    expect(readout(lab, 'Whole job').text).to.equal('?');
    expect(shadow(lab).querySelector('.time-shares')).to.equal(null);
    const math = shadow(lab).querySelector('ml-math') as unknown as { items: { label: string }[] };
    expect(math.items.map((item) => item.label)).to.not.include.members(['Throughput per GPU', 'Throughput of the job', 'Scaling efficiency']);
    shadow(lab).querySelector('ml-slider')!.shadowRoot!.querySelector('input')!.dispatchEvent(new Event('change', { bubbles: true }));
    await lab.updateComplete;
    await new Promise((resolve) => setTimeout(resolve));
    expect(changes.at(-1)).to.not.have.any.keys('samplesPerSecond', 'wholeJobSamplesPerSecond', 'scalingEfficiency');
    commit(lab, '10');
    await revealed(lab);
    expect(readout(lab, 'Whole job').value).to.be.greaterThan(0);
    expect(shadow(lab).querySelector('.time-shares')).to.not.equal(null);
  });

  it('moves the focus to the answer once it shows, keeps the reader’s predictions when the question is reworded', async () => {
    const lab = await fixture<MlBatchMemory>(html`<ml-batch-memory predict="largest-batch"></ml-batch-memory>`);
    const form = await asked(lab);
    form.querySelector('input')!.focus();
    commit(lab, '8');
    const shown = await revealed(lab);
    await lab.updateComplete;
    expect(shadow(lab).activeElement).to.equal(shown);
    lab.prompt = 'How big a batch fits?';
    await lab.updateComplete;
    // The same question in other words: the answer stays shown, and the report keeps the prediction.
    expect(shadow(lab).querySelector('section.predict')!.textContent).to.include('How big a batch fits?');
    expect((await lab.report()).predictions).to.have.length(1);
  });
});
