/**
 * Published, measured throughputs of catalog models on catalog devices: the points a speed model
 * is calibrated on and checked against. Every value was read in the source its entry names;
 * where a setting is not published the entry says `unknown` rather than guess it.
 *
 * Held out: before any speed model was written or tuned, five of the twelve entries were set
 * aside for validation (`heldOut: true`). They are chosen so that each has a sibling in the
 * fitting set that differs in one thing only, which is what the validation should test:
 * - `resnet50-v100-32gb-train-amp` (its FP32 twin on the same V100 is fitted): precision on Volta;
 * - `bert-large-a100-80gb-pretrain-tf32` (its mixed-precision twin is fitted): TF32 tensor cores;
 * - `llama-2-70b-a100-80gb-pretrain` (the 7B run is fitted): tenfold model size, multi-GPU
 *   parallelism at scale;
 * - `llama-3-8b-h100-train-fsdp` (no H100 point is fitted): a device the fit never sees;
 * - `resnet50-t4-infer-amp` (the only fitted inference point is an LLM decode): CNN inference.
 * A tuned model must not change these flags after the fact; add new points instead.
 *
 * Conventions:
 * - `value` is a throughput per GPU: samples (images or sequences) or tokens per second. Where
 *   the source prints a whole-job figure the value is derived from it and `note` says how.
 * - `precision` uses the catalog's regimes (memory/model-state); `tf32` is FP32 storage with
 *   TF32 tensor-core matmuls (NVIDIA's default for FP32 on Ampere and later).
 * - Single-GPU rows are preferred to multi-GPU ones so that communication does not hide in the
 *   number; the two Llama 2 runs and the torchtitan run are the exceptions and say so.
 */
import type { OptimizerName, PrecisionRegime, Recomputation } from '../memory/index.js';

export type MeasurementMode = 'training' | 'inference';
/** For LLM serving: prompt processing, token-by-token generation, or both timed together. */
export type InferencePhase = 'prefill' | 'decode' | 'end-to-end';
export type MeasuredPrecision = PrecisionRegime | 'tf32';
/** Per GPU. A sample is one image or one sequence. */
export type ThroughputUnit = 'samples/s' | 'tokens/s';
type Unknown = 'unknown';

/** The setting as published. */
export interface MeasurementSetting {
  /** Micro-batch per GPU per forward pass (before any gradient accumulation). */
  batchSizePerGpu: number | Unknown;
  /** Tokens per sequence (transformers). */
  sequenceLength?: number | Unknown;
  /** Square input side in pixels (vision models). */
  imageSize?: number;
  precision: MeasuredPrecision | Unknown;
  /** Training only. LAMB is not among the memory lab's optimizers but has Adam's state. */
  optimizer?: OptimizerName | 'lamb' | Unknown;
  /** Micro-batches accumulated per optimizer step, when published. */
  gradientAccumulationSteps?: number;
  recomputation?: Recomputation | Unknown;
  gpus: number | Unknown;
  /** How the GPUs talk, for multi-GPU runs. */
  interconnect?: string;
  /** Framework, container or library version as published. */
  framework: string;
  /** Whether a fused (Flash-style) attention kernel was used. */
  fusedAttention?: boolean | Unknown;
  /** Compiled so that its kernels replay as a CUDA graph (torch.compile's "reduce-overhead"): no launch per kernel. */
  cudaGraphs?: boolean;
}

export interface PublishedMeasurement {
  id: string;
  /** A catalog model id (catalog/models). */
  model: string;
  /** A catalog device id (catalog/devices). */
  device: string;
  mode: MeasurementMode;
  /** Inference on LLMs only. */
  phase?: InferencePhase;
  setting: MeasurementSetting;
  value: number;
  unit: ThroughputUnit;
  perGpu: true;
  source: string;
  /** Where in the source the value sits. */
  where: string;
  /** Set aside for validation before any model was tuned (see the module comment). */
  heldOut: boolean;
  /** Caveats: derivations, differences from the catalog entry, settings taken from elsewhere. */
  note?: string;
}

