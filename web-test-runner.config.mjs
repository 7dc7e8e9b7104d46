import { existsSync } from 'node:fs';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { chromiumArgs, ensureBrowser } from './scripts/browser.mjs';

/**
 * Test command `accessible-names`: the names Chromium's accessibility tree gives the nodes of a
 * role (`{ role: 'radio' }`; `'*'` for every node, text included), which is what a screen reader
 * announces; the page has no API for it.
 */
const accessibleNamesPlugin = {
  name: 'accessible-names',
  async executeCommand({ command, payload, session }) {
    if (command !== 'accessible-names') return undefined;
    const page = session.browser.getPage(session.id);
    const cdp = await page.context().newCDPSession(page);
    try {
      const { nodes } = await cdp.send('Accessibility.getFullAXTree');
      return nodes.filter((node) => !node.ignored && (payload.role === '*' || node.role?.value === payload.role)).map((node) => node.name?.value ?? '');
    } finally {
      await cdp.detach();
    }
  },
};

export default {
  files: ['tests/components/**/*.test.ts', 'tests/conformance/**/*.test.ts'],
  nodeResolve: { exportConditions: ['production'] },
  // The sources name modules by their built names (.js); a URL made at run time, such as the
  // compute worker's, is asked for as .js too: serve the .ts source in its place.
  middleware: [
    (context, next) => {
      const source = `.${context.path.replace(/\.js$/, '.ts')}`;
      if (context.path.endsWith('.js') && !existsSync(`.${context.path}`) && existsSync(source)) context.path = source.slice(1);
      return next();
    },
  ],
  // esnext: an older target would strip the `with { type: 'json' }` of a JSON module import.
  plugins: [esbuildPlugin({ ts: true, target: 'esnext', tsconfig: './tsconfig.json' }), accessibleNamesPlugin],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: { executablePath: ensureBrowser(), args: chromiumArgs, headless: true },
    }),
  ],
  concurrency: 1,
  // The conformance suite renders every element a few thousand times (the leak check).
  testsFinishTimeout: 600_000,
  testFramework: { config: { timeout: 120_000 } },
  testRunnerHtml: (testFramework) => `<!doctype html>
    <html><head><meta charset="utf-8"></head>
    <body><script type="module" src="${testFramework}"></script></body></html>`,
};
