// Screenshots for looking at what was built: the gallery (and, when built, Storybook stories)
// in light and dark, 360 px and 1200 px wide. Writes PNGs to screenshots/.
// Usage: node scripts/screenshots.mjs [storybook-story-id …]
import { mkdirSync } from 'node:fs';
import { launchBrowser } from './browser.mjs';
import { serve } from './serve.mjs';

const stories = process.argv.slice(2);
mkdirSync('screenshots', { recursive: true });
const server = await serve();
const browser = await launchBrowser();
try {
  for (const theme of ['light', 'dark']) {
    for (const width of [360, 1200]) {
      const page = await browser.newPage({ viewport: { width, height: 900 }, colorScheme: theme });
      page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
      await page.goto(`${server.url}/gallery/?theme=${theme}`);
      await page.waitForTimeout(2500);
      // Charts draw only near the viewport, and everything before printing.
      await page.evaluate(() => dispatchEvent(new Event('beforeprint')));
      await page.screenshot({ path: `screenshots/gallery-${theme}-${width}.png`, fullPage: true });
      // Each lab alone too (not the instructors' cards beside them), so a narrow layout can be read at full size.
      const labs = page.locator('main > section > *:not(h2, p, details)');
      for (let i = 0; i < (await labs.count()); i++) {
        await page.evaluate(() => dispatchEvent(new Event('beforeprint')));
        await labs.nth(i).screenshot({ path: `screenshots/lab-${i + 1}-${theme}-${width}.png` });
      }
      for (const id of stories) {
        await page.goto(`${server.url}/storybook-static/iframe.html?id=${id}&viewMode=story&globals=theme:${theme}`);
        await page.waitForTimeout(1200);
        await page.evaluate(() => dispatchEvent(new Event('beforeprint')));
        await page.screenshot({ path: `screenshots/story-${id}-${theme}-${width}.png`, fullPage: true });
      }
      await page.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}
console.log('Screenshots in screenshots/.');
