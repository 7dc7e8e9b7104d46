import { html } from 'lit';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '../components/batch-memory/ml-batch-memory.js';

type Args = Record<string, string | number>;

const meta: Meta<Args> = {
  title: 'Labs/Batch memory',
  component: 'ml-batch-memory',
  tags: ['autodocs'],
  args: {
    model: 'gpt2',
    device: 't4',
    mode: 'training',
    'batch-size': 8,
    'sequence-length': 1024,
    precision: 'mixed-fp16',
    optimizer: 'adamw',
    recomputation: 'none',
    'zero-stage': 0,
    gpus: 1,
    controls: '',
  },
  render: (args) => html`
    <ml-batch-memory
      model=${args.model}
      device=${args.device}
      mode=${args.mode}
      batch-size=${args['batch-size']}
      sequence-length=${args['sequence-length']}
      precision=${args.precision}
      optimizer=${args.optimizer}
      recomputation=${args.recomputation}
      zero-stage=${args['zero-stage']}
      gpus=${args.gpus}
      controls=${args.controls}
    ></ml-batch-memory>
  `,
};
export default meta;

type Story = StoryObj<Args>;

/** GPT-2 small on a 16 GB T4: where does it run out of memory? */
export const Gpt2OnT4: Story = {};

/** Llama-2 7B on eight A100s: what each ZeRO stage shards away. */
export const Llama7bZero: Story = {
  args: { model: 'llama-2-7b', device: 'a100-80gb-sxm', 'batch-size': 1, 'sequence-length': 4096, gpus: 8, 'zero-stage': 1, recomputation: 'selective', precision: 'mixed-bf16', controls: 'zero-stage,batch-size,recomputation' },
};

/** ResNet-50 on an RTX 4090: a vision model whose small batches are memory-bound. */
export const ResNet50On4090: Story = {
  args: { model: 'resnet50', device: 'rtx-4090', 'batch-size': 64, precision: 'mixed-fp16', optimizer: 'sgd-momentum' },
};

/** Serving Llama-3 8B: the KV cache grows with batch and context. */
export const Llama3Inference: Story = {
  args: { model: 'llama-3-8b', device: 'l4', mode: 'inference', 'batch-size': 4, 'sequence-length': 8192, precision: 'bf16' },
};

/** FP32 with Adam on a T4: the failure state and what to try. */
export const OutOfMemory: Story = {
  args: { model: 'gpt2-medium', device: 't4', 'batch-size': 16, precision: 'fp32', optimizer: 'adam' },
};
