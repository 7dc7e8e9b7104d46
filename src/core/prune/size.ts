/**
 * Bytes a model's weights take in each storage format, from the values themselves (a zero is a
 * pruned weight, whichever way it got there). Each linear or conv weight is a matrix of `rows`
 * outputs by `cols` inputs (a conv's [in·k·k] flattened); values are float32 (4 B) throughout,
 * and every other parameter (the biases) is stored dense in every format.
 *
 * - dense: rows·cols·4.
 * - CSR (compressed sparse row): nnz values, nnz column indices and rows + 1 row pointers, the
 *   indices int32 (4 B, scipy.sparse's default at these sizes and cuSPARSE's CUSPARSE_INDEX_32I;
 *   PyTorch's `to_sparse_csr` defaults to int64, `indexBytes: 8`).
 * - bitmask: one bit per weight, ⌈rows·cols/8⌉ B, plus the nnz values.
 * - 2:4 compressed, NVIDIA's format for sparse tensor cores (Mishra et al. 2021, arXiv:2104.08378,
 *   §2): the two kept values of every group of four, plus a 2-bit index of each kept value's
 *   position in its group; half the values and ⌈(rows·cols/2)·2/8⌉ B of metadata. Only for a
 *   weight that is 2:4 sparse (at most two nonzeros in every four consecutive weights of a row).
 */
import type { Sequential } from '../nn/index.js';

const VALUE_BYTES = 4;

export interface WeightStorage {
  name: string;
  rows: number;
  cols: number;
  nonzeros: number;
  denseBytes: number;
  csrBytes: number;
  bitmaskBytes: number;
  /** undefined when the weight is not 2:4 sparse or its rows do not split into groups of four. */
  semiStructuredBytes: number | undefined;
  /** Each format's formula with this weight's numbers, for the Math Peek. */
  derivations: { dense: string; csr: string; bitmask: string; semiStructured?: string };
}

export interface StorageSizes {
  weights: WeightStorage[];
  /** Biases and any other parameter, dense float32 in every format. */
  otherBytes: number;
  denseBytes: number;
  csrBytes: number;
  bitmaskBytes: number;
  /** undefined unless every weight is 2:4 sparse. */
  semiStructuredBytes: number | undefined;
}

/** True when at most `n` of every `m` consecutive values along each row are nonzero. */
export function isNmSparse(values: Float32Array, cols: number, n = 2, m = 4): boolean {
  if (cols % m !== 0) return false;
  for (let start = 0; start < values.length; start += m) {
    let nonzeros = 0;
    for (let j = 0; j < m; j++) if (values[start + j] !== 0) nonzeros++;
    if (nonzeros > n) return false;
  }
  return true;
}

export function weightStorage(name: string, values: Float32Array, rows: number, options: { indexBytes?: number } = {}): WeightStorage {
  const indexBytes = options.indexBytes ?? 4;
  const elements = values.length;
  const cols = elements / rows;
  const nonzeros = values.reduce((count, v) => count + (v !== 0 ? 1 : 0), 0);
  const denseBytes = elements * VALUE_BYTES;
  const csrBytes = nonzeros * VALUE_BYTES + nonzeros * indexBytes + (rows + 1) * indexBytes;
  const maskBytes = Math.ceil(elements / 8);
  const bitmaskBytes = maskBytes + nonzeros * VALUE_BYTES;
  const kept = elements / 2;
  const metadataBytes = Math.ceil((kept * 2) / 8);
  const semiStructured = isNmSparse(values, cols);
  const semiStructuredBytes = semiStructured ? kept * VALUE_BYTES + metadataBytes : undefined;
  return {
    name,
    rows,
    cols,
    nonzeros,
    denseBytes,
    csrBytes,
    bitmaskBytes,
    semiStructuredBytes,
    derivations: {
      dense: `${rows} × ${cols} × 4 B = ${denseBytes} B`,
      csr: `${nonzeros} × 4 B values + ${nonzeros} × ${indexBytes} B column indices + (${rows} + 1) × ${indexBytes} B row pointers = ${csrBytes} B`,
      bitmask: `⌈${elements} / 8⌉ = ${maskBytes} B mask + ${nonzeros} × 4 B values = ${bitmaskBytes} B`,
      ...(semiStructured && { semiStructured: `${kept} × 4 B values + ⌈${kept} × 2 b / 8⌉ = ${metadataBytes} B indices = ${semiStructuredBytes} B` }),
    },
  };
}

/** The storage of every linear and conv weight of `model` in each format, and the totals with the other parameters. */
export function storageSizes(model: Sequential, options: { indexBytes?: number } = {}): StorageSizes {
  const weightNames = new Set(model.layers.filter((l) => l.spec.type === 'linear' || l.spec.type === 'conv2d').map((l) => `${l.name}.weight`));
  const weights: WeightStorage[] = [];
  let otherBytes = 0;
  for (const p of model.parameters()) {
    if (weightNames.has(p.name)) weights.push(weightStorage(p.name, p.data, p.shape[0]!, options));
    else otherBytes += p.data.length * VALUE_BYTES;
  }
  const total = (bytes: (w: WeightStorage) => number) => otherBytes + weights.reduce((sum, w) => sum + bytes(w), 0);
  return {
    weights,
    otherBytes,
    denseBytes: total((w) => w.denseBytes),
    csrBytes: total((w) => w.csrBytes),
    bitmaskBytes: total((w) => w.bitmaskBytes),
    semiStructuredBytes: weights.every((w) => w.semiStructuredBytes !== undefined) ? total((w) => w.semiStructuredBytes!) : undefined,
  };
}