const DLE = 'https://github.com/NVIDIA/DeepLearningExamples/blob';
const RESNET50_README = `${DLE}/291f0d02e815b148fa5c2b81bf07aa3552142895/PyTorch/Classification/ConvNets/resnet50v1.5/README.md`;
const RESNET50_CONFIGS = `${DLE}/097c7ff917b7c56246590b1246a8f5bd8957c534/PyTorch/Classification/ConvNets/configs.yml`;
const BERT_README = `${DLE}/master/PyTorch/LanguageModeling/BERT/README.md`;
const BERT_README_2019 = `${DLE}/23a6382cbe8f77c22b0a7b7d263191ee6b947dfa/PyTorch/LanguageModeling/BERT/README.md`;
const LLAMA2_PAPER = 'https://arxiv.org/abs/2307.09288';
const GPT_FAST_README = 'https://github.com/pytorch-labs/gpt-fast/blob/d2c5d8223fd00ab5ce469d8fdd93a7de78fb8b4a/README.md';
const TORCHTITAN_PERFORMANCE =
  'https://github.com/pytorch/torchtitan/blob/eaea6f6a2fa940f03a10906be1df3489cf30af85/docs/performance.md';

const RESNET50_FRAMEWORK = 'PyTorch, NGC container pytorch-21.03';
const RESNET50_BATCH_NOTE = `The README's table does not print the batch size; the value is the per-GPU batch its benchmark launcher (launch.py) takes for this platform and precision from ${RESNET50_CONFIGS}.`;

interface ResNet50Row {
  device: 'a100-80gb-sxm' | 'v100-sxm2-32gb';
  precision: 'mixed-fp16' | 'tf32' | 'fp32';
  batchSizePerGpu: number;
  value: number;
  heldOut: boolean;
}

/** A single-GPU row of the ResNet-50 v1.5 README's training performance tables. */
function resnet50Training(row: ResNet50Row): PublishedMeasurement {
  const table = { 'a100-80gb-sxm': 'NVIDIA DGX A100 (8x A100 80GB)', 'v100-sxm2-32gb': 'NVIDIA DGX-1 32GB (8x V100 32GB)' }[row.device];
  const column = { 'mixed-fp16': 'mixed precision', tf32: 'TF32', fp32: 'FP32' }[row.precision];
  const suffix = { 'a100-80gb-sxm': 'a100-80gb', 'v100-sxm2-32gb': 'v100-32gb' }[row.device];
  const tag = { 'mixed-fp16': 'amp', tf32: 'tf32', fp32: 'fp32' }[row.precision];
  return {
    id: `resnet50-${suffix}-train-${tag}`,
    model: 'resnet50',
    device: row.device,
    mode: 'training',
    setting: {
      batchSizePerGpu: row.batchSizePerGpu,
      imageSize: 224,
      precision: row.precision,
      optimizer: 'sgd-momentum',
      gpus: 1,
      framework: RESNET50_FRAMEWORK,
    },
    value: row.value,
    unit: 'samples/s',
    perGpu: true,
    source: RESNET50_README,
    where: `Training performance: ${table}, row 1 GPU, column "Throughput - ${column}"`,
    heldOut: row.heldOut,
    note: `ResNet-50 v1.5 (stride on the 3×3 convolution, as torchvision's resnet50)${row.precision === 'mixed-fp16' ? ' in NHWC memory format' : ''}. ${RESNET50_BATCH_NOTE}`,
  };
}

const BERT_FRAMEWORK_2021 = 'PyTorch, NGC container pytorch:21.11-py3 (native AMP, TorchScript)';

/** "2.0T" tokens for every Llama 2 size (Table 1 of the paper). */
const LLAMA2_TOKENS = 2.0e12;
const SECONDS_PER_HOUR = 3600;
const LLAMA2_NOTE =
  'Whole-run average: the 2.0T training tokens divided by the GPU-hours of Table 2, which the paper defines as the total GPU time required to train the model, so whatever time the run lost (data loading, checkpoints, failures, evaluation) is in it. GPU count, per-GPU batch, parallelism and precision are not published. The runs spread over Meta’s RSC (InfiniBand, 400 W cap) and production clusters (RoCE, 350 W cap); the table lists 400 W.';

