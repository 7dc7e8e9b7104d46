/**
 * Mean cross-entropy of softmax(logits) against integer targets, over `rows` rows of `classes`
 * logits (torch.nn.functional.cross_entropy with reduction='mean'). When `gradLogits` is given
 * it receives d(mean loss)/d(logits) = (softmax − one_hot) / rows.
 */
export function softmaxCrossEntropy(
  logits: Float32Array,
  targets: ArrayLike<number>,
  rows: number,
  classes: number,
  gradLogits?: Float32Array,
): number {
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const base = r * classes;
    const target = targets[r]!;
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, logits[base + c]!);
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp(logits[base + c]! - max);
    const logSum = max + Math.log(sum);
    total += logSum - logits[base + target]!;
    if (gradLogits) {
      for (let c = 0; c < classes; c++) {
        const p = Math.exp(logits[base + c]! - logSum);
        gradLogits[base + c] = (p - (c === target ? 1 : 0)) / rows;
      }
    }
  }
  return total / rows;
}
