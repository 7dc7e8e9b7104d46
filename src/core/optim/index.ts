/**
 * mlsys-labs/core/optim: optimizers on loss surfaces. The optimizers are the nn engine's own
 * (PyTorch's documented rules, generic over float32 and float64), the surfaces have exact
 * gradients and known minima, runs stop with a reason when they blow up, and the theory gives
 * gradient descent's and momentum's rates on the quadratic. Pure: no DOM, no timers.
 */
export * from '../nn/optimizers.js';
export {
  SURFACE_NAMES,
  beale,
  booth,
  createSurface,
  himmelblau,
  largestCurvature,
  noisyGradient,
  quadratic,
  rosenbrock,
  saddle,
} from './surfaces.js';
export type { GradientOf, Point, QuadraticSurface, Surface, SurfaceName, SurfaceOptions } from './surfaces.js';
export { Run, runSteps } from './run.js';
export type { RunResult, RunSpec, RunStop } from './run.js';
export {
  gradientDescentRate,
  measuredRate,
  momentumRate,
  optimalGradientDescent,
  optimalMomentum,
  predictedLosses,
  quadraticDerivations,
  stabilityEdge,
  stabilityEdgeText,
} from './theory.js';
export type { Curvatures, StabilityOptions, Tuning } from './theory.js';
export { RACE_OPTIMIZERS, optimLandscapeSchema, optimizerConfig, optimizerLabels, outcomeLabels, surfaceLabels } from './lab.js';
export type { OptimLandscapeState, Outcome, RaceOptimizer } from './lab.js';
export { TOLERANCE, evaluate, snapStart, startStep, surfaceOf, surfaceView, viewExtent } from './evaluate.js';
export type { OptimLandscapeResult, RaceRun, RateCheck, SurfaceView } from './evaluate.js';
export { optimLandscapeCard } from './card.js';
export { instructorCardMarkdown } from '../shared/instructor-card.js';
export type { InstructorCard } from '../shared/instructor-card.js';
