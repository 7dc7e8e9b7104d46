/**
 * The pruning lab's instructor's card. Every accuracy, size and FLOP count it quotes was computed
 * by the lab's core on the shipped LeNet-300-100 and the 2,000 test digits with the tag beside
 * it; tests/core/prune-card.test.ts computes them again, so retraining the model or changing a
 * pruning rule fails there, and the card is updated with the lab.
 */
import type { InstructorCard } from '../shared/instructor-card.js';

export const pruningLabCard: InstructorCard = {
  lab: 'ml-pruning-lab',
  goals: [
    'Apply the rules of torch.nn.utils.prune: prune round(a·n) entries (half to even), the smallest |w| or the slices of smallest norm, per layer or below one global threshold.',
    'Read accuracy against sparsity for several methods and find where a network first loses more than a point.',
    'Count what a pruned model buys: bytes in CSR, as a bitmask or compressed 2:4 against dense, and FLOPs on a dense kernel, a sparse one and a shrunk model.',
    'Explain why structured pruning costs accuracy sooner than unstructured pruning yet is the one that runs faster on ordinary hardware.',
    'Win back accuracy by fine-tuning with the masks held fixed, on training data and never the test set.',
  ],
  assignment: {
    predict:
      'Before touching a control: LeNet-300-100 scores 97.95 % on the 2,000 test digits. Pruning every layer by the same share of its smallest weights, at what sparsity does it first lose more than a point? At 90 %, how much faster will it run on a dense kernel?',
    explore:
      'Raise the sparsity until accuracy falls off its cliff and read which layer the callout names. Switch to one global threshold, then to structured pruning by L1 norm, and read the table of sizes, FLOPs and measured times at each. Fine-tune the setting at the cliff and watch its point on the chart.',
    submit:
      'The sparsity you would ship for each method, with the tag (Copy embed code), accuracy before and after fine-tuning, the size in the format you would store it in and the FLOPs it runs at, and a paragraph on which method you would choose for a phone, a GPU with sparse tensor cores, and a download. The lab’s Markdown report carries the prediction, the results and their derivations.',
    tag: '<ml-pruning-lab predict="first-drop"></ml-pruning-lab>',
  },
  prompts: [
    'Magnitude pruning assumes a small weight matters little. When could that fail, and what does random pruning at the same sparsity tell you about the assumption?',
    'A global threshold leaves the last layer less pruned than the first. Why does the network need its last layer more, and what would you expect in a network whose first layer is small?',
    'The shrunk model after unstructured pruning loses only the neurons that lost all their weights in or out. Why so few, and what does that say about turning sparsity into speed without special kernels?',
    'Fine-tuning here uses 2,000 training digits, never the test digits the accuracy is measured on. What would fine-tuning on the test set report, and why would the number be worthless?',
  ],
  misconceptions: [
    {
      belief: 'A 90 %-sparse network runs ten times faster.',
      truth:
        'A dense kernel multiplies every weight, zeros included: LeNet-300-100 at 90 % still costs 179,600 FLOPs per image, as it did dense. A sparse kernel could do 17,960, if its index reads and scattered loads do not eat the saving; the shrunk dense model does 121,436, since only the neurons that lost all their weights in or out go. Removing half the neurons instead (structured, L1) shrinks it to 74,800 FLOPs on any dense kernel.',
      tag: '<ml-pruning-lab sparsity="90" controls="sparsity,method"></ml-pruning-lab>',
    },
    {
      belief: 'A pruned model stored in a sparse format is always smaller.',
      truth:
        'CSR stores a 4-byte column index beside each 4-byte value, and a pointer per row. At 50 % sparsity LeNet-300-100 takes 362,492 bytes in CSR against 360,840 dense: more. A bitmask (one bit per weight) takes 192,465; at 90 % CSR takes 75,132.',
      tag: '<ml-pruning-lab sparsity="50" controls="sparsity"></ml-pruning-lab>',
    },
    {
      belief: 'Which weights are pruned matters little, as long as the share is the same.',
      truth:
        'At 50 % of every layer, pruning the smallest |w| keeps 97.75 % of the digits right; pruning at random keeps 58.05 %. Small weights contribute little to the sums a neuron takes; random pruning removes large ones as readily.',
      tag: '<ml-pruning-lab sparsity="50" controls="method"></ml-pruning-lab>',
    },
    {
      belief: 'Pruning every layer by the same share is the fair way.',
      truth:
        'At 90 %, the same share of every layer leaves 45.55 %; one global threshold leaves 76.00 %, because it takes 72.0 % of the small last layer (1,000 weights, which every class depends on) and 91.5 % of the first (58,800).',
      tag: '<ml-pruning-lab sparsity="90" controls="scope"></ml-pruning-lab>',
    },
    {
      belief: 'Removing whole neurons is as harmless as removing as many single weights.',
      truth:
        'At 50 %, single weights by magnitude keep 97.75 %; half the neurons of each hidden layer by L1 norm keep 86.55 %, since each removed neuron takes a whole feature with it. In exchange the structured model shrinks to 37,610 parameters and 74,800 FLOPs per image, from 90,210 and 179,600.',
      tag: '<ml-pruning-lab sparsity="50" method="l1-structured" controls="method"></ml-pruning-lab>',
    },
    {
      belief: 'What pruning loses is lost for good.',
      truth:
        'At 90 % of every layer LeNet-300-100 keeps 45.55 %. Training the weights left for 2 epochs on the 2,000 training digits, with the pruned ones held at zero, brings it back to 89.25 %.',
      tag: '<ml-pruning-lab sparsity="90" fine-tune-epochs="2" controls="fine-tune-epochs"></ml-pruning-lab>',
    },
  ],
};
