/**
 * Reads a Hugging Face `config.json` (GPT-2, BERT or Llama family) into the normalized shape the
 * estimators use, or explains which field is missing or invalid.
 * Field names and defaults follow transformers' GPT2Config, BertConfig and LlamaConfig.
 */

export type TransformerFamily = 'gpt2' | 'bert' | 'llama';

export interface TransformerConfig {
  family: TransformerFamily;
  hiddenSize: number;
  numLayers: number;
  numHeads: number;
  /** Equal to numHeads for multi-head attention, fewer for grouped-query, 1 for multi-query. */
  numKvHeads: number;
  headDim: number;
  intermediateSize: number;
  /** GELU MLP (two matrices) or gated SiLU MLP (three matrices, Llama). */
  mlp: 'gelu' | 'gated';
  vocabSize: number;
  maxPositions: number;
  /** BERT token-type (segment) embeddings; 0 for the others. */
  typeVocabSize: number;
  /** LM head shares the token embedding matrix (GPT-2); BERT has no LM head in BertModel. */
  tieWordEmbeddings: boolean;
  /** Dropout on attention probabilities (keeps a 1-byte mask of a·s² per sequence). */
  attentionDropout: boolean;
  /** Dropout on the residual branches and embeddings (1-byte masks of h per token). */
  hiddenDropout: boolean;
}

export type ParseResult = { ok: true; config: TransformerConfig } | { ok: false; error: string };

class ConfigError extends Error {}

type Json = Record<string, unknown>;

function positiveInteger(json: Json, names: readonly string[], fallback?: number): number {
  const name = names.find((n) => json[n] !== undefined && json[n] !== null);
  if (name === undefined) {
    if (fallback !== undefined) return fallback;
    throw new ConfigError(`missing field "${names.join('" or "')}" (a positive integer)`);
  }
  const value = json[name];
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new ConfigError(`field "${name}" must be a positive integer, got ${JSON.stringify(value)}`);
  }
  return value;
}

function probability(json: Json, name: string, fallback: number): number {
  const value = json[name] ?? fallback;
  if (typeof value !== 'number' || !(value >= 0 && value < 1)) {
    throw new ConfigError(`field "${name}" must be a probability in [0, 1), got ${JSON.stringify(value)}`);
  }
  return value;
}

function flag(json: Json, name: string, fallback: boolean): boolean {
  const value = json[name] ?? fallback;
  if (typeof value !== 'boolean') {
    throw new ConfigError(`field "${name}" must be true or false, got ${JSON.stringify(value)}`);
  }
  return value;
}

function divides(hiddenName: string, hidden: number, headsName: string, heads: number): void {
  if (hidden % heads !== 0) {
    throw new ConfigError(`field "${headsName}" (${heads}) must divide "${hiddenName}" (${hidden})`);
  }
}

function parseGpt2(json: Json): TransformerConfig {
  const hiddenSize = positiveInteger(json, ['n_embd', 'hidden_size']);
  const numHeads = positiveInteger(json, ['n_head', 'num_attention_heads']);
  divides('n_embd', hiddenSize, 'n_head', numHeads);
  return {
    family: 'gpt2',
    hiddenSize,
    numLayers: positiveInteger(json, ['n_layer', 'num_hidden_layers']),
    numHeads,
    numKvHeads: numHeads,
    headDim: hiddenSize / numHeads,
    intermediateSize: positiveInteger(json, ['n_inner', 'intermediate_size'], 4 * hiddenSize),
    mlp: 'gelu',
    vocabSize: positiveInteger(json, ['vocab_size']),
    maxPositions: positiveInteger(json, ['n_positions', 'max_position_embeddings']),
    typeVocabSize: 0,
    tieWordEmbeddings: flag(json, 'tie_word_embeddings', true),
    attentionDropout: probability(json, 'attn_pdrop', 0.1) > 0,
    hiddenDropout: probability(json, 'resid_pdrop', 0.1) > 0,
  };
}

function parseBert(json: Json): TransformerConfig {
  const hiddenSize = positiveInteger(json, ['hidden_size']);
  const numHeads = positiveInteger(json, ['num_attention_heads']);
  divides('hidden_size', hiddenSize, 'num_attention_heads', numHeads);
  return {
    family: 'bert',
    hiddenSize,
    numLayers: positiveInteger(json, ['num_hidden_layers']),
    numHeads,
    numKvHeads: numHeads,
    headDim: hiddenSize / numHeads,
    intermediateSize: positiveInteger(json, ['intermediate_size']),
    mlp: 'gelu',
    vocabSize: positiveInteger(json, ['vocab_size']),
    maxPositions: positiveInteger(json, ['max_position_embeddings']),
    typeVocabSize: positiveInteger(json, ['type_vocab_size'], 2),
    tieWordEmbeddings: false,
    attentionDropout: probability(json, 'attention_probs_dropout_prob', 0.1) > 0,
    hiddenDropout: probability(json, 'hidden_dropout_prob', 0.1) > 0,
  };
}

function parseLlama(json: Json): TransformerConfig {
  const hiddenSize = positiveInteger(json, ['hidden_size']);
  const numHeads = positiveInteger(json, ['num_attention_heads']);
  const numKvHeads = positiveInteger(json, ['num_key_value_heads'], numHeads);
  if (numHeads % numKvHeads !== 0) {
    throw new ConfigError(`field "num_key_value_heads" (${numKvHeads}) must divide "num_attention_heads" (${numHeads})`);
  }
  const headDim = positiveInteger(json, ['head_dim'], hiddenSize / numHeads);
  if (!Number.isInteger(headDim)) divides('hidden_size', hiddenSize, 'num_attention_heads', numHeads);
  if (flag(json, 'attention_bias', false) || flag(json, 'mlp_bias', false)) {
    throw new ConfigError('fields "attention_bias" and "mlp_bias" must be false (biased Llama variants are not modelled)');
  }
  return {
    family: 'llama',
    hiddenSize,
    numLayers: positiveInteger(json, ['num_hidden_layers']),
    numHeads,
    numKvHeads,
    headDim,
    intermediateSize: positiveInteger(json, ['intermediate_size']),
    mlp: 'gated',
    vocabSize: positiveInteger(json, ['vocab_size']),
    maxPositions: positiveInteger(json, ['max_position_embeddings']),
    typeVocabSize: 0,
    tieWordEmbeddings: flag(json, 'tie_word_embeddings', false),
    attentionDropout: probability(json, 'attention_dropout', 0) > 0,
    hiddenDropout: false,
  };
}

const PARSERS: Record<TransformerFamily, (json: Json) => TransformerConfig> = {
  gpt2: parseGpt2,
  bert: parseBert,
  llama: parseLlama,
};

/**
 * Validates an untrusted JSON value (for example a pasted `config.json`) and normalizes it.
 * Never throws: a bad input gives `{ ok: false, error }` with the offending field named.
 */
export function parseTransformerConfig(json: unknown): ParseResult {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, error: 'config must be a JSON object' };
  }
  const record = json as Json;
  const modelType = record.model_type;
  if (typeof modelType !== 'string' || !(modelType in PARSERS)) {
    return {
      ok: false,
      error: `field "model_type" must be one of ${Object.keys(PARSERS).map((t) => `"${t}"`).join(', ')}, got ${JSON.stringify(modelType)}`,
    };
  }
  try {
    return { ok: true, config: PARSERS[modelType as TransformerFamily](record) };
  } catch (error) {
    if (error instanceof ConfigError) return { ok: false, error: error.message };
    throw error;
  }
}
