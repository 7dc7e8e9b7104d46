/**
 * A model's parameters pruned in place, the way `torch.nn.utils.prune` reparametrizes a module:
 * each pruned parameter keeps its original values (`weight_orig`) and a mask (`weight_mask`)
 * beside it, and the model's own array holds original × mask, so the nn engine evaluates (and
 * the quantization lab's tools read) the pruned model with no change of its own. Pruning again
 * combines masks (see masks.ts); `remove` makes a parameter's pruning permanent
 * (`prune.remove`), `restore` puts its original values back.
 *
 * Training a pruned model (fine-tune.ts) updates the model's array, not `weight_orig` as PyTorch
 * does; so the model's array is the truth for the entries still alive, and the original is
 * brought up to date from it whenever it is read (`original`, pruning again, `restore`). This
 * keeps PyTorch's meaning: after fine-tuning, `weight_orig` holds the fine-tuned values where the
 * mask is 1 and the values from before pruning where it is 0, and pruning again ranks and keeps
 * the fine-tuned values (Han et al. 2015's iterative prune and retrain,
 * https://arxiv.org/abs/1506.02626), rather than reverting to those before fine-tuning.
 */
import type { Sequential } from '../nn/index.js';
import { computeMask, l1UnstructuredMask, pruningType, randomUnstructuredMask, type PruneAmount, type PruningMethod } from './masks.js';

interface Reparametrization {
  readonly original: Float32Array;
  mask: Uint8Array;
}

export interface ParameterSparsity {
  name: string;
  elements: number;
  pruned: number;
  /** pruned / elements. */
  sparsity: number;
}

export class PrunedModel {
  private readonly pruning = new Map<string, Reparametrization>();

  constructor(readonly model: Sequential) {}

  /** Prunes the named parameter (`fc1.weight`) with `method`, on top of any earlier pruning; returns its new mask. */
  prune(parameter: string, method: PruningMethod): Uint8Array {
    const { data, shape } = this.model.parameter(parameter);
    const mask = computeMask(method, data, shape, this.mask(parameter) ?? new Uint8Array(data.length).fill(1));
    this.setMask(parameter, mask);
    return mask;
  }

  /** `prune.l1_unstructured`. */
  l1Unstructured(parameter: string, amount: PruneAmount): Uint8Array {
    return this.prune(parameter, { method: 'l1-unstructured', amount });
  }

  /** `prune.random_unstructured`, drawn from `seed`. */
  randomUnstructured(parameter: string, amount: PruneAmount, seed: number): Uint8Array {
    return this.prune(parameter, { method: 'random-unstructured', amount, seed });
  }

  /** `prune.ln_structured`: whole slices along `dim` by their Ln norm. */
  lnStructured(parameter: string, amount: PruneAmount, n: number, dim: number): Uint8Array {
    return this.prune(parameter, { method: 'ln-structured', amount, n, dim });
  }

  /** N:M semi-structured sparsity, 2:4 by default. */
  semiStructured(parameter: string, n = 2, m = 4): Uint8Array {
    return this.prune(parameter, { method: 'n:m', n, m });
  }

  /**
   * `prune.custom_from_mask`: prunes the entries where `mask` is 0, on top of any earlier pruning
   * (the masks multiply, as PyTorch's `PruningContainer` combines them); returns the new mask.
   */
  customFromMask(parameter: string, mask: Uint8Array): Uint8Array {
    const { data } = this.model.parameter(parameter);
    if (mask.length !== data.length) throw new RangeError(`${parameter} has ${data.length} entries, the mask ${mask.length}`);
    const current = this.mask(parameter);
    const combined = mask.map((alive, i) => (alive && (current?.[i] ?? 1) ? 1 : 0));
    this.setMask(parameter, combined);
    return combined;
  }

