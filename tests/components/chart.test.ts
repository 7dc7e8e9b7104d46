import { expect, fixture, html } from '@open-wc/testing';
import '../../components/chart/ml-chart.js';
import type { MlChart, ChartColumns } from '../../components/chart/ml-chart.js';
import { columnsToCsv, describeChart, stackColumns } from '../../components/chart/chart-data.js';
import { cameNear, frames, seen } from './frames.js';

const canvasOf = (chart: MlChart) => chart.shadowRoot!.querySelector('canvas');
const legendCells = (chart: MlChart, selector: string) =>
  [...chart.shadowRoot!.querySelectorAll(`.u-legend .u-series ${selector}`)].map((cell) => cell.textContent);
/** Moves the cursor over the plot's right edge (the last x), so the legend reads out that row. */
const hoverLastPoint = (chart: MlChart) => {
  const over = chart.shadowRoot!.querySelector('.u-over')!;
  const box = over.getBoundingClientRect();
  over.dispatchEvent(new MouseEvent('mousemove', { clientX: box.right - 1, clientY: box.top + box.height / 2 }));
};
const columns: ChartColumns = [
  [1, 2, 4],
  [10, 20, 40],
  [1, 1, 1],
];

type PlotInternals = {
  ctx: CanvasRenderingContext2D;
  data: (number | null)[][];
  bbox: { left: number; top: number; width: number; height: number };
  redraw: () => void;
  valToPos: (value: number, scale: string, canvasPixels: boolean) => number;
};

/**
 * Redraws the chart and checks the boxes of the annotation labels (`labels`) as the canvas
 * receives them, whatever placed them: inside the plot, off each other, and crossed neither by a
 * series nor by the annotation lines at `lines` (y and x values).
 */
async function expectLabelsClear(chart: MlChart, labels: string[], lines: { x: number[]; y: number[] }): Promise<void> {
  const plot = (chart as unknown as { plot: PlotInternals }).plot;
  // Each line of text is 15 CSS px high, beside the point it is drawn from as the context's
  // alignment says, and turned as the context's transform says.
  const lineHeight = 15 * devicePixelRatio;
  const boxes: { text: string; left: number; top: number; right: number; bottom: number }[] = [];
  const fillText = plot.ctx.fillText;
  plot.ctx.fillText = function (text: string, x: number, y: number) {
    // The labels, or the lines of one wrapped (the axes' tick values are shorter).
    if (text.length > 3 && labels.some((label) => label.includes(text))) {
      const width = this.measureText(text).width;
      const left = this.textAlign === 'right' ? x - width : this.textAlign === 'center' ? x - width / 2 : x;
      const top = this.textBaseline === 'top' ? y : this.textBaseline === 'middle' ? y - lineHeight / 2 : y - lineHeight;
      const transform = this.getTransform();
      const corners = [transform.transformPoint(new DOMPoint(left, top)), transform.transformPoint(new DOMPoint(left + width, top + lineHeight))];
      const [xs, ys] = [corners.map((p) => p.x), corners.map((p) => p.y)];
      boxes.push({ text, left: Math.min(...xs), top: Math.min(...ys), right: Math.max(...xs), bottom: Math.max(...ys) });
    }
    fillText.call(this, text, x, y);
  };
  plot.redraw();
  await null;
  plot.ctx.fillText = fillText;
  expect(boxes.map((box) => box.text).join(' ').split(' ').sort()).to.deep.equal(labels.join(' ').split(' ').sort());

  // The series and the annotation lines, a point every canvas pixel along them.
  const { left, top, width, height } = plot.bbox;
  const points: [number, number][] = [];
  const trace = (x1: number, y1: number, x2: number, y2: number) => {
    const steps = Math.ceil(Math.hypot(x2 - x1, y2 - y1));
    for (let i = 0; i <= steps; i++) points.push([x1 + ((x2 - x1) * i) / steps, y1 + ((y2 - y1) * i) / steps]);
  };
  const [xs, ...series] = plot.data as number[][];
  for (const ys of series) {
    for (let i = 1; i < xs!.length; i++) {
      trace(plot.valToPos(xs![i - 1]!, 'x', true), plot.valToPos(ys[i - 1]!, 'y', true), plot.valToPos(xs![i]!, 'x', true), plot.valToPos(ys[i]!, 'y', true));
    }
  }
  for (const y of lines.y.map((value) => plot.valToPos(value, 'y', true))) trace(left, y, left + width, y);
  for (const x of lines.x.map((value) => plot.valToPos(value, 'x', true))) trace(x, top, x, top + height);

  for (const a of boxes) {
    expect(a.left >= left && a.right <= left + width && a.top >= top && a.bottom <= top + height, `${a.text} inside the plot`).to.equal(true);
    const crossing = points.find(([x, y]) => x > a.left && x < a.right && y > a.top && y < a.bottom);
    expect(crossing, `${a.text} crossed by a line`).to.equal(undefined);
    for (const b of boxes) {
      if (a === b) continue;
      const overlap = a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
      expect(overlap, `${a.text} over ${b.text}`).to.equal(false);
    }
  }
}

