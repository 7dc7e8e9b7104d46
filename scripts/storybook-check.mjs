// The built Storybook deployed as a team would: `storybook-static/` served on its own, with
// nothing of the repository beside it. Every story must render with no error and no failed
// request, and each story of a model lab (quantization, pruning, attention) must load its model and show a result.
import { readFileSync } from 'node:fs';
import { launchBrowser } from './browser.mjs';
import { openPage, labResult } from './page-checks.mjs';
import { serve } from './serve.mjs';

const root = 'storybook-static';
const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
const stories = Object.values(JSON.parse(readFileSync(`${root}/index.json`, 'utf8')).entries).filter((entry) => entry.type === 'story');
const server = await serve({ root, index: '/index.html' });
const browser = await launchBrowser();
const failures = [];
let evaluated = 0;
try {
  for (const story of stories) {
    // A story's frame has no icon, so the browser asks for /favicon.ico and logs its 404; any other
    // failed request is still reported, by its URL.
    const { tab, problems } = await openPage(browser, `${server.url}/iframe.html?id=${story.id}&viewMode=story`, {
      origins: [server.url],
      allowed: /^Failed to load resource: the server responded with a status of 404/,
    });
    const rendered = await tab
      .waitForFunction(() => [...document.querySelectorAll('#storybook-root *')].some((element) => element.localName.startsWith('ml-') && element.shadowRoot?.childElementCount > 0), null, { timeout: 15000 })
      .then(() => true, () => false);
    if (!rendered) problems.push('nothing rendered');
    // A number from the same evaluation as the accuracy, which a story may ask the reader to
    // predict first (and may sit at a cliff: any number computed counts).
    for (const [tag, readout] of [['ml-quant-lab', 'Model size'], ['ml-pruning-lab', 'Parameters left'], ['ml-attention-lab', 'Loss on this text']]) {
      // The attention lab shows its model's loss in its pattern and ablation views (the cost and training views need no model).
      const shown = (name) => {
        const lab = document.querySelector(name);
        return lab !== null && (name !== 'ml-attention-lab' || ['pattern', 'ablation'].includes(lab.view));
      };
      if (!(await tab.evaluate(shown, tag))) continue;
      const { accuracy: value } = await tab.evaluate(labResult, { version, tag, readout });
      if (Number.isFinite(value)) evaluated++;
      else problems.push(`${tag} shows no result`);
    }
    failures.push(...problems.map((problem) => `${story.id}: ${problem}`));
    await tab.close();
  }
} finally {
  await browser.close();
  await server.close();
}
if (failures.length > 0) {
  console.error(failures.join('\n'));
  process.exitCode = 1;
} else {
  console.log(`  storybook-static served alone: ${stories.length} stories rendered, ${evaluated} model-lab stories evaluated their model`);
}
