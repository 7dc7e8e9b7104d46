// Trains the small CNN: two 3×3 convolutions with max pooling, then a 32-unit hidden layer
// (the convolutional model for the pruning and quantization labs). Run: npm run train:cnn
import { train } from './train-common.js';

train({
  name: 'cnn',
  description:
    'Small CNN on 14×14 MNIST digits: conv 3×3 1→8 (pad 1) → ReLU → max pool 2 → conv 3×3 8→16 (pad 1) → ReLU → ' +
    'max pool 2 → flatten 144 → linear 144→32 → ReLU → linear 32→10',
  script: 'scripts/nn/train-cnn.ts',
  architecture: {
    inputShape: [1, 14, 14],
    layers: [
      { type: 'conv2d', name: 'conv1', outChannels: 8, kernelSize: 3, padding: 1 },
      { type: 'relu', name: 'relu1' },
      { type: 'maxpool2d', name: 'pool1', size: 2 },
      { type: 'conv2d', name: 'conv2', outChannels: 16, kernelSize: 3, padding: 1 },
      { type: 'relu', name: 'relu2' },
      { type: 'maxpool2d', name: 'pool2', size: 2 },
      { type: 'flatten', name: 'flatten' },
      { type: 'linear', name: 'fc1', outFeatures: 32 },
      { type: 'relu', name: 'relu3' },
      { type: 'linear', name: 'fc2', outFeatures: 10 },
    ],
  },
  seed: 1,
  epochs: 40,
  batchSize: 64,
  optimizer: { type: 'adam', lr: 3e-3 },
  maxShift: 1,
});
