/**
 * The quantization lab's instructor's card. Every accuracy and size it quotes was measured on
 * the shipped models and the 2,000 test digits with the tag beside it;
 * tests/core/instructor-card.test.ts measures them again, so retraining a model or changing the
 * quantizer fails there, and the card is updated with the lab.
 */
import type { InstructorCard } from '../shared/instructor-card.js';

export const quantLabCard: InstructorCard = {
  lab: 'ml-quant-lab',
  goals: [
    'Apply the quantize–dequantize rule: compute a tensor’s scale Δ from its range and bound each weight’s rounding error by Δ/2.',
    'Relate bits to error (about 6 dB of signal-to-noise per bit) and to accuracy, and find where a model’s accuracy falls off a cliff.',
    'Choose a scale granularity (tensor, channel, group) and a clipping range, and count the bytes each scheme’s scales add.',
    'Tell weight-only from weight-and-activation quantization, and explain why activations need calibration data.',
    'Compare the floating formats (FP16, BF16, FP8 E4M3 and E5M2) with integers of the same width.',
  ],
  assignment: {
    predict:
      'Before touching a control: the MLP scores 97.10 % on the 2,000 test digits in FP32. What will it score with INT4 weights and one scale per tensor? Sketch accuracy against bit width from 8 down to 2.',
    explore:
      'Walk the bit width from 8 down to 2 and find where the cliff starts. At that width, try a scale per channel, groups, and each clipping range, then quantize the activations too. Repeat with the CNN.',
    submit:
      'For each model, the fewest bits that stay within one point of FP32, with the tag (Copy embed code), accuracy and model size, and a paragraph on why that setting holds where per-tensor min–max does not. The lab’s Markdown report carries the prediction, the results and their derivations.',
    tag: '<ml-quant-lab bits="4" predict="accuracy"></ml-quant-lab>',
  },
  prompts: [
    'The rounding step roughly doubles with every bit removed, yet the MLP loses under half a point down to 5 bits and 41 points at 3. Why is the response not gradual?',
    'At INT4 the CNN scores 97.55 % with one scale per tensor and 97.30 % with one per channel, although per-channel steps are never coarser. What is a difference of five digits in 2,000 worth, and how would you find out whether it is real?',
    'Clipping to the least-squared-error range rescues 3 bits on the MLP. What does it throw away, and when could those outliers matter?',
    'The activations’ ranges come from 256 calibration images drawn from the test set. What happens when the inputs a deployed model sees differ from them, and is scoring on that same test set fair?',
    'FP8 E4M3 and INT8 both spend 8 bits a weight. How does each place its levels, and which weights does each represent better?',
  ],
  misconceptions: [
    {
      belief: 'INT8 always costs accuracy.',
      truth:
        'With one scale per tensor, every INT8 weight moves by at most Δ/2, a 254th of the tensor’s largest weight. On these networks that costs the MLP one digit of 2,000 (97.05 % against 97.10 % in FP32) and the CNN two (98.00 % against 98.10 %).',
      tag: '<ml-quant-lab bits="8" controls="model"></ml-quant-lab>',
    },
    {
      belief: 'Each bit removed costs about the same accuracy.',
      truth:
        'Each bit removed roughly doubles the step, yet accuracy holds until the error crosses what the network tolerates, then collapses. With one scale per tensor the MLP loses 0.05 points at 8 bits, 0.40 at 5, 2.50 at 4 and 40.90 at 3; at 2 bits it scores 17.20 %, not far above guessing (10 %).',
      tag: '<ml-quant-lab bits="4" controls="bits"></ml-quant-lab>',
    },
    {
      belief: 'One scale per tensor is as good as one per channel.',
      truth:
        'A tensor’s one scale is set by its widest output channel, so every narrower channel gets coarser steps than it needs. A scale per output channel fits each: at INT4 the MLP loses 0.75 points instead of 2.50, for 48 more FP32 scales (192 bytes).',
      tag: '<ml-quant-lab bits="4" granularity="per-tensor" controls="granularity"></ml-quant-lab>',
    },
    {
      belief: 'Quantizing the activations as well is free.',
      truth:
        'Weights are fixed, so their ranges are known exactly. Activations change with every input: their range is fixed in advance from 256 calibration images, one scale per tensor, and values beyond it are clipped. At 8 bits, quantizing the CNN’s activations too costs nothing (98.10 %, as in FP32); at 4 bits it costs 4.70 points where the weights alone cost 0.55.',
      tag: '<ml-quant-lab model="cnn" bits="4" controls="quantize,bits"></ml-quant-lab>',
    },
    {
      belief: 'The range must cover every weight, or accuracy suffers.',
      truth:
        'Covering the largest weight makes every step as wide as that weight demands. Clipping a few outliers buys finer steps for all the others: at 3 bits the MLP keeps 56.20 % with the min–max range and 95.20 % with the range of least squared error.',
      tag: '<ml-quant-lab bits="3" controls="calibration"></ml-quant-lab>',
    },
    {
      belief: 'INT4 makes a model eight times smaller than FP32.',
      truth:
        'Every scale is stored beside the codes, as a 4-byte float: INT4 in groups of 2 spends 16 bits of scale on each weight besides its 4 bits of code, and the MLP shrinks only 1.59×. Groups of 32 shrink it 6.01×; even one scale per tensor gives 7.66×, since the biases stay FP32.',
      tag: '<ml-quant-lab bits="4" granularity="per-group" group-size="2" controls="group-size"></ml-quant-lab>',
    },
  ],
};
