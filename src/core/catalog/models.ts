/**
 * Model presets. Transformers are stored as the fields of their published Hugging Face
 * `config.json` (so a pasted config and a preset go through the same parser); vision models as
 * the architecture arguments of their torchvision builders. Each preset names its source.
 */

/** The subset of a Hugging Face `config.json` the memory lab reads. */
export type HuggingFaceConfig = Readonly<Record<string, unknown>>;

export interface TransformerPreset {
  kind: 'transformer';
  id: string;
  name: string;
  source: string;
  config: HuggingFaceConfig;
}

/** torchvision ResNet: `BasicBlock` (ResNet-18/34) or `Bottleneck` (ResNet-50+, stride on the 3×3). */
export interface ResNetArchitecture {
  family: 'resnet';
  block: 'basic' | 'bottleneck';
  blocksPerStage: readonly [number, number, number, number];
  numClasses: number;
}

/** torchvision MobileNetV2: rows of (expansion t, channels c, repeats n, first stride s). */
export interface MobileNetV2Architecture {
  family: 'mobilenet_v2';
  invertedResidualSetting: readonly (readonly [number, number, number, number])[];
  firstChannels: number;
  lastChannels: number;
  dropout: number;
  numClasses: number;
}

/** torchvision VisionTransformer. Dropouts are 0 in the torchvision builders. */
export interface VitArchitecture {
  family: 'vit';
  patchSize: number;
  /** The image size the position embedding was trained for; it fixes the parameter count. */
  imageSize: number;
  numLayers: number;
  numHeads: number;
  hiddenDim: number;
  mlpDim: number;
  numClasses: number;
}

export type VisionArchitecture = ResNetArchitecture | MobileNetV2Architecture | VitArchitecture;

export interface VisionPreset {
  kind: 'vision';
  id: string;
  name: string;
  source: string;
  defaultImageSize: number;
  architecture: VisionArchitecture;
}

export type ModelPreset = TransformerPreset | VisionPreset;

const hf = (repo: string) => `https://huggingface.co/${repo}/blob/main/config.json`;

// GPT-2 configs omit tie_word_embeddings (HF default: true) and n_inner (null: 4 × n_embd).
const gpt2 = (id: string, name: string, repo: string, nEmbd: number, nLayer: number, nHead: number): TransformerPreset => ({
  kind: 'transformer',
  id,
  name,
  source: hf(repo),
  config: {
    model_type: 'gpt2',
    n_embd: nEmbd,
    n_layer: nLayer,
    n_head: nHead,
    n_inner: null,
    n_positions: 1024,
    vocab_size: 50257,
    activation_function: 'gelu_new',
    attn_pdrop: 0.1,
    resid_pdrop: 0.1,
    embd_pdrop: 0.1,
  },
});

const bert = (id: string, name: string, repo: string, hidden: number, layers: number, heads: number): TransformerPreset => ({
  kind: 'transformer',
  id,
  name,
  source: hf(repo),
  config: {
    model_type: 'bert',
    hidden_size: hidden,
    num_hidden_layers: layers,
    num_attention_heads: heads,
    intermediate_size: 4 * hidden,
    max_position_embeddings: 512,
    type_vocab_size: 2,
    vocab_size: 30522,
    hidden_act: 'gelu',
    hidden_dropout_prob: 0.1,
    attention_probs_dropout_prob: 0.1,
  },
});

const llama = (
  id: string,
  name: string,
  repo: string,
  shape: { hidden: number; intermediate: number; layers: number; heads: number; kvHeads: number; vocab: number; positions: number },
): TransformerPreset => ({
  kind: 'transformer',
  id,
  name,
  source: hf(repo),
  config: {
    model_type: 'llama',
    hidden_size: shape.hidden,
    intermediate_size: shape.intermediate,
    num_hidden_layers: shape.layers,
    num_attention_heads: shape.heads,
    num_key_value_heads: shape.kvHeads,
    vocab_size: shape.vocab,
    max_position_embeddings: shape.positions,
    hidden_act: 'silu',
    tie_word_embeddings: false,
    attention_dropout: 0.0,
  },
});

