/**
 * A model the estimators can take: a catalog preset (by id) or a parsed `config.json`.
 */
import { MODEL_PRESETS, findModelPreset } from '../catalog/models.js';
import type { VisionArchitecture } from '../catalog/models.js';
import { parseTransformerConfig } from './config.js';
import type { TransformerConfig } from './config.js';
import { paramCount, parameterTensors } from './transformer.js';
import type { ParameterTensor } from './transformer.js';
import { buildVisionTable } from './vision.js';

export interface TransformerModel {
  kind: 'transformer';
  id: string;
  name: string;
  source: string;
  config: TransformerConfig;
  params: number;
}

export interface VisionModel {
  kind: 'vision';
  id: string;
  name: string;
  source: string;
  architecture: VisionArchitecture;
  defaultImageSize: number;
  params: number;
}

export type Model = TransformerModel | VisionModel;

/** A model, or the id of a preset. */
export type ModelRef = Model | string;

/** Wraps a normalized transformer config (e.g. from `parseTransformerConfig`) as a model. */
export function transformerModel(config: TransformerConfig, name = 'Custom model', source = 'user-supplied config.json'): TransformerModel {
  return { kind: 'transformer', id: 'custom', name, source, config, params: paramCount(config) };
}

function fromPreset(id: string): Model | undefined {
  const preset = findModelPreset(id);
  if (preset === undefined) return undefined;
  if (preset.kind === 'vision') {
    const { params } = buildVisionTable(preset.architecture, preset.defaultImageSize);
    return { ...preset, params };
  }
  const parsed = parseTransformerConfig(preset.config);
  if (!parsed.ok) throw new Error(`preset "${id}" has an invalid config: ${parsed.error}`);
  return { ...transformerModel(parsed.config, preset.name, preset.source), id };
}

const presetModels = new Map<string, Model>();

/** The preset model with this id; throws a RangeError listing the ids for an unknown one. */
export function getModel(id: string): Model {
  let model = presetModels.get(id);
  if (model === undefined) {
    model = fromPreset(id);
    if (model === undefined) {
      throw new RangeError(`unknown model "${id}"; known: ${MODEL_PRESETS.map((p) => p.id).join(', ')}`);
    }
    presetModels.set(id, model);
  }
  return model;
}

/** Every preset model, in catalog order. */
export function listModels(): Model[] {
  return MODEL_PRESETS.map((preset) => getModel(preset.id));
}

export function resolveModel(ref: ModelRef): Model {
  return typeof ref === 'string' ? getModel(ref) : ref;
}

const tensorsByModel = new WeakMap<Model, ParameterTensor[]>();

/** The model's parameter tensors (shape and multiplicity), which Adafactor's state depends on. Memoized. */
export function modelParameterTensors(model: Model): ParameterTensor[] {
  let tensors = tensorsByModel.get(model);
  if (tensors === undefined) {
    tensors =
      model.kind === 'transformer'
        ? parameterTensors(model.config)
        : buildVisionTable(model.architecture, model.defaultImageSize).layers.flatMap((layer) =>
            layer.paramShapes.map((shape) => ({ name: layer.name, shape, count: 1 })),
          );
    tensorsByModel.set(model, tensors);
  }
  return tensors;
}
