/**
 * What the pruning lab says about a result: the Math Peek's derivations (how many are pruned,
 * which ones, what each storage format costs, the FLOPs of each forward pass), the cliff with the
 * layer that collapsed first and the first remedy, and what each representation of the pruned
 * model buys in bytes and in speed. Pure, so node tests reach every sentence.
 */
import type { Derivation } from '../shared/derivation.js';
import { formatBytes, formatCount, formatShare, formatSignificant } from '../shared/format.js';
import { roundHalfEven } from '../shared/rounding.js';
import { CLIFF_POINTS } from './lab.js';
import type { LayerCost, PruneEvaluation, PrunedWeight } from './session.js';
import { actingSetting, isStructured, isUnstructured, targetsOf } from './setting.js';

/** Sources the lab cites. */
const TORCH_PRUNE = 'torch.nn.utils.prune (_compute_nparams_toprune; Python’s round, half to even)';
const SPARSE_TENSOR_CORES = 'Mishra et al. 2021, arXiv:2104.08378, §2; NVIDIA A100 Tensor Core GPU Architecture (2020)';

const unitWord = (weight: Pick<PrunedWeight, 'type'>) => (weight.type === 'conv2d' ? 'filters' : 'neurons');

/** `round(a·n)` written out (Python's round, half to even; see masks.ts's pruneCount). */
function countStep(amount: number, n: number): string {
  const product = amount * n;
  return `round(${formatSignificant(amount, 4)} × ${formatCount(n)}) = round(${formatSignificant(product, 8)}) = ${formatCount(roundHalfEven(product))}`;
}

/** The largest |w| pruned and the smallest kept, of one weight. */
function magnitudeGap(values: Float32Array, mask: Uint8Array): { prunedMax: number; keptMin: number } {
  let prunedMax = 0;
  let keptMin = Infinity;
  for (let i = 0; i < values.length; i++) {
    const magnitude = Math.abs(values[i]!);
    if (mask[i]) keptMin = Math.min(keptMin, magnitude);
    else prunedMax = Math.max(prunedMax, magnitude);
  }
  return { prunedMax, keptMin };
}

/** The Ln norm of each row, and the largest among rows removed and smallest among rows kept. */
function rowNormGap(values: Float32Array, mask: Uint8Array, rows: number, n: number): { removedMax: number; keptMin: number } {
  const cols = values.length / rows;
  let removedMax = 0;
  let keptMin = Infinity;
  for (let row = 0; row < rows; row++) {
    let sum = 0;
    for (let j = row * cols; j < (row + 1) * cols; j++) sum += Math.abs(values[j]!) ** n;
    const norm = sum ** (1 / n);
    if (mask[row * cols]) keptMin = Math.min(keptMin, norm);
    else removedMax = Math.max(removedMax, norm);
  }
  return { removedMax, keptMin };
}

const number = (value: number) => formatSignificant(value, 3);

/**
 * The Math Peek for a result: the count pruned and the rule that picks them, for the inspected
 * weight (`index` into `result.weights`, its trained `values`); each storage format's bytes for
 * it and for the model; the FLOPs of the dense, sparse and shrunk forward passes.
 */
