/**
 * Where the package's models and data sets are, relative to this module. In the source and the
 * npm tree the `assets/` folder sits two levels up; each CDN bundle has its own copy next to
 * it, and the rollup build points this at `./assets/` there (rollup.config.mjs), so one script
 * tag from a CDN finds its files with no configuration.
 */
export const assetBase = new URL('../../assets/', import.meta.url);
