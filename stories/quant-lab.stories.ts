import { html } from 'lit';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '../components/quant-lab/ml-quant-lab.js';

type Args = Record<string, string | number>;

const meta: Meta<Args> = {
  title: 'Labs/Quantization',
  component: 'ml-quant-lab',
  tags: ['autodocs'],
  args: { model: 'mlp', format: 'int', bits: 8, scheme: 'symmetric', granularity: 'per-tensor', calibration: 'min-max', quantize: 'weights' },
  render: (args) => html`
    <ml-quant-lab
      model=${args.model}
      format=${args.format}
      bits=${args.bits}
      scheme=${args.scheme}
      granularity=${args.granularity}
      calibration=${args.calibration}
      quantize=${args.quantize}
    ></ml-quant-lab>
  `,
};
export default meta;

type Story = StoryObj<Args>;

/** INT8 per tensor: almost free. */
export const Int8: Story = {};

/** INT4 per tensor against per channel. */
export const Int4PerChannel: Story = { args: { bits: 4, granularity: 'per-channel' } };

/** INT2: the quantization cliff. */
export const Int2Cliff: Story = { args: { bits: 2 } };

/** FP8 E4M3 on the CNN, weights and activations. */
export const Fp8Cnn: Story = { args: { model: 'cnn', format: 'fp8-e4m3', quantize: 'weights-activations' } };