  /**
   * `prune.global_unstructured`: the parameters are ranked together, as one vector, so one
   * threshold applies to all of them and each ends up with its own sparsity. The amount is a share
   * of the entries still alive across them. Only unstructured methods, as in PyTorch (which raises
   * a TypeError for any other `PRUNING_TYPE`).
   */
  globalUnstructured(parameters: readonly string[], method: PruningMethod): Map<string, Uint8Array> {
    if (method.method !== 'l1-unstructured' && method.method !== 'random-unstructured') {
      throw new TypeError(`global pruning ranks single weights across layers, so it takes only unstructured methods (l1-unstructured, random-unstructured); got ${method.method}, which is ${pruningType(method)}`);
    }
    if (new Set(parameters).size !== parameters.length) throw new RangeError(`each parameter once, got ${parameters.join(', ')}`);
    const tensors = parameters.map((name) => this.model.parameter(name).data);
    const total = tensors.reduce((sum, data) => sum + data.length, 0);
    const values = new Float32Array(total);
    const mask = new Uint8Array(total);
    let offset = 0;
    parameters.forEach((name, i) => {
      values.set(tensors[i]!, offset);
      mask.set(this.mask(name) ?? new Uint8Array(tensors[i]!.length).fill(1), offset);
      offset += tensors[i]!.length;
    });
    const combined =
      method.method === 'random-unstructured' ? randomUnstructuredMask(mask, method.amount, method.seed) : l1UnstructuredMask(values, mask, method.amount);
    const masks = new Map<string, Uint8Array>();
    offset = 0;
    parameters.forEach((name, i) => {
      const part = combined.slice(offset, offset + tensors[i]!.length);
      this.setMask(name, part);
      masks.set(name, part);
      offset += part.length;
    });
    return masks;
  }

  /** The parameter's current mask (1 alive, 0 pruned), or undefined if it is not pruned. */
  mask(parameter: string): Uint8Array | undefined {
    return this.pruning.get(parameter)?.mask;
  }

  /**
   * `weight_orig`: the values of the entries still alive as they are now (fine-tuning changes
   * them) and of the pruned ones as they were when pruned; the current values if the parameter
   * is not pruned. A live view: read it before changing the model again.
   */
  original(parameter: string): Float32Array {
    const entry = this.pruning.get(parameter);
    if (!entry) return this.model.parameter(parameter).data;
    return this.updatedOriginal(parameter, entry);
  }

  /** Names of the parameters under pruning, in the order they were first pruned. */
  prunedParameters(): string[] {
    return [...this.pruning.keys()];
  }

  /** How much of each pruned parameter is pruned. */
  sparsity(): ParameterSparsity[] {
    return [...this.pruning].map(([name, { mask }]) => {
      const pruned = mask.reduce((count, alive) => count + (alive ? 0 : 1), 0);
      return { name, elements: mask.length, pruned, sparsity: pruned / mask.length };
    });
  }

  /** `prune.remove`: the pruned values become the parameter's own; the original and mask are dropped. */
  remove(parameter: string): void {
    if (!this.pruning.delete(parameter)) throw new RangeError(`${parameter} is not pruned`);
  }

  /**
   * Undoes the pruning of `parameter` (of every pruned parameter when omitted): the model takes
   * `original` (so fine-tuned values stay where the mask was 1), and the mask is dropped.
   */
  restore(parameter?: string): void {
    for (const name of parameter === undefined ? this.prunedParameters() : [parameter]) {
      const entry = this.pruning.get(name);
      if (!entry) throw new RangeError(`${name} is not pruned`);
      this.model.parameter(name).data.set(this.updatedOriginal(name, entry));
      this.pruning.delete(name);
    }
  }

  /** Writes 0 into every pruned entry of the model, as the forward's original × mask reads them. */
  applyMasks(): void {
    for (const [name, { mask }] of this.pruning) {
      const data = this.model.parameter(name).data;
      for (let i = 0; i < data.length; i++) if (!mask[i]) data[i] = 0;
    }
  }

  /** The original with its alive entries taken from the model (see the module notes). */
  private updatedOriginal(parameter: string, entry: Reparametrization): Float32Array {
    const data = this.model.parameter(parameter).data;
    for (let i = 0; i < data.length; i++) if (entry.mask[i]) entry.original[i] = data[i]!;
    return entry.original;
  }

  /** Records the mask and writes original × mask into the model (0, not −0, where pruned). */
  private setMask(parameter: string, mask: Uint8Array): void {
    const data = this.model.parameter(parameter).data;
    let entry = this.pruning.get(parameter);
    if (!entry) this.pruning.set(parameter, (entry = { original: data.slice(), mask }));
    else this.updatedOriginal(parameter, entry);
    entry.mask = mask;
    for (let i = 0; i < data.length; i++) data[i] = mask[i] ? entry.original[i]! : 0;
  }
}
