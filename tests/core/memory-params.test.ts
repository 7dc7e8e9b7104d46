import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TRANSFORMER_PRESETS } from '../../src/core/catalog/index.js';
import { buildVisionTable, getModel, listModels, paramCount, parseTransformerConfig } from '../../src/core/memory/index.js';
import type { TransformerConfig } from '../../src/core/memory/index.js';

function parse(json: unknown): TransformerConfig {
  const result = parseTransformerConfig(json);
  if (!result.ok) throw new Error(result.error);
  return result.config;
}

// Published totals (sum of p.numel() over the Hugging Face / torchvision model):
// GPT-2 with the LM head tied to wte; BERT as BertModel with its pooler; Llama with an untied lm_head.
const PUBLISHED: Record<string, number> = {
  gpt2: 124_439_808,
  'gpt2-medium': 354_823_168,
  'gpt2-large': 774_030_080,
  'gpt2-xl': 1_557_611_200,
  'bert-base': 109_482_240,
  'bert-large': 335_141_888,
  'llama-2-7b': 6_738_415_616,
  'llama-2-13b': 13_015_864_320,
  'llama-2-70b': 68_976_648_192,
  'llama-3-8b': 8_030_261_248,
  // torchvision model docs, "num_params".
  resnet18: 11_689_512,
  resnet50: 25_557_032,
  mobilenet_v2: 3_504_872,
  vit_b_16: 86_567_656,
};

test('every preset has its exact published parameter count', () => {
  const models = listModels();
  assert.deepEqual(models.map((m) => m.id).sort(), Object.keys(PUBLISHED).sort());
  for (const model of models) assert.equal(model.params, PUBLISHED[model.id], model.id);
});

test('parameter counts come from the config, not from a table', () => {
  for (const preset of TRANSFORMER_PRESETS) assert.equal(paramCount(parse(preset.config)), PUBLISHED[preset.id]);
  // Untying GPT-2's LM head adds exactly V·h.
  const gpt2 = parse(TRANSFORMER_PRESETS[0]!.config);
  assert.equal(paramCount({ ...gpt2, tieWordEmbeddings: false }), 124_439_808 + 50_257 * 768);
});

test('vision parameter counts do not depend on the image size', () => {
  for (const id of ['resnet18', 'resnet50', 'mobilenet_v2', 'vit_b_16']) {
    const model = getModel(id);
    assert.equal(model.kind, 'vision');
    if (model.kind !== 'vision') continue;
    assert.equal(buildVisionTable(model.architecture, 320).params, PUBLISHED[id]);
  }
});

test('a pasted GPT-2 config.json with extra fields parses', () => {
  const pasted = {
    activation_function: 'gelu_new',
    architectures: ['GPT2LMHeadModel'],
    attn_pdrop: 0.1,
    bos_token_id: 50256,
    embd_pdrop: 0.1,
    eos_token_id: 50256,
    initializer_range: 0.02,
    layer_norm_epsilon: 1e-5,
    model_type: 'gpt2',
    n_ctx: 1024,
    n_embd: 768,
    n_head: 12,
    n_layer: 12,
    n_positions: 1024,
    resid_pdrop: 0.1,
    task_specific_params: { 'text-generation': { do_sample: true, max_length: 50 } },
    vocab_size: 50257,
  };
  const config = parse(pasted);
  assert.equal(config.intermediateSize, 3072);
  assert.equal(config.headDim, 64);
  assert.equal(config.tieWordEmbeddings, true);
  assert.equal(paramCount(config), 124_439_808);
});

test('a Llama config without num_key_value_heads is multi-head attention', () => {
  const config = parse({
    model_type: 'llama', hidden_size: 4096, intermediate_size: 11008, num_hidden_layers: 32,
    num_attention_heads: 32, vocab_size: 32000, max_position_embeddings: 4096,
  });
  assert.equal(config.numKvHeads, 32);
  assert.equal(paramCount(config), 6_738_415_616);
});

test('bad config.json input is rejected with a message naming the field', () => {
  const llama = {
    model_type: 'llama', hidden_size: 4096, intermediate_size: 11008, num_hidden_layers: 32,
    num_attention_heads: 32, num_key_value_heads: 8, vocab_size: 32000, max_position_embeddings: 4096,
  };
  const cases: [unknown, RegExp][] = [
    [null, /JSON object/],
    [[1, 2], /JSON object/],
    ['gpt2', /JSON object/],
    [{}, /"model_type"/],
    [{ ...llama, model_type: 't5' }, /"model_type" must be one of "gpt2", "bert", "llama", got "t5"/],
    [{ ...llama, hidden_size: undefined }, /missing field "hidden_size"/],
    [{ ...llama, vocab_size: -5 }, /"vocab_size" must be a positive integer, got -5/],
    [{ ...llama, num_hidden_layers: '32' }, /"num_hidden_layers" must be a positive integer, got "32"/],
    [{ ...llama, num_key_value_heads: 5 }, /"num_key_value_heads" \(5\) must divide "num_attention_heads" \(32\)/],
    [{ ...llama, tie_word_embeddings: 'yes' }, /"tie_word_embeddings" must be true or false/],
    [{ ...llama, attention_dropout: 1.5 }, /"attention_dropout" must be a probability/],
    [{ ...llama, attention_bias: true }, /"attention_bias"/],
    [{ model_type: 'gpt2', n_embd: 770, n_head: 12, n_layer: 2, n_positions: 8, vocab_size: 10 }, /"n_head" \(12\) must divide "n_embd" \(770\)/],
    [{ model_type: 'gpt2', n_embd: 768, n_head: 12, n_positions: 8, vocab_size: 10 }, /missing field "n_layer" or "num_hidden_layers"/],
    [{ model_type: 'bert', hidden_size: 768, num_attention_heads: 12, num_hidden_layers: 12, intermediate_size: 3072, vocab_size: 30522 }, /"max_position_embeddings"/],
  ];
  for (const [input, message] of cases) {
    const result = parseTransformerConfig(input);
    assert.equal(result.ok, false, JSON.stringify(input));
    if (!result.ok) assert.match(result.error, message);
  }
  assert.equal(parseTransformerConfig(llama).ok, true);
});

test('an unknown preset id is a RangeError that lists the known ids', () => {
  assert.throws(() => getModel('gpt-5'), (error: unknown) => error instanceof RangeError && /gpt2, gpt2-medium/.test(error.message));
});
