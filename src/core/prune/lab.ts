/**
 * The pruning lab (`<ml-pruning-lab>`) as a module: its state, declared once, and the setting a
 * state asks for. The evaluation runs on a `PruneSession` (session.ts) in steps, the sweep in
 * sweep.ts, fine-tuning in fine-tune-setting.ts; what the lab says about a result (the Math Peek,
 * the cliff, what each storage format buys) is in explain.ts.
 */
import { defineSchema, type StateOf } from '../shared/lab-schema.js';
import type { PruneSetting } from './setting.js';

/** Accuracy falling more than this many points below the dense model is a "cliff". */
export const CLIFF_POINTS = 5;

/** The pruning lab's state: every parameter with its range, default, unit and label. */
export const pruningLabSchema = defineSchema({
  params: {
    model: {
      kind: 'choice',
      label: 'Model',
      default: 'lenet-300-100',
      widget: 'toggle',
      choices: [
        { value: 'mlp', label: 'MLP' },
        { value: 'cnn', label: 'CNN' },
        { value: 'lenet-300-100', label: 'LeNet-300-100' },
      ],
    },
    method: {
      kind: 'choice',
      label: 'Method',
      default: 'magnitude',
      choices: [
        { value: 'magnitude', label: 'Magnitude (smallest |w|)', group: 'Unstructured: single weights' },
        { value: 'random', label: 'Random', group: 'Unstructured: single weights' },
        { value: 'l1-structured', label: 'L1 norm', group: 'Structured: neurons and filters' },
        { value: 'l2-structured', label: 'L2 norm', group: 'Structured: neurons and filters' },
        { value: '2:4', label: '2 of every 4 weights (2:4)', group: 'Semi-structured' },
      ],
    },
    scope: {
      kind: 'choice',
      label: 'Threshold',
      default: 'layer',
      widget: 'toggle',
      choices: [
        { value: 'layer', label: 'Per layer' },
        { value: 'global', label: 'Global' },
      ],
    },
    sparsity: { kind: 'integer', label: 'Sparsity', default: 80, min: 0, max: 99, unit: '%' },
    fineTuneEpochs: { kind: 'integer', label: 'Fine-tune for', default: 2, min: 1, max: 10, unit: 'epochs' },
    // The layers are the loaded model's: the lab draws this control itself.
    layer: { kind: 'text', label: 'Mask of layer', default: '', maxLength: 60 },
  },
  applies: {
    // Global pruning ranks single weights across layers: unstructured methods only.
    scope: (state) => state.method === 'magnitude' || state.method === 'random',
    // 2:4 is one point, always half of each group of four.
    sparsity: (state) => state.method !== '2:4',
  },
  results: {
    accuracy: {
      kind: 'accuracy',
      label: 'Test accuracy',
      prompt: 'What accuracy will the pruned model keep on the 2,000 test digits, before any fine-tuning?',
    },
    firstDrop: {
      kind: 'accuracy',
      label: 'First sparsity that loses more than a point',
      prompt: 'Sweeping this method from 0 % up, at what sparsity does accuracy first fall more than one point below the dense model?',
    },
    csrBytes: {
      kind: 'quantity',
      label: 'Size in CSR',
      unit: 'KiB',
      per: 1024,
      scale: 'log',
      prompt: 'How large is the pruned model stored in CSR (values, column indices and row pointers, int32)?',
    },
  },
});

export type PruningLabState = StateOf<typeof pruningLabSchema.params>;

/** The setting a state asks for. */
export function pruneSettingOf(state: PruningLabState): PruneSetting {
  return { method: state.method, scope: state.scope, sparsity: state.sparsity / 100 };
}

/** A setting in words: "80 % by magnitude, per layer", "50 % of the neurons and filters by L2 norm", "2:4". */
export function describeSetting(setting: PruneSetting): string {
  const share = `${Math.round(setting.sparsity * 100)} %`;
  switch (setting.method) {
    case 'magnitude':
      return `${share} by magnitude, ${setting.scope === 'global' ? 'one global threshold' : 'per layer'}`;
    case 'random':
      return `${share} at random, ${setting.scope === 'global' ? 'over all layers' : 'per layer'}`;
    case 'l1-structured':
    case 'l2-structured':
      return `${share} of the neurons and filters by ${setting.method === 'l1-structured' ? 'L1' : 'L2'} norm`;
    case '2:4':
      return '2 of every 4 weights (2:4)';
  }
}
