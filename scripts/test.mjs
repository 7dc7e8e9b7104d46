// `npm test`: every check a change must pass, in the order that fails fastest.
import { ensureBrowser } from './browser.mjs';
import { run } from './run.mjs';
import { allWithinBudget, measureSizes, printSizes } from './sizes.mjs';

const step = (title) => console.log(`\n▶ ${title}`);

step('Browser');
try {
  console.log(`  using ${ensureBrowser()}`);
} catch (error) {
  console.error(error.message);
  process.exit(1);
}

step('Type-check (cores under the DOM-free tsconfig.core.json)');
// Generated inputs the type-check reads: uPlot's stylesheet module and the manifest (Storybook's preview imports it).
run('npm', ['run', 'generate']);
run('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
run('npx', ['tsc', '-p', 'tsconfig.core.json', '--noEmit']);

step('Core tests (node)');
run('node', ['scripts/run-core-tests.mjs']);

step('Build');
run('node', ['scripts/build.mjs']);

step('Bundle sizes to first paint (gzip: 40 KB per shared element, 60 KB per lab, 25 KB more per further lab)');
const sizes = measureSizes();
printSizes(sizes);
if (!allWithinBudget(sizes)) {
  console.error('✗ A bundle is over its size budget.');
  process.exit(1);
}

step('Browser tests (components and conformance, headless Chromium)');
run('npx', ['wtr']);

step('Storybook build, then served on its own (every story renders; the quantization lab loads its model)');
run('npx', ['storybook', 'build', '-o', 'storybook-static', '--quiet']);
run('node', ['scripts/storybook-check.mjs']);

step('Package check (npm pack, then plain pages and a Vite app load the packed files)');
run('node', ['scripts/pack-check.mjs']);

console.log('\n✓ All checks passed.');
