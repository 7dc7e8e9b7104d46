// Packs the package as npm would publish it, unpacks it in a temporary folder, and loads the
// packed CDN files in a plain page served with a strict Content-Security-Policy (no inline
// scripts or styles, no eval): each element must render, with no error, no policy violation
// and no request outside the package.
import { mkdtempSync, readdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { launchBrowser } from './browser.mjs';
import { serve } from './serve.mjs';

const work = mkdtempSync(join(tmpdir(), 'mlsys-labs-pack-'));
try {
  const output = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { encoding: 'utf8' });
  const tarball = output.trim().split('\n').pop();
  execFileSync('tar', ['-xzf', join(work, tarball), '-C', work]);
  const root = join(work, 'package');
  const files = readdirSync(join(root, 'dist/cdn')).filter((file) => /^ml-.*\.js$/.test(file));
  const manifest = JSON.parse(execFileSync('cat', [join(root, 'custom-elements.json')], { encoding: 'utf8' }));
  const tags = manifest.modules.flatMap((module) => module.declarations ?? []).map((d) => d.tagName).filter(Boolean);

  const page = `<!doctype html><meta charset="utf-8"><title>pack check</title><link rel="icon" href="data:,">
${files.map((file) => `<script type="module" src="/dist/cdn/${file}"></script>`).join('\n')}
<body>${tags.map((tag) => `<${tag}></${tag}>`).join('\n')}</body>`;
  writeFileSync(join(root, 'check.html'), page);

  const strictPolicy = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "object-src 'none'",
    "base-uri 'none'",
  ].join('; ');
  let assetRequests = 0;
  const server = await serve({ root, index: '/check.html', headers: { 'content-security-policy': strictPolicy } });
  const browser = await launchBrowser();
  const problems = [];
  try {
    const tab = await browser.newPage();
    await tab.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) =>
        console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`),
      );
    });
    tab.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    tab.on('console', (message) => message.type() === 'error' && problems.push(`console error: ${message.text()}`));
    tab.on('requestfailed', (request) => problems.push(`failed request: ${request.url()}`));
    tab.on('response', (response) => response.status() >= 400 && problems.push(`HTTP ${response.status()}: ${response.url()}`));
    tab.on('request', (request) => !request.url().startsWith(server.url) && problems.push(`outside request: ${request.url()}`));
    await tab.goto(`${server.url}/check.html`);
    for (const tag of tags) {
      await tab.waitForFunction((name) => customElements.get(name) !== undefined, tag, { timeout: 10000 });
      const rendered = await tab.evaluate(async (name) => {
        const element = document.querySelector(name);
        await element.updateComplete;
        return element.shadowRoot !== null && element.shadowRoot.childNodes.length > 0;
      }, tag);
      if (!rendered) problems.push(`<${tag}> did not render`);
    }
    // Labs that load a model fetch it from the assets beside their bundle: let those finish.
    await tab.waitForLoadState('networkidle');
    // Charts and strips draw only near the viewport, and everything before printing.
    await tab.evaluate(() => dispatchEvent(new Event('beforeprint')));
    assetRequests = await tab.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.name.includes('/assets/')).length);
  } finally {
    await browser.close();
    await server.close();
  }
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    process.exit(1);
  }
  console.log(`  ${tarball}: ${files.length} CDN files loaded under a strict CSP, ${tags.length} elements rendered, ${assetRequests} asset files loaded.`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