describe('ml-chart', () => {
  it('stacks columns as running sums and writes CSV of the original values', () => {
    expect(stackColumns(columns)).to.deep.equal([
      [1, 2, 4],
      [10, 20, 40],
      [11, 21, 41],
    ]);
    expect(columnsToCsv(columns, [{ label: 'Weights, fp32' }, { label: 'Other' }], 'Batch')).to.equal(
      'Batch,"Weights, fp32",Other\n1,10,1\n2,20,1\n4,40,1\n',
    );
    expect(describeChart({ columns, series: [{ label: 'A' }, { label: 'B' }], xLabel: 'Batch', yLabel: 'Memory', xFormat: 'number', yFormat: 'number' })).to.equal(
      'A, B against Batch from 1 to 4, 3 points; values from 1 to 40.',
    );
  });

  it("writes the canvas text (axes, labels) in the page's --ml-font", async () => {
    const chart = await fixture<MlChart>(
      html`<ml-chart style="--ml-font: 'Courier New', monospace" .columns=${columns} .series=${[{ label: 'A' }, { label: 'B' }]}></ml-chart>`,
    );
    await seen(chart);
    const axes = (chart as unknown as { plot: { axes: { font: unknown }[] } }).plot.axes;
    expect(JSON.stringify(axes[0]!.font)).to.contain('Courier New');
  });

  it('updates data in place and rebuilds the plot only when its axes change', async () => {
    const chart = await fixture<MlChart>(html`<ml-chart .columns=${columns} .series=${[{ label: 'A' }, { label: 'B' }]}></ml-chart>`);
    await seen(chart);
    const first = canvasOf(chart);
    chart.columns = [[1, 2, 4], [5, 6, 7], [1, 2, 3]];
    await chart.updateComplete;
    expect(canvasOf(chart)).to.equal(first);
    hoverLastPoint(chart);
    expect(legendCells(chart, '.u-value')).to.deep.equal(['4', '7', '3']);
    chart.yScale = 'log10';
    await chart.updateComplete;
    expect(canvasOf(chart)).to.not.equal(first);
  });

  it('retitles its axes on the same plot, and tables a marks-only series at its values alone', async () => {
    const chart = await fixture<MlChart>(
      html`<ml-chart y-label="Samples/s" .columns=${[[1, 2, 4], [10, 20, 40], [null, 25, null]] as ChartColumns} .series=${[{ label: 'Model' }, { label: 'Measured', marks: true }]}></ml-chart>`,
    );
    await seen(chart);
    const first = canvasOf(chart);
    const plot = (chart as unknown as { plot: { axes: { label?: string }[] } }).plot;
    chart.yLabel = 'Tokens/s';
    await chart.updateComplete;
    expect(canvasOf(chart)).to.equal(first);
    expect(plot.axes[1]!.label).to.equal('Tokens/s');
    // The table lists the measured value in its row only.
    expect(chart.toCsv().trim().split('\n').slice(1)).to.deep.equal(['1,10,', '2,20,25', '4,40,']);
  });

  it('draws a log axis whose data reach subnormal values (a long converged run) without hanging, its labels thinned', async () => {
    const errors: string[] = [];
    const onError = (event: ErrorEvent) => errors.push(event.message);
    window.addEventListener('error', onError);
    const chart = await fixture<MlChart>(html`<ml-chart y-scale="log10" .columns=${[[0, 1, 2, 3], [1, 1e-200, 5e-324, 1e300]]} .series=${[{ label: 'A' }]}></ml-chart>`);
    await seen(chart);
    window.removeEventListener('error', onError);
    expect(errors).to.deep.equal([]);
    const plot = (chart as unknown as { plot: { scales: { y: { min: number; max: number } }; axes: { _values: string[] }[] } }).plot;
    expect([plot.scales.y.min, plot.scales.y.max]).to.deep.equal([1e-20, 1e30]);
    // Fifty powers of ten on a 260 px axis: one label per line of text, large powers as 10ⁿ.
    const labels = plot.axes[1]!._values.filter(Boolean);
    expect(labels.length).to.be.within(5, 13);
    expect(labels.some((label) => /^10[⁰¹²³⁴⁵⁶⁷⁸⁹]+$/.test(label))).to.equal(true);
    expect(labels.some((label) => /^10⁻[⁰¹²³⁴⁵⁶⁷⁸⁹]+$/.test(label))).to.equal(true);
  });

  it('draws each series in its named line style, and keys it in the legend', async () => {
    const chart = await fixture<MlChart>(
      html`<ml-chart .columns=${columns} .series=${[{ label: 'A', dash: 'dotted' }, { label: 'B', dash: true }]}></ml-chart>`,
    );
    await seen(chart);
    const plot = (chart as unknown as { plot: { series: { dash?: number[] }[] } }).plot;
    const ratio = devicePixelRatio || 1;
    expect(plot.series[1]!.dash).to.deep.equal([2 * ratio, 3 * ratio]);
    expect(plot.series[2]!.dash).to.deep.equal([6 * ratio, 4 * ratio]);
    const markers = [...chart.shadowRoot!.querySelectorAll<HTMLElement>('.u-legend .u-series .u-marker')].map((marker) => marker.style.borderStyle);
    expect(markers.slice(-2)).to.deep.equal(['dotted', 'dashed']);
  });

  it('reads out the values at the marker while the cursor is off the plot, and lists only the series without one', async () => {
    const chart = await fixture<MlChart>(html`<ml-chart .columns=${columns} .series=${[{ label: 'A' }, { label: 'B' }]} .marker=${{ x: 2, label: 'now' }}></ml-chart>`);
    await seen(chart);
    const live = () => chart.shadowRoot!.querySelector('.u-legend')!.classList.contains('u-live');
    expect(live()).to.equal(true);
    expect(legendCells(chart, '.u-value')).to.deep.equal(['2', '20', '1']);
    chart.marker = { x: 4, label: 'now' };
    await chart.updateComplete;
    expect(legendCells(chart, '.u-value')).to.deep.equal(['4', '40', '1']);
    // Between data points, the nearest one.
    chart.marker = { x: 1.4, label: 'now' };
    await chart.updateComplete;
    expect(legendCells(chart, '.u-value')).to.deep.equal(['1', '10', '1']);
    chart.marker = undefined;
    await chart.updateComplete;
    await null;
    expect(live()).to.equal(false);
    hoverLastPoint(chart);
    expect(live()).to.equal(true);
    expect(legendCells(chart, '.u-value')).to.deep.equal(['4', '40', '1']);
  });

  it('widens the x axis to a new vertical threshold, as a clipping range moves', async () => {
    const chart = await fixture<MlChart>(html`<ml-chart .columns=${columns} .series=${[{ label: 'A' }, { label: 'B' }]}></ml-chart>`);
    await seen(chart);
    const xScale = () => (chart as unknown as { plot: { scales: { x: { min: number; max: number } } } }).plot.scales.x;
    expect(xScale().max).to.be.below(6);
    chart.thresholds = [{ axis: 'x', value: 6, label: 'clip' }];
    await chart.updateComplete;
    expect(xScale().max).to.be.at.least(6);
  });

  it('swaps series into the same plot: legend, colours and data follow', async () => {
    const chart = await fixture<MlChart>(html`<ml-chart kind="stacked" .columns=${columns} .series=${[{ label: 'A' }, { label: 'B' }]}></ml-chart>`);
    await seen(chart);
    const first = canvasOf(chart);
    chart.columns = [[1, 2, 8], [10, 20, 40], [1, 1, 1], [5, 6, 7]];
    chart.series = [{ label: 'A' }, { label: 'B' }, { label: 'C' }];
    await chart.updateComplete;
    expect(chart.shadowRoot!.querySelectorAll('canvas')).to.have.length(1);
    expect(canvasOf(chart)).to.equal(first);
    expect(legendCells(chart, '.u-label')).to.deep.equal(['x', 'A', 'B', 'C']);
    const markers = [...chart.shadowRoot!.querySelectorAll<HTMLElement>('.u-legend .u-series .u-marker')].slice(1);
    expect(new Set(markers.map((marker) => marker.style.borderColor)).size).to.equal(3);
    // The x value comes from the plot's own data; the others are the parts, not running sums.
    hoverLastPoint(chart);
    expect(legendCells(chart, '.u-value')).to.deep.equal(['8', '40', '1', '7']);

    chart.columns = [[1, 2, 4], [3, 3, 3]];
    chart.series = [{ label: 'D' }];
    await chart.updateComplete;
    expect(canvasOf(chart)).to.equal(first);
    expect(legendCells(chart, '.u-label')).to.deep.equal(['x', 'D']);
  });

  it('swaps the categories and series of a bar chart into the same plot', async () => {
    const chart = await fixture<MlChart>(
      html`<ml-chart kind="bars" .categories=${['a', 'b', 'c']} .columns=${[[0, 1, 2], [3, 2, 1]] as ChartColumns} .series=${[{ label: 'Now' }]}></ml-chart>`,
    );
    await seen(chart);
    const first = canvasOf(chart);
    chart.categories = ['p', 'q'];
    chart.columns = [[0, 1], [5, 6], [1, 1]];
    chart.series = [{ label: 'Now' }, { label: 'Then' }];
    await chart.updateComplete;
    expect(canvasOf(chart)).to.equal(first);
    expect(legendCells(chart, '.u-label')).to.deep.equal(['x', 'Now', 'Then']);
    hoverLastPoint(chart);
    expect(legendCells(chart, '.u-value')).to.deep.equal(['q', '6', '1']);
  });

  it('follows its container width and releases uPlot when removed', async () => {
    const host = await fixture<HTMLDivElement>(html`<div style="width: 400px"><ml-chart .columns=${columns} .series=${[{ label: 'A' }, { label: 'B' }]}></ml-chart></div>`);
    const chart = host.querySelector('ml-chart')!;
    await seen(chart);
    const narrow = canvasOf(chart)!.getBoundingClientRect().width;
    host.style.width = '700px';
    await frames(4);
    await chart.updateComplete;
    expect(canvasOf(chart)!.getBoundingClientRect().width).to.be.greaterThan(narrow + 200);
    chart.remove();
    expect(chart.shadowRoot!.querySelector('.uplot')).to.equal(null);
  });

  it('labels a narrow log axis at every few powers, and tilts long category names to end at their ticks', async () => {
    const powers = Array.from({ length: 13 }, (_, i) => 2 ** i);
    const wrapper = await fixture<HTMLDivElement>(html`<div style="width: 320px">
      <ml-chart x-scale="log2" .columns=${[powers, powers]} .series=${[{ label: 'A' }]}></ml-chart>
      <ml-chart kind="bars" .categories=${['Weights', 'Gradients', 'Optimizer state', 'Activations', 'Framework overhead']}
        .columns=${[[0, 1, 2, 3, 4], [1, 2, 3, 4, 5]]} .series=${[{ label: 'B' }]}></ml-chart>
    </div>`);
    const [log, bars] = [...wrapper.querySelectorAll<MlChart>('ml-chart')];
    await seen([log!, bars!]);
    await Promise.all([log!.updateComplete, bars!.updateComplete]);
    // The x axes as uPlot drew them (the element's private plot): a few labels spread over the
    // axis, none crowded out; names tilted the way that ends them at their ticks.
    const xAxis = (chart: MlChart) => (chart as unknown as { plot: { axes: { _values: string[]; _rotate: number }[] } }).plot.axes[0]!;
    const labels = xAxis(log!)._values.filter(Boolean);
    expect(labels.length).to.be.within(3, 6);
    expect(labels[0]).to.equal('1');
    expect(xAxis(bars!)._rotate).to.equal(30);
  });

  it('draws only near the viewport: far away, it makes its plot and catches up as it comes near, for a PNG or for print', async () => {
    const page = await fixture<HTMLElement>(
      html`<div><div style="height: 400vh"></div><ml-chart .columns=${columns} .series=${[{ label: 'A' }, { label: 'B' }]}></ml-chart></div>`,
    );
    const chart = page.querySelector('ml-chart')!;
    await seen(chart);
    const plot = () => (chart as unknown as { plot?: { data: number[][] } }).plot;
    const drawn = () => [...plot()!.data[1]!];
    const change = async (ys: number[]) => {
      chart.columns = [[1, 2, 4], ys, [1, 1, 1]];
      await chart.updateComplete;
      await null;
    };
    expect(plot()).to.equal(undefined);
    expect((await chart.toPngBlob())!.type).to.equal('image/png');
    expect(drawn()).to.deep.equal([10, 20, 40]);
    await change([5, 6, 7]);
    expect(drawn()).to.deep.equal([10, 20, 40]);
    dispatchEvent(new Event('beforeprint'));
    expect(drawn()).to.deep.equal([5, 6, 7]);
    await change([8, 9, 10]);
    expect(drawn()).to.deep.equal([5, 6, 7]);
    chart.scrollIntoView();
    await cameNear(chart);
    expect(drawn()).to.deep.equal([8, 9, 10]);
    // Hidden (not far), it keeps its data current, to be right the moment it is shown.
    chart.hidden = true;
    await frames();
    await change([1, 2, 3]);
    expect(drawn()).to.deep.equal([1, 2, 3]);
    // Taken out and put back, it makes its plot again.
    const parent = chart.parentElement!;
    chart.remove();
    chart.hidden = false;
    parent.append(chart);
    await cameNear(chart);
    expect(drawn()).to.deep.equal([1, 2, 3]);
    scrollTo(0, 0);
  });

  it('places annotation labels on a 390 px chart clear of the curves, of the annotation lines and of each other', async () => {
    const batches = Array.from({ length: 13 }, (_, i) => 2 ** i);
    // The memory lab's annotations over a curve rising through them, and the throughput
    // chart's over a flat line along the top and a curve rising to meet it.
    const memoryLabels = ['NVIDIA T4 16 GB: 16 GiB', 'out of memory', 'batch 8'];
    const throughputLabels = ['compute-bound from batch 1', 'does not fit', 'batch 8'];
    const host = await fixture<HTMLDivElement>(html`<div style="width: 390px">
      <ml-chart
        x-scale="log2"
        y-max="26"
        x-label="Batch size (samples, log scale)"
        y-label="Memory per GPU"
        .columns=${[batches, batches.map((b) => 3 + 1.3 * b)] as ChartColumns}
        .series=${[{ label: 'Memory' }]}
        .thresholds=${[{ axis: 'y', value: 16, label: memoryLabels[0], tone: 'danger' }]}
        .regions=${[{ axis: 'y', from: 16, to: Infinity, label: memoryLabels[1], tone: 'danger' }]}
        .marker=${{ x: 8, label: memoryLabels[2] }}
      ></ml-chart>
      <ml-chart
        x-scale="log2"
        x-label="Batch size (samples, log scale)"
        y-label="Samples/s"
        .columns=${[batches, batches.map(() => 36.9), batches.map((b) => b / 110)] as ChartColumns}
        .series=${[{ label: 'Throughput' }, { label: 'Step time' }]}
        .thresholds=${[{ axis: 'x', value: 1, label: throughputLabels[0], tone: 'muted' }]}
        .regions=${[{ axis: 'x', from: 10, to: Infinity, label: throughputLabels[1], tone: 'danger' }]}
        .marker=${{ x: 8, label: throughputLabels[2] }}
      ></ml-chart>
    </div>`);
    const [memory, throughput] = [...host.querySelectorAll('ml-chart')];
    await seen([memory!, throughput!]);
    await expectLabelsClear(memory!, memoryLabels, { y: [16], x: [8] });
    await expectLabelsClear(throughput!, throughputLabels, { y: [], x: [1, 8] });
  });

  it('stacks a second axis under the plot on a narrow chart rather than squeeze the plot between two axes', async () => {
    const batches = [1, 2, 4, 8, 16, 32, 64];
    const host = await fixture<HTMLDivElement>(html`<div style="width: 390px">
      <ml-chart
        x-scale="log2"
        y-label="Throughput (samples/s)"
        y2-label="Step time"
        y2-format="duration"
        .columns=${[batches, batches.map(() => 36.9), batches.map((b) => 0.03 * b)] as ChartColumns}
        .series=${[{ label: 'Throughput' }, { label: 'Step time', axis: 'right', dash: true }]}
        .marker=${{ x: 8, label: 'batch 8' }}
      ></ml-chart>
    </div>`);
    const chart = host.querySelector('ml-chart')!;
    await seen(chart);
    const plotWidth = () => (chart as unknown as { plot: { bbox: { width: number } } }).plot.bbox.width / devicePixelRatio;
    expect(plotWidth()).to.be.at.least(0.6 * chart.clientWidth);
    // Both series are still drawn and named, each with its own axis's title.
    expect(chart.shadowRoot!.querySelectorAll('canvas')).to.have.length(2);
    expect(legendCells(chart, '.u-label')).to.include.members(['Throughput', 'Step time']);
    // Wide enough, the two axes sit either side of one plot.
    host.style.width = '900px';
    await frames(4);
    await chart.updateComplete;
    expect(chart.shadowRoot!.querySelectorAll('canvas')).to.have.length(1);
    expect(plotWidth()).to.be.at.least(0.6 * chart.clientWidth);
  });

  it('exports a PNG with the chart\'s title above the plot and its legend below', async () => {
    const chart = await fixture<MlChart>(
      html`<ml-chart label="Memory against batch size" .columns=${columns} .series=${[{ label: 'Weights' }, { label: 'Activations', dash: true }]}></ml-chart>`,
    );
    await seen(chart);
    const blob = await chart.toPngBlob();
    expect(blob!.type).to.equal('image/png');
    const image = await createImageBitmap(blob!);
    const plotCanvas = canvasOf(chart)!;
    expect(image.width).to.equal(plotCanvas.width);
    expect(image.height).to.be.greaterThan(plotCanvas.height + 40 * devicePixelRatio);
    const canvas = document.createElement('canvas');
    canvas.width = image.width;
    canvas.height = image.height;
    const context = canvas.getContext('2d')!;
    context.drawImage(image, 0, 0);
    // Something is written in a strip across the top (the title) and across the bottom (the legend),
    // and the legend shows both series' colours.
    const colorsIn = (y: number, h: number) => {
      const { data } = context.getImageData(0, y, canvas.width, h);
      const colors = new Set<string>();
      for (let i = 0; i < data.length; i += 4) colors.add(`${data[i]},${data[i + 1]},${data[i + 2]}`);
      return colors;
    };
    expect(colorsIn(0, 30 * devicePixelRatio).size).to.be.greaterThan(2);
    const legend = colorsIn(canvas.height - 40 * devicePixelRatio, 40 * devicePixelRatio);
    const seriesColors = [...chart.shadowRoot!.querySelectorAll<HTMLElement>('.u-legend .u-series .u-marker')]
      .slice(1)
      .map((marker) => getComputedStyle(marker).borderColor.match(/\d+/g)!.slice(0, 3).join(','));
    for (const color of seriesColors) expect(legend.has(color), `legend swatch ${color}`).to.equal(true);
  });
});
