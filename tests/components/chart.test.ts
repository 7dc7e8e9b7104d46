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

  it('moves annotation labels that would overprint each other or run out of a narrow plot', async () => {
    const host = await fixture<HTMLDivElement>(html`<div style="width: 260px">
      <ml-chart
        .columns=${columns}
        .series=${[{ label: 'A' }, { label: 'B' }]}
        .regions=${[{ axis: 'y', from: 30, to: Infinity, label: 'out of memory', tone: 'danger' }]}
        .thresholds=${[
          { axis: 'y', value: 30, label: 'A long device name: 30 GiB', tone: 'danger' },
          { axis: 'x', value: 2.5, label: 'bound from batch 2.5' },
        ]}
        .marker=${{ x: 1, label: 'batch 1' }}
      ></ml-chart>
    </div>`);
    const chart = host.querySelector('ml-chart')!;
    await seen(chart);
    const plot = (chart as unknown as { plot: { ctx: CanvasRenderingContext2D; redraw: () => void; bbox: { left: number; top: number; width: number; height: number } } }).plot;
    const labels = ['out of memory', 'A long device name: 30 GiB', 'batch 1', 'bound from batch 2.5'];
    const boxes: { text: string; left: number; top: number; right: number; bottom: number }[] = [];
    const fillText = plot.ctx.fillText;
    plot.ctx.fillText = function (text: string, x: number, y: number) {
      // The labels, or the lines of one wrapped (the axes' tick labels are shorter).
      if (text.length > 3 && labels.some((label) => label.includes(text))) {
        const width = this.measureText(text).width;
        const left = this.textAlign === 'right' ? x - width : x;
        const top = this.textBaseline === 'top' ? y : y - 15 * devicePixelRatio;
        boxes.push({ text, left, top, right: left + width, bottom: top + 15 * devicePixelRatio });
      }
      fillText.call(this, text, x, y);
    };
    plot.redraw();
    await null;
    // The device label is wider than this plot: it comes in two lines, the rest in one.
    expect(boxes.map((box) => box.text).filter((text) => labels.includes(text)).sort()).to.deep.equal(['batch 1', 'bound from batch 2.5', 'out of memory']);
    expect(boxes.filter((box) => !labels.includes(box.text)).map((box) => box.text).join(' ')).to.equal('A long device name: 30 GiB');
    for (const a of boxes) {
      const { left, top, width, height } = plot.bbox;
      expect(a.left >= left && a.right <= left + width && a.top >= top && a.bottom <= top + height, `${a.text} inside the plot`).to.equal(true);
      for (const b of boxes) {
        if (a === b) continue;
        const overlap = a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
        expect(overlap, `${a.text} over ${b.text}`).to.equal(false);
      }
    }
  });

  it('exports the plot as a PNG', async () => {
    const chart = await fixture<MlChart>(html`<ml-chart .columns=${columns} .series=${[{ label: 'A' }, { label: 'B' }]}></ml-chart>`);
    await seen(chart);
    const blob = await chart.toPngBlob();
    expect(blob!.type).to.equal('image/png');
    expect(blob!.size).to.be.greaterThan(1000);
  });
});