export function pruneDerivations(result: PruneEvaluation, index: number, values: Float32Array): Derivation[] {
  const setting = actingSetting(result.setting);
  const weight = result.weights[index]!;
  const mask = result.masks[index]!;
  const targets = targetsOf(setting.method, result.weights).map((w) => w.name);
  const pruned = targets.includes(weight.name);
  const items: Derivation[] = [];
  const amount = setting.sparsity;

  if (isUnstructured(setting.method) && setting.scope === 'global') {
    const total = result.weights.reduce((sum, w) => sum + w.elements, 0);
    items.push({
      label: `Weights pruned below one threshold over ${result.weights.map((w) => w.layer).join(', ')}: ${formatCount(weight.pruned)} of them in ${weight.layer} (${formatShare(weight.pruned / weight.elements)})`,
      formula: 'k = round(a · Σ n_l)',
      substituted: countStep(amount, total),
      source: TORCH_PRUNE,
    });
  } else if (setting.method === '2:4') {
    items.push(
      pruned
        ? { label: `Weights pruned in ${weight.layer}: 2 of every 4, whatever the sparsity control says`, formula: 'k = 2 · (n / 4)', substituted: `2 × (${formatCount(weight.elements)} / 4) = ${formatCount(weight.pruned)}`, source: SPARSE_TENSOR_CORES }
        : { label: `${weight.layer} stays dense: its rows of ${weight.cols} weights do not split into groups of 4`, formula: 'k = 0', source: SPARSE_TENSOR_CORES },
    );
  } else if (isStructured(setting.method)) {
    const units = unitWord(weight);
    items.push(
      pruned
        ? { label: `${units[0]!.toUpperCase()}${units.slice(1)} removed from ${weight.layer}, each with its ${weight.cols} weights and its bias`, formula: 'k = round(a · units)', substituted: countStep(amount, weight.rows), source: TORCH_PRUNE }
        : { label: `${weight.layer} keeps its ${weight.rows} outputs: they are the classes`, formula: 'k = 0' },
    );
  } else {
    items.push({ label: `Weights pruned in ${weight.layer}`, formula: 'k = round(a · n)', substituted: countStep(amount, weight.elements), source: TORCH_PRUNE });
  }

  if (pruned && weight.pruned > 0 && weight.pruned < weight.elements) {
    if (setting.method === 'magnitude') {
      const { prunedMax, keptMin } = magnitudeGap(values, mask);
      items.push({
        label: `Which weights of ${weight.layer}: the smallest |w|`,
        formula: 'm_i = 0 for the k smallest |w_i|, w′ = w ⊙ m',
        substituted: `|w|_pruned ≤ ${number(prunedMax)} ≤ ${number(keptMin)} ≤ |w|_kept`,
        source: 'torch.nn.utils.prune.l1_unstructured (ties broken by index here)',
      });
    } else if (setting.method === 'random') {
      items.push({ label: `Which weights of ${weight.layer}: k drawn uniformly, without replacement, from a fixed seed`, formula: 'P(m_i = 0) = k / n', source: 'torch.nn.utils.prune.random_unstructured' });
    } else if (isStructured(setting.method)) {
      const n = setting.method === 'l1-structured' ? 1 : 2;
      const { removedMax, keptMin } = rowNormGap(values, mask, weight.rows, n);
      items.push({
        label: `Which ${unitWord(weight)} of ${weight.layer}: the smallest L${n} norm of their weights`,
        formula: n === 1 ? '‖W_u‖_1 = Σ_j |w_uj|' : '‖W_u‖_2 = √(Σ_j w_uj^2)',
        substituted: `‖W‖_removed ≤ ${number(removedMax)} ≤ ${number(keptMin)} ≤ ‖W‖_kept`,
        source: 'torch.nn.utils.prune.ln_structured (dim = 0)',
      });
    } else {
      items.push({ label: `Which weights of ${weight.layer}: the 2 largest |w| of each group of 4 consecutive weights in a row are kept`, formula: 'm_i = 0 for the 2 smallest |w_i| of each 4', source: SPARSE_TENSOR_CORES });
    }
  }

  const storage = result.storage.weights[index]!;
  const reveals = ['csrBytes'];
  items.push(
    { label: `${weight.layer} in CSR (int32 indices)`, formula: 'nnz · 4 B + nnz · 4 B + (rows + 1) · 4 B', substituted: storage.derivations.csr, reveals, source: 'compressed sparse row: values, column indices, row pointers' },
    { label: `${weight.layer} as a bitmask`, formula: '⌈n / 8⌉ B + nnz · 4 B', substituted: storage.derivations.bitmask },
  );
  if (storage.derivations.semiStructured) {
    items.push({ label: `${weight.layer} compressed 2:4`, formula: '(n / 2) · 4 B + ⌈(n / 2) · 2 b / 8⌉ B', substituted: storage.derivations.semiStructured, source: SPARSE_TENSOR_CORES });
  }
  items.push({
    label: 'The model in CSR',
    formula: 'Σ CSR bytes of the weights + 4 B per bias',
    substituted: `${result.storage.weights.map((w) => formatCount(w.csrBytes)).join(' + ')} + ${formatCount(result.storage.otherBytes)} = ${formatCount(result.storage.csrBytes)} B against ${formatCount(result.storage.denseBytes)} B dense`,
    result: formatBytes(result.storage.csrBytes),
    reveals,
  });

  const { flops } = result;
  const terms = (flopsOf: (layer: (typeof flops.layers)[number]) => number) =>
    flops.layers.map((l) => `2 × ${formatCount(flopsOf(l) / 2 / l.uses)}${l.uses > 1 ? ` × ${l.uses}` : ''}`).join(' + ');
  items.push(
    {
      label: 'Dense forward pass, per image: a dense kernel multiplies every zero too',
      formula: 'FLOPs = Σ 2 · n_l · uses_l',
      substituted: `${terms((l) => l.dense)} = ${formatCount(flops.dense)}`,
      source: 'multiply-adds of the linear and conv layers, 2 FLOPs each',
    },
    {
      label: `A sparse kernel, skipping the zeros: ${formatShare(flops.nonzero / flops.dense)} of dense`,
      formula: 'FLOPs = Σ 2 · nnz_l · uses_l',
      substituted: `${terms((l) => l.nonzero)} = ${formatCount(flops.nonzero)}`,
    },
    'parameters' in result.shrunk
      ? {
          label: 'The shrunk dense model, on any dense kernel',
          formula: 'speed-up ≤ FLOPs_dense / FLOPs_shrunk',
          substituted: `${formatCount(flops.dense)} / ${formatCount(result.shrunk.flops)} = ${formatSignificant(flops.dense / result.shrunk.flops)}`,
        }
      : { label: `The model cannot be shrunk exactly: ${result.shrunk.refused}`, formula: 'units with no weights in or out removed' },
  );
  if (setting.method === '2:4') {
    items.push({ label: '2:4 on sparse tensor cores: the datasheet’s ceiling for NVIDIA A100 and H100, not measured here', formula: 'speed-up of the pruned layers’ products ≤ 2', source: SPARSE_TENSOR_CORES });
  }
  return items;
}

