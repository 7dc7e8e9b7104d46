import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { pruningLabCard } from '../src/core/prune/card.js';
import { pruningLabSchema } from '../src/core/prune/lab.js';
import '../components/pruning-lab/ml-pruning-lab.js';
import { docsWithCard } from './instructor-card.js';
import { labMeta, type LabArgs } from './lab-stories.js';

const meta: Meta<LabArgs> = {
  title: 'Labs/Pruning',
  tags: ['autodocs'],
  ...labMeta('ml-pruning-lab', pruningLabSchema),
  parameters: docsWithCard(pruningLabCard),
};
export default meta;

type Story = StoryObj<LabArgs>;

/** LeNet-300-100, 80 % of every layer by magnitude: just past the cliff. */
export const Magnitude: Story = { name: 'Magnitude, 80 % per layer' };

/** 90 % with one global threshold: the small last layer is spared. */
export const Global90: Story = { name: 'Global threshold, 90 %', args: { scope: 'global', sparsity: 90 } };

/** Half the neurons by L1 norm: accuracy falls sooner, and the network shrinks. */
export const Structured: Story = { name: 'Structured, half the neurons', args: { method: 'l1-structured', sparsity: 50 } };

/** Half the filters of the CNN, whole filters blank in its mask. */
export const CnnFilters: Story = { name: 'CNN filters', args: { model: 'cnn', method: 'l2-structured', sparsity: 50, layer: 'conv2' } };

/** 2 of every 4 weights: one point at 50 %, the pattern sparse tensor cores run. */
export const TwoFour: Story = { name: '2:4 semi-structured', args: { method: '2:4' } };

/** Random against magnitude on the small MLP. */
export const RandomMlp: Story = { name: 'Random pruning of the MLP', args: { model: 'mlp', method: 'random', sparsity: 50 } };

/** For a course: the reader predicts where accuracy first falls, then sees the sweep. */
export const PredictFirst: Story = { name: 'Predict first: the first drop', args: { predict: 'first-drop', controls: 'sparsity,scope' } };
