export { DEVICES, findDevice } from './devices.js';
export type { Device, PeakPrecision, Sourced } from './devices.js';
export { DEFAULT_INTERCONNECTS, INTERCONNECTS, defaultInterconnect, findInterconnect } from './interconnects.js';
export type { DefaultInterconnect, Interconnect, InterconnectId, PrintedBandwidth } from './interconnects.js';
export { MODEL_PRESETS, TRANSFORMER_PRESETS, VISION_PRESETS, findModelPreset } from './models.js';
export type {
  HuggingFaceConfig,
  ModelPreset,
  MobileNetV2Architecture,
  ResNetArchitecture,
  TransformerPreset,
  VisionArchitecture,
  VisionPreset,
  VitArchitecture,
} from './models.js';
