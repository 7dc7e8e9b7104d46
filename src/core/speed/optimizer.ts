/**
 * The optimizer's update as a kernel: a memory-bound pass over the weights, their gradients and
 * the optimizer's state (FP32 master weights included), as PyTorch's fused and foreach
 * implementations run it, one pass over all tensors rather than one kernel per tensor. Clearing
 * the gradients costs nothing here: `zero_grad()` sets them to None by default since PyTorch 2.0
 * (https://pytorch.org/docs/stable/generated/torch.optim.Optimizer.zero_grad.html).
 */
import { optimizerState, precisionBytes, zeroDivisors, type OptimizerName, type PrecisionRegime, type ZeroStage } from '../memory/model-state.js';
import type { ParameterTensor } from '../memory/transformer.js';
import type { Kernel } from './roofline.js';

export interface OptimizerStepOptions {
  optimizer: OptimizerName;
  precision: PrecisionRegime;
  params: number;
  tensors: () => readonly ParameterTensor[];
  zeroStage: ZeroStage;
  dataParallel: number;
}

/**
 * Bytes moved by one update: it reads the gradients and the state and writes the state back
 * (the FP32 master copy is part of the state in mixed precision); it then writes the 16-bit
 * weights from the master copy, or, with no master copy, reads and writes the weights in place.
 * AdamW in mixed precision: 2Ψ + 2 × 12Ψ + 2Ψ = 28Ψ bytes. Under ZeRO stage 1 and above each
 * GPU updates only its shard of the state (ZeRO §5, https://arxiv.org/abs/1910.02054).
 */
export function optimizerStepKernel(o: OptimizerStepOptions): Kernel {
  const { weight, gradient, master } = precisionBytes(o.precision);
  const state = optimizerState(o.optimizer, o.precision, o.params, o.tensors).bytes;
  const shards = zeroDivisors(o.zeroStage, o.dataParallel).optimizer;
  const bytes = (gradient * o.params + 2 * state + (master > 0 ? 1 : 2) * weight * o.params) / shards;
  // About ten FP32 operations per parameter (Adam's moments, bias corrections, the update).
  return { name: `${o.optimizer} update`, class: 'optimizer', pass: 'optimizer', flops: (10 * o.params) / shards, bytes, count: 1, tensorCores: false };
}
