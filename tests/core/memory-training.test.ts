import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  OPTIMIZERS,
  PRECISION_REGIMES,
  POWER_OF_TWO_BATCH_SIZES,
  estimateTrainingMemory,
  getModel,
  layerActivationBytesPerToken,
  listModels,
  outsideLayerActivationBytesPerToken,
  parseTransformerConfig,
  transformerModel,
} from '../../src/core/memory/index.js';
import type { Model, TrainingMemory, TrainingOptions, TransformerConfig } from '../../src/core/memory/index.js';

function parse(json: unknown): TransformerConfig {
  const result = parseTransformerConfig(json);
  if (!result.ok) throw new Error(result.error);
  return result.config;
}

const bytesOf = (memory: TrainingMemory, key: string) => memory.parts.find((p) => p.key === key)!.bytes;
const modelStateBytes = (memory: TrainingMemory) => bytesOf(memory, 'weights') + bytesOf(memory, 'gradients') + bytesOf(memory, 'optimizer');

// GPT-3 175B shape (Brown et al. 2020, Table 2.1), as used by Korthikanti et al. 2022.
const gpt3 = parse({ model_type: 'gpt2', n_embd: 12288, n_layer: 96, n_head: 96, n_positions: 2048, vocab_size: 51200 });

test('ZeRO: mixed-precision Adam keeps 2 + 2 + 12 = 16 bytes per parameter', () => {
  // Rajbhandari et al. 2020, §3.1: 2Ψ + 2Ψ + KΨ with K = 12.
  const memory = estimateTrainingMemory({ model: 'gpt2', batchSize: 1, precision: 'mixed-fp16', optimizer: 'adam' });
  const psi = 124_439_808;
  assert.equal(bytesOf(memory, 'weights'), 2 * psi);
  assert.equal(bytesOf(memory, 'gradients'), 2 * psi);
  assert.equal(bytesOf(memory, 'optimizer'), 12 * psi);
  assert.equal(modelStateBytes(memory), 16 * psi);
});

test("ZeRO's worked example: Ψ = 7.5B on N_d = 64 needs 120, 31.4, 16.6 and 1.88 GB per device", () => {
  // Rajbhandari et al. 2020, Figure 1: baseline 120 GB, P_os 31.4 GB, P_os+g 16.6 GB, P_os+g+p 1.88 GB.
  const model: Model = { ...transformerModel(gpt3, 'Ψ = 7.5B'), params: 7.5e9 };
  const expected = [120e9, 31.40625e9, 16.640625e9, 1.875e9];
  for (const stage of [0, 1, 2, 3] as const) {
    const memory = estimateTrainingMemory({ model, batchSize: 1, precision: 'mixed-fp16', optimizer: 'adam', zeroStage: stage, dataParallel: 64 });
    assert.equal(modelStateBytes(memory), expected[stage], `stage ${stage}`);
  }
  assert.equal(Math.round(expected[1]! / 1e8) / 10, 31.4);
  assert.equal(Math.round(expected[2]! / 1e8) / 10, 16.6);
});

test('optimizer state per parameter for each optimizer and regime', () => {
  const psi = 124_439_808;
  const state = (optimizer: TrainingOptions['optimizer'], precision: TrainingOptions['precision']) =>
    bytesOf(estimateTrainingMemory({ model: 'gpt2', batchSize: 1, precision, optimizer }), 'optimizer');
  assert.equal(state('sgd', 'fp32'), 0);
  assert.equal(state('sgd-momentum', 'fp32'), 4 * psi);
  assert.equal(state('adamw', 'fp32'), 8 * psi);
  assert.equal(state('sgd', 'mixed-bf16'), 4 * psi, 'only the FP32 master copy');
  assert.equal(state('adam', 'bf16'), 4 * psi, 'pure bf16: two bf16 moments, no master');
  // 8-bit Adam: two 1-byte moments plus one FP32 absmax per 2048-element block (Dettmers et al. 2022).
  assert.equal(state('adam-8bit', 'fp32'), 2 * psi + 8 * Math.ceil(psi / 2048));
  // Adafactor factors each matrix into rows + columns: wte alone is 50,257 + 768 instead of 50,257 × 768.
  const adafactor = state('adafactor', 'fp32');
  assert.ok(adafactor > 0 && adafactor < 0.01 * 4 * psi, `${adafactor}`);
});

test("Korthikanti et al.: a GPT layer keeps s·b·h·(34 + 5·a·s/h) bytes at 16 bits", () => {
  // Korthikanti et al. 2022, §4.1, eq. (1); for GPT-3 (a = 96, s = 2048, h = 12288) 5as/h = 80.
  const perLayer = layerActivationBytesPerToken(gpt3, 2);
  assert.equal(perLayer.perToken, 34 * 12288);
  assert.equal(perLayer.perTokenPerPosition, 5 * 96);
  assert.equal((5 * 96 * 2048) / 12288, 80);
  const s = 2048;
  const b = 1;
  const layerBytes = s * b * (perLayer.perToken + perLayer.perTokenPerPosition * s);
  assert.equal(layerBytes, s * b * 12288 * (34 + 80));
  assert.equal(layerBytes, 2_868_903_936);
});

