// Packs the package as npm would publish it, unpacks it in a temporary folder, checks that its
// package.json has no install script, and loads the packed CDN files as pages would:
// 1. every element on one plain page served with a strict Content-Security-Policy (no inline
//    scripts or styles, no eval): each renders, with no error, no policy violation and no
//    request outside the package; the quantization and pruning labs show an accuracy, and the
//    attention lab its model's loss, computed in the page's compute worker;
// 2. the quantization lab under a policy that forbids workers (`worker-src 'none'`): it computes
//    on the page instead, and says so with a console note, not an error;
// 3. the quantization lab loaded from another origin (a CDN that sends CORS headers): its worker
//    starts through a `blob:` module and the lab shows an accuracy;
// 4. the same with `<ml-settings assets>` naming the site's own copy of the assets: every model
//    and data file comes from there;
// 5. a Vite app built from the tarball, production build and dev server (scripts/vite-consumer.mjs).
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { launchBrowser } from './browser.mjs';
import { openPage, labResult } from './page-checks.mjs';
import { serve } from './serve.mjs';
import { checkViteConsumer } from './vite-consumer.mjs';

const strictPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "object-src 'none'",
  "base-uri 'none'",
].join('; ');

const work = mkdtempSync(join(tmpdir(), 'mlsys-labs-pack-'));
const failures = [];
try {
  const output = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { encoding: 'utf8' });
  const tarball = output.trim().split('\n').pop();
  execFileSync('tar', ['-xzf', join(work, tarball), '-C', work]);
  const root = join(work, 'package');
  const files = readdirSync(join(root, 'dist/cdn')).filter((file) => /^ml-.*\.js$/.test(file));
  const manifest = JSON.parse(readFileSync(join(root, 'custom-elements.json'), 'utf8'));
  const packed = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const { version } = packed;
  // Installing the package must run nothing of ours (npm and others flag install scripts).
  for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) {
    if (packed.scripts?.[hook]) failures.push(`package.json: install script "${hook}"`);
  }
  const tags = manifest.modules.flatMap((module) => module.declarations ?? []).map((d) => d.tagName).filter(Boolean);
  const page = (scripts, body) => `<!doctype html><meta charset="utf-8"><title>pack check</title><link rel="icon" href="data:,">
${scripts.map((src) => `<script type="module" src="${src}"></script>`).join('\n')}
<body>${body}</body>`;
  writeFileSync(join(root, 'check.html'), page(files.map((file) => `/dist/cdn/${file}`), tags.map((tag) => `<${tag}></${tag}>`).join('\n')));
  writeFileSync(join(root, 'quant.html'), page(['/dist/cdn/ml-quant-lab.js'], '<ml-quant-lab></ml-quant-lab>'));

  const strict = await serve({ root, index: '/check.html', headers: { 'content-security-policy': strictPolicy } });
  const noWorkers = await serve({ root, index: '/quant.html', headers: { 'content-security-policy': `${strictPolicy}; worker-src 'none'` } });
  const cdn = await serve({ root, headers: { 'access-control-allow-origin': '*' } });
  const elsewhere = mkdtempSync(join(tmpdir(), 'mlsys-labs-site-'));
  writeFileSync(join(elsewhere, 'index.html'), page([`${cdn.url}/dist/cdn/ml-quant-lab.js`], '<ml-quant-lab></ml-quant-lab>'));
  // The self-hosted case loads the scripts from a CDN that has no assets at all: a file not taken
  // from the author's copy, by the page or by the worker, is a failed request and no accuracy.
  const bareCdn = join(work, 'bare-cdn');
  cpSync(join(root, 'dist/cdn'), bareCdn, { recursive: true });
  rmSync(join(bareCdn, 'assets'), { recursive: true });
  const bare = await serve({ root: bareCdn, headers: { 'access-control-allow-origin': '*' } });
  cpSync(join(root, 'dist/cdn/assets'), join(elsewhere, 'own-assets'), { recursive: true });
  writeFileSync(
    join(elsewhere, 'own.html'),
    page([`${bare.url}/ml-settings.js`, `${bare.url}/ml-quant-lab.js`], '<ml-settings assets="/own-assets"><ml-quant-lab></ml-quant-lab></ml-settings>'),
  );
  const site = await serve({ root: elsewhere, index: '/index.html' });
  const browser = await launchBrowser();
  const report = [];
  try {
    // 1. Every element under a strict policy.
    {
      const { tab, problems } = await openPage(browser, `${strict.url}/check.html`, { origins: [strict.url] });
      for (const tag of tags) {
        await tab.waitForFunction((name) => customElements.get(name) !== undefined, tag, { timeout: 10000 });
        const rendered = await tab.evaluate(async (name) => {
          const element = document.querySelector(name);
          await element.updateComplete;
          return element.shadowRoot !== null && element.shadowRoot.children.length > 0;
        }, tag);
        if (!rendered) problems.push(`<${tag}> did not render`);
      }
      const result = await tab.evaluate(labResult, { version });
      if (!(result.accuracy > 0.9) || result.engine !== 'worker') problems.push(`quantization lab: accuracy ${result.accuracy}, computed in the ${result.engine}`);
      const pruned = await tab.evaluate(labResult, { version, tag: 'ml-pruning-lab' });
      if (!(pruned.accuracy > 0.85) || pruned.engine !== 'worker') problems.push(`pruning lab: accuracy ${pruned.accuracy}, computed in the ${pruned.engine}`);
      const attention = await tab.evaluate(labResult, { version, tag: 'ml-attention-lab', readout: 'Loss on this text' });
      if (!(attention.accuracy > 0 && attention.accuracy < 4) || attention.engine !== 'worker') problems.push(`attention lab: loss ${attention.accuracy}, computed in the ${attention.engine}`);
      // Charts and strips draw only near the viewport, and everything before printing.
      await tab.waitForLoadState('networkidle');
      await tab.evaluate(() => dispatchEvent(new Event('beforeprint')));
      const assets = await tab.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.name.includes('/assets/')).length);
      failures.push(...problems.map((problem) => `strict CSP: ${problem}`));
      report.push(`${files.length} CDN files under a strict CSP, ${tags.length} elements rendered, ${assets} asset files loaded, accuracy ${result.accuracy} (quantization) and ${pruned.accuracy} (pruning), loss ${attention.accuracy} nats (attention) from the ${result.engine}`);
      await tab.close();
    }
    // 2. No workers allowed: the lab computes on the page. The browser reports the refused worker itself.
    {
      const { tab, problems, notes } = await openPage(browser, `${noWorkers.url}/quant.html`, { origins: [noWorkers.url], allowed: /worker-src|Refused to create a worker/ });
      const result = await tab.evaluate(labResult, { version });
      if (!(result.accuracy > 0.9) || result.engine !== 'page') problems.push(`accuracy ${result.accuracy}, computed in the ${result.engine}`);
      if (!notes.some((note) => note.includes('no compute worker could start'))) problems.push('no console note that the labs compute on the page');
      failures.push(...problems.map((problem) => `worker-src 'none': ${problem}`));
      report.push(`under worker-src 'none', accuracy ${result.accuracy} from the ${result.engine}`);
      await tab.close();
    }
    // 3. From another origin: the worker starts through a blob: module.
    {
      const { tab, problems } = await openPage(browser, `${site.url}/index.html`, { origins: [site.url, cdn.url] });
      const result = await tab.evaluate(labResult, { version });
      if (!(result.accuracy > 0.9) || result.engine !== 'worker') problems.push(`accuracy ${result.accuracy}, computed in the ${result.engine}`);
      failures.push(...problems.map((problem) => `cross-origin: ${problem}`));
      report.push(`from another origin, accuracy ${result.accuracy} from the ${result.engine}`);
      await tab.close();
    }
    // 4. An author's own copy of the assets, named page-wide: every model and data file comes from there.
    {
      const { tab, problems } = await openPage(browser, `${site.url}/own.html`, { origins: [site.url, bare.url] });
      const result = await tab.evaluate(labResult, { version });
      if (!(result.accuracy > 0.9) || result.engine !== 'worker') problems.push(`accuracy ${result.accuracy}, computed in the ${result.engine}`);
      failures.push(...problems.map((problem) => `self-hosted assets: ${problem}`));
      report.push(`with <ml-settings assets> and a CDN without assets, accuracy ${result.accuracy} from the ${result.engine}, every file from the author's copy`);
      await tab.close();
    }
    // 5. A Vite app, production build and dev server.
    {
      const { problems, report: lines } = await checkViteConsumer(root, join(work, 'vite-app'), browser);
      failures.push(...problems);
      report.push(...lines);
    }
  } finally {
    await browser.close();
    for (const server of [strict, noWorkers, cdn, bare, site]) await server.close();
    rmSync(elsewhere, { recursive: true, force: true });
  }
  if (failures.length > 0) {
    console.error(failures.join('\n'));
    process.exitCode = 1;
  } else {
    console.log(`  ${tarball}:\n${report.map((line) => `    ${line}`).join('\n')}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
