import { expect, fixture, html } from '@open-wc/testing';
import '../../components/chart/ml-chart.js';
import type { MlChart, ChartColumns } from '../../components/chart/ml-chart.js';
import { columnsToCsv, describeChart, stackColumns } from '../../components/chart/chart-data.js';

const frames = async (count = 3) => {
  for (let i = 0; i < count; i++) await new Promise(requestAnimationFrame);
};
const canvasOf = (chart: MlChart) => chart.shadowRoot!.querySelector('canvas');
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

  it('updates data in place and rebuilds the plot only when its structure changes', async () => {
    const chart = await fixture<MlChart>(html`<ml-chart .columns=${columns} .series=${[{ label: 'A' }, { label: 'B' }]}></ml-chart>`);
    await frames();
    const first = canvasOf(chart);
    chart.columns = [[1, 2, 4], [5, 6, 7], [1, 2, 3]];
    await chart.updateComplete;
    expect(canvasOf(chart)).to.equal(first);
    chart.series = [{ label: 'A' }, { label: 'C' }];
    await chart.updateComplete;
    expect(canvasOf(chart)).to.not.equal(first);
  });

  it('follows its container width and releases uPlot when removed', async () => {
    const host = await fixture<HTMLDivElement>(html`<div style="width: 400px"><ml-chart .columns=${columns} .series=${[{ label: 'A' }, { label: 'B' }]}></ml-chart></div>`);
    const chart = host.querySelector('ml-chart')!;
    await frames();
    const narrow = canvasOf(chart)!.getBoundingClientRect().width;
    host.style.width = '700px';
    await frames(4);
    await chart.updateComplete;
    expect(canvasOf(chart)!.getBoundingClientRect().width).to.be.greaterThan(narrow + 200);
    chart.remove();
    expect(chart.shadowRoot!.querySelector('.uplot')).to.equal(null);
  });

  it('exports the plot as a PNG', async () => {
    const chart = await fixture<MlChart>(html`<ml-chart .columns=${columns} .series=${[{ label: 'A' }, { label: 'B' }]}></ml-chart>`);
    await frames();
    const blob = await chart.toPngBlob();
    expect(blob!.type).to.equal('image/png');
    expect(blob!.size).to.be.greaterThan(1000);
  });
});
