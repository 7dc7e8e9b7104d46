// Builds every output: the npm tree with types (tsc), the CDN bundles (rollup), the assets
// next to them, and custom-elements.json.
import { rmSync, cpSync, existsSync } from 'node:fs';
import { run } from './run.mjs';

rmSync('dist', { recursive: true, force: true });
run('node', ['scripts/gen-uplot-css.mjs']);
run('npx', ['tsc', '-p', 'tsconfig.build.json']);
run('npx', ['rollup', '-c', 'rollup.config.mjs', '--silent']);
if (existsSync('assets')) {
  // Models and data sets load after first paint from files next to the scripts that use them.
  cpSync('assets', 'dist/cdn/assets', { recursive: true });
  cpSync('assets', 'dist/npm/assets', { recursive: true });
}
run('npx', ['cem', 'analyze', '--litelement', '--quiet']);
console.log('Built dist/npm, dist/cdn and custom-elements.json.');
