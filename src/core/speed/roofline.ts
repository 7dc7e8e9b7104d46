/**
 * A per-kernel roofline (Williams, Waterman and Patterson 2009, "Roofline: an insightful visual
 * performance model", https://doi.org/10.1145/1498765.1498785), applied kernel by kernel rather
 * than to a whole step: each kernel takes the longer of its arithmetic at the attainable FLOP/s
 * and its traffic at the attainable bandwidth, so a small GEMM or an elementwise kernel costs
 * what its own arithmetic intensity allows, and mixed precision speeds up only what runs on
 * tensor cores. A kernel can never take less than the host's time to launch it: the CPU queues
 * kernels ahead of the GPU, and a GPU given kernels shorter than that waits for the next one,
 * which is what bounds small batches.
 */
import type { Device, PeakPrecision } from '../catalog/index.js';
import type { PrecisionRegime } from '../memory/model-state.js';

/** What a kernel's time is spent on, for the breakdown a reader sees. */
export type KernelClass = 'matmul' | 'attention' | 'elementwise' | 'optimizer';

export interface Kernel {
  /** What it computes, e.g. "MLP up-projection". */
  name: string;
  class: KernelClass;
  pass: 'forward' | 'backward' | 'recompute' | 'optimizer';
  /** Floating-point operations of one launch. */
  flops: number;
  /** Bytes one launch reads and writes in device memory. */
  bytes: number;
  /** Launches per step (once per layer, say). */
  count: number;
  /** Runs on tensor cores in the compute precision (matmuls, fused attention); else on the vector units in FP32. */
  tensorCores: boolean;
}

/**
 * The assumptions of the model, each named and adjustable. The two efficiencies are fitted to
 * the published measurements that are not held out (measurements.ts; `npm run calibrate:speed`,
 * scripts/speed/calibrate.ts). They come out lower than a large GEMM or a stream copy attains
 * alone, since they also carry what the kernel list leaves out (convolution algorithms, kernels
 * that move more than one pass of their tensors, gaps between kernels). The launch time is set,
 * not fitted: the measured points are large batches, which say little about it.
 */
export interface SpeedAssumptions {
  /** Fraction of the dense peak a GEMM attains on tensor cores (cuBLAS on large shapes). */
  matmulEfficiency: number;
  /** Fraction of the FP32 vector peak an elementwise kernel's arithmetic attains. */
  vectorEfficiency: number;
  /** Fraction of the peak memory bandwidth a streaming kernel attains. */
  bandwidthEfficiency: number;
  /** Host time to issue one kernel (framework dispatch and the CUDA launch), in seconds. */
  launchSeconds: number;
}

export const DEFAULT_SPEED_ASSUMPTIONS: SpeedAssumptions = {
  matmulEfficiency: 0.55,
  vectorEfficiency: 0.5,
  bandwidthEfficiency: 0.55,
  // PyTorch's eager dispatch and a CUDA launch take on the order of 10 µs per operator.
  launchSeconds: 10e-6,
};

/** The peaks a step runs at: the compute precision's for tensor-core kernels, FP32 for the rest. */
export interface Peaks {
  matmulFlops: number;
  vectorFlops: number;
  bytesPerSecond: number;
}

/** The precision a regime's matmuls run in: FP16 or BF16 for 16-bit regimes; FP32, or TF32 where allowed and the device has it. */
export function matmulPrecisionOf(precision: PrecisionRegime, device: Device, allowTf32 = false): MatmulPrecision {
  if (precision === 'fp32') return allowTf32 && device.peak.tf32 ? 'tf32' : 'fp32';
  return precision === 'mixed-fp16' ? 'fp16' : 'bf16';
}

export type MatmulPrecision = Extract<PeakPrecision, 'fp32' | 'tf32' | 'fp16' | 'bf16'>;

/** The device's peaks for a compute precision, falling back to FP32 where it has no fast path. */
export function peaksFor(device: Device, precision: MatmulPrecision): Peaks {
  const fp32 = device.peak.fp32?.value ?? 0;
  return {
    matmulFlops: device.peak[precision]?.value ?? fp32,
    vectorFlops: fp32,
    bytesPerSecond: device.bandwidthBytesPerSecond.value,
  };
}

export interface KernelTime {
  kernel: Kernel;
  /** All its launches in one step. */
  seconds: number;
  /** What bounds one launch: its arithmetic, its memory traffic, or the host launching it. */
  bound: 'compute' | 'memory' | 'launch';
}

/** One kernel's time in a step: max(FLOPs / attainable FLOP/s, bytes / attainable bandwidth, launch time) per launch. */
export function kernelTime(kernel: Kernel, peaks: Peaks, assumptions: SpeedAssumptions = DEFAULT_SPEED_ASSUMPTIONS): KernelTime {
  const flopsPerSecond = kernel.tensorCores ? peaks.matmulFlops * assumptions.matmulEfficiency : peaks.vectorFlops * assumptions.vectorEfficiency;
  const compute = kernel.flops / flopsPerSecond;
  const memory = kernel.bytes / (peaks.bytesPerSecond * assumptions.bandwidthEfficiency);
  const launch = assumptions.launchSeconds;
  const longest = Math.max(compute, memory, launch);
  const bound = longest === launch ? 'launch' : compute >= memory ? 'compute' : 'memory';
  return { kernel, seconds: longest * kernel.count, bound };
}

/** Each kernel's time, and their sum. */
export function timeKernels(kernels: readonly Kernel[], peaks: Peaks, assumptions?: SpeedAssumptions): { kernels: KernelTime[]; seconds: number } {
  const times = kernels.map((kernel) => kernelTime(kernel, peaks, assumptions));
  return { kernels: times, seconds: times.reduce((sum, time) => sum + time.seconds, 0) };
}

/** Time by kernel class, for the breakdown of a step. */
export function timeByClass(times: readonly KernelTime[]): Record<KernelClass, number> {
  const total: Record<KernelClass, number> = { matmul: 0, attention: 0, elementwise: 0, optimizer: 0 };
  for (const { kernel, seconds } of times) total[kernel.class] += seconds;
  return total;
}
