/**
 * The attention lab (`<ml-attention-lab>`) as a module: its state, declared once, the example
 * texts a reader can start from, and how a state names heads and clips its text to the model's
 * context. The model runs in the page's compute worker (src/lib/lab/attention-jobs.ts); what the
 * lab says about a result (the Math Peek) is in explain.ts; the cost view is cost.ts.
 */
import { defineSchema, type StateOf } from '../shared/lab-schema.js';
import type { HeadRef } from './run.js';

/** The longest context the cost view goes to: 128 k tokens (2^17). */
export const MAX_COST_CONTEXT = 131072;

/** The shipped model's context, in tokens (characters): longer text is clipped to it. */
export const LAB_CONTEXT = 128;
/** The shipped model's shape as the controls offer it: 2 layers of 4 heads. */
export const LAB_LAYERS = 2;
export const LAB_HEADS = 4;

/** Heads as the lab writes them, layer.head from 1: `1.1` … `2.4`. */
export const HEAD_NAMES = Array.from({ length: LAB_LAYERS * LAB_HEADS }, (_, i) => `${Math.floor(i / LAB_HEADS) + 1}.${(i % LAB_HEADS) + 1}`);

/** Texts a reader can start from, each showing something a head does. */
export const EXAMPLE_TEXTS = [
  { value: 'The cat sat on the mat. The cat sat on the mat.', label: 'A repeated sentence' },
  { value: 'ARMOR, n. The kind of clothing worn by a man whose tailor is a blacksmith.', label: 'A definition from the dictionary' },
  { value: 'qzvkxbjw qzvkxbjw qzvkxbjw qzvkxbjw', label: 'Random letters, repeated' },
  { value: 'Mrs Wimbledon met Mr Quibble; then Mrs Wimbledon thanked Mr Quibble.', label: 'Names that come back' },
] as const;

/**
 * The memory core's transformer presets (core/catalog/models.ts), by id and name. Written out
 * rather than imported so that the schema, which loads before the first paint, does not carry
 * the presets' configurations (the memory lab's first paint would then pay for a chunk split
 * out of its own); tests/core/attention-lab.test.ts holds the two lists equal.
 */
export const COST_MODELS = [
  { value: 'gpt2', label: 'GPT-2 small' },
  { value: 'gpt2-medium', label: 'GPT-2 medium' },
  { value: 'gpt2-large', label: 'GPT-2 large' },
  { value: 'gpt2-xl', label: 'GPT-2 XL' },
  { value: 'bert-base', label: 'BERT base' },
  { value: 'bert-large', label: 'BERT large' },
  { value: 'llama-2-7b', label: 'Llama 2 7B' },
  { value: 'llama-2-13b', label: 'Llama 2 13B' },
  { value: 'llama-2-70b', label: 'Llama 2 70B' },
  { value: 'llama-3-8b', label: 'Llama 3 8B' },
] as const;

const viewChoices = [
  { value: 'pattern', label: 'One head' },
  { value: 'heads', label: 'All heads' },
  { value: 'ablation', label: 'Predictions and ablation' },
  { value: 'mechanics', label: 'One row, step by step' },
  { value: 'cost', label: 'Cost at scale' },
  { value: 'training', label: 'Live training' },
] as const;

type View = (typeof viewChoices)[number]['value'];
const viewIs = (...views: View[]) => (state: { view: View }) => views.includes(state.view);

/** The attention lab's state: every parameter with its range, default, unit and label. */
export const attentionLabSchema = defineSchema({
  params: {
    // A text box with example texts: the lab draws this control itself.
    text: { kind: 'text', label: 'Text', default: EXAMPLE_TEXTS[0].value, maxLength: 2000 },
    view: { kind: 'choice', label: 'View', default: 'pattern', choices: viewChoices },
    layer: { kind: 'integer', label: 'Layer', default: 1, min: 1, max: LAB_LAYERS, widget: 'toggle' },
    head: { kind: 'integer', label: 'Head', default: 1, min: 1, max: LAB_HEADS, widget: 'toggle' },
    query: { kind: 'integer', label: 'Query token (position from 0)', default: 28, min: 0, max: LAB_CONTEXT - 1 },
    ablate: {
      kind: 'list',
      label: 'Heads to switch off',
      default: [],
      choices: HEAD_NAMES.map((value) => ({ value, label: `Head ${value}` })),
    },
    ablationMode: {
      kind: 'choice',
      label: 'Switched off by',
      default: 'zero',
      widget: 'toggle',
      choices: [
        { value: 'zero', label: 'Zero output' },
        { value: 'mean', label: 'Mean output' },
      ],
    },
    costModel: {
      kind: 'choice',
      label: 'Model at scale',
      default: 'gpt2',
      choices: COST_MODELS,
    },
    contextLength: { kind: 'integer', label: 'Context length', default: 4096, min: 128, max: MAX_COST_CONTEXT, scale: 'pow2', unit: 'tokens' },
  },
  applies: {
    // The model's views read the text; the cost and the live training do not.
    text: (state) => state.view !== 'cost' && state.view !== 'training',
    layer: viewIs('pattern', 'mechanics'),
    head: viewIs('pattern', 'mechanics'),
    query: viewIs('pattern', 'mechanics'),
    ablate: viewIs('ablation'),
    ablationMode: viewIs('ablation'),
    costModel: viewIs('cost'),
    contextLength: viewIs('cost'),
  },
  bounds: {
    // A query is one of the text's tokens (as many as fit the context).
    query: (state) => ({ max: Math.max(0, clippedLength(state.text) - 1) }),
  },
  results: {
    previousTokenHead: {
      kind: 'choice',
      label: 'The previous-token head',
      prompt: 'Which head puts its attention on the token just before the current one?',
      choices: HEAD_NAMES.map((value) => ({ value, label: `Head ${value}` })),
    },
    lossChange: {
      kind: 'quantity',
      label: 'Loss change when the heads are switched off',
      unit: 'nats per character',
      scale: 'linear',
      prompt: 'Switching the chosen heads off, by how much will the model’s loss on this text change (nats per character)?',
    },
    attentionShare: {
      kind: 'quantity',
      label: 'Attention FLOPs against the linear layers’',
      unit: '%',
      per: 0.01,
      scale: 'log',
      prompt: 'At this context length, what share of the linear layers’ FLOPs do the attention scores and their weighted sum cost?',
    },
  },
});

export type AttentionLabState = StateOf<typeof attentionLabSchema.params>;
export type AttentionView = AttentionLabState['view'];

/** Tokens of the text that fit the context (characters, as code points). */
export function clippedLength(text: string): number {
  let n = 0;
  for (const _ of text) if (++n >= LAB_CONTEXT) break;
  return n;
}

/** The text the model reads: at most LAB_CONTEXT characters, and whether any were cut. */
export function clipText(text: string): { text: string; clipped: number } {
  const characters = [...text];
  return { text: characters.slice(0, LAB_CONTEXT).join(''), clipped: Math.max(0, characters.length - LAB_CONTEXT) };
}

/** `2.3` → { layer: 1, head: 2 } (from 0). */
export function headOf(name: string): HeadRef {
  const [layer, head] = name.split('.').map(Number);
  return { layer: layer! - 1, head: head! - 1 };
}

/** { layer: 1, head: 2 } → `2.3`. */
export function headName({ layer, head }: HeadRef): string {
  return `${layer + 1}.${head + 1}`;
}
