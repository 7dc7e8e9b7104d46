// An app built with Vite from the packed tarball, as a React or Vue site would build one: the
// package in the app's node_modules (its dependencies linked from this repository's), one import,
// one tag, Vite's default settings. Checked twice: the production build (`vite build`, served as
// static files) and the dev server, which pre-bundles dependencies. Each must show the
// quantization lab's accuracy, computed in its worker, with no failed request and no warning
// from Vite.
import { cpSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build, createLogger, createServer } from 'vite';
import { openPage, labResult } from './page-checks.mjs';
import { serve } from './serve.mjs';

function writeApp(packageRoot, app) {
  mkdirSync(join(app, 'node_modules'), { recursive: true });
  cpSync(packageRoot, join(app, 'node_modules/mlsys-labs'), { recursive: true });
  for (const name of readdirSync('node_modules')) {
    if (!name.startsWith('.') && name !== 'mlsys-labs') symlinkSync(resolve('node_modules', name), join(app, 'node_modules', name));
  }
  writeFileSync(join(app, 'package.json'), `${JSON.stringify({ name: 'consumer', private: true, type: 'module' })}\n`);
  writeFileSync(join(app, 'main.js'), "import 'mlsys-labs/ml-quant-lab';\n");
  writeFileSync(
    join(app, 'index.html'),
    '<!doctype html><meta charset="utf-8"><title>consumer</title><link rel="icon" href="data:,">\n<script type="module" src="/main.js"></script>\n<ml-quant-lab></ml-quant-lab>\n',
  );
}

/** Opens the app at `url` and returns what went wrong, with the accuracy it showed. */
async function checkApp(browser, url, version) {
  const { tab, problems } = await openPage(browser, url, { origins: [url] });
  const result = await tab.evaluate(labResult, { version });
  if (!(result.accuracy > 0.9) || result.engine !== 'worker') problems.push(`accuracy ${result.accuracy}, computed in the ${result.engine}`);
  await tab.close();
  return { problems, result };
}

/** Builds and serves the app both ways; returns the problems found and a line of report for each. */
export async function checkViteConsumer(packageRoot, app, browser) {
  writeApp(packageRoot, app);
  const { version } = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8'));
  const warnings = [];
  const logger = createLogger('warn');
  logger.warn = logger.warnOnce = (message) => warnings.push(message);
  const config = { root: app, configFile: false, customLogger: logger, logLevel: 'warn' };
  const problems = [];
  const report = [];

  await build(config);
  const built = await serve({ root: join(app, 'dist'), index: '/index.html' });
  try {
    const { problems: found, result } = await checkApp(browser, `${built.url}/`, version);
    problems.push(...[...warnings, ...found].map((problem) => `vite build: ${problem}`));
    report.push(`in a Vite app's production build, accuracy ${result.accuracy} from the ${result.engine}`);
  } finally {
    await built.close();
  }

  warnings.length = 0;
  const dev = await createServer({ ...config, server: { host: '127.0.0.1', port: 5173 } });
  await dev.listen();
  try {
    const { problems: found, result } = await checkApp(browser, dev.resolvedUrls.local[0], version);
    problems.push(...[...warnings, ...found].map((problem) => `vite dev server: ${problem}`));
    report.push(`on the Vite dev server (dependencies pre-bundled), accuracy ${result.accuracy} from the ${result.engine}`);
  } finally {
    await dev.close();
  }
  return { problems, report };
}
