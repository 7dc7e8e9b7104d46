/**
 * The kernels of one training step of a vision model, from the memory estimators' layer table
 * (memory/vision.ts): convolutions and linear layers as (implicit) GEMMs on tensor cores, ViT's
 * attention matmuls, and batch norm, activations, pooling, dropout and residual adds as
 * elementwise kernels. Each layer's traffic is what it reads and writes (its inputs, output and
 * weights) in the compute precision; backward as in transformer-kernels.ts (two GEMMs of the same
 * FLOPs per GEMM, 1.5 times the traffic per elementwise kernel).
 */
import { buildVisionTable, type VisionLayer } from '../memory/vision.js';
import type { VisionArchitecture } from '../catalog/models.js';
import type { PrecisionRegime } from '../memory/model-state.js';
import type { Recomputation } from '../memory/training.js';
import type { Kernel } from './roofline.js';
import { backwardOf, computeBytes } from './transformer-kernels.js';

export interface VisionStepOptions {
  architecture: VisionArchitecture;
  imageSize: number;
  batchSize: number;
  precision: PrecisionRegime;
  recomputation: Recomputation;
}

const GEMM_KINDS: ReadonlySet<VisionLayer['kind']> = new Set(['conv', 'linear', 'attention']);

/** FP32 operations per element of an elementwise layer (batch norm computes and applies its statistics). */
const ELEMENTWISE_FLOPS: Partial<Record<VisionLayer['kind'], number>> = { batchnorm: 8, layernorm: 8, gelu: 8, relu: 1, add: 1, dropout: 2, maxpool: 4, avgpool: 1 };

function layerKernel(layer: VisionLayer, o: VisionStepOptions, e: number): Kernel {
  const b = o.batchSize;
  const output = layer.outputShape.reduce((x, y) => x * y, 1);
  const bytes = e * (layer.workingElements * b + layer.params);
  if (GEMM_KINDS.has(layer.kind)) {
    return { name: layer.name, class: layer.kind === 'attention' ? 'attention' : 'matmul', pass: 'forward', flops: layer.forwardFlops * b, bytes, count: 1, tensorCores: true };
  }
  return { name: layer.name, class: 'elementwise', pass: 'forward', flops: (ELEMENTWISE_FLOPS[layer.kind] ?? 1) * output * b, bytes, count: 1, tensorCores: false };
}

/** Every kernel of one training step (forward, recomputation, backward), optimizer excepted. */
export function visionStepKernels(o: VisionStepOptions): Kernel[] {
  const e = computeBytes(o.precision);
  const forward = buildVisionTable(o.architecture, o.imageSize).layers.map((layer) => layerKernel(layer, o, e));
  const backward = forward.flatMap(backwardOf);
  // Selective recomputation drops only attention scores, which convolutional networks do not keep.
  const recompute = o.recomputation === 'full' ? forward.map((kernel) => ({ ...kernel, pass: 'recompute' as const })) : [];
  return [...forward, ...recompute, ...backward];
}
