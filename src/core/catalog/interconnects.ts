/**
 * Links that carry data-parallel traffic between GPUs, each figure with the URL it comes from.
 *
 * Direction matters, and vendors print it differently:
 * - NVIDIA quotes NVLink per GPU as the sum of both directions: its NVLink page calls the
 *   current generation "a 1.8TB/s bidirectional, direct GPU-to-GPU interconnect"
 *   (https://www.nvidia.com/en-us/data-center/nvlink/), and the datasheets' 300, 600 and
 *   900 GB/s for V100, A100 and H100 are 6, 12 and 18 links of 25 GB/s each way. An A100's
 *   600 GB/s is 300 GB/s each way.
 * - The datasheets print PCIe x16 the same way (32, 64, 128 GB/s for gen 3, 4, 5): both
 *   directions at the raw line rate, 16 lanes × 8, 16, 32 GT/s ÷ 8 bits = 16, 32, 64 GB/s each way.
 * - InfiniBand port rates (HDR 200 Gb/s, NDR 400 Gb/s) are per direction: a port sends and
 *   receives at that rate at once.
 *
 * A ring all-reduce sends and receives at the same time on every GPU, so what bounds it is the
 * bandwidth one GPU has in ONE direction: `busBandwidthBytesPerSecond`, the B of NCCL's
 * bus-bandwidth formula (https://github.com/NVIDIA/nccl-tests/blob/master/doc/PERFORMANCE.md).
 * These are peaks: a peer-to-peer copy test on H100 reaches about 380 of NVLink 4's 450 GB/s
 * each way (https://github.com/NVIDIA/nccl/issues/1264).
 *
 * Units: decimal bytes per second (1 GB/s = 10^9 B/s), as in devices.ts.
 */
import {
  A100_DATASHEET,
  H100_DATASHEET,
  H200_PAGE,
  L4_DATASHEET,
  T4_DATASHEET,
  V100_DATASHEET,
  sourced,
} from './devices.js';
import type { Sourced } from './devices.js';

export type InterconnectId =
  | 'nvlink-2'
  | 'nvlink-3'
  | 'nvlink-4'
  | 'pcie-3-x16'
  | 'pcie-4-x16'
  | 'pcie-5-x16'
  | 'infiniband-hdr'
  | 'infiniband-ndr';

/** A bandwidth as its source prints it. `value` is in bytes per second. */
export interface PrintedBandwidth extends Sourced {
  /** The figure as the source prints it, e.g. "600 GB/s" or "200Gb/s per port". */
  text: string;
  /** Whether the figure adds both directions together or counts one. */
  counts: 'both-directions' | 'one-direction';
}

export interface Interconnect {
  id: InterconnectId;
  name: string;
  kind: 'nvlink' | 'pcie' | 'infiniband';
  /** Inside one server (NVLink, PCIe) or between servers (InfiniBand). */
  reach: 'node' | 'cluster';
  printed: PrintedBandwidth;
  /**
   * Bytes per second one GPU sends in one direction while receiving as much in the other: the
   * B of the ring all-reduce's time 2(N−1)/N · S/B. The note says how it was derived.
   */
  busBandwidthBytesPerSecond: Sourced;
}

const GB_PER_S = 1e9;
const LINUX_PCI_H = 'https://github.com/torvalds/linux/blob/master/drivers/pci/pci.h';
const QUANTUM_HDR_PAGE = 'https://www.nvidia.com/en-us/networking/infiniband/qm8700/';
const QUANTUM2_NDR_PAGE = 'https://www.nvidia.com/en-us/networking/quantum2/';
// PCIe 3.0 and later put 130 bits on the wire for every 128 bits of data.
const PCIE_ENCODING = 128 / 130;

function nvlink(id: InterconnectId, name: string, totalGBs: number, links: number, source: string): Interconnect {
  const oneWay = totalGBs / 2;
  return {
    id,
    name,
    kind: 'nvlink',
    reach: 'node',
    printed: { ...sourced(totalGBs * GB_PER_S, source), text: `${totalGBs} GB/s`, counts: 'both-directions' },
    busBandwidthBytesPerSecond: sourced(
      oneWay * GB_PER_S,
      source,
      `half the printed bidirectional ${totalGBs} GB/s: ${links} links × 25 GB/s each way`,
    ),
  };
}

