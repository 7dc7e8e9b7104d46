/**
 * The attention lab's instructor's card. Every cost it quotes was computed by cost.ts on the
 * memory core's presets, and every number about the shipped model by the attention core on its
 * weights, with the tag beside it; tests/core/attention-card.test.ts computes them again, so a
 * retrained model or a changed formula fails there, and the card is updated with the lab.
 */
import type { InstructorCard } from '../shared/instructor-card.js';

export const attentionLabCard: InstructorCard = {
  lab: 'ml-attention-lab',
  goals: [
    'Compute one row of attention by hand: q·k/√d_k for each key, the causal mask, the softmax, the weighted sum of values and the output projection.',
    'Read an attention pattern and name the rule a head follows: the previous token, the first token, its own token, or the token after an earlier occurrence of the current one (an induction head).',
    'Test what a head does by switching it off (its output zeroed or replaced by its mean) and reading the change in the predictions and the loss.',
    'Explain why attention’s cost grows with the square of the context while the linear layers’ grows linearly, and what FlashAttention and the KV cache change.',
    'Describe the phase change in which induction heads form while a small model trains, and why they need a previous-token head in an earlier layer.',
  ],
  assignment: {
    predict:
      'Before touching a control: the shipped model is a 2-layer, 4-head character transformer trained on The Devil’s Dictionary. Which of its 8 heads puts its attention on the token just before the current one?',
    explore:
      'Look at every head on the repeated sentence (All heads), then at the one you picked (One head), hovering its tokens. Switch it off and read which predictions change and by how much the loss rises; compare zero and mean ablation. Step through one query row and check one softmax weight by hand. Then train the attention-only model live and watch the induction score jump.',
    submit:
      'The head you named and its previous-token score, the loss change when you switch it off (with the tag: Copy embed code), one row of attention worked by hand beside the Math Peek’s, the step at which the induction score rose in your training run, and a paragraph on why a model reading 128 k tokens needs FlashAttention. The lab’s Markdown report carries the prediction, the results and their derivations.',
    tag: '<ml-attention-lab predict="previous-token-head" view="heads"></ml-attention-lab>',
  },
  prompts: [
    'A previous-token head puts nearly all its weight on one key. What does its output then carry into the residual stream, and how could a head in the next layer use it?',
    'Switching a head off barely changes the loss on one text and clearly on another. What does that say about judging a head by its average effect?',
    'Mean ablation replaces a head’s output by its average instead of zero. When do the two disagree, and which one asks “what does this head add for this input”?',
    'FlashAttention does the same arithmetic as standard attention yet stores no score matrix. Where does the s² go, and what does it cost instead?',
  ],
  misconceptions: [
    {
      belief: 'Attention is a small part of a transformer’s compute.',
      truth:
        'At GPT-2 small’s own 1,024 tokens the scores and their weighted sum cost 22.2 % of the linear layers’ FLOPs; at 8,192 tokens they cost more than the linear layers, and at 128 k tokens 2,844 %: their share grows as s/(6·h).',
      tag: '<ml-attention-lab view="cost" context-length="1024" controls="context-length"></ml-attention-lab>',
    },
    {
      belief: 'Long contexts are limited by the model’s weights.',
      truth:
        'Training Llama 2 7B on 4,096-token sequences stores 32 GiB of attention scores per sequence for the backward pass (the s² term), against 16 MiB with FlashAttention, which keeps one softmax statistic per head and token and recomputes the rest.',
      tag: '<ml-attention-lab view="cost" cost-model="llama-2-7b" controls="context-length,cost-model"></ml-attention-lab>',
    },
    {
      belief: 'Every model’s KV cache grows by the same bytes per token of context.',
      truth:
        'Llama 2 70B, ten times larger than Llama 2 7B, caches 320 KiB per token against 7B’s 512 KiB, because its 64 query heads share 8 key-value heads (grouped-query attention).',
      tag: '<ml-attention-lab view="cost" cost-model="llama-2-70b" controls="cost-model"></ml-attention-lab>',
    },
    {
      belief: 'A head that attends to the previous token must matter most for predicting the next one.',
      truth:
        'Switching off head 1.1, the shipped model’s previous-token head, raises its loss on the repeated sentence by 0.155 nats per character, while switching off head 2.1 lowers it by 0.064. Attention weights say where a head looks, not how much the model needs what it finds there.',
      tag: '<ml-attention-lab view="ablation" ablate="1.1" controls="ablate,ablation-mode"></ml-attention-lab>',
    },
    {
      belief: 'The softmax picks the key with the highest score and ignores the rest.',
      truth:
        'Every unmasked key gets a weight exp(score − max)/Σ exp(score − max), and the output is the weighted sum of all their values; only the keys after the query are set to zero, by the causal mask.',
      tag: '<ml-attention-lab view="mechanics" controls="query,layer,head"></ml-attention-lab>',
    },
  ],
};
