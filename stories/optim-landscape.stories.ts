import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { optimLandscapeCard } from '../src/core/optim/card.js';
import { optimLandscapeSchema } from '../src/core/optim/lab.js';
import '../components/optim-landscape/ml-optim-landscape.js';
import { docsWithCard } from './instructor-card.js';
import { labMeta, type LabArgs } from './lab-stories.js';

const meta: Meta<LabArgs> = {
  title: 'Labs/Optimizer landscape',
  tags: ['autodocs'],
  ...labMeta('ml-optim-landscape', optimLandscapeSchema),
  parameters: docsWithCard(optimLandscapeCard),
};
export default meta;

type Story = StoryObj<LabArgs>;

/** The defaults: SGD, momentum and Adam down a valley fifty times steeper across than along. */
export const NarrowValley: Story = { name: 'A race down a narrow valley' };

/** Gradient descent alone, just inside its edge 2/λ_max = 0.04: each step overshoots across the valley. */
export const ZigZag: Story = {
  name: 'Zig-zag in a narrow valley',
  args: { optimizers: 'sgd', 'learning-rate': 0.038, controls: 'learning-rate,condition-number' },
};

/** The same learning rate with momentum β = 0.6: the zig-zag cancels and the steps along the floor add up. */
export const MomentumFixesIt: Story = {
  name: 'Momentum fixes it',
  args: { optimizers: 'sgd,momentum', 'learning-rate': 0.038, momentum: 0.6, controls: 'momentum,learning-rate' },
};

/** κ = 100 and α = 0.021, just past 2/λ_max = 0.02: gradient descent diverges, and the lab says why. */
export const PastTheEdge: Story = {
  name: 'A learning rate just past the edge diverges',
  args: { 'condition-number': 100, optimizers: 'sgd', 'learning-rate': 0.021, controls: 'learning-rate' },
};

/** Rosenbrock's curved valley at α = 0.1: momentum blows up at once; Adam, whose steps are about α whatever the gradient, gets there. */
export const AdamOnRosenbrock: Story = {
  name: 'Adam on Rosenbrock',
  args: { surface: 'rosenbrock', start: '-1.2,1', optimizers: 'adam,momentum', 'learning-rate': 0.1, steps: 1000, controls: 'learning-rate,optimizers' },
};

/** Stochastic gradients: gradient descent and Adam come to rest at a noise floor set by the learning rate. */
export const NoisySgd: Story = {
  name: 'Noisy SGD',
  args: { 'condition-number': 10, noise: 1, optimizers: 'sgd,adam', 'learning-rate': 0.05, steps: 300, controls: 'noise,learning-rate,seed' },
};

/** A valley turned by 45°: Adam's per-coordinate scales no longer line up with it. */
export const TurnedValley: Story = {
  name: 'Adam in a turned valley',
  args: { 'condition-number': 100, rotation: 45, optimizers: 'sgd,adam', 'learning-rate': 0.019, steps: 300, controls: 'rotation' },
};

/** Himmelblau's four minima: which one a run finds depends on where it starts (click the map). */
export const FourMinima: Story = {
  name: 'Four minima',
  args: { surface: 'himmelblau', start: '0.5,-0.5', optimizers: 'sgd,momentum,adam', 'learning-rate': 0.01, steps: 300 },
};

/** For a course: the reader predicts whether gradient descent diverges before the lab shows it. */
export const PredictFirst: Story = {
  name: 'Predict first: converge or diverge?',
  args: { 'condition-number': 100, optimizers: 'sgd', 'learning-rate': 0.021, predict: 'outcome' },
};
