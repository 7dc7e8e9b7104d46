/**
 * The memory lab's instructor's card. Every number it quotes is what `evaluate` gives for the
 * tag beside it; tests/core/instructor-card.test.ts checks them, so a change to the estimators
 * that moves one fails there, and the card is updated with the lab.
 */
import type { InstructorCard } from '../shared/instructor-card.js';

export const batchMemoryCard: InstructorCard = {
  lab: 'ml-batch-memory',
  goals: [
    'Name the four parts of training memory (weights, gradients, optimizer state, activations) and say which grow with the batch (the activations) and which with the parameter count (the other three).',
    'Count model-state bytes per parameter for a precision and an optimizer: 16 for Adam in FP32 or in mixed precision, 8 in pure BF16 (ZeRO, Rajbhandari et al. 2020).',
    'Find the largest batch a device holds, and weigh what activation recomputation, a leaner optimizer and ZeRO sharding give back against what each costs in time or GPUs.',
    'Read the throughput curve kernel by kernel: at small batches launches and small, memory-bound kernels bound the step and samples per second climb with the batch; once the matmuls are large the curve saturates, and a larger batch only makes each step longer.',
    'Say what data parallelism costs: every step exchanges the gradients (and, under ZeRO-3, the weights) over the link between GPUs, and what does not hide under the backward pass is lost scaling.',
    'Explain why serving memory grows with batch × context (the KV cache), and find how many sequences a device serves at once.',
  ],
  assignment: {
    predict:
      'Before touching a control: how many 1,024-token sequences can GPT-2 small train on at once on a 16 GB T4, with AdamW in mixed FP16? Which part of memory will be the largest at that batch?',
    explore:
      'Move the batch size and watch which parts grow. Then try each way out the lab offers (activation recomputation, 8-bit Adam, pure BF16, ZeRO over more GPUs) and note the largest batch each allows and the throughput there.',
    submit:
      'A table of four configurations with memory per GPU, largest batch and samples per second, each with its tag (Copy embed code), and a paragraph recommending one for fine-tuning GPT-2 on a T4, argued from the memory breakdown. The lab’s Markdown report records the prediction and how far off it was.',
    tag: '<ml-batch-memory model="gpt2" device="t4" precision="mixed-fp16" predict="largest-batch"></ml-batch-memory>',
  },
  prompts: [
    'In mixed precision, AdamW’s state for GPT-2 is six times its 16-bit weights, whatever the batch. What would shrink it, and what does each choice cost?',
    'Why does mixed precision keep an FP32 master copy of the weights at all? What happens to a small update added to a 16-bit weight?',
    'The T4’s FP16 tensor cores have eight times its FP32 peak, yet mixed precision trains GPT-2 less than four times as fast. Where does the rest of the step’s time go?',
    'ZeRO stage 3 shards the weights too, so each GPU must gather every layer’s weights before using them. Why might a team stop at stage 1 or 2?',
    'At long context, why does the KV cache rather than the weights decide how many requests one GPU serves, and what would shrink it?',
  ],
  misconceptions: [
    {
      belief: 'A bigger batch needs more optimizer state.',
      truth:
        'Optimizer state depends on the parameters alone: AdamW keeps two FP32 moments and, in mixed precision, an FP32 master copy of every weight, 1.39 GiB for GPT-2 at any batch. Only the activations grow with the batch: 1.2 GiB at batch 1, 76.6 GiB at batch 64.',
      tag: '<ml-batch-memory model="gpt2" device="t4" precision="mixed-fp16" controls="batch-size"></ml-batch-memory>',
    },
    {
      belief: 'Mixed precision halves training memory.',
      truth:
        'With Adam, FP32 and mixed precision both keep 16 bytes of model state per parameter: mixed precision trades 4-byte weights and gradients for 2-byte ones but adds a 4-byte FP32 master copy, and Adam’s two moments stay FP32. Only the activations shrink: GPT-2 at batch 1 needs 4.79 GiB in FP32 and 3.86 GiB in mixed FP16. Pure BF16, which keeps the moments in BF16 too, is what halves model state, to 8 bytes per parameter (2.84 GiB in all).',
      tag: '<ml-batch-memory model="gpt2" device="t4" batch-size="1" precision="fp32" controls="precision"></ml-batch-memory>',
    },
    {
      belief: 'With more GPUs in data parallelism, each GPU can hold a bigger model.',
      truth:
        'Plain data parallelism splits the data, not the model: every GPU keeps all the weights, gradients and optimizer state, so Llama-2 7B needs 132 GiB per GPU on one A100 or on eight. ZeRO shards them over the GPUs: stage 1 (optimizer state) brings it to 59.7 GiB, stage 3 (all three) to 35.5 GiB.',
      tag: '<ml-batch-memory model="llama-2-7b" device="a100-80gb-sxm" batch-size="1" sequence-length="4096" precision="mixed-bf16" recomputation="selective" gpus="8" controls="gpus,zero-stage"></ml-batch-memory>',
    },
    {
      belief: 'Activation recomputation saves memory for free.',
      truth:
        'Full recomputation reruns each layer’s forward pass during the backward pass, a third more of the layers’ FLOPs (24 % more in all for GPT-2, whose output layer over 50,257 tokens is not rerun), so GPT-2 at batch 16 on a T4 trains at 11.5 samples/s instead of 14.5 (and now fits). Selective recomputation (Korthikanti et al. 2022) reruns only the attention scores: activations fall from 19.2 GiB to 7.91 GiB for 5 % more FLOPs, yet the step slows to 12.4 samples/s, since what it reruns (softmax and dropout over every score) is bound by memory traffic, not arithmetic.',
      tag: '<ml-batch-memory model="gpt2" device="t4" batch-size="16" precision="mixed-fp16" controls="recomputation"></ml-batch-memory>',
    },
    {
      belief: 'The largest batch that fits trains fastest.',
      truth:
        'At batch 1 most of ResNet-50’s kernels are too small to fill the GPU: launching them and moving their weights take longer than their arithmetic, so a larger batch spreads that cost over more images. ResNet-50 on an RTX 4090 goes from 202 samples/s at batch 1 to 1,284 at batch 32, 90 % of its peak; from there to the largest batch that fits (517) it gains 4 %, and each step just takes longer.',
      tag: '<ml-batch-memory model="resnet50" device="rtx-4090" precision="mixed-fp16" optimizer="sgd-momentum" batch-size="1" controls="batch-size"></ml-batch-memory>',
    },
    {
      belief: 'Eight GPUs train eight times as fast.',
      truth:
        'Every step, each GPU exchanges gradients (under ZeRO-3, weights too) with the others, and only the part that runs under the backward pass is hidden. Llama-2 7B with ZeRO-3 on eight A100s keeps 94 % of linear scaling over NVLink (6.24 samples/s for the job); spread over eight servers talking over InfiniBand HDR, 56 % (3.73 samples/s).',
      tag: '<ml-batch-memory model="llama-2-7b" device="a100-80gb-sxm" batch-size="1" sequence-length="4096" attention="flash" zero-stage="3" gpus="8" controls="interconnect,gpus,zero-stage"></ml-batch-memory>',
    },
    {
      belief: 'Serving a model takes the memory of its weights.',
      truth:
        'Serving also keeps every sequence’s keys and values at every layer (the KV cache): 128 KiB per token for Llama-3 8B in BF16, 1 GiB per sequence of 8,192 tokens. A 24 GB L4 holds the 15 GiB of weights but serves only 3 such sequences at once; at 1,024 tokens, 28.',
      tag: '<ml-batch-memory model="llama-3-8b" device="l4" mode="inference" precision="bf16" sequence-length="8192" controls="batch-size,sequence-length"></ml-batch-memory>',
    },
  ],
};