/** A Llama 2 pretraining run on A100-80GB, from the GPU-hours of Table 2 in the paper. */
function llama2Pretraining(model: 'llama-2-7b' | 'llama-2-70b', gpuHours: number, heldOut: boolean, extraNote: string): PublishedMeasurement {
  const size = model.slice('llama-2-'.length).toUpperCase();
  return {
    id: `${model}-a100-80gb-pretrain`,
    model,
    device: 'a100-80gb-sxm',
    mode: 'training',
    setting: {
      batchSizePerGpu: 'unknown',
      sequenceLength: 4096,
      precision: 'unknown',
      optimizer: 'adamw',
      gpus: 'unknown',
      interconnect: 'NVIDIA Quantum InfiniBand (RSC) and RoCE (production clusters), 200 Gbps endpoints',
      framework: 'Meta custom training libraries (not published)',
      fusedAttention: 'unknown',
    },
    value: LLAMA2_TOKENS / (gpuHours * SECONDS_PER_HOUR),
    unit: 'tokens/s',
    perGpu: true,
    source: LLAMA2_PAPER,
    where: `Touvron et al. 2023, Table 2 (CO2 emissions during pretraining), row Llama 2 ${size}: ${gpuHours.toLocaleString('en-US')} GPU hours; tokens from Table 1`,
    heldOut,
    note: `${LLAMA2_NOTE} Global batch 4M tokens (Table 1); AdamW (§2.2).${extraNote}`,
  };
}

