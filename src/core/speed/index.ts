/**
 * mlsys-labs/core/speed: time and throughput of training, every number with its formula and
 * source. Pure: no DOM, no timers.
 */
export {
  DEFAULT_OVERLAP,
  DEFAULT_STEP_LATENCY_SECONDS,
  dataParallelCommunication,
  ringAllGatherSeconds,
  ringAllReduceSeconds,
  scaling,
} from './communication.js';
export type {
  Collective,
  CollectiveKind,
  DataParallelCommunication,
  DataParallelOptions,
  RingLink,
  RingOptions,
  Scaling,
  ScalingOptions,
} from './communication.js';
