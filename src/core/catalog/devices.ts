/**
 * Accelerators the labs can run a scenario on. Every number carries the URL it comes from.
 *
 * Conventions:
 * - Memory capacity: the datasheet's "GB" of device memory read as GiB (2^30 bytes), since HBM
 *   and GDDR parts are sized in binary units (nvidia-smi shows an A100-SXM4-80GB's total as
 *   81920MiB, e.g. in NVIDIA's install guides, https://github.com/NVIDIA/cloud-native-stack).
 *   The labs write memory in GiB and say so (memory/breakdown's MEMORY_UNITS_NOTE).
 * - Bandwidth: datasheet GB/s and TB/s are decimal (10^9, 10^12 bytes per second).
 * - Peak FLOP/s are DENSE. Where a datasheet prints only the 2:4-sparse headline (marked with an
 *   asterisk by NVIDIA since Ampere), the value here is half of it and the note says so.
 * - A precision missing from `peak` means the part has no fast path for it.
 */

export type PeakPrecision = 'fp32' | 'tf32' | 'fp16' | 'bf16' | 'fp8' | 'int8';

/** A number and where it comes from. */
export interface Sourced {
  value: number;
  source: string;
  /** How the value was read from the source, when it is not copied as printed. */
  note?: string;
}

export interface Device {
  id: string;
  name: string;
  /** True when CPU and accelerator share one pool (Jetson, Apple silicon): the OS takes a share. */
  unifiedMemory: boolean;
  /** Memory capacity in bytes. */
  memoryBytes: Sourced;
  /** Peak memory bandwidth in bytes per second. */
  bandwidthBytesPerSecond: Sourced;
  /** Dense peak throughput in FLOP/s (OP/s for int8) per precision. */
  peak: Partial<Record<PeakPrecision, Sourced>>;
}

const GiB = 2 ** 30;
const GB_PER_S = 1e9;
const TFLOPS = 1e12;
const HALF_SPARSE = 'datasheet value is 2:4 sparse; half of it is the dense peak';

export const T4_DATASHEET =
  'https://www.nvidia.com/content/dam/en-zz/Solutions/Data-Center/tesla-t4/t4-tensor-core-datasheet-951643.pdf';
export const V100_DATASHEET =
  'https://images.nvidia.com/content/technologies/volta/pdf/volta-v100-datasheet-update-us-1165301-r5.pdf';
export const A100_DATASHEET =
  'https://www.nvidia.com/content/dam/en-zz/Solutions/Data-Center/a100/pdf/nvidia-a100-datasheet-us-nvidia-1758950-r4-web.pdf';
export const H100_DATASHEET = 'https://resources.nvidia.com/en-us-tensor-core/nvidia-tensor-core-gpu-datasheet';
export const H200_PAGE = 'https://www.nvidia.com/en-us/data-center/h200/';
export const L4_DATASHEET = 'https://resources.nvidia.com/en-us-data-center-overview/l4-gpu-datasheet';
const ADA_WHITEPAPER = 'https://images.nvidia.com/aem-dam/Solutions/geforce/ada/nvidia-ada-gpu-architecture.pdf';
const ORIN_BRIEF =
  'https://www.nvidia.com/content/dam/en-zz/Solutions/gtcf21/jetson-orin/nvidia-jetson-agx-orin-technical-brief.pdf';
const M3_NEWSROOM =
  'https://www.apple.com/newsroom/2023/10/apple-unveils-m3-m3-pro-and-m3-max-the-most-advanced-chips-for-a-personal-computer/';

export const sourced = (value: number, source: string, note?: string): Sourced =>
  note === undefined ? { value, source } : { value, source, note };

const a100Peaks = (): Device['peak'] => ({
  fp32: sourced(19.5 * TFLOPS, A100_DATASHEET),
  tf32: sourced(156 * TFLOPS, A100_DATASHEET),
  fp16: sourced(312 * TFLOPS, A100_DATASHEET),
  bf16: sourced(312 * TFLOPS, A100_DATASHEET),
  int8: sourced(624 * TFLOPS, A100_DATASHEET),
});

// H100 SXM and H200 share the same GH100 compute; the datasheets print sparse tensor figures.
const hopperPeaks = (source: string): Device['peak'] => ({
  fp32: sourced(67 * TFLOPS, source),
  tf32: sourced(989 / 2 * TFLOPS, source, HALF_SPARSE),
  fp16: sourced(1979 / 2 * TFLOPS, source, HALF_SPARSE),
  bf16: sourced(1979 / 2 * TFLOPS, source, HALF_SPARSE),
  fp8: sourced(3958 / 2 * TFLOPS, source, HALF_SPARSE),
  int8: sourced(3958 / 2 * TFLOPS, source, HALF_SPARSE),
});

