/**
 * Transformer shapes: exact parameter tensors, activation bytes per layer, FLOPs and KV-cache
 * size, all from a normalized `config.json`.
 */
import type { TransformerConfig } from './config.js';

export interface ParameterTensor {
  name: string;
  shape: readonly number[];
  /** How many copies (e.g. once per layer). */
  count: number;
}

const vector = (name: string, size: number, count = 1): ParameterTensor => ({ name, shape: [size], count });
const matrix = (name: string, rows: number, cols: number, count = 1): ParameterTensor => ({ name, shape: [rows, cols], count });

/**
 * Every parameter tensor of the model as Hugging Face builds it:
 * - GPT-2: `GPT2LMHeadModel`, whose LM head is tied to `wte` (counted once), so the total equals
 *   `GPT2Model`'s. The causal-mask buffers (`attn.bias`) are buffers, not parameters.
 * - BERT: `BertModel` including the pooler (no pretraining heads).
 * - Llama: `LlamaForCausalLM`, with an untied `lm_head` unless `tie_word_embeddings`.
 */
export function parameterTensors(config: TransformerConfig): ParameterTensor[] {
  const { hiddenSize: h, numLayers: L, intermediateSize: I, vocabSize: V } = config;
  const qDim = config.numHeads * config.headDim;
  const kvDim = config.numKvHeads * config.headDim;
  const lmHead = config.tieWordEmbeddings ? [] : [matrix('lm_head.weight', V, h)];
  switch (config.family) {
    case 'gpt2':
      return [
        matrix('wte', V, h),
        matrix('wpe', config.maxPositions, h),
        vector('h.*.ln_1', h, 2 * L),
        matrix('h.*.attn.c_attn.weight', h, 3 * h, L),
        vector('h.*.attn.c_attn.bias', 3 * h, L),
        matrix('h.*.attn.c_proj.weight', h, h, L),
        vector('h.*.attn.c_proj.bias', h, L),
        vector('h.*.ln_2', h, 2 * L),
        matrix('h.*.mlp.c_fc.weight', h, I, L),
        vector('h.*.mlp.c_fc.bias', I, L),
        matrix('h.*.mlp.c_proj.weight', I, h, L),
        vector('h.*.mlp.c_proj.bias', h, L),
        vector('ln_f', h, 2),
        ...lmHead,
      ];
    case 'bert':
      return [
        matrix('embeddings.word_embeddings', V, h),
        matrix('embeddings.position_embeddings', config.maxPositions, h),
        matrix('embeddings.token_type_embeddings', config.typeVocabSize, h),
        vector('embeddings.LayerNorm', h, 2),
        matrix('layer.*.attention.self.{query,key,value}.weight', h, h, 3 * L),
        vector('layer.*.attention.self.{query,key,value}.bias', h, 3 * L),
        matrix('layer.*.attention.output.dense.weight', h, h, L),
        vector('layer.*.attention.output.dense.bias', h, L),
        vector('layer.*.attention.output.LayerNorm', h, 2 * L),
        matrix('layer.*.intermediate.dense.weight', I, h, L),
        vector('layer.*.intermediate.dense.bias', I, L),
        matrix('layer.*.output.dense.weight', h, I, L),
        vector('layer.*.output.dense.bias', h, L),
        vector('layer.*.output.LayerNorm', h, 2 * L),
        matrix('pooler.dense.weight', h, h),
        vector('pooler.dense.bias', h),
      ];
    case 'llama':
      return [
        matrix('embed_tokens', V, h),
        matrix('layers.*.self_attn.q_proj', qDim, h, L),
        matrix('layers.*.self_attn.{k,v}_proj', kvDim, h, 2 * L),
        matrix('layers.*.self_attn.o_proj', h, qDim, L),
        matrix('layers.*.mlp.{gate,up}_proj', I, h, 2 * L),
        matrix('layers.*.mlp.down_proj', h, I, L),
        vector('layers.*.{input,post_attention}_layernorm', h, 2 * L),
        vector('norm', h),
        ...lmHead,
      ];
  }
}

const product = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** Exact number of trainable parameters (see `parameterTensors` for what is included). */
export function paramCount(config: TransformerConfig): number {
  return parameterTensors(config).reduce((sum, t) => sum + t.count * product(t.shape), 0);
}

/**
 * Activation bytes one layer keeps for backward, per token: `perToken + perTokenPerPosition · s`
 * (so a layer holds s·b·(perToken + perTokenPerPosition·s) bytes).
 *
 * Term by term as in Korthikanti et al. 2022, §4.1 (https://arxiv.org/abs/2205.05198), with `w`
 * bytes per stored activation and 1-byte dropout masks:
 * - attention: QKV input w·h, Q w·q, K w·kv, V w·kv, output-projection input w·q, dropout mask h;
 *   scores: softmax output w·a·s, plus (attention dropout) its mask a·s and output w·a·s;
 * - MLP: input w·h, then GELU input and output 2·w·I, or for a gated MLP gate, up, act(gate) and
 *   their product 4·w·I; dropout mask h;
 * - two norms: 2·w·h.
 * For GPT-2-like layers (I = 4h, q = kv = h, both dropouts) and w = 2 this is their
 * s·b·h·(34 + 5·a·s/h); grouped-query K/V, gated MLPs and absent dropouts change only the terms
 * they touch.
 */
export function layerActivationBytesPerToken(config: TransformerConfig, w: number) {
  const { hiddenSize: h, intermediateSize: I, numHeads: a } = config;
  const qDim = a * config.headDim;
  const kvDim = config.numKvHeads * config.headDim;
  const mask = config.hiddenDropout ? h : 0;
  const attention = w * (h + qDim + kvDim + kvDim + qDim) + mask;
  const mlp = w * h + (config.mlp === 'gated' ? 4 : 2) * w * I + mask;
  const norms = 2 * w * h;
  return {
    perToken: attention + mlp + norms,
    perTokenPerPosition: config.attentionDropout ? (2 * w + 1) * a : w * a,
  };
}

/**
 * Activation bytes outside the layers, per token (Korthikanti et al. 2022, end of §4.3):
 * embedding dropout mask h, final-norm input w·h, output-projection input w·h, and the
 * cross-entropy logits over the vocabulary in FP32, 4·V. For BERT the logits are those of a
 * masked-LM head evaluated at every position, as Hugging Face's BertForMaskedLM computes them.
 */
export function outsideLayerActivationBytesPerToken(config: TransformerConfig, w: number): number {
  const h = config.hiddenSize;
  return (config.hiddenDropout ? h : 0) + 2 * w * h + 4 * config.vocabSize;
}

/**
 * Forward FLOPs for one sequence of s tokens: 2·Ψ·s for the weight matmuls plus 4·L·h·s² for
 * QKᵀ and attention-over-values (Narayanan et al. 2021, https://arxiv.org/abs/2104.04473, §5.1).
 */
export function forwardFlopsPerSequence(config: TransformerConfig, params: number, s: number) {
  const weights = 2 * params * s;
  const attentionScores = 4 * config.numLayers * config.numHeads * config.headDim * s * s;
  return { weights, attentionScores, total: weights + attentionScores };
}
