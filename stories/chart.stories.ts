import { html } from 'lit';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '../components/chart/ml-chart.js';
import type { ChartColumns } from '../components/chart/ml-chart.js';

const batches = [1, 2, 4, 8, 16, 32, 64, 128, 256];
// Illustrative shapes for the kit's story only (the labs feed real core results).
const weights = batches.map(() => 0.5e9);
const optimizer = batches.map(() => 1.0e9);
const activations = batches.map((b) => 0.21e9 * b);
const stacked: ChartColumns = [batches, weights, optimizer, activations];

const meta: Meta = {
  title: 'Kit/Chart',
  component: 'ml-chart',
  tags: ['autodocs'],
  args: { kind: 'stacked', label: 'Memory against batch size', 'x-label': 'Batch size (samples)', 'y-label': 'Memory', 'x-scale': 'log2', 'y-format': 'bytes', height: 260 },
  render: (args) => html`
    <ml-chart
      kind=${args.kind}
      label=${args.label}
      x-label=${args['x-label']}
      y-label=${args['y-label']}
      x-scale=${args['x-scale']}
      y-format=${args['y-format']}
      height=${args.height}
      .columns=${stacked}
      .series=${[{ label: 'Weights' }, { label: 'Optimizer state' }, { label: 'Activations' }]}
      .thresholds=${[{ axis: 'y', value: 16e9, label: 'T4 capacity 16 GB', tone: 'danger' }]}
      .regions=${[{ axis: 'y', from: 16e9, to: Infinity, label: 'out of memory', tone: 'danger' }]}
      .marker=${{ x: 32, label: 'batch 32' }}
    ></ml-chart>
  `,
};
export default meta;

type Story = StoryObj;

export const StackedMemory: Story = {};

export const Lines: Story = {
  render: () => html`
    <ml-chart
      label="Throughput and step time"
      x-label="Batch size (samples)"
      y-label="Throughput (samples/s)"
      y2-label="Step time"
      y2-format="duration"
      x-scale="log2"
      .columns=${[batches, batches.map((b) => (1000 * b) / (b + 16)), batches.map((b) => (b + 16) / 1000)] as ChartColumns}
      .series=${[{ label: 'Samples/s' }, { label: 'Step time', axis: 'right', dash: true }]}
      .marker=${{ x: 16, label: 'compute-bound from here' }}
    ></ml-chart>
  `,
};

export const Bars: Story = {
  render: () => html`
    <ml-chart
      kind="bars"
      label="Memory breakdown"
      x-label="Part"
      y-label="Memory"
      y-format="bytes"
      .categories=${['Weights', 'Gradients', 'Optimizer', 'Activations', 'Overhead']}
      .columns=${[[0, 1, 2, 3, 4], [0.5e9, 0.5e9, 1e9, 6.7e9, 0.9e9]] as ChartColumns}
      .series=${[{ label: 'Bytes' }]}
    ></ml-chart>
  `,
};