export interface CliffDiagnosis {
  heading: string;
  /** What collapsed, then what to try, most direct first. */
  reasons: string[];
}

/**
 * The pruning cliff (accuracy more than CLIFF_POINTS below the dense model): which layer
 * collapsed first, once `costs` (each layer pruned alone) are measured, and the first remedy;
 * `epochs` of fine-tuning is the last. Undefined while accuracy holds.
 */
export function diagnoseCliff(result: PruneEvaluation, epochs: number, costs?: readonly LayerCost[]): CliffDiagnosis | undefined {
  const points = (result.denseAccuracy - result.accuracy) * 100;
  if (points <= CLIFF_POINTS) return undefined;
  const setting = actingSetting(result.setting);
  const reasons: string[] = [];
  const worst = costs && costs.length ? [...costs].sort((a, b) => b.accuracyDrop - a.accuracyDrop)[0]! : undefined;
  if (worst) {
    const others = costs!.filter((cost) => cost !== worst).map((cost) => `${cost.layer} ${formatSignificant(Math.max(0, cost.accuracyDrop * 100))}`);
    reasons.push(
      `${worst.layer} collapses first: pruned alone as here (${formatShare(worst.sparsity)} of its weights), it costs ${formatSignificant(worst.accuracyDrop * 100)} points${others.length ? `; alone, the others cost ${others.join(', ')} points` : ''}.`,
    );
  }
  const smallest = [...result.weights].sort((a, b) => a.elements - b.elements)[0]!;
  const largest = [...result.weights].sort((a, b) => b.elements - a.elements)[0]!;
  if (setting.method === 'random') {
    reasons.push('Prune by magnitude instead: random pruning removes large, important weights as readily as small ones.');
  } else if (setting.method === 'magnitude' && setting.scope === 'layer') {
    reasons.push(
      `Prune with one global threshold: it takes less of a small layer such as ${smallest.layer} (${formatCount(smallest.elements)} weights) than of ${largest.layer} (${formatCount(largest.elements)}), where each layer loses the same share here.`,
    );
  } else if (isStructured(setting.method)) {
    reasons.push(`Remove fewer units${worst ? ` from ${worst.layer}` : ''}: each neuron or filter removed takes a whole feature with it, where unstructured pruning of the same share spreads the loss.`);
  }
  reasons.push(`Fine-tune with the masks fixed: training the weights left for ${epochs} ${epochs === 1 ? 'epoch' : 'epochs'} on the training digits wins back much of what one-shot pruning loses.`);
  return { heading: `Pruning cliff: accuracy fell from ${formatShare(result.denseAccuracy, 2)} to ${formatShare(result.accuracy, 2)}`, reasons };
}

/** One way of storing and running the pruned model. */
export interface Representation {
  key: 'dense' | 'csr' | 'bitmask' | '2:4' | 'shrunk';
  label: string;
  /** undefined where the model cannot be so stored. */
  bytes: number | undefined;
  /** FLOPs per image of the kernel that runs it; undefined where none runs it as stored. */
  flops: number | undefined;
  /** What it buys in speed, in words. */
  speed: string;
}