test('Korthikanti et al.: the 22B model and the recomputation cases', () => {
  // Korthikanti et al. 2022, Table 3: 22B has a = 64, h = 6144, L = 48, s = 2048.
  const config = parse({ model_type: 'gpt2', n_embd: 6144, n_layer: 48, n_head: 64, n_positions: 2048, vocab_size: 51200 });
  const model = transformerModel(config, '22B');
  const s = 2048;
  const b = 4;
  const L = 48;
  const h = 6144;
  const outside = s * b * outsideLayerActivationBytesPerToken(config, 2);
  const activations = (recomputation: 'none' | 'selective' | 'full') =>
    bytesOf(estimateTrainingMemory({ model, batchSize: b, sequenceLength: s, precision: 'mixed-bf16', optimizer: 'adam', recomputation }), 'activations');
  // §4.1: no recomputation sbh(34 + 5as/h); §5: selective 34·sbh; full 2·sbh per layer.
  assert.equal(activations('none') - outside, L * s * b * (34 * h + 5 * 64 * s), 's·b·h·(34 + 5as/h) = s·b·(34h + 5as)');
  assert.equal(activations('selective') - outside, L * s * b * h * 34);
  assert.equal(activations('full') - outside, L * s * b * h * 2);
  // §4.3: outside the layers, the embedding dropout mask sbh, the final layernorm and output
  // projection inputs 2sbh each, and FP32 logits 4sbV.
  assert.equal(outside, s * b * (h + 4 * h + 4 * 51200));
});

test('FP32 activations double the 16-bit tensors but not the 1-byte dropout masks', () => {
  const perLayer = layerActivationBytesPerToken(gpt3, 4);
  // 32 of the 34 bytes are 16-bit tensors, 2 are masks; 4 of the 5 score bytes are 16-bit, 1 a mask.
  assert.equal(perLayer.perToken, (2 * 32 + 2) * 12288);
  assert.equal(perLayer.perTokenPerPosition, (2 * 4 + 1) * 96);
});

test('grouped-query attention, gated MLPs and absent dropout change only their own terms', () => {
  const llama = getModel('llama-2-70b');
  assert.equal(llama.kind, 'transformer');
  if (llama.kind !== 'transformer') return;
  const { hiddenSize: h, intermediateSize: I, numHeads: a, numKvHeads, headDim } = llama.config;
  const perLayer = layerActivationBytesPerToken(llama.config, 2);
  // attention: input, Q, K, V, output-projection input; MLP: input + four I-wide tensors; two norms.
  assert.equal(perLayer.perToken, 2 * (h + h + 2 * numKvHeads * headDim + h) + 2 * h + 4 * 2 * I + 4 * h);
  assert.equal(perLayer.perTokenPerPosition, 2 * a, 'softmax output only, no dropout');
});

test('GPT-2 small keeps its FP32 logits: 4·s·b·V bytes', () => {
  const model = getModel('gpt2');
  const full = estimateTrainingMemory({ model, batchSize: 1, sequenceLength: 1024, precision: 'mixed-bf16', optimizer: 'adam', recomputation: 'full' });
  const logits = 4 * 1024 * 50257;
  assert.equal(logits, 205_852_672);
  assert.ok(bytesOf(full, 'activations') > logits);
  assert.ok(logits / bytesOf(full, 'activations') > 0.9, 'with full recomputation the logits dominate');
});

test('vision activations: ResNet-18 at 224 px keeps 5,143,552 elements per sample', () => {
  // By hand from torchvision's resnet18: image 3·224² = 150,528; stem conv output and ReLU output
  // 2 × 64·112² = 1,605,632; max-pool output 64·56² = 200,704 (plus int64 indices);
  // layer1: 8 × 200,704; layer2: 9 × 128·28² (the first block adds its downsample);
  // layer3: 9 × 256·14²; layer4: 9 × 512·7²; pooled features 512.
  const expected = 150_528 + 1_605_632 + 200_704 + 8 * 200_704 + 9 * 100_352 + 9 * 50_176 + 9 * 25_088 + 512;
  assert.equal(expected, 5_143_552);
  const memory = estimateTrainingMemory({ model: 'resnet18', batchSize: 2, precision: 'fp32', optimizer: 'sgd' });
  const indices = 8 * 64 * 56 * 56;
  assert.equal(bytesOf(memory, 'activations'), 2 * (4 * expected + indices));
});

