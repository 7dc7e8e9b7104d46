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

/** The MLP's training loss on a filter-normalised plane through its trained weights, and SGD, momentum and Adam training its architecture. */
export const NetworkLandscape: Story = {
  name: 'A trained network’s landscape and race',
  args: { surface: 'mlp', optimizers: 'sgd,momentum,adam', controls: 'surface,optimizers,seed,race-steps' },
};

/** Every optimizer trains the MLP for 300 steps at its usual learning rate: RMSprop leads, Lion at its small one trails. */
export const NetworkRaceAll: Story = {
  name: 'Every optimizer on the MLP',
  args: { surface: 'mlp', optimizers: 'sgd,momentum,nesterov,adagrad,rmsprop,adam,adamw,lion', controls: 'optimizers,race-steps' },
};

/** The CNN's landscape (its loss rises steeply along some filter-normalised directions) and a short race. */
export const CnnLandscape: Story = {
  name: 'The CNN’s landscape',
  args: { surface: 'cnn', optimizers: 'momentum,adam', 'race-steps': 150, controls: 'seed,race-steps' },
};

/** For a course: the reader names the race's winner on the MLP before the race's charts show. */
export const PredictRaceLeader: Story = {
  name: 'Predict first: which optimizer trains the MLP best?',
  args: { surface: 'mlp', optimizers: 'sgd,momentum,adam,rmsprop', predict: 'race-leader' },
};

/** For a course: the reader predicts whether gradient descent diverges before the lab shows it. */
export const PredictFirst: Story = {
  name: 'Predict first: converge or diverge?',
  args: { 'condition-number': 100, optimizers: 'sgd', 'learning-rate': 0.021, predict: 'outcome' },
};
