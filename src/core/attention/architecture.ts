import { CausalSelfAttention } from '../nn/attention.js';
import type { LayerSpec } from '../nn/layer.js';
import { Residual, type ModelSpec, type Sequential } from '../nn/model.js';

/** The shape of a decoder-only transformer on token ids. */
export interface TransformerShape {
  vocabSize: number;
  /** Longest sequence the position table covers. */
  contextLength: number;
  /** Width of the residual stream, d_model. */
  dim: number;
  heads: number;
  layers: number;
  /** Hidden width of each block's MLP; 0 for an attention-only model. */
  mlpWidth: number;
}

/**
 * A GPT-2-style decoder (Radford et al. 2019): token plus learned position embeddings
 * (initialised from N(0, σ²), σ = `embeddingInitStd`, 0.02 as GPT-2's unless said), then per
 * layer a pre-norm residual attention block and, unless `mlpWidth` is 0, a pre-norm residual MLP
 * block (linear → GELU → linear), then a final layer norm and a linear read-out to the vocabulary
 * (not tied to the embedding). Built from the nn engine's layers, so every part has its backward
 * pass. Layers are named `attn<i>`/`mlp<i>` (1-based), with `norm`, `heads`, `fc`, `gelu`, `proj`
 * inside, and `embed`, `norm`, `unembed` outside.
 */
export function transformerSpec(shape: TransformerShape, length = shape.contextLength, embeddingInitStd = 0.02): ModelSpec {
  const blocks = Array.from({ length: shape.layers }, (_, i): LayerSpec[] => {
    const attention: LayerSpec = {
      type: 'residual',
      name: `attn${i + 1}`,
      layers: [{ type: 'layernorm', name: 'norm' }, { type: 'attention', name: 'heads', heads: shape.heads }],
    };
    if (shape.mlpWidth === 0) return [attention];
    const mlp: LayerSpec = {
      type: 'residual',
      name: `mlp${i + 1}`,
      layers: [
        { type: 'layernorm', name: 'norm' },
        { type: 'linear', name: 'fc', outFeatures: shape.mlpWidth },
        { type: 'gelu', name: 'gelu' },
        { type: 'linear', name: 'proj', outFeatures: shape.dim },
      ],
    };
    return [attention, mlp];
  });
  return {
    inputShape: [length],
    layers: [
      { type: 'embedding', name: 'embed', vocabSize: shape.vocabSize, dim: shape.dim, contextLength: shape.contextLength, initStd: embeddingInitStd },
      ...blocks.flat(),
      { type: 'layernorm', name: 'norm' },
      { type: 'linear', name: 'unembed', outFeatures: shape.vocabSize },
    ],
  };
}

/** The model's attention layers, first layer first (inside residual blocks too). */
export function attentionLayers(model: Sequential): CausalSelfAttention[] {
  return model.layers.flatMap((layer) => {
    if (layer instanceof CausalSelfAttention) return [layer];
    return layer instanceof Residual ? attentionLayers(layer.body) : [];
  });
}
