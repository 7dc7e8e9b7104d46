/**
 * The optimizer lab's instructor's card. Every number it quotes is what `evaluate` (or Goh's
 * theory in ./theory.ts) gives for the tag beside it; tests/core/optim-card.test.ts checks them,
 * so a change to the optimizers or the surfaces that moves one fails there.
 */
import type { InstructorCard } from '../shared/instructor-card.js';

export const optimLandscapeCard: InstructorCard = {
  lab: 'ml-optim-landscape',
  goals: [
    'Explain why gradient descent zig-zags across a narrow valley: each step overshoots along the steep direction (curvature λ_max) while it creeps along the flat one (λ_min).',
    'State gradient descent’s stability edge on a quadratic, α < 2/λ_max, find it in the lab, and say why heavy-ball momentum’s edge, 2(1 + β)/λ_max, is further out.',
    'Compare the rates Goh (2017) predicts with the ones the lab measures: (κ − 1)/(κ + 1) per step for the best gradient descent, (√κ − 1)/(√κ + 1) for the best momentum.',
    'Say what Adam’s per-coordinate scaling buys (a step of about α whatever the gradient’s size, a learning rate that would blow gradient descent up) and where it misleads (a valley not lined up with the axes, a minimum far away).',
    'Tell a divergence from a noise floor: with stochastic gradients the loss hovers at a level set by the learning rate, not by the number of steps.',
  ],
  assignment: {
    predict:
      'Before touching a control: on a quadratic valley with κ = 100, will plain gradient descent at α = 0.021 converge, diverge, or still be on its way after 100 steps?',
    explore:
      'Find the largest learning rate at which gradient descent still converges and compare it with 2/λ_max. Then add momentum and find the β and α that reach the tolerance in the fewest steps; compare the predicted and measured rates in the Math Peek. Finally turn the valley by 45° and race Adam against gradient descent.',
    submit:
      'The edge you found and 2/λ_max; a table of three settings (gradient descent at its best α, momentum at its best α and β, Adam) with steps to the tolerance and the predicted and measured rates, each with its tag (Copy embed code); and a paragraph on what turning the valley changed and why. The lab’s Markdown report records the prediction and how far off it was.',
    tag: '<ml-optim-landscape condition-number="100" optimizers="sgd" learning-rate="0.021" predict="outcome"></ml-optim-landscape>',
  },
  prompts: [
    'For κ = 100 the best gradient descent shrinks the distance to the minimum by 99/101 per step and the best momentum by 9/11. Roughly how many times fewer steps does momentum need, and where does the square root of κ come from?',
    'Why does the zig-zag happen across the valley and not along its floor, and why does a smaller learning rate that stops the zig-zag make the whole run slower?',
    'Adam divides each coordinate’s step by a running root mean square of that coordinate’s gradients. Why does that help when the valley runs along x, and not when it is turned by 45°?',
    'Rosenbrock’s curvature is about 1,500 at its classic start and far smaller along the valley floor. What does that mean for one fixed learning rate, and what do schedules and warm-up do about it?',
    'With noisy gradients, which of the learning rate and the number of steps decides how close the loss gets to the minimum? What does that suggest about decaying the learning rate late in training?',
  ],
  misconceptions: [
    {
      belief: 'A larger learning rate always gets there faster.',
      truth:
        'Only up to a point. On a valley with κ = 10, gradient descent is within the tolerance at step 42 with α = 0.1 and at step 23 with α = 0.18, but at step 39 with α = 0.19, where each step overshoots across the valley; at α = 0.21, past 2/λ_max = 0.2, it diverges (step 69: the learning rate times the largest curvature, 2.1, passed 2).',
      tag: '<ml-optim-landscape condition-number="10" optimizers="sgd" learning-rate="0.19" controls="learning-rate"></ml-optim-landscape>',
    },
    {
      belief: 'Momentum always speeds gradient descent up.',
      truth:
        'On a well-conditioned valley (κ = 2) at α = 0.3, gradient descent is within the tolerance at step 13 and momentum with β = 0.9 only at step 63: with β = 0.9 the distance shrinks by no more than √β ≈ 0.949 per step, against gradient descent’s 0.7. Momentum pays where κ is large.',
      tag: '<ml-optim-landscape condition-number="2" optimizers="sgd,momentum" learning-rate="0.3" controls="momentum,condition-number"></ml-optim-landscape>',
    },
    {
      belief: 'Past 2/λ_max every optimizer diverges.',
      truth:
        'That is gradient descent’s edge. On a valley with κ = 10 at α = 0.3, gradient descent diverges (stopped at step 10) while momentum with β = 0.9 is within the tolerance at step 69: heavy-ball momentum’s edge is 2(1 + β)/λ_max = 0.38.',
      tag: '<ml-optim-landscape condition-number="10" optimizers="sgd,momentum" learning-rate="0.3" controls="learning-rate,momentum"></ml-optim-landscape>',
    },
    {
      belief: 'Adam is at least as fast as plain gradient descent.',
      truth:
        'Adam moves each coordinate by about α per step whatever the gradient’s size. On Booth’s function from (−8, −6) at α = 0.05, gradient descent is within the tolerance at step 2, while Adam, its minimum 9 units away in x, is still 374 above it after 100 steps.',
      tag: '<ml-optim-landscape surface="booth" start="-8,-6" optimizers="sgd,adam" learning-rate="0.05" controls="learning-rate,steps"></ml-optim-landscape>',
    },
    {
      belief: 'With noisy gradients, SGD reaches the minimum if it runs long enough.',
      truth:
        'It hovers. On a valley with κ = 10 and noise σ = 1, gradient descent at α = 0.05 is still 0.0258 above the minimum after 2,000 steps (it touched the tolerance at step 170 and did not stay); at α = 0.0125 it settles lower, 0.00664 above. The floor moves with the learning rate, not with the steps.',
      tag: '<ml-optim-landscape condition-number="10" noise="1" optimizers="sgd" learning-rate="0.05" steps="2000" controls="learning-rate,steps"></ml-optim-landscape>',
    },
  ],
};
