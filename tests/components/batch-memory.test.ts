import { expect, fixture, html } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import '../../components/batch-memory/ml-batch-memory.js';
import '../../components/settings/ml-settings.js';
import type { BatchMemoryChangeEvent, MlBatchMemory } from '../../components/batch-memory/ml-batch-memory.js';
import type { MlSlider } from '../../components/slider/ml-slider.js';
import type { MlChart } from '../../components/chart/ml-chart.js';
import { seen } from './frames.js';
import { settled } from './lab-contract.js';
import { evaluate } from '../../src/core/memory/evaluate.js';

const shadow = (lab: MlBatchMemory) => lab.shadowRoot!;
const sliderLabelled = (lab: MlBatchMemory, label: string) =>
  [...shadow(lab).querySelectorAll<MlSlider>('ml-slider')].find((slider) => slider.label === label)!;

/** Waits for the lab and its charts, which draw once their width is measured and they are known to be near. */
async function settle(lab: MlBatchMemory): Promise<void> {
  // The estimators load after the first paint.
  await settled(lab);
  const charts = [...shadow(lab).querySelectorAll<MlChart>('ml-chart')];
  await seen(charts);
  await Promise.all(charts.map((chart) => chart.updateComplete));
}

describe('ml-batch-memory', () => {
  // Tall enough for the whole lab: charts far below the viewport put off drawing.
  before(() => setViewport({ width: 1200, height: 2000 }));

  it('renders the three charts, four readouts, the step\'s time by kernel and the Math Peek for GPT-2 small on a T4 by default', async () => {
    const lab = await fixture<MlBatchMemory>(html`<ml-batch-memory></ml-batch-memory>`);
    await settle(lab);
    expect(lab.model).to.equal('gpt2');
    expect(lab.device).to.equal('t4');
    expect(shadow(lab).querySelectorAll('ml-chart')).to.have.length(3);
    const readouts = [...shadow(lab).querySelectorAll('ml-readout')].filter((readout) => readout.checkVisibility());
    expect(readouts.map((readout) => readout.getAttribute('label'))).to.deep.equal(['Memory per GPU', 'Largest batch per GPU', 'Throughput per GPU', 'Activations']);
    const math = shadow(lab).querySelector('ml-math')!;
    const labels = (math as unknown as { items: { label: string }[] }).items.map((item) => item.label);
    expect(labels).to.include.members(['Weights', 'Gradients', 'Total', 'Throughput per GPU']);
    expect(labels.some((label) => label.startsWith('Longest kernel: '))).to.equal(true);
    // Where the step's time goes: a bar per kind of kernel, its shares named in words.
    const result = evaluate(lab.values);
    const bar = shadow(lab).querySelector('.share-bar')!;
    expect(bar.querySelectorAll('.share')).to.have.length(result.training!.shares.filter((share) => share.seconds > 0).length);
    expect(bar.getAttribute('aria-label')).to.match(/^Matmuls [\d.]+ ms \(\d+%\), Attention/);
  });

  it('switches workload on the same charts and controls, serving\'s speed for training\'s and the training recipe hidden', async () => {
    const lab = await fixture<MlBatchMemory>(html`<ml-batch-memory></ml-batch-memory>`);
    await settle(lab);
    const charts = () => [...shadow(lab).querySelectorAll<MlChart>('ml-chart')];
    const canvases = () => charts().map((chart) => chart.shadowRoot!.querySelector('canvas'));
    const optimizer = shadow(lab).querySelector('ml-select[label="Optimizer"]')!;
    const throughput = shadow(lab).querySelector('ml-readout[label="Throughput per GPU"]')!;
    const before = canvases();
    expect(before.every((canvas) => canvas !== null)).to.equal(true);
    lab.mode = 'inference';
    await settle(lab);
    expect(charts().map((chart) => chart.hidden)).to.deep.equal([false, false, false]);
    // Serving a decoder: tokens per second while decoding, and the time per token.
    expect(throughput.getAttribute('label')).to.equal('Decode throughput per GPU');
    expect(throughput.getAttribute('unit')).to.equal('tokens/s');
    expect(charts()[1]!.label).to.equal('Decode throughput and time per token against batch size');
    expect(charts()[1]!.series.map((series) => series.label)).to.deep.equal(['Decode throughput per GPU', 'Time per token']);
    expect(charts()[0]!.series.map((series) => series.label)).to.deep.equal(['Weights', 'KV cache', 'Activations (transient)', 'Framework overhead']);
    expect(optimizer.checkVisibility()).to.equal(false);
    lab.mode = 'training';
    await settle(lab);
    expect(charts().map((chart) => chart.hidden)).to.deep.equal([false, false, false]);
    expect(canvases().map((canvas, i) => canvas === before[i])).to.deep.equal([true, true, true]);
    expect(shadow(lab).querySelector('ml-select[label="Optimizer"]')).to.equal(optimizer);
    expect(optimizer.checkVisibility()).to.equal(true);
    expect(shadow(lab).querySelector('ml-readout[label="Throughput per GPU"]')).to.equal(throughput);
  });

  it('shows an out-of-memory callout naming required and available memory, and drops it when fixed', async () => {
    const lab = await fixture<MlBatchMemory>(html`<ml-batch-memory batch-size="512"></ml-batch-memory>`);
    const callout = shadow(lab).querySelector('ml-callout[tone="danger"]')!;
    expect(callout.getAttribute('heading')).to.match(/^Out of memory: needs [\d.]+ GiB, the NVIDIA T4 16 GB has 16 GiB$/);
    expect(callout.textContent).to.contain('Batch size');
    expect(callout.checkVisibility()).to.equal(true);
    lab.batchSize = 1;
    await settle(lab);
    expect(callout.checkVisibility()).to.equal(false);
    expect(callout.textContent!.trim()).to.equal('');
  });

  it('feeds the memory chart the capacity line, the out-of-memory region and the current batch', async () => {
    const lab = await fixture<MlBatchMemory>(html`<ml-batch-memory device="a100-80gb-sxm" batch-size="16"></ml-batch-memory>`);
    await settle(lab);
    const chart = shadow(lab).querySelector<MlChart>('ml-chart')!;
    expect(chart.thresholds[0]!.value).to.equal(80 * 2 ** 30);
    expect(chart.regions[0]!.from).to.equal(80 * 2 ** 30);
    expect(chart.marker!.x).to.equal(16);
    expect(chart.columns[0]).to.deep.equal([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096]);
    expect(chart.shadowRoot!.querySelector('canvas')).to.not.equal(null);
  });

  it('updates live on slider input and fires one ml-change on commit, none on programmatic sets', async () => {
    const lab = await fixture<MlBatchMemory>(html`<ml-batch-memory></ml-batch-memory>`);
    const changes: CustomEvent[] = [];
    lab.addEventListener('ml-change', (event) => changes.push(event as unknown as CustomEvent));
    lab.batchSize = 2;
    await settle(lab);
    expect(changes).to.have.length(0);

    const slider = sliderLabelled(lab, 'Batch size per GPU');
    const input = slider.shadowRoot!.querySelector('input')!;
    input.value = '5';
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    await settle(lab);
    expect(lab.batchSize).to.equal(32);
    expect(changes).to.have.length(0);
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await settle(lab);
    await new Promise((resolve) => setTimeout(resolve));
    expect(changes).to.have.length(1);
    const event = changes[0] as unknown as { state: Record<string, unknown>; results: Record<string, unknown> };
    expect(event.state['batch-size']).to.equal(32);
    expect(event.results.totalBytes).to.be.a('number');
  });

  it('offers image size for vision models and sequence length for transformers', async () => {
    const lab = await fixture<MlBatchMemory>(html`<ml-batch-memory model="resnet50"></ml-batch-memory>`);
    expect(sliderLabelled(lab, 'Image size').checkVisibility()).to.equal(true);
    expect(sliderLabelled(lab, 'Sequence length').checkVisibility()).to.equal(false);
    // Switching family shows the other slider; the same elements stay, only hidden.
    const imageSize = sliderLabelled(lab, 'Image size');
    lab.model = 'gpt2';
    await lab.updateComplete;
    expect(sliderLabelled(lab, 'Sequence length').checkVisibility()).to.equal(true);
    expect(imageSize.checkVisibility()).to.equal(false);
    expect(sliderLabelled(lab, 'Image size')).to.equal(imageSize);
  });

  it('keeps the sequence within the model context when the reader picks BERT', async () => {
    const lab = await fixture<MlBatchMemory>(html`<ml-batch-memory sequence-length="1024"></ml-batch-memory>`);
    lab.model = 'bert-base';
    await settle(lab);
    expect(lab.sequenceLength).to.equal(512);
    expect(sliderLabelled(lab, 'Sequence length').max).to.equal(512);
    expect([...shadow(lab).querySelectorAll('ml-callout')].filter((callout) => callout.checkVisibility())).to.deep.equal([]);
  });

  it('explains a config.json it cannot use and keeps working', async () => {
    const lab = await fixture<MlBatchMemory>(html`<ml-batch-memory model="custom" model-config='{"model_type": "gpt2"}'></ml-batch-memory>`);
    const warning = shadow(lab).querySelector('ml-callout[tone="warning"]')!;
    expect(warning.textContent).to.match(/n_embd|hidden_size/);
    expect(shadow(lab).querySelectorAll('ml-chart')).to.have.length(3);
  });

  it('asks for a config.json with the empty box itself, not with a warning', async () => {
    const lab = await fixture<MlBatchMemory>(html`<ml-batch-memory model="custom"></ml-batch-memory>`);
    expect(shadow(lab).querySelector('ml-callout[tone="warning"]')).to.equal(null);
    expect(shadow(lab).querySelector('textarea')!.placeholder).to.match(/config\.json/);
    expect(shadow(lab).querySelectorAll('ml-chart')).to.have.length(3);
  });

  it('sets its controls beside the results when wide and above them when narrow', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div style="width: 1000px"><ml-batch-memory></ml-batch-memory></div>`);
    const lab = wrapper.querySelector('ml-batch-memory')!;
    await settle(lab);
    const controls = () => shadow(lab).querySelector('.controls')!.getBoundingClientRect();
    const body = () => shadow(lab).querySelector('.body')!.getBoundingClientRect();
    expect(lab.internals.states.has('wide')).to.equal(true);
    expect(body().left).to.be.at.least(controls().right);
    wrapper.style.width = '600px';
    await settle(lab);
    expect(lab.internals.states.has('wide')).to.equal(false);
    expect(body().top).to.be.at.least(controls().bottom);
  });

  it('shows the config.json box only for a model of your own', async () => {
    const lab = await fixture<MlBatchMemory>(html`<ml-batch-memory></ml-batch-memory>`);
    const box = shadow(lab).querySelector('label.config')!;
    expect(getComputedStyle(box).display).to.equal('none');
    lab.model = 'custom';
    await lab.updateComplete;
    expect(getComputedStyle(box).display).not.to.equal('none');
  });

  it('takes its theme from an <ml-settings> ancestor, and works without one', async () => {
    const wrapper = await fixture(html`<ml-settings theme="dark"><ml-batch-memory></ml-batch-memory></ml-settings>`);
    const lab = wrapper.querySelector('ml-batch-memory')!;
    await lab.updateComplete;
    expect(lab.internals.states.has('dark')).to.equal(true);
    // The lab passes its settings on to the kit it renders: no child has a theme of its own.
    const chart = shadow(lab).querySelector('ml-chart')!;
    expect(chart.hasAttribute('theme')).to.equal(false);
    expect(chart.internals.states.has('dark')).to.equal(true);
    (wrapper as HTMLElement).setAttribute('theme', 'light');
    await (wrapper as unknown as MlBatchMemory).updateComplete;
    await lab.updateComplete;
    expect(lab.internals.states.has('dark')).to.equal(false);
  });

  it('passes its own theme attribute on to every element it renders', async () => {
    const lab = await fixture<MlBatchMemory>(html`<ml-batch-memory theme="dark"></ml-batch-memory>`);
    await settle(lab);
    const kit = [...shadow(lab).querySelectorAll('ml-chart, ml-slider, ml-select, ml-toggle, ml-readout, ml-callout, ml-math')] as MlBatchMemory[];
    expect(kit.length).to.be.greaterThan(10);
    expect(kit.filter((element) => !element.internals.states.has('dark')).map((element) => element.localName)).to.deep.equal([]);
    lab.theme = 'light';
    await settle(lab);
    expect(kit.filter((element) => element.internals.states.has('dark')).map((element) => element.localName)).to.deep.equal([]);
  });

  it('takes its device and model from <ml-settings> when its own attributes are absent, and keeps the reader\'s choice', async () => {
    const wrapper = await fixture(html`<ml-settings device="a100-80gb-sxm" model="llama-2-7b">
      <ml-batch-memory></ml-batch-memory><ml-batch-memory device="t4"></ml-batch-memory>
    </ml-settings>`);
    const [page, own] = [...wrapper.querySelectorAll('ml-batch-memory')] as MlBatchMemory[];
    await settle(page!);
    await settle(own!);
    expect([page!.device, page!.model]).to.deep.equal(['a100-80gb-sxm', 'llama-2-7b']);
    expect([own!.device, own!.model]).to.deep.equal(['t4', 'llama-2-7b']);
    page!.device = 'h100-sxm';
    await settle(page!);
    expect(page!.device).to.equal('h100-sxm');
  });

  it('puts the state and the results of a change on the event\'s detail', async () => {
    const lab = await fixture<MlBatchMemory>(html`<ml-batch-memory></ml-batch-memory>`);
    const events: BatchMemoryChangeEvent[] = [];
    document.addEventListener('ml-change', (event) => events.push(event as unknown as BatchMemoryChangeEvent), { once: true });
    const select = shadow(lab).querySelector<HTMLElement & { label: string }>('ml-select')!.shadowRoot!.querySelector('select')!;
    select.value = 'gpt2-medium';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await settle(lab);
    await new Promise((resolve) => setTimeout(resolve));
    expect(events).to.have.length(1);
    expect(events[0]!.detail.state.model).to.equal('gpt2-medium');
    expect(events[0]!.detail.results.totalBytes).to.be.greaterThan(0);
    expect(events[0]!.state).to.equal(events[0]!.detail.state);
  });

  it('defaults to the precision its device runs fast, and shows every assumption and the units it writes', async () => {
    const lab = await fixture<MlBatchMemory>(html`<ml-batch-memory></ml-batch-memory>`);
    await settle(lab);
    expect(lab.precision).to.equal('auto');
    const expected = evaluate({ ...lab.values, precision: 'mixed-fp16' });
    const throughput = shadow(lab).querySelector<HTMLElement & { value: number }>('ml-readout[label="Throughput per GPU"]')!;
    expect(throughput.value).to.equal(expected.training!.samplesPerSecond);
    expect([...shadow(lab).querySelectorAll('ml-callout')].filter((callout) => callout.checkVisibility())).to.deep.equal([]);
    const result = evaluate(lab.values);
    const units = shadow(lab).querySelector('.units')!;
    expect(units.checkVisibility()).to.equal(true);
    expect(units.textContent).to.equal(result.unitsNote);
    const assumptions = shadow(lab).querySelector<HTMLDetailsElement>('details.assumptions')!;
    expect(assumptions.querySelector('summary')!.checkVisibility()).to.equal(true);
    expect([...assumptions.querySelectorAll('li')].map((item) => item.textContent)).to.deep.equal(result.assumptions);
    expect(result.assumptions[0]).to.match(/^Precision "auto" is mixed FP16/);
    lab.mode = 'inference';
    await settle(lab);
    expect([...assumptions.querySelectorAll('li')].map((item) => item.textContent)).to.deep.equal(evaluate(lab.values).assumptions);
  });

  it('says in a callout that BF16 on a T4 is timed at the FP32 peak, and what runs fast there', async () => {
    const lab = await fixture<MlBatchMemory>(html`<ml-batch-memory precision="mixed-bf16"></ml-batch-memory>`);
    await settle(lab);
    const callout = shadow(lab).querySelector('ml-callout[tone="warning"]')!;
    expect(callout.checkVisibility()).to.equal(true);
    expect([...callout.querySelectorAll('li')].map((item) => item.textContent)).to.deep.equal(evaluate(lab.values).caveats);
    expect(callout.textContent).to.contain('lists no BF16 peak').and.to.contain('Mixed FP16');
  });

  it('says which readouts and axes are per GPU, and asks about the workload shown unless the author titled it', async () => {
    const lab = await fixture<MlBatchMemory>(html`<ml-batch-memory></ml-batch-memory>`);
    await settle(lab);
    const labels = [...shadow(lab).querySelectorAll<HTMLElement & { label: string }>('ml-readout')].map((readout) => readout.label);
    expect(labels.slice(0, 3)).to.deep.equal(['Memory per GPU', 'Largest batch per GPU', 'Throughput per GPU']);
    const [memory, throughput] = [...shadow(lab).querySelectorAll<MlChart>('ml-chart')];
    expect(memory!.xLabel).to.match(/^Batch size per GPU/);
    expect(throughput!.yLabel).to.match(/per GPU$/);
    const title = () => shadow(lab).querySelector('h2')!.textContent;
    expect(title()).to.equal('Where does training memory go?');
    lab.mode = 'inference';
    await lab.updateComplete;
    expect(title()).to.equal('Where does inference memory go?');
    lab.mode = 'training';
    await lab.updateComplete;
    expect(title()).to.equal('Where does training memory go?');
    const titled = await fixture<MlBatchMemory>(html`<ml-batch-memory heading="Serving Llama" mode="inference"></ml-batch-memory>`);
    titled.mode = 'training';
    await titled.updateComplete;
    expect(shadow(titled).querySelector('h2')!.textContent).to.equal('Serving Llama');
  });

  it('fires ml-error once for each config.json problem, not for an empty box', async () => {
    const errors: { message: string; source?: string }[] = [];
    const lab = document.createElement('ml-batch-memory') as MlBatchMemory;
    lab.addEventListener('ml-error', (event) => errors.push(event.detail));
    lab.model = 'custom';
    lab.modelConfig = '{"model_type": "gpt2"}';
    document.body.append(lab);
    await settle(lab);
    expect(errors).to.have.length(1);
    expect(errors[0]!.source).to.equal('model-config');
    expect(errors[0]!.message).to.match(/^config\.json could not be used: .*(n_embd|hidden_size)/);
    // Typing on inside the same problem says nothing more; a new problem is told.
    lab.modelConfig = '{"model_type": "gpt2" ';
    await settle(lab);
    lab.modelConfig = '{"model_type": "gpt2"  ';
    await settle(lab);
    expect(errors.map((error) => error.message)).to.have.length(2);
    expect(errors[1]!.message).to.contain('not valid JSON');
    lab.modelConfig = '';
    await settle(lab);
    expect(errors).to.have.length(2);
    lab.remove();
  });

  it('writes its CSV with whole bytes and six significant digits, not floating-point noise', async () => {
    const lab = await fixture<MlBatchMemory>(html`<ml-batch-memory></ml-batch-memory>`);
    await settle(lab);
    const [memory, throughput] = [...shadow(lab).querySelectorAll<MlChart>('ml-chart')];
    const cells = (chart: MlChart) => chart.toCsv().trim().split('\n').slice(1).flatMap((row) => row.split(','));
    expect(cells(memory!).filter((cell) => !/^\d+$/.test(cell))).to.deep.equal([]);
    const significant = (cell: string) => cell.replace(/^[-0.]+|\.|e.*$/g, '').length;
    expect(cells(throughput!).filter((cell) => significant(cell) > 6 && !/^\d+$/.test(cell))).to.deep.equal([]);
  });

  it('with more GPUs: the whole job, its communication over the link, and the one-GPU curve beside it', async () => {
    const lab = await fixture<MlBatchMemory>(html`<ml-batch-memory device="a100-80gb-sxm" gpus="8"></ml-batch-memory>`);
    await settle(lab);
    const result = evaluate(lab.values);
    const job = shadow(lab).querySelector<HTMLElement & { value: number }>('ml-readout[label="Whole job"]')!;
    expect(job.checkVisibility()).to.equal(true);
    expect(job.value).to.equal(result.training!.scaling.wholeJobSamplesPerSecond);
    expect(job.getAttribute('detail')).to.match(/^8 GPUs at 99% scaling efficiency; [\d.]+ ms of communication per step, [\d.]+ µs of it hidden$/);
    const chart = [...shadow(lab).querySelectorAll<MlChart>('ml-chart')][1]!;
    expect(chart.series.map((series) => series.label)).to.deep.equal(['Throughput per GPU', 'Step time', 'One GPU alone (no communication)']);
    expect(shadow(lab).querySelector('.share.communication')).to.not.equal(null);
    // The link and the overlap are controls now; back on one GPU they and the job go.
    const link = shadow(lab).querySelector('ml-select[label="Link between GPUs"]')!;
    expect(link.checkVisibility()).to.equal(true);
    lab.gpus = 1;
    await settle(lab);
    expect(job.checkVisibility()).to.equal(false);
    expect(link.checkVisibility()).to.equal(false);
  });

  it('shows the published measurements of its model and device, and puts one on the chart at its setting', async () => {
    const lab = await fixture<MlBatchMemory>(html`<ml-batch-memory model="resnet50" device="a100-80gb-sxm"></ml-batch-memory>`);
    await settle(lab);
    const items = () => [...shadow(lab).querySelectorAll('.measurements li')];
    expect(items()).to.have.length(2);
    expect(items()[0]!.textContent).to.match(/measured\s+2,470 samples\/s per GPU; this model gives 2,650 at that setting,\s+\+7\.4 %/);
    const chart = () => [...shadow(lab).querySelectorAll<MlChart>('ml-chart')][1]!;
    expect(chart().series.map((series) => series.label)).to.not.include('Published measurement');
    const changes: BatchMemoryChangeEvent[] = [];
    lab.addEventListener('ml-change', (event) => changes.push(event as unknown as BatchMemoryChangeEvent));
    items()[0]!.querySelector('button')!.click();
    await settle(lab);
    expect([lab.precision, lab.batchSize, lab.optimizer]).to.deep.equal(['mixed-fp16', 256, 'sgd-momentum']);
    expect(changes).to.have.length(1);
    expect(changes[0]!.detail.state['batch-size']).to.equal(256);
    const series = chart().series.map((s) => s.label);
    expect(series).to.include('Published measurement');
    const measured = chart().columns[series.indexOf('Published measurement') + 1]!;
    const x = chart().columns[0];
    expect(measured[x.indexOf(256)]).to.equal(2470);
    expect(measured.filter((value) => value !== null)).to.have.length(1);
    expect(items()[0]!.querySelector('button')).to.equal(null);
  });

  it('keeps the speed model\'s assumptions in a panel of their own, and reads the former utilization attribute', async () => {
    const lab = await fixture<MlBatchMemory>(html`<ml-batch-memory utilization="0.4" batch-size="1" sequence-length="128"></ml-batch-memory>`);
    await settle(lab);
    expect(lab.matmulEfficiency).to.equal(0.4);
    const group = shadow(lab).querySelector<HTMLDetailsElement>('details.control-group')!;
    expect(group.open).to.equal(false);
    expect(group.querySelector('summary')!.textContent).to.equal('Speed assumptions');
    expect([...group.querySelectorAll('ml-slider')].map((slider) => slider.getAttribute('label'))).to.deep.equal([
      'Matmul efficiency (of peak FLOP/s)',
      'Bandwidth efficiency (of peak)',
      'Launch overhead per kernel',
      'Communication hidden under backward',
    ]);
    const throughput = shadow(lab).querySelector<HTMLElement & { value: number }>('ml-readout[label="Throughput per GPU"]')!;
    const before = throughput.value;
    lab.launchOverhead = 50;
    await settle(lab);
    expect(throughput.value).to.be.lessThan(before);
  });
});