import { html } from 'lit';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '../components/readout/ml-readout.js';
import '../components/callout/ml-callout.js';

const meta: Meta = {
  title: 'Kit/Readouts and callouts',
  component: 'ml-readout',
  tags: ['autodocs'],
  args: { label: 'Total memory', value: 12.4 * 2 ** 30, format: 'bytes', detail: 'of 16 GiB on a T4', status: 'ok' },
  render: (args) => html`
    <ml-readout label=${args.label} value=${args.value} format=${args.format} detail=${args.detail} status=${args.status}></ml-readout>
  `,
};
export default meta;

type Story = StoryObj;

export const Readout: Story = {};

export const OverCapacity: Story = {
  args: { label: 'Total memory', value: 23.1 * 2 ** 30, format: 'bytes', detail: 'of 16 GiB on a T4', status: 'danger' },
};

export const OutOfMemoryCallout: Story = {
  render: () => html`
    <ml-callout tone="danger" heading="Out of memory: needs 23.1 GiB, the T4 has 16 GiB">
      <p>Try batch 16 or smaller, turn on activation recomputation, or train in mixed precision.</p>
    </ml-callout>
  `,
};

export const Settings: Story = {
  render: () => html`
    <ml-settings theme="dark" locale="de-DE">
      <ml-readout label="Gesamtspeicher" value="12400000000" format="bytes"></ml-readout>
    </ml-settings>
  `,
};
