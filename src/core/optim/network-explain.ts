/**
 * What the optimizer lab says about a trained network's landscape and race: the Math Peek's
 * steps (the plane, filter normalisation, the loss measured, each optimizer's settings) and the
 * notes on what the runs assume. Pure; the lab loads it with its network views.
 */
import type { Derivation } from '../shared/derivation.js';
import { formatCount, formatSignificant } from '../shared/format.js';
import { LANDSCAPE_RANGE, LANDSCAPE_SUBSET, type LandscapeGrid } from './landscape.js';
import { optimizerLabels, type RaceOptimizer } from './lab.js';
import { RACE_BATCH, RACE_TEST_EVERY, RACE_WINDOW, networkOptimizerConfig } from './race.js';

const LI = 'Li et al. 2018, "Visualizing the Loss Landscape of Neural Nets", Section 4, https://arxiv.org/abs/1712.09913';

/** An optimizer's race settings in words: its learning rate and what else differs from PyTorch's defaults. */
export function networkSettingsText(name: RaceOptimizer): string {
  const config = networkOptimizerConfig(name);
  const parts = [`α = ${formatSignificant(config.lr)}`];
  if (config.type === 'sgd' && config.momentum) parts.push(`β = ${config.momentum}${config.nesterov ? ', Nesterov' : ''}`);
  if (config.weightDecay) parts.push(`λ = ${formatSignificant(config.weightDecay)}`);
  return parts.join(', ');
}

export function networkDerivations(optimizers: readonly RaceOptimizer[], grid: LandscapeGrid | undefined): Derivation[] {
  const steps: Derivation[] = [
    {
      label: 'The plane drawn',
      formula: 'L(α, β) = L(θ* + α·δ + β·η), α, β ∈ [−1, 1]',
      substituted: grid ? `${grid.size} × ${grid.size} points, seed ${grid.seed} for δ and η` : undefined,
      source: LI,
    },
    {
      label: 'Filter normalisation of each direction',
      formula: 'd_ij ← d_ij/‖d_ij‖·‖θ*_ij‖ for every filter j of layer i (a row of a linear layer, an output filter of a convolution); d = 0 for biases',
      substituted: 'd_ij drawn from N(0, 1)',
      source: `${LI}; biases and normalisation parameters zero as in the authors' code (--xignore biasbn)`,
    },
    {
      label: 'Loss at each point',
      formula: 'L = −(1/N)·Σ_n log softmax(f(x_n; θ))_(y_n)',
      substituted: `N = ${formatCount(grid?.samples ?? LANDSCAPE_SUBSET)} digits of the training split (its first ones), the same at every point`,
      result: grid ? `${formatSignificant(grid.trainedLoss)} at θ*; ${formatSignificant(grid.min)} to ${formatSignificant(grid.max)} over the points computed` : undefined,
    },
  ];
  for (const name of optimizers) {
    steps.push({
      label: `${optimizerLabels[name]} in the race`,
      formula: 'PyTorch’s update rule (torch.optim) on minibatches of 32',
      substituted: networkSettingsText(name),
    });
  }
  return steps;
}

/** What the landscape and the race assume, one sentence each. */
export function networkNotes(): string[] {
  return [
    `The landscape is the training loss (mean cross-entropy) on ${formatCount(LANDSCAPE_SUBSET)} training digits, the objective the network was trained to minimise, as Li et al. plot it; α and β run over ±${LANDSCAPE_RANGE} filter-normalised direction, so 1 moves every filter by its own norm.`,
    'Coarse to fine: 5 × 5 points first, then 9 × 9, 17 × 17 and 33 × 33, each level reusing the points of the one before; until a level is complete its new points show the nearest point computed.',
    `The race trains the model’s architecture from a fresh initialisation (the seed’s), every optimizer on the same minibatches of ${RACE_BATCH} from the 2,000 training digits, each at its own learning rate (PyTorch’s default where it has one); training loss is the mean of every ${RACE_WINDOW} steps, test accuracy is on the 2,000 test digits every ${RACE_TEST_EVERY} steps.`,
  ];
}