export const PUBLISHED_MEASUREMENTS: readonly PublishedMeasurement[] = [
  resnet50Training({ device: 'a100-80gb-sxm', precision: 'mixed-fp16', batchSizePerGpu: 256, value: 2470, heldOut: false }),
  resnet50Training({ device: 'a100-80gb-sxm', precision: 'tf32', batchSizePerGpu: 256, value: 938, heldOut: false }),
  resnet50Training({ device: 'v100-sxm2-32gb', precision: 'mixed-fp16', batchSizePerGpu: 256, value: 1156, heldOut: true }),
  resnet50Training({ device: 'v100-sxm2-32gb', precision: 'fp32', batchSizePerGpu: 112, value: 356, heldOut: false }),
  {
    id: 'resnet50-t4-infer-amp',
    model: 'resnet50',
    device: 't4',
    mode: 'inference',
    setting: {
      batchSizePerGpu: 256,
      imageSize: 224,
      precision: 'mixed-fp16',
      gpus: 1,
      framework: RESNET50_FRAMEWORK,
    },
    value: 1198,
    unit: 'samples/s',
    perGpu: true,
    source: RESNET50_README,
    where: 'Inference performance: NVIDIA T4, table "Mixed Precision Inference Latency", row batch size 256, column "Throughput Avg"',
    heldOut: true,
    note: 'Eager PyTorch with AMP, not TensorRT. Images are the 224×224 centre crop of the validation transform.',
  },
  {
    id: 'bert-large-a100-80gb-pretrain-amp',
    model: 'bert-large',
    device: 'a100-80gb-sxm',
    mode: 'training',
    setting: {
      batchSizePerGpu: 256,
      sequenceLength: 128,
      precision: 'mixed-fp16',
      optimizer: 'lamb',
      gradientAccumulationSteps: 32,
      gpus: 1,
      framework: BERT_FRAMEWORK_2021,
      fusedAttention: 'unknown',
    },
    value: 580,
    unit: 'samples/s',
    perGpu: true,
    source: BERT_README,
    where: 'Pre-training NVIDIA DGX A100 (8x A100 80GB), row 1 GPU at sequence length 128, column "Throughput - mixed precision(sequences/sec)"',
    heldOut: false,
    note: 'Phase 1 pre-training (masked LM and next-sentence prediction). Samples are sequences of 128 tokens. The per-GPU batch (128 TF32, 256 FP16) is printed in the current README; an earlier version of the same table (commit 1c7f6137) shows the same throughputs with only the accumulated batch of 8192.',
  },
  {
    id: 'bert-large-a100-80gb-pretrain-tf32',
    model: 'bert-large',
    device: 'a100-80gb-sxm',
    mode: 'training',
    setting: {
      batchSizePerGpu: 128,
      sequenceLength: 128,
      precision: 'tf32',
      optimizer: 'lamb',
      gradientAccumulationSteps: 64,
      gpus: 1,
      framework: BERT_FRAMEWORK_2021,
      fusedAttention: 'unknown',
    },
    value: 317,
    unit: 'samples/s',
    perGpu: true,
    source: BERT_README,
    where: 'Pre-training NVIDIA DGX A100 (8x A100 80GB), row 1 GPU at sequence length 128, column "Throughput - TF32(sequences/sec)"',
    heldOut: true,
    note: 'Phase 1 pre-training; the twin of bert-large-a100-80gb-pretrain-amp at half its per-GPU batch.',
  },
  {
    id: 'bert-large-v100-32gb-pretrain-amp',
    model: 'bert-large',
    device: 'v100-sxm2-32gb',
    mode: 'training',
    setting: {
      batchSizePerGpu: 64,
      sequenceLength: 128,
      precision: 'mixed-fp16',
      optimizer: 'lamb',
      gpus: 1,
      framework: 'PyTorch, NGC container pytorch:19.07-py3 (APEX AMP, fused LAMB and LayerNorm)',
      fusedAttention: 'unknown',
    },
    value: 171.52,
    unit: 'samples/s',
    perGpu: true,
    source: BERT_README_2019,
    where: 'Training performance: NVIDIA DGX-1 (8x V100 32G), table "Pre-training NVIDIA DGX-1 With 32G", row 1 GPU at sequence length 128, column "Throughput - mixed precision(sequences/sec)"',
    heldOut: false,
    note: 'Phase 1 pre-training, averaged over a training epoch. An older README than the A100 entries: the current one reports 224 sequences/s for this system with a newer container and an unstated micro-batch.',
  },
  llama2Pretraining('llama-2-7b', 184_320, false, ''),
  llama2Pretraining('llama-2-70b', 1_720_320, true, ' Grouped-query attention.'),
  {
    id: 'llama-2-7b-a100-80gb-generate-bs1',
    model: 'llama-2-7b',
    device: 'a100-80gb-sxm',
    mode: 'inference',
    phase: 'end-to-end',
    setting: {
      batchSizePerGpu: 1,
      sequenceLength: 'unknown',
      precision: 'bf16',
      gpus: 1,
      framework: 'gpt-fast with a PyTorch nightly; the README runs generate.py with --compile',
      fusedAttention: false,
      cudaGraphs: true,
    },
    value: 104.9,
    unit: 'tokens/s',
    perGpu: true,
    source: GPT_FAST_README,
    where: 'Benchmarks table, row Llama-2-7B "Base", column "Tokens/Second"',
    heldOut: false,
    note: 'Generated tokens divided by the wall time of generate(), which includes the prefill of a short prompt, so nearly all of it is batch-1 decode. The A100 was power-limited to 330 W. "Base" means unquantized weights; generate.py loads them in bf16 and runs decode attention with the math SDPA kernel (flash disabled). Prompt and generation length of the benchmark are not stated.',
  },
  {
    id: 'llama-3-8b-h100-train-fsdp',
    model: 'llama-3-8b',
    device: 'h100-sxm',
    mode: 'training',
    setting: {
      batchSizePerGpu: 2,
      sequenceLength: 'unknown',
      precision: 'mixed-bf16',
      optimizer: 'adamw',
      recomputation: 'selective',
      gpus: 8,
      interconnect: 'NVLink within one 8-GPU host (FSDP over the 8)',
      framework: 'torchtitan 9dec370 with torch 1963fc8 (December 2024), eager (no torch.compile)',
      fusedAttention: 'unknown',
    },
    value: 5762,
    unit: 'tokens/s',
    perGpu: true,
    source: TORCHTITAN_PERFORMANCE,
    where: 'Table 1 (1D parallelism, FSDP, Llama 3.1 8B, 8 GPUs, local batch 2, global batch 16, selective activation checkpointing), row "FSDP", column TPS/GPU',
    heldOut: true,
    note: 'Not quite the catalog device: Grand Teton H100s with 96 GB of HBM2e at 2.4 TB/s, run at the default 500 W power limit (the catalog H100 SXM has 80 GB at 3.35 TB/s and a 700 W TDP). Llama 3.1 8B has the layer shapes of Llama 3 8B. Sequence length is not stated in the table. Precision is not printed either; mixed-bf16 is torchtitan’s FSDP default (bf16 parameters, fp32 gradient reduction), and AdamW is the optimizer its llama3_8b preset names.',
  },
];
