import type { DigitsDataset, ModelManifest, Sequential } from '../core/nn/index.js';
import { assetBase } from './asset-base.js';

/**
 * Loads the models and data sets that ship with the package (never anything from elsewhere).
 * Each file is fetched once per page, however many labs use it; a failure says which file
 * and why, so a lab can show it in words.
 */
const downloads = new Map<string, Promise<ArrayBuffer>>();

function assetUrl(path: string): URL {
  return new URL(path, assetBase);
}

export function fetchAsset(path: string): Promise<ArrayBuffer> {
  let download = downloads.get(path);
  if (!download) {
    download = fetch(assetUrl(path)).then((response) => {
      if (!response.ok) throw new Error(`could not load ${path} (HTTP ${response.status})`);
      return response.arrayBuffer();
    });
    // A failed download may be retried later rather than cached.
    download.catch(() => downloads.delete(path));
    downloads.set(path, download);
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

/** The 2,000 held-out 14×14 MNIST test digits (assets/digits-14/test.bin). */
export async function loadTestDigits(): Promise<DigitsDataset> {
  const [{ parseDigits }, bytes] = await Promise.all([nn(), fetchAsset('digits-14/test.bin')]);
  return parseDigits(bytes);
}

export interface LoadedModel {
  model: Sequential;
  manifest: ModelManifest;
}

/**
 * A shipped trained model (assets/models/<name>.json + .bin), freshly built, so each lab can
 * change its own copy's weights.
 */
export async function loadModel(name: string): Promise<LoadedModel> {
  const [{ parseModel }, manifestBytes, weights] = await Promise.all([nn(), fetchAsset(`models/${name}.json`), fetchAsset(`models/${name}.bin`)]);
  const manifest = JSON.parse(new TextDecoder().decode(manifestBytes)) as ModelManifest;
  return { model: parseModel(weights, manifest), manifest };
}
