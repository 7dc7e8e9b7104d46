import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { quantLabCard } from '../src/core/quant/card.js';
import { quantLabSchema } from '../src/core/quant/lab.js';
import '../components/quant-lab/ml-quant-lab.js';
import { docsWithCard } from './instructor-card.js';
import { labMeta, type LabArgs } from './lab-stories.js';

const meta: Meta<LabArgs> = {
  title: 'Labs/Quantization',
  tags: ['autodocs'],
  ...labMeta('ml-quant-lab', quantLabSchema),
  parameters: docsWithCard(quantLabCard),
};
export default meta;

type Story = StoryObj<LabArgs>;

/** INT8 per tensor: almost free. */
export const Int8: Story = { name: 'INT8' };

/** INT4 per tensor against per channel. */
export const Int4PerChannel: Story = { name: 'INT4 per channel', args: { bits: 4, granularity: 'per-channel' } };

/** INT2: the quantization cliff. */
export const Int2Cliff: Story = { name: 'INT2 cliff', args: { bits: 2 } };

/** FP8 E4M3 on the CNN, weights and activations. */
export const Fp8Cnn: Story = { name: 'FP8 on the CNN', args: { model: 'cnn', format: 'fp8-e4m3', quantize: 'weights-activations' } };

/** For a course: the reader predicts INT4's accuracy before the lab shows it. */
export const PredictFirst: Story = { name: 'Predict first: INT4 accuracy', args: { bits: 4, predict: 'accuracy', prompt: 'How much accuracy does INT4 keep?' } };
