/**
 * The files the package ships, each named by a literal `new URL('…', import.meta.url)` of its
 * own. Bundlers (Vite, webpack 5, Parcel) recognise exactly that form: they copy the file into
 * the app's build, perhaps under a hashed name, and rewrite the URL; the CDN build does the same
 * (rollup.config.mjs). A URL built at run time, from a folder and a name, is found by none of
 * them, so every file is listed here rather than derived.
 */
export const shippedAssets = {
  'digits-14/test.bin': new URL('../../assets/digits-14/test.bin', import.meta.url),
  'digits-14/train.bin': new URL('../../assets/digits-14/train.bin', import.meta.url),
  'models/mlp.json': new URL('../../assets/models/mlp.json', import.meta.url),
  'models/mlp.bin': new URL('../../assets/models/mlp.bin', import.meta.url),
  'models/cnn.json': new URL('../../assets/models/cnn.json', import.meta.url),
  'models/cnn.bin': new URL('../../assets/models/cnn.bin', import.meta.url),
  'models/lenet-300-100.json': new URL('../../assets/models/lenet-300-100.json', import.meta.url),
  'models/lenet-300-100.bin': new URL('../../assets/models/lenet-300-100.bin', import.meta.url),
  'models/devil-transformer.json': new URL('../../assets/models/devil-transformer.json', import.meta.url),
  'models/devil-transformer.bin': new URL('../../assets/models/devil-transformer.bin', import.meta.url),
  'text/devil-validation.txt': new URL('../../assets/text/devil-validation.txt', import.meta.url),
};

/** A shipped file, by its path under the package's `assets/` folder. */
export type AssetPath = keyof typeof shippedAssets;
