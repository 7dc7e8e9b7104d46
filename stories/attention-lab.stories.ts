import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { attentionLabCard } from '../src/core/attention/card.js';
import { attentionLabSchema, EXAMPLE_TEXTS } from '../src/core/attention/lab.js';
import '../components/attention-lab/ml-attention-lab.js';
import { docsWithCard } from './instructor-card.js';
import { labMeta, type LabArgs } from './lab-stories.js';

const meta: Meta<LabArgs> = {
  title: 'Labs/Attention',
  tags: ['autodocs'],
  ...labMeta('ml-attention-lab', attentionLabSchema),
  parameters: docsWithCard(attentionLabCard),
};
export default meta;

type Story = StoryObj<LabArgs>;

/** Head 1.1 on a repeated sentence: one head's pattern, the tokens on both axes. */
export const OneHead: Story = { name: 'One head on a repeated sentence' };

/** Every head side by side, grouped by the role its scores give it. */
export const AllHeads: Story = { name: 'All heads by role', args: { view: 'heads' } };

/** Random letters repeated: the text on which an induction head would copy. */
export const RepeatedLetters: Story = { name: 'Repeated random letters', args: { view: 'heads', text: EXAMPLE_TEXTS[2].value } };

/** The previous-token head switched off: which predictions change, and by how much the loss rises. */
export const Ablation: Story = { name: 'Switching a head off', args: { view: 'ablation', ablate: '1.1' } };

/** Mean ablation of a whole layer. */
export const MeanAblation: Story = { name: 'Layer 2 mean-ablated', args: { view: 'ablation', ablate: '2.1,2.2,2.3,2.4', 'ablation-mode': 'mean' } };

/** One row of attention, step by step, with the Math Peek. */
export const Mechanics: Story = { name: 'One row, step by step', args: { view: 'mechanics', query: 10 } };

/** Llama 2 7B at 32 k tokens: attention's FLOPs pass the linear layers'. */
export const CostAtScale: Story = { name: 'Cost at 32 k tokens', args: { view: 'cost', 'cost-model': 'llama-2-7b', 'context-length': 32768 } };

/** Training an attention-only model live until its induction heads form. */
export const LiveTraining: Story = { name: 'Live training', args: { view: 'training' } };

/** For a course: the reader names the previous-token head before the scores show. */
export const PredictFirst: Story = { name: 'Predict first: the previous-token head', args: { view: 'heads', predict: 'previous-token-head', controls: 'view,layer,head' } };