export const DEVICES: readonly Device[] = [
  {
    id: 't4',
    name: 'NVIDIA T4 16 GB',
    unifiedMemory: false,
    memoryBytes: sourced(16 * GiB, T4_DATASHEET),
    bandwidthBytesPerSecond: sourced(320 * GB_PER_S, T4_DATASHEET),
    peak: {
      fp32: sourced(8.1 * TFLOPS, T4_DATASHEET),
      fp16: sourced(65 * TFLOPS, T4_DATASHEET, 'mixed-precision FP16/FP32 tensor core peak'),
      int8: sourced(130 * TFLOPS, T4_DATASHEET),
    },
  },
  {
    id: 'v100-sxm2-32gb',
    name: 'NVIDIA V100 SXM2 32 GB',
    unifiedMemory: false,
    memoryBytes: sourced(32 * GiB, V100_DATASHEET),
    bandwidthBytesPerSecond: sourced(900 * GB_PER_S, V100_DATASHEET),
    peak: {
      fp32: sourced(15.7 * TFLOPS, V100_DATASHEET),
      fp16: sourced(125 * TFLOPS, V100_DATASHEET, 'tensor performance (FP16 inputs, FP32 accumulate)'),
    },
  },
  {
    id: 'a100-40gb-sxm',
    name: 'NVIDIA A100 SXM 40 GB',
    unifiedMemory: false,
    memoryBytes: sourced(40 * GiB, A100_DATASHEET),
    bandwidthBytesPerSecond: sourced(1555 * GB_PER_S, A100_DATASHEET),
    peak: a100Peaks(),
  },
  {
    id: 'a100-80gb-sxm',
    name: 'NVIDIA A100 SXM 80 GB',
    unifiedMemory: false,
    memoryBytes: sourced(80 * GiB, A100_DATASHEET),
    bandwidthBytesPerSecond: sourced(2039 * GB_PER_S, A100_DATASHEET),
    peak: a100Peaks(),
  },
  {
    id: 'h100-sxm',
    name: 'NVIDIA H100 SXM 80 GB',
    unifiedMemory: false,
    memoryBytes: sourced(80 * GiB, H100_DATASHEET),
    bandwidthBytesPerSecond: sourced(3350 * GB_PER_S, H100_DATASHEET),
    peak: hopperPeaks(H100_DATASHEET),
  },
  {
    id: 'h200-sxm',
    name: 'NVIDIA H200 SXM 141 GB',
    unifiedMemory: false,
    memoryBytes: sourced(141 * GiB, H200_PAGE),
    bandwidthBytesPerSecond: sourced(4800 * GB_PER_S, H200_PAGE),
    peak: hopperPeaks(H200_PAGE),
  },
  {
    id: 'l4',
    name: 'NVIDIA L4 24 GB',
    unifiedMemory: false,
    memoryBytes: sourced(24 * GiB, L4_DATASHEET),
    bandwidthBytesPerSecond: sourced(300 * GB_PER_S, L4_DATASHEET),
    peak: {
      fp32: sourced(30.3 * TFLOPS, L4_DATASHEET),
      tf32: sourced(120 / 2 * TFLOPS, L4_DATASHEET, HALF_SPARSE),
      fp16: sourced(242 / 2 * TFLOPS, L4_DATASHEET, HALF_SPARSE),
      bf16: sourced(242 / 2 * TFLOPS, L4_DATASHEET, HALF_SPARSE),
      fp8: sourced(485 / 2 * TFLOPS, L4_DATASHEET, HALF_SPARSE),
      int8: sourced(485 / 2 * TFLOPS, L4_DATASHEET, HALF_SPARSE),
    },
  },
  {
    id: 'rtx-4090',
    name: 'NVIDIA GeForce RTX 4090 24 GB',
    unifiedMemory: false,
    memoryBytes: sourced(24 * GiB, ADA_WHITEPAPER),
    bandwidthBytesPerSecond: sourced(1008 * GB_PER_S, ADA_WHITEPAPER),
    // Training matmuls accumulate in FP32, which GeForce Ada runs at half the FP16-accumulate rate.
    peak: {
      fp32: sourced(82.6 * TFLOPS, ADA_WHITEPAPER),
      tf32: sourced(82.6 * TFLOPS, ADA_WHITEPAPER, 'dense TF32 tensor peak (appendix table)'),
      fp16: sourced(165.2 * TFLOPS, ADA_WHITEPAPER, 'dense FP16 tensor peak with FP32 accumulate'),
      bf16: sourced(165.2 * TFLOPS, ADA_WHITEPAPER, 'dense BF16 tensor peak with FP32 accumulate'),
      int8: sourced(660.6 * TFLOPS, ADA_WHITEPAPER, 'dense INT8 tensor peak'),
    },
  },
  {
    id: 'jetson-agx-orin-64gb',
    name: 'NVIDIA Jetson AGX Orin 64 GB (GPU)',
    unifiedMemory: true,
    memoryBytes: sourced(64 * GiB, ORIN_BRIEF),
    bandwidthBytesPerSecond: sourced(204.8 * GB_PER_S, ORIN_BRIEF),
    peak: {
      fp32: sourced(5.3 * TFLOPS, ORIN_BRIEF, 'GPU only: 2048 CUDA cores'),
      fp16: sourced(
        42.5 * TFLOPS,
        ORIN_BRIEF,
        'derived: half the dense INT8 rate (Ampere tensor cores run FP16 at half the INT8 rate)',
      ),
      bf16: sourced(42.5 * TFLOPS, ORIN_BRIEF, 'derived: same rate as FP16 on Ampere tensor cores'),
      int8: sourced(170 / 2 * TFLOPS, ORIN_BRIEF, `GPU only (DLAs excluded); ${HALF_SPARSE}`),
    },
  },
  {
    id: 'apple-m3-max',
    name: 'Apple M3 Max (40-core GPU, 128 GB)',
    unifiedMemory: true,
    memoryBytes: sourced(128 * GiB, M3_NEWSROOM),
    bandwidthBytesPerSecond: sourced(400 * GB_PER_S, M3_NEWSROOM),
    peak: {
      fp32: sourced(
        14.2 * TFLOPS,
        M3_NEWSROOM,
        'estimate: Apple publishes no FLOP/s; 40 GPU cores (newsroom) × 128 FP32 lanes × 2 (FMA) × ≈1.4 GHz',
      ),
    },
  },
];

/** The device with this id, or undefined. */
export function findDevice(id: string): Device | undefined {
  return DEVICES.find((device) => device.id === id);
}
