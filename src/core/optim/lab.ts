/**
 * The optimizer lab (`<ml-optim-landscape>`) as a module: its state, declared once, and the
 * optimizer each name in the race stands for. What the lab shows for a state is computed by
 * `evaluate` (./evaluate.ts), which a page loads after the lab's first paint.
 *
 * The surfaces are the 2-D textbook functions (./surfaces.ts), grouped so that a real network's
 * landscape (a `surface` such as `digits-mlp`, in a group of its own) can join them: the
 * parameters that only a textbook function has say so in `applies`.
 */
import type { OptimizerConfig } from '../nn/optimizers.js';
import { defineSchema, type StateOf } from '../shared/lab-schema.js';
import type { SurfaceName } from './surfaces.js';

/** What each surface is called in the lab's control. */
export const surfaceLabels: Record<SurfaceName, string> = {
  quadratic: 'Quadratic valley',
  rosenbrock: 'Rosenbrock (curved valley)',
  beale: 'Beale',
  himmelblau: 'Himmelblau (four minima)',
  booth: 'Booth',
  saddle: 'Saddle',
};

/** The optimizers a reader may race, by the names the `optimizers` attribute takes. */
export const RACE_OPTIMIZERS = ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam', 'adamw', 'lion'] as const;
export type RaceOptimizer = (typeof RACE_OPTIMIZERS)[number];

export const optimizerLabels: Record<RaceOptimizer, string> = {
  sgd: 'SGD',
  momentum: 'SGD + momentum',
  nesterov: 'Nesterov',
  adagrad: 'Adagrad',
  rmsprop: 'RMSprop',
  adam: 'Adam',
  adamw: 'AdamW',
  lion: 'Lion',
};

/** What each outcome of a run is called. */
export const outcomeLabels = {
  converges: 'Converges',
  'not-yet': 'Not there by the last step',
  diverges: 'Diverges',
  escapes: 'Runs off (no minimum that way)',
} as const;
export type Outcome = keyof typeof outcomeLabels;

const uses = (state: { optimizers: readonly RaceOptimizer[] }, ...names: RaceOptimizer[]) => names.some((name) => state.optimizers.includes(name));

