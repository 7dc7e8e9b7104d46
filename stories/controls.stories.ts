import { html } from 'lit';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '../components/slider/ml-slider.js';
import '../components/select/ml-select.js';
import '../components/toggle/ml-toggle.js';

const meta: Meta = {
  title: 'Kit/Controls',
  component: 'ml-slider',
  tags: ['autodocs'],
  args: { label: 'Batch size', scale: 'pow2', min: 1, max: 4096, value: 32, unit: 'samples' },
  render: (args) => html`
    <ml-slider label=${args.label} scale=${args.scale} min=${args.min} max=${args.max} value=${args.value} unit=${args.unit}></ml-slider>
  `,
};
export default meta;

type Story = StoryObj;

export const PowerOfTwoSlider: Story = {};

export const LogSlider: Story = {
  args: { label: 'Learning rate', scale: 'log', min: 0.0001, max: 1, value: 0.01, unit: '', step: 0 },
  render: (args) => html`<ml-slider label=${args.label} scale="log" min=${args.min} max=${args.max} step="0" value=${args.value}></ml-slider>`,
};

export const Select: Story = {
  render: () => html`
    <ml-select
      label="Device"
      value="a100-80gb"
      .options=${[
        { value: 't4', label: 'NVIDIA T4 16 GB', group: 'Data centre' },
        { value: 'a100-80gb', label: 'NVIDIA A100 80 GB SXM', group: 'Data centre' },
        { value: 'rtx-4090', label: 'GeForce RTX 4090', group: 'Desktop' },
      ]}
    ></ml-select>
  `,
};

export const Toggle: Story = {
  render: () => html`
    <ml-toggle
      label="Recomputation"
      value="selective"
      .options=${[{ value: 'none', label: 'None' }, { value: 'selective', label: 'Selective' }, { value: 'full', label: 'Full' }]}
    ></ml-toggle>
  `,
};