export const TRANSFORMER_PRESETS: readonly TransformerPreset[] = [
  gpt2('gpt2', 'GPT-2 small', 'openai-community/gpt2', 768, 12, 12),
  gpt2('gpt2-medium', 'GPT-2 medium', 'openai-community/gpt2-medium', 1024, 24, 16),
  gpt2('gpt2-large', 'GPT-2 large', 'openai-community/gpt2-large', 1280, 36, 20),
  gpt2('gpt2-xl', 'GPT-2 XL', 'openai-community/gpt2-xl', 1600, 48, 25),
  bert('bert-base', 'BERT base', 'google-bert/bert-base-uncased', 768, 12, 12),
  bert('bert-large', 'BERT large', 'google-bert/bert-large-uncased', 1024, 24, 16),
  llama('llama-2-7b', 'Llama 2 7B', 'meta-llama/Llama-2-7b-hf', {
    hidden: 4096, intermediate: 11008, layers: 32, heads: 32, kvHeads: 32, vocab: 32000, positions: 4096,
  }),
  llama('llama-2-13b', 'Llama 2 13B', 'meta-llama/Llama-2-13b-hf', {
    hidden: 5120, intermediate: 13824, layers: 40, heads: 40, kvHeads: 40, vocab: 32000, positions: 4096,
  }),
  llama('llama-2-70b', 'Llama 2 70B', 'meta-llama/Llama-2-70b-hf', {
    hidden: 8192, intermediate: 28672, layers: 80, heads: 64, kvHeads: 8, vocab: 32000, positions: 4096,
  }),
  llama('llama-3-8b', 'Llama 3 8B', 'meta-llama/Meta-Llama-3-8B', {
    hidden: 4096, intermediate: 14336, layers: 32, heads: 32, kvHeads: 8, vocab: 128256, positions: 8192,
  }),
];

const torchvisionDocs = (builder: string) => `https://pytorch.org/vision/stable/models/generated/torchvision.models.${builder}.html`;

export const VISION_PRESETS: readonly VisionPreset[] = [
  {
    kind: 'vision',
    id: 'resnet18',
    name: 'ResNet-18',
    source: torchvisionDocs('resnet18'),
    defaultImageSize: 224,
    architecture: { family: 'resnet', block: 'basic', blocksPerStage: [2, 2, 2, 2], numClasses: 1000 },
  },
  {
    kind: 'vision',
    id: 'resnet50',
    name: 'ResNet-50',
    source: torchvisionDocs('resnet50'),
    defaultImageSize: 224,
    architecture: { family: 'resnet', block: 'bottleneck', blocksPerStage: [3, 4, 6, 3], numClasses: 1000 },
  },
  {
    kind: 'vision',
    id: 'mobilenet_v2',
    name: 'MobileNetV2',
    source: torchvisionDocs('mobilenet_v2'),
    defaultImageSize: 224,
    architecture: {
      family: 'mobilenet_v2',
      invertedResidualSetting: [
        [1, 16, 1, 1],
        [6, 24, 2, 2],
        [6, 32, 3, 2],
        [6, 64, 4, 2],
        [6, 96, 3, 1],
        [6, 160, 3, 2],
        [6, 320, 1, 1],
      ],
      firstChannels: 32,
      lastChannels: 1280,
      dropout: 0.2,
      numClasses: 1000,
    },
  },
  {
    kind: 'vision',
    id: 'vit_b_16',
    name: 'ViT-B/16',
    source: torchvisionDocs('vit_b_16'),
    defaultImageSize: 224,
    architecture: {
      family: 'vit', patchSize: 16, imageSize: 224, numLayers: 12, numHeads: 12, hiddenDim: 768, mlpDim: 3072, numClasses: 1000,
    },
  },
];

export const MODEL_PRESETS: readonly ModelPreset[] = [...TRANSFORMER_PRESETS, ...VISION_PRESETS];

/** The preset with this id, or undefined. */
export function findModelPreset(id: string): ModelPreset | undefined {
  return MODEL_PRESETS.find((preset) => preset.id === id);
}
