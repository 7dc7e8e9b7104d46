// Gzip sizes of the CDN bundles, checked against the budget in ARCHITECTURE.md (40 KB gzip
// per element file; models and data sets are separate assets and do not count).
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

export const budgetBytes = 40 * 1024;

export function measureSizes(dir = 'dist/cdn') {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.js'))
    .sort()
    .map((file) => {
      const raw = readFileSync(`${dir}/${file}`);
      const gzip = gzipSync(raw, { level: 9 }).length;
      // The all-in-one bundle is a convenience, not one widget: it is reported, not budgeted.
      const budgeted = file !== 'mlsys-labs.js';
      return { file, raw: raw.length, gzip, budget: budgeted ? budgetBytes : null, ok: !budgeted || gzip <= budgetBytes };
    });
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

export function printSizes(sizes) {
  for (const { file, raw, gzip, budget, ok } of sizes) {
    const verdict = budget === null ? '' : ok ? `  ≤ ${kb(budget)} ✓` : `  > ${kb(budget)} ✗ over budget`;
    console.log(`  ${file.padEnd(28)} ${kb(raw).padStart(9)} raw ${kb(gzip).padStart(9)} gzip${verdict}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sizes = measureSizes();
  printSizes(sizes);
  if (sizes.some((size) => !size.ok)) process.exit(1);
}
