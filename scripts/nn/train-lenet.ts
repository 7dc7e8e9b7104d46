// Trains LeNet-300-100 (LeCun et al. 1998, "Gradient-based learning applied to document
// recognition", the fully connected 300-100 net; the network Han et al. 2015 prune about 12×,
// https://arxiv.org/abs/1506.02626) on 14×14 digits: 196 → 300 → 100 → 10, 90,210 parameters,
// eleven times the MLP, so that pruning has real redundancy to find. Its weights ship as FP16 to
// stay inside the pruning lab's asset budget. Run: npm run train:lenet
import { perceptron, train } from './train-common.js';

train({
  name: 'lenet-300-100',
  description:
    'LeNet-300-100 on 14×14 MNIST digits: flatten → linear 196→300 → ReLU → linear 300→100 → ReLU → linear 100→10; weights stored as FP16',
  script: 'scripts/nn/train-lenet.ts',
  architecture: perceptron([300, 100]),
  seed: 1,
  epochs: 50,
  batchSize: 64,
  optimizer: { type: 'adamw', lr: 3e-3, weightDecay: 0.1 },
  maxShift: 1,
  weightsDtype: 'float16-le',
});