/** The optimizer lab's state: every parameter with its range, default, unit and label. */
export const optimLandscapeSchema = defineSchema({
  params: {
    surface: {
      kind: 'choice',
      label: 'Loss surface',
      default: 'quadratic',
      choices: (Object.keys(surfaceLabels) as SurfaceName[]).map((value) => ({ value, label: surfaceLabels[value], group: 'Textbook functions' })),
    },
    conditionNumber: { kind: 'number', label: 'Condition number κ', default: 50, min: 1, max: 1000, scale: 'log' },
    rotation: { kind: 'number', label: 'Valley turned by', default: 0, min: 0, max: 90, step: 1, unit: 'degrees' },
    start: { kind: 'point', label: 'Start (x, y)', default: [-1.8, 0.4], min: [-10, -10], max: [10, 10], step: 0.1 },
    optimizers: {
      kind: 'list',
      label: 'Optimizers to race',
      default: ['sgd', 'momentum', 'adam'],
      minItems: 1,
      choices: RACE_OPTIMIZERS.map((value) => ({ value, label: optimizerLabels[value] })),
    },
    learningRate: { kind: 'number', label: 'Learning rate α', default: 0.03, min: 0.0001, max: 2, scale: 'log' },
    momentum: { kind: 'number', label: 'Momentum β', default: 0.9, min: 0, max: 0.99, step: 0.01 },
    beta1: { kind: 'number', label: 'Adam β₁', default: 0.9, min: 0, max: 0.99, step: 0.01 },
    beta2: { kind: 'number', label: 'Adam β₂', default: 0.999, min: 0.8, max: 0.9999, step: 0.0001 },
    eps: { kind: 'number', label: 'ε', default: 1e-8, min: 1e-12, max: 1, scale: 'log' },
    weightDecay: { kind: 'number', label: 'Weight decay λ', default: 0, min: 0, max: 1, step: 0.001 },
    noise: { kind: 'number', label: 'Gradient noise σ', default: 0, min: 0, max: 10, step: 0.05 },
    seed: { kind: 'integer', label: 'Noise seed', default: 1, min: 1, max: 1000 },
    steps: { kind: 'integer', label: 'Steps', default: 100, min: 1, max: 2000, unit: 'steps' },
  },
  applies: {
    conditionNumber: (state) => state.surface === 'quadratic',
    rotation: (state) => state.surface === 'quadratic',
    momentum: (state) => uses(state, 'momentum', 'nesterov'),
    beta1: (state) => uses(state, 'adam', 'adamw'),
    beta2: (state) => uses(state, 'adam', 'adamw'),
    eps: (state) => uses(state, 'adam', 'adamw', 'rmsprop', 'adagrad'),
    seed: (state) => state.noise > 0,
  },
  results: {
    // About the first optimizer listed: the one a question names (`optimizers="sgd"` alone, say).
    outcome: {
      kind: 'choice',
      label: 'What the first optimizer does',
      choices: (Object.keys(outcomeLabels) as Outcome[]).map((value) => ({ value, label: outcomeLabels[value] })),
      alsoHides: ['stepsToTolerance', 'finalLoss', 'fastest'],
      prompt: 'Will the first optimizer in the race converge, diverge, or still be on its way at the last step?',
    },
    stepsToTolerance: {
      kind: 'quantity',
      label: 'Steps to the tolerance (first optimizer)',
      unit: 'steps',
      scale: 'log',
      alsoHides: ['outcome', 'finalLoss', 'fastest'],
      prompt: 'How many steps will the first optimizer take to bring the loss within 10⁻⁴ of its starting gap to the minimum?',
    },
    finalLoss: {
      kind: 'quantity',
      label: 'Loss above the minimum at the last step (first optimizer)',
      unit: 'above the minimum',
      scale: 'log',
      alsoHides: ['outcome', 'stepsToTolerance', 'fastest'],
      prompt: 'How far above the minimum will the first optimizer’s loss be at the last step?',
    },
    fastest: {
      kind: 'choice',
      label: 'First to the tolerance',
      choices: [...RACE_OPTIMIZERS.map((value) => ({ value, label: optimizerLabels[value] })), { value: 'none', label: 'None of them' }],
      alsoHides: ['outcome', 'stepsToTolerance', 'finalLoss'],
      prompt: 'Which optimizer will be the first to bring the loss within the tolerance?',
    },
  },
});

/** The lab's state: what the reader chose. Every field is an attribute of `<ml-optim-landscape>`. */
export type OptimLandscapeState = StateOf<typeof optimLandscapeSchema.params>;

/**
 * The optimizer a race name stands for in a state, with PyTorch's option names: one learning
 * rate and weight decay for all (L2 in the gradient; decoupled for AdamW and Lion), the state's
 * momentum for SGD's two momentum forms, its β₁, β₂ for Adam and AdamW, its ε for the adaptive
 * methods. RMSprop keeps PyTorch's α = 0.99, Lion its paper's β = (0.9, 0.99). Nesterov with no
 * momentum, which PyTorch refuses, is plain gradient descent.
 */
export function optimizerConfig(name: RaceOptimizer, state: OptimLandscapeState): OptimizerConfig {
  const { learningRate: lr, momentum, beta1, beta2, eps, weightDecay } = state;
  switch (name) {
    case 'sgd':
      return { type: 'sgd', lr, weightDecay };
    case 'momentum':
      return { type: 'sgd', lr, momentum, weightDecay };
    case 'nesterov':
      return { type: 'sgd', lr, momentum, nesterov: momentum > 0, weightDecay };
    case 'adagrad':
      return { type: 'adagrad', lr, eps, weightDecay };
    case 'rmsprop':
      return { type: 'rmsprop', lr, eps, weightDecay };
    case 'adam':
    case 'adamw':
      return { type: name, lr, betas: [beta1, beta2], eps, weightDecay };
    case 'lion':
      return { type: 'lion', lr, weightDecay };
  }
}
