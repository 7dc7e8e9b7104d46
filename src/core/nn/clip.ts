import type { ParameterSlot } from './optimizers.js';

/**
 * Scales every gradient by min(1, maxNorm / (‖g‖ + 1e-6)), ‖g‖ the 2-norm of all gradients taken
 * together, as torch.nn.utils.clip_grad_norm_ does
 * (https://pytorch.org/docs/stable/generated/torch.nn.utils.clip_grad_norm_.html); returns ‖g‖
 * before clipping. Transformers are commonly trained with it at 1.0 (GPT-3, Brown et al. 2020).
 */
export function clipGradientNorm(params: readonly ParameterSlot[], maxNorm: number): number {
  let squares = 0;
  for (const p of params) for (let i = 0; i < p.grad.length; i++) squares += p.grad[i]! * p.grad[i]!;
  const norm = Math.sqrt(squares);
  const scale = maxNorm / (norm + 1e-6);
  if (scale < 1) for (const p of params) for (let i = 0; i < p.grad.length; i++) p.grad[i] = p.grad[i]! * scale;
  return norm;
}
