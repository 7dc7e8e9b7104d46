/**
 * Bytes per parameter for weights, gradients and optimizer state under each precision regime
 * and optimizer, and how ZeRO shards them. Following ZeRO (Rajbhandari et al. 2020,
 * https://arxiv.org/abs/1910.02054, §3.1): mixed-precision Adam keeps 2Ψ (FP16 weights) +
 * 2Ψ (FP16 gradients) + KΨ with K = 12 (FP32 master weights, momentum and variance) = 16Ψ.
 */
import { formatCount } from '../shared/format.js';
import type { ParameterTensor } from './transformer.js';

export type PrecisionRegime = 'fp32' | 'mixed-fp16' | 'mixed-bf16' | 'bf16';
export type OptimizerName = 'sgd' | 'sgd-momentum' | 'adam' | 'adamw' | 'adafactor' | 'adam-8bit';
export type ZeroStage = 0 | 1 | 2 | 3;

export const PRECISION_REGIMES: readonly PrecisionRegime[] = ['fp32', 'mixed-fp16', 'mixed-bf16', 'bf16'];
export const OPTIMIZERS: readonly OptimizerName[] = ['sgd', 'sgd-momentum', 'adam', 'adamw', 'adafactor', 'adam-8bit'];

export interface PrecisionBytes {
  /** Bytes of each weight the forward pass reads (k_w). */
  weight: number;
  /** Bytes of each gradient (k_g). */
  gradient: number;
  /** Bytes of the FP32 master copy that mixed precision keeps for the update (0 otherwise). */
  master: number;
  /** Bytes of each element of optimizer state (moments live in FP32 except under pure bf16). */
  state: number;
  /** Bytes of each stored activation. */
  activation: number;
}

/**
 * Mixed precision per Micikevicius et al. 2018 (https://arxiv.org/abs/1710.03740): 16-bit
 * weights, activations and gradients, FP32 master weights. Pure bf16 keeps everything,
 * optimizer moments included, in bf16 (PyTorch optimizers allocate state like the parameter).
 */
export function precisionBytes(regime: PrecisionRegime): PrecisionBytes {
  switch (regime) {
    case 'fp32':
      return { weight: 4, gradient: 4, master: 0, state: 4, activation: 4 };
    case 'mixed-fp16':
    case 'mixed-bf16':
      return { weight: 2, gradient: 2, master: 4, state: 4, activation: 2 };
    case 'bf16':
      return { weight: 2, gradient: 2, master: 0, state: 2, activation: 2 };
  }
}

/** Block size of the 8-bit optimizers' FP32 absmax scales (Dettmers et al. 2022, https://arxiv.org/abs/2110.02861). */
export const EIGHT_BIT_BLOCK = 2048;

/**
 * Second-moment elements Adafactor keeps (Shazeer & Stern 2018, https://arxiv.org/abs/1804.04235;
 * torch.optim.Adafactor): a tensor of two or more dimensions keeps a row and a column factor
 * over its last two dimensions, a vector keeps its full second moment. No first moment.
 * A 1×1 convolution's trailing dimensions are 1 × 1, so its factors together hold twice its
 * weights: Adafactor saves memory on matrices, not on pointwise convolutions.
 */
export function adafactorStateElements(tensors: readonly ParameterTensor[]): number {
  let total = 0;
  for (const { shape, count } of tensors) {
    if (shape.length < 2) {
      total += count * shape[0]!;
      continue;
    }
    const leading = shape.slice(0, -2).reduce((a, b) => a * b, 1);
    total += count * leading * (shape[shape.length - 2]! + shape[shape.length - 1]!);
  }
  return total;
}

export interface OptimizerState {
  bytes: number;
  formula: string;
  /** The formula's right-hand side with numbers, without the result. */
  substituted: string;
  source: string;
}

/** Optimizer state in bytes for Ψ parameters, master weights included. */
export function optimizerState(
  optimizer: OptimizerName,
  regime: PrecisionRegime,
  params: number,
  tensors: () => readonly ParameterTensor[],
): OptimizerState {
  const { master, state } = precisionBytes(regime);
  const psi = formatCount(params);
  const withMaster = (formula: string, substituted: string, bytes: number, source: string): OptimizerState =>
    master === 0
      ? { bytes, formula, substituted, source }
      : {
          bytes: master * params + bytes,
          formula: `4·Ψ (FP32 master) + ${formula}`,
          substituted: `4 × ${psi} + ${substituted}`,
          source: `${source}; master weights: ZeRO §3.1 (https://arxiv.org/abs/1910.02054)`,
        };
  switch (optimizer) {
    case 'sgd':
      return withMaster('0', '0', 0, 'plain SGD keeps no state (torch.optim.SGD, momentum = 0)');
    case 'sgd-momentum':
      return withMaster(`${state}·Ψ (momentum)`, `${state} × ${psi}`, state * params, 'torch.optim.SGD momentum buffer');
    case 'adam':
    case 'adamw':
      return withMaster(
        `${2 * state}·Ψ (momentum + variance)`,
        `${2 * state} × ${psi}`,
        2 * state * params,
        'Adam keeps two moments (Kingma & Ba 2015; ZeRO §3.1 counts them in K = 12)',
      );
    case 'adafactor': {
      const factored = adafactorStateElements(tensors());
      return withMaster(
        `${state}·F (factored second moment, F = Σ rows + cols)`,
        `${state} × ${formatCount(factored)}`,
        state * factored,
        'Adafactor, no first moment (Shazeer & Stern 2018, https://arxiv.org/abs/1804.04235)',
      );
    }
    case 'adam-8bit': {
      const blocks = Math.ceil(params / EIGHT_BIT_BLOCK);
      return withMaster(
        `2·Ψ (two 8-bit moments) + 2·4·⌈Ψ/${EIGHT_BIT_BLOCK}⌉ (FP32 block scales)`,
        `2 × ${psi} + 8 × ${formatCount(blocks)}`,
        2 * params + 8 * blocks,
        'block-wise 8-bit Adam (Dettmers et al. 2022, https://arxiv.org/abs/2110.02861)',
      );
    }
  }
}

/** ZeRO divisors per stage (ZeRO §5): P_os shards optimizer state, P_g gradients, P_p parameters. */
export function zeroDivisors(stage: ZeroStage, dataParallel: number) {
  return {
    optimizer: stage >= 1 ? dataParallel : 1,
    gradients: stage >= 2 ? dataParallel : 1,
    weights: stage >= 3 ? dataParallel : 1,
  };
}
