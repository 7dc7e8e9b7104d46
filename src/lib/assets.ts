import type { AttentionModel, TextModelManifest } from '../core/attention/index.js';
import type { DigitsDataset, ModelManifest, Sequential } from '../core/nn/index.js';
import { shippedAssets, type AssetPath } from './asset-files.js';

/**
 * Loads the models and data sets that ship with the package: from where the page's bundler (or
 * the CDN build) put them, or, given `host`, from the absolute URL of a folder laid out as the
 * package's `assets/` (an author's own copy). Each file is fetched once per page, however many
 * labs use it; a failure says which file and why, so a lab can show it in words.
 */
const downloads = new Map<string, Promise<ArrayBuffer>>();

export function assetUrl(path: AssetPath, host?: string): URL {
  return host ? new URL(path, host) : shippedAssets[path];
}

export function fetchAsset(path: AssetPath, host?: string): Promise<ArrayBuffer> {
  const url = assetUrl(path, host).href;
  let download = downloads.get(url);
  if (!download) {
    download = fetch(url).then((response) => {
      if (!response.ok) throw new Error(`could not load ${path} from ${url} (HTTP ${response.status})`);
      return response.arrayBuffer();
    });
    // A failed download may be retried later rather than cached.
    download.catch(() => downloads.delete(url));
    downloads.set(url, download);
  }
  return download;
}

/**
 * The neural-network core that reads the files, loaded with them: a page has no use for it
 * before (in the CDN bundles it is a chunk of its own, fetched after the first paint).
 */
function nn() {
  return import('../core/nn/index.js');
}

async function loadDigits(path: AssetPath, host?: string): Promise<DigitsDataset> {
  const [{ parseDigits }, bytes] = await Promise.all([nn(), fetchAsset(path, host)]);
  return parseDigits(bytes);
}

/** The 2,000 held-out 14×14 MNIST test digits (assets/digits-14/test.bin). */
export function loadTestDigits(host?: string): Promise<DigitsDataset> {
  return loadDigits('digits-14/test.bin', host);
}

/**
 * The 2,000 training digits, 200 of each class, drawn from MNIST's training images and never from
 * the test set (assets/digits-14/train.bin): what labs fine-tune and train on.
 */
export function loadTrainingDigits(host?: string): Promise<DigitsDataset> {
  return loadDigits('digits-14/train.bin', host);
}

export interface LoadedModel {
  model: Sequential;
  manifest: ModelManifest;
}

/**
 * A shipped trained model (assets/models/<name>.json + .bin), freshly built, so each lab can
 * change its own copy's weights. The weights are found beside the manifest by the model's name,
 * not by the file the manifest names: a bundler may have renamed it.
 */
export async function loadModel(name: string, host?: string): Promise<LoadedModel> {
  const [{ parseModel }, { manifest, weights }] = await Promise.all([nn(), fetchModelFiles<ModelManifest>(name, host)]);
  return { model: parseModel(weights, manifest), manifest };
}

/** A shipped model's manifest, parsed, and its weights file's bytes. */
async function fetchModelFiles<M>(name: string, host?: string): Promise<{ manifest: M; weights: ArrayBuffer }> {
  const manifestPath = `models/${name}.json`;
  const weightsPath = `models/${name}.bin`;
  if (!(manifestPath in shippedAssets) || !(weightsPath in shippedAssets)) throw new Error(`no model named “${name}” ships with mlsys-labs`);
  const [manifestBytes, weights] = await Promise.all([fetchAsset(manifestPath as AssetPath, host), fetchAsset(weightsPath as AssetPath, host)]);
  return { manifest: JSON.parse(new TextDecoder().decode(manifestBytes)) as M, weights };
}

export interface LoadedTextModel {
  model: AttentionModel;
  manifest: TextModelManifest;
}

/**
 * The attention lab's transformer (assets/models/devil-transformer.json + .bin), with the
 * attention core that runs it, loaded together after first paint.
 */
export async function loadTextModel(name = 'devil-transformer', host?: string): Promise<LoadedTextModel> {
  const [{ parseTextModel }, { manifest, weights }] = await Promise.all([
    import('../core/attention/model.js'),
    fetchModelFiles<TextModelManifest>(name, host),
  ]);
  return { model: parseTextModel(weights, manifest), manifest };
}

/** The held-out text of the attention lab's model (assets/text/devil-validation.txt). */
export async function loadValidationText(host?: string): Promise<string> {
  return new TextDecoder().decode(await fetchAsset('text/devil-validation.txt', host));
}
