// Builds every output: the npm tree with types (tsc), the CDN bundles (rollup), the assets
// next to them, and custom-elements.json.
import { rmSync, cpSync } from 'node:fs';
import { run } from './run.mjs';

rmSync('dist', { recursive: true, force: true });
run('node', ['scripts/gen-uplot-css.mjs']);
run('npx', ['tsc', '-p', 'tsconfig.build.json']);
// The npm tree keeps the models and data sets where src/lib/asset-files.ts names them; the CDN
// build copies each one it finds named there (rollup.config.mjs).
cpSync('assets', 'dist/npm/assets', { recursive: true });
run('npx', ['rollup', '-c', 'rollup.config.mjs', '--silent']);
run('npx', ['cem', 'analyze', '--litelement', '--quiet']);
console.log('Built dist/npm, dist/cdn and custom-elements.json.');
