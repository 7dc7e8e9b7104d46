// `npm start`: builds when the build is missing or older than what it is made from, then serves
// the gallery. PORT picks the port; without it, 8000 or, when that is taken, any free one.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './run.mjs';
import { serve } from './serve.mjs';

/** What scripts/build.mjs reads, and what it writes last into each output. */
const buildInputs = ['src', 'components', 'assets', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'rollup.config.mjs', 'scripts/build.mjs'];
const buildOutputs = ['dist/npm/src/index.js', 'dist/cdn/mlsys-labs.js', 'dist/cdn/assets', 'custom-elements.json'];

/** The latest modification time of a file or of anything in a folder. */
function newest(path) {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return readdirSync(path).reduce((latest, entry) => Math.max(latest, newest(join(path, entry))), stats.mtimeMs);
}

function buildIsCurrent() {
  if (!buildOutputs.every((path) => existsSync(path))) return false;
  const built = Math.min(...buildOutputs.map((path) => statSync(path).mtimeMs));
  return buildInputs.filter((path) => existsSync(path)).every((path) => newest(path) <= built);
}

if (buildIsCurrent()) {
  console.log('The build in dist/ is newer than its sources: serving it (npm run build rebuilds).');
} else {
  console.log('Building, since dist/ is missing or older than its sources…');
  run('node', ['scripts/build.mjs']);
}

const asked = process.env.PORT;
if (asked !== undefined && !/^\d+$/.test(asked)) {
  console.error(`PORT=${asked} is not a port number.`);
  process.exit(1);
}
let server;
try {
  server = await serve({ port: asked === undefined ? 8000 : Number(asked) });
} catch (error) {
  if (error.code !== 'EADDRINUSE') throw error;
  if (asked !== undefined) {
    console.error(`Port ${asked} is in use: set PORT to another port, or leave it unset to take a free one.`);
    process.exit(1);
  }
  server = await serve();
  console.log(`Port 8000 is in use, so the gallery takes port ${new URL(server.url).port}.`);
}
console.log(`Gallery: ${server.url}/gallery/`);
console.log(`Storybook (after npm run build-storybook): ${server.url}/storybook-static/`);
console.log('Press Ctrl+C to stop.');
