// What the package and Storybook checks (pack-check, vite-consumer, storybook-check) ask of a page.

/**
 * In the page: waits until the model lab `tag` shows the number of its readout `readout` (its
 * test accuracy, unless said); returns it and where it was computed. The engine is looked up
 * under the package's version (package.json), so a VERSION in src/lib/define.ts left behind at a
 * release fails here.
 */
export async function labResult({ version, tag = 'ml-quant-lab', readout: label = 'Test accuracy' }) {
  const lab = document.querySelector(tag);
  for (let i = 0; i < 600; i++) {
    const readout = lab?.shadowRoot?.querySelector(`ml-readout[label="${label}"]`);
    if (readout && Number.isFinite(readout.value)) {
      const engine = globalThis[Symbol.for(`mlsys-labs.compute@${version}`)];
      return { accuracy: readout.value, engine: engine?.kind };
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { accuracy: NaN, engine: undefined };
}

/**
 * Opens `url` in a fresh page and records what goes wrong: page errors, console errors (but
 * those `allowed` matches), failed or 4xx/5xx requests, and requests to origins not in `origins`.
 */
export async function openPage(browser, url, { origins, allowed = /$^/ }) {
  const tab = await browser.newPage();
  const problems = [];
  const notes = [];
  tab.on('console', (message) => message.type() === 'info' && notes.push(message.text()));
  await tab.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`));
  });
  tab.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  tab.on('console', (message) => message.type() === 'error' && !allowed.test(message.text()) && problems.push(`console error: ${message.text()}`));
  tab.on('requestfailed', (request) => problems.push(`failed request: ${request.url()}`));
  tab.on('response', (response) => response.status() >= 400 && problems.push(`HTTP ${response.status()}: ${response.url()}`));
  tab.on('request', (request) => !origins.some((origin) => request.url().startsWith(origin)) && !request.url().startsWith('blob:') && problems.push(`outside request: ${request.url()}`));
  await tab.goto(url);
  return { tab, problems, notes };
}
