// Trains the MLP the quantization and pruning labs run: 196 → 40 → 10. The hidden width keeps a
// full evaluation of the 2,000 test digits under 10 ms (`npm run bench`, scripts/bench-core.ts); 32 units
// stayed below 97 % on this data. Run: npm run train:mlp
import { perceptron, train } from './train-common.js';

train({
  name: 'mlp',
  description: 'Multilayer perceptron on 14×14 MNIST digits: flatten → linear 196→40 → ReLU → linear 40→10',
  script: 'scripts/nn/train-mlp.ts',
  architecture: perceptron([40]),
  seed: 1,
  epochs: 300,
  batchSize: 64,
  optimizer: { type: 'adamw', lr: 3e-3, weightDecay: 0.1 },
  maxShift: 1,
});