test('every part carries a formula, its substituted numbers and a source; the parts add up', () => {
  for (const model of listModels()) {
    const memory = estimateTrainingMemory({ model, batchSize: 4, sequenceLength: 128, precision: 'mixed-bf16', optimizer: 'adamw', zeroStage: 2, dataParallel: 8 });
    assert.deepEqual(memory.parts.map((p) => p.key), ['weights', 'gradients', 'optimizer', 'activations', 'overhead']);
    for (const part of memory.parts) {
      assert.ok(part.formula.length > 0 && part.source.length > 0, `${model.id} ${part.key}`);
      assert.match(part.substituted, /= [\d.]+ (B|[KMGTP]iB)$/, `${model.id} ${part.key}: ${part.substituted}`);
    }
    assert.equal(memory.total.bytes, memory.parts.reduce((sum, p) => sum + p.bytes, 0));
  }
  const gpt2 = estimateTrainingMemory({ model: 'gpt2', batchSize: 1, precision: 'mixed-bf16', optimizer: 'adamw' });
  assert.equal(gpt2.parts[0]!.substituted, '2 B × 124,439,808 = 237 MiB');
});

test('overhead follows its adjustable assumptions', () => {
  const base = { model: 'gpt2', batchSize: 1, precision: 'fp32', optimizer: 'sgd' } as const;
  const none = estimateTrainingMemory({ ...base, overhead: { cudaContextBytes: 0, allocatorSlackFraction: 0 } });
  assert.equal(bytesOf(none, 'overhead'), 0);
  const some = estimateTrainingMemory({ ...base, overhead: { cudaContextBytes: 1e9, allocatorSlackFraction: 0.25 } });
  assert.equal(bytesOf(some, 'overhead'), 1e9 + 0.25 * (none.total.bytes));
});

test('invalid options are rejected by name', () => {
  const base = { model: 'gpt2', precision: 'fp32', optimizer: 'sgd' } as const;
  assert.throws(() => estimateTrainingMemory({ ...base, batchSize: 0 }), /batchSize/);
  assert.throws(() => estimateTrainingMemory({ ...base, batchSize: 1.5 }), /batchSize/);
  assert.throws(() => estimateTrainingMemory({ ...base, batchSize: 1, sequenceLength: 2048 }), /sequenceLength 2048 exceeds .* 1024/);
  assert.throws(() => estimateTrainingMemory({ ...base, batchSize: 1, dataParallel: 0 }), /dataParallel/);
  assert.throws(() => estimateTrainingMemory({ ...base, model: 'resnet18', batchSize: 1, imageSize: 16 }), /imageSize must be an integer ≥ 32/);
  // Values arriving from HTML attributes are not checked by the compiler.
  assert.throws(() => estimateTrainingMemory({ ...base, batchSize: 1, precision: 'fp64' as never }), /precision must be one of fp32, mixed-fp16/);
  assert.throws(() => estimateTrainingMemory({ ...base, batchSize: 1, optimizer: 'lion' as never }), /optimizer must be one of/);
  assert.throws(() => estimateTrainingMemory({ ...base, batchSize: 1, recomputation: 'some' as never }), /recomputation must be one of/);
  assert.throws(() => estimateTrainingMemory({ ...base, batchSize: 1, zeroStage: 4 as never }), /zeroStage must be one of 0, 1, 2, 3/);
});

// Invariants over every preset, regime and optimizer.
const everyScenario = function* () {
  for (const model of listModels()) {
    for (const precision of PRECISION_REGIMES) {
      for (const optimizer of OPTIMIZERS) yield { model, precision, optimizer, sequenceLength: model.kind === 'transformer' ? 512 : undefined };
    }
  }
};

test('memory never falls as the batch grows', () => {
  for (const scenario of everyScenario()) {
    for (const recomputation of ['none', 'selective', 'full'] as const) {
      let previous = -Infinity;
      for (const batchSize of POWER_OF_TWO_BATCH_SIZES) {
        const total = estimateTrainingMemory({ ...scenario, batchSize, recomputation }).total.bytes;
        assert.ok(total > previous, `${scenario.model.id} ${scenario.precision} ${scenario.optimizer} b=${batchSize}`);
        previous = total;
      }
    }
  }
});

test('recomputation never raises activation memory', () => {
  for (const scenario of everyScenario()) {
    const [none, selective, full] = (['none', 'selective', 'full'] as const).map((recomputation) =>
      bytesOf(estimateTrainingMemory({ ...scenario, batchSize: 8, recomputation }), 'activations'),
    );
    assert.ok(selective! <= none!, `${scenario.model.id} selective`);
    assert.ok(full! < selective!, `${scenario.model.id} full`);
  }
});

test('ZeRO stages never raise per-device memory, and shard nothing at N_d = 1', () => {
  for (const scenario of everyScenario()) {
    const at = (zeroStage: 0 | 1 | 2 | 3, dataParallel: number) =>
      estimateTrainingMemory({ ...scenario, batchSize: 2, zeroStage, dataParallel }).total.bytes;
    const stages = ([0, 1, 2, 3] as const).map((stage) => at(stage, 8));
    for (let i = 1; i < 4; i++) assert.ok(stages[i]! <= stages[i - 1]!, `${scenario.model.id} stage ${i}`);
    assert.ok(stages[3]! < stages[0]!, scenario.model.id);
    assert.equal(at(3, 1), at(0, 1));
  }
});
