import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { batchMemoryCard } from '../src/core/memory/card.js';
import { batchMemorySchema } from '../src/core/memory/lab.js';
import '../components/batch-memory/ml-batch-memory.js';
import { docsWithCard } from './instructor-card.js';
import { labMeta, type LabArgs } from './lab-stories.js';

const meta: Meta<LabArgs> = {
  title: 'Labs/Batch memory',
  tags: ['autodocs'],
  ...labMeta('ml-batch-memory', batchMemorySchema),
  parameters: docsWithCard(batchMemoryCard),
};
export default meta;

type Story = StoryObj<LabArgs>;

/** GPT-2 small on a 16 GB T4 (the defaults; "auto" precision trains it in mixed FP16): where does it run out of memory? */
export const Gpt2OnT4: Story = { name: 'GPT-2 on a T4' };

/** Llama-2 7B on eight A100s: what each ZeRO stage shards away. */
export const Llama7bZero: Story = {
  name: 'Llama-2 7B with ZeRO',
  args: { model: 'llama-2-7b', device: 'a100-80gb-sxm', 'batch-size': 1, 'sequence-length': 4096, gpus: 8, 'zero-stage': 1, recomputation: 'selective', precision: 'mixed-bf16', controls: 'zero-stage,batch-size,recomputation' },
};

/** ResNet-50 on an RTX 4090: small batches bound by kernel launches and memory traffic, then saturation. */
export const ResNet50On4090: Story = {
  name: 'ResNet-50 on an RTX 4090',
  args: { model: 'resnet50', device: 'rtx-4090', 'batch-size': 64, precision: 'mixed-fp16', optimizer: 'sgd-momentum' },
};

/** Serving Llama-3 8B: the KV cache grows with batch and context. */
export const Llama3Inference: Story = {
  name: 'Llama-3 8B inference',
  args: { model: 'llama-3-8b', device: 'l4', mode: 'inference', 'batch-size': 4, 'sequence-length': 8192, precision: 'bf16' },
};

/** ResNet-50 on an A100 at NVIDIA's published setting: the measured throughput on the model's curve. */
export const ResNet50Measured: Story = {
  name: 'ResNet-50 against a published measurement',
  args: { model: 'resnet50', device: 'a100-80gb-sxm', 'batch-size': 256, precision: 'mixed-fp16', optimizer: 'sgd-momentum' },
};

/** Llama-2 7B on eight H100s with ZeRO-3 and FlashAttention: the whole job, and what communication costs over each link. */
export const Llama7bEightH100: Story = {
  name: 'Llama-2 7B on eight H100s',
  args: { model: 'llama-2-7b', device: 'h100-sxm', 'batch-size': 2, 'sequence-length': 4096, attention: 'flash', gpus: 8, 'zero-stage': 3, controls: 'interconnect,gpus,zero-stage,batch-size,overlap' },
};

/** Serving Llama-2 7B token by token: a larger batch shares each read of the weights, until the KV cache bounds decoding. */
export const Llama7bDecode: Story = {
  name: 'Llama-2 7B decoding',
  args: { model: 'llama-2-7b', device: 'a100-80gb-sxm', mode: 'inference', 'batch-size': 1, 'sequence-length': 256, precision: 'bf16', controls: 'batch-size,sequence-length,attention' },
};

/** FP32 with Adam on a T4: the failure state and what to try. */
export const OutOfMemory: Story = {
  name: 'Out of memory',
  args: { model: 'gpt2-medium', device: 't4', 'batch-size': 16, precision: 'fp32', optimizer: 'adam' },
};

/** For a course: the reader predicts the largest batch before the lab shows it. */
export const PredictFirst: Story = { name: 'Predict first: the largest batch', args: { 'batch-size': 16, predict: 'largest-batch' } };