/** 2:4-compressed bytes with every weight that is not 2:4 sparse stored dense; undefined when none is. */
function semiStructuredBytes(result: PruneEvaluation): number | undefined {
  const { weights, otherBytes } = result.storage;
  if (!weights.some((w) => w.semiStructuredBytes !== undefined)) return undefined;
  return otherBytes + weights.reduce((sum, w) => sum + (w.semiStructuredBytes ?? w.denseBytes), 0);
}

/** The model stored and run each way, honest about what each buys. */
export function representations(result: PruneEvaluation): Representation[] {
  const { storage, flops, shrunk } = result;
  const semi = semiStructuredBytes(result);
  const semiFlops = flops.layers.reduce((sum, layer, i) => sum + (result.storage.weights[i]!.semiStructuredBytes === undefined ? layer.dense : layer.dense / 2), 0);
  return [
    { key: 'dense', label: 'Dense FP32, zeros stored', bytes: storage.denseBytes, flops: flops.dense, speed: 'None: a dense kernel multiplies every zero too.' },
    { key: 'csr', label: 'CSR, int32 indices', bytes: storage.csrBytes, flops: flops.nonzero, speed: 'Needs a sparse kernel; its index reads and scattered loads pay off only at high sparsity.' },
    { key: 'bitmask', label: 'Bitmask and values', bytes: storage.bitmaskBytes, flops: undefined, speed: 'None: a storage format, unpacked to dense to run.' },
    {
      key: '2:4',
      label: '2:4 compressed',
      bytes: semi,
      flops: semi === undefined ? undefined : semiFlops,
      speed: semi === undefined ? 'Not 2:4 sparse: some group of four keeps more than two weights.' : 'Up to 2× on the sparse layers’ products, on NVIDIA’s sparse tensor cores (A100, H100): the datasheet’s ceiling, not a measurement.',
    },
    'parameters' in shrunk
      ? { key: 'shrunk', label: 'Shrunk dense model', bytes: shrunk.bytes, flops: shrunk.flops, speed: shrunk.flops < flops.dense ? 'Yes, on any dense kernel: it is a smaller dense model.' : 'None: no neuron or filter lost all its weights in or out, so nothing shrinks.' }
      : { key: 'shrunk', label: 'Shrunk dense model', bytes: undefined, flops: undefined, speed: 'Cannot be shrunk exactly here; the Math Peek says why.' },
  ];
}

/** In words: whether this setting runs any faster, and why. */
export function speedVerdict(result: PruneEvaluation): string {
  const { method } = result.setting;
  const { flops, shrunk } = result;
  const shrunkFlops = 'parameters' in shrunk ? shrunk.flops : flops.dense;
  const fewer = flops.dense / shrunkFlops;
  if (isStructured(method)) {
    return `Structured pruning runs faster at once: the shrunk model is a smaller dense model, ${formatCount(shrunkFlops)} FLOPs per image against ${formatCount(flops.dense)} (${formatSignificant(fewer)}× fewer), on any dense kernel.`;
  }
  if (method === '2:4') {
    return `2:4 sparsity runs faster only on hardware built for it: NVIDIA’s sparse tensor cores multiply the pruned layers at up to twice the dense rate (a datasheet ceiling, not measured here). On a CPU, or any dense kernel, it costs what the dense model costs: ${formatCount(flops.dense)} FLOPs per image.`;
  }
  const removed = 'parameters' in shrunk ? shrunk.layers.reduce((sum, l) => sum + l.units - l.kept, 0) : 0;
  const units = result.weights.some((w) => w.type === 'conv2d') ? ['neuron or filter', 'neurons and filters'] : ['neuron', 'neurons'];
  return `Unstructured sparsity does not run faster on dense hardware: a dense kernel still does all ${formatCount(flops.dense)} FLOPs per image, zeros included. A sparse kernel could skip to ${formatCount(flops.nonzero)}, but pays for its indices and scattered memory reads. ${
    removed > 0 ? `Only ${formatCount(removed)} ${removed === 1 ? units[0] : units[1]} lost all their weights in or out, so the shrunk model does ${formatSignificant(fewer)}× fewer FLOPs.` : `No ${units[0]} lost all its weights in or out, so nothing shrinks.`
  }`;
}