function pcieX16(id: InterconnectId, generation: number, transfersPerLane: number, source: string): Interconnect {
  const rawBothWays = (2 * 16 * transfersPerLane) / 8;
  const oneWay = (rawBothWays / 2) * PCIE_ENCODING;
  return {
    id,
    name: `PCIe ${generation}.0 x16`,
    kind: 'pcie',
    reach: 'node',
    printed: { ...sourced(rawBothWays * GB_PER_S, source), text: `${rawBothWays} GB/s`, counts: 'both-directions' },
    busBandwidthBytesPerSecond: sourced(
      oneWay * GB_PER_S,
      LINUX_PCI_H,
      `16 lanes × ${transfersPerLane} GT/s ÷ 8 = ${rawBothWays / 2} GB/s each way (half the printed figure), ` +
        `× 128/130 for the line encoding (as Linux's PCIE_SPEED2MBS_ENC) = ${oneWay.toFixed(2)} GB/s; ` +
        'packet headers take a further share, and GPUs that share a PCIe switch or cross CPU sockets get less',
    ),
  };
}

function infiniband(id: InterconnectId, name: string, gigabits: number, source: string): Interconnect {
  const bytesPerSecond = (gigabits / 8) * GB_PER_S;
  return {
    id,
    name,
    kind: 'infiniband',
    reach: 'cluster',
    printed: { ...sourced(bytesPerSecond, source), text: `${gigabits}Gb/s per port`, counts: 'one-direction' },
    busBandwidthBytesPerSecond: sourced(
      bytesPerSecond,
      source,
      `${gigabits} Gb/s ÷ 8 bits, per direction; assumes one port per GPU, as DGX A100 and H100 wire their compute fabric`,
    ),
  };
}

export const INTERCONNECTS: readonly Interconnect[] = [
  nvlink('nvlink-2', 'NVLink 2 (V100)', 300, 6, V100_DATASHEET),
  nvlink('nvlink-3', 'NVLink 3 (A100)', 600, 12, A100_DATASHEET),
  nvlink('nvlink-4', 'NVLink 4 (H100, H200)', 900, 18, H100_DATASHEET),
  pcieX16('pcie-3-x16', 3, 8, V100_DATASHEET),
  pcieX16('pcie-4-x16', 4, 16, A100_DATASHEET),
  pcieX16('pcie-5-x16', 5, 32, H100_DATASHEET),
  infiniband('infiniband-hdr', 'InfiniBand HDR (200 Gb/s)', 200, QUANTUM_HDR_PAGE),
  infiniband('infiniband-ndr', 'InfiniBand NDR (400 Gb/s)', 400, QUANTUM2_NDR_PAGE),
];

/** The interconnect with this id, or undefined. */
export function findInterconnect(id: string): Interconnect | undefined {
  return INTERCONNECTS.find((link) => link.id === id);
}

/**
 * The link GPUs of a kind talk over inside one server, with the page that says so; `null` for
 * parts that come one to a machine (nothing to all-reduce with).
 */
export type DefaultInterconnect = { interconnect: InterconnectId; source: string } | { interconnect: null; reason: string };

const RTX_4090_SPECS = 'https://www.techpowerup.com/gpu-specs/geforce-rtx-4090.c3889';

/** Keyed by the ids of DEVICES (devices.ts). */
export const DEFAULT_INTERCONNECTS: Readonly<Record<string, DefaultInterconnect>> = {
  // The datasheet gives x16 PCIe Gen3 as the system interface; T4 has no NVLink.
  t4: { interconnect: 'pcie-3-x16', source: T4_DATASHEET },
  'v100-sxm2-32gb': { interconnect: 'nvlink-2', source: V100_DATASHEET },
  'a100-40gb-sxm': { interconnect: 'nvlink-3', source: A100_DATASHEET },
  'a100-80gb-sxm': { interconnect: 'nvlink-3', source: A100_DATASHEET },
  'h100-sxm': { interconnect: 'nvlink-4', source: H100_DATASHEET },
  'h200-sxm': { interconnect: 'nvlink-4', source: H200_PAGE },
  // The datasheet gives PCIe Gen4 x16 as the interconnect; L4 has no NVLink.
  l4: { interconnect: 'pcie-4-x16', source: L4_DATASHEET },
  // GeForce Ada dropped NVLink; cards talk over PCIe 4.0 x16.
  'rtx-4090': { interconnect: 'pcie-4-x16', source: RTX_4090_SPECS },
  'jetson-agx-orin-64gb': { interconnect: null, reason: 'one GPU per module, sharing memory with the CPU' },
  'apple-m3-max': { interconnect: null, reason: 'one GPU per machine, sharing memory with the CPU' },
};

/** The link a device's GPUs use inside one server; undefined for single-GPU parts and unknown ids. */
export function defaultInterconnect(deviceId: string): Interconnect | undefined {
  const entry = DEFAULT_INTERCONNECTS[deviceId];
  return entry?.interconnect ? findInterconnect(entry.interconnect) : undefined;
}
