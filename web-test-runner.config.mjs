import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { chromiumArgs, ensureBrowser } from './scripts/browser.mjs';

export default {
  files: ['tests/components/**/*.test.ts', 'tests/conformance/**/*.test.ts'],
  nodeResolve: { exportConditions: ['production'] },
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' })],
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
