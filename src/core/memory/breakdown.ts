import { formatBytes } from '../shared/format.js';

/** One line of a memory breakdown, carrying its own derivation for the widget's Math Peek. */
export interface MemoryPart<Key extends string = string> {
  key: Key;
  label: string;
  bytes: number;
  /** The formula in symbols, e.g. "Ψ · k_w / N_d". */
  formula: string;
  /** The same with the numbers in, ending with the result, e.g. "124,439,808 × 2 B = 249 MB". */
  substituted: string;
  /** One-line citation. */
  source: string;
}

export interface MemoryBreakdown<Key extends string = string> {
  /** Parts in stacking order; their bytes add up to `total.bytes`. */
  parts: MemoryPart<Key>[];
  total: MemoryPart<'total'>;
  /** Modelling choices a reader should know about, one sentence each. */
  assumptions: string[];
}

/** Framework memory outside the model: CUDA context plus caching-allocator slack. */
export interface OverheadOptions {
  /** CUDA context and loaded kernels, bytes. Default 512 MiB. */
  cudaContextBytes?: number;
  /** Allocator fragmentation and cached-but-free blocks, as a fraction of the other parts. Default 0.1. */
  allocatorSlackFraction?: number;
}

export const DEFAULT_OVERHEAD: Required<OverheadOptions> = {
  cudaContextBytes: 512 * 2 ** 20,
  allocatorSlackFraction: 0.1,
};

/**
 * The one convention for memory, as the readouts and the catalog use it (see catalog/devices and
 * shared/format): binary units, and a datasheet's "GB" of device memory read as GiB.
 */
export const MEMORY_UNITS_NOTE =
  'Memory is in binary units, 1 GiB = 2³⁰ bytes, as memory chips are made: a datasheet\'s "16 GB" of device memory is 16 GiB, before what the driver reserves.';

const PYTORCH_CUDA_NOTES = 'PyTorch CUDA semantics, memory management: https://pytorch.org/docs/stable/notes/cuda.html#memory-management';

export function totalPart<Key extends string>(parts: MemoryPart<Key>[]): MemoryPart<'total'> {
  const bytes = parts.reduce((sum, part) => sum + part.bytes, 0);
  return {
    key: 'total',
    label: 'Total',
    bytes,
    formula: parts.map((part) => part.key).join(' + '),
    substituted: `${parts.map((part) => formatBytes(part.bytes)).join(' + ')} = ${formatBytes(bytes)}`,
    source: 'sum of the parts above',
  };
}

export function overheadPart(modelBytes: number, options: OverheadOptions | undefined): MemoryPart<'overhead'> {
  const { cudaContextBytes, allocatorSlackFraction } = { ...DEFAULT_OVERHEAD, ...options };
  if (!(cudaContextBytes >= 0)) throw new RangeError('overhead.cudaContextBytes must be ≥ 0');
  if (!(allocatorSlackFraction >= 0)) throw new RangeError('overhead.allocatorSlackFraction must be ≥ 0');
  const bytes = cudaContextBytes + allocatorSlackFraction * modelBytes;
  return {
    key: 'overhead',
    label: 'Framework overhead',
    bytes,
    formula: 'C_ctx + f_slack · (sum of the parts above)',
    substituted: `${formatBytes(cudaContextBytes)} + ${allocatorSlackFraction} × ${formatBytes(modelBytes)} = ${formatBytes(bytes)}`,
    source: `assumed CUDA context and allocator slack (adjustable); ${PYTORCH_CUDA_NOTES}`,
  };
}
