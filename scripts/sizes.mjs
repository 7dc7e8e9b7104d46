// Gzip sizes of the CDN files against the budgets in the design (docs/architecture.md, "Budgets"):
// - a lab alone ≤ 60 KB gzip to first paint: its entry plus every chunk it imports before
//   painting (statically), each gzipped as it is downloaded;
// - each further lab on the same page ≤ 25 KB gzip more: what a lab adds to a page that holds
//   another lab already (the chunks they share are downloaded once), the largest over all pairs;
// - a shared element (ml-chart, ml-slider, …) alone ≤ 40 KB gzip.
// Chunks loaded on demand after first paint (a model lab's engine, the Math Peek's typesetter)
// and the models and data sets are reported, not budgeted here. The all-in-one `mlsys-labs.js`
// is a convenience, not one widget: reported, not budgeted.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

export const budgetBytes = 40 * 1024;
export const labBudgetBytes = 60 * 1024;
export const furtherLabBudgetBytes = 25 * 1024;

/** Tags of the labs (elements built on MlLab), from custom-elements.json. */
export function labTags() {
  const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8'));
  const declarations = manifest.modules.flatMap((module) => module.declarations ?? []);
  const byName = new Map(declarations.map((declaration) => [declaration.name, declaration]));
  // A lab extends MlLab, directly or through another runtime class (MlModelLab).
  const isLab = (declaration) => declaration !== undefined && (declaration.name === 'MlLab' || isLab(byName.get(declaration.superclass?.name)));
  return new Set(declarations.filter((declaration) => declaration.tagName && isLab(declaration)).map((declaration) => declaration.tagName));
}

export function measureSizes(dir = 'dist/cdn') {
  const graph = JSON.parse(readFileSync(`${dir}/chunks.json`, 'utf8'));
  const gzip = new Map(Object.keys(graph).map((file) => [file, gzipSync(readFileSync(`${dir}/${file}`), { level: 9 }).length]));
  /** The file and everything it imports statically, transitively: what a page loads before it paints. */
  const firstPaint = (file, seen = new Set()) => {
    if (seen.has(file)) return seen;
    seen.add(file);
    // Rollup names imports by their file names in dist/cdn.
    for (const imported of graph[file].imports) firstPaint(imported, seen);
    return seen;
  };
  const bytesOf = (files) => [...files].reduce((sum, file) => sum + gzip.get(file), 0);
  const labs = labTags();
  const entries = Object.keys(graph).filter((file) => graph[file].entry && /^ml-.*\.js$/.test(file)).sort();
  const labEntries = entries.filter((file) => labs.has(file.replace(/\.js$/, '')));
  const rows = entries.map((file) => {
    const closure = firstPaint(file);
    const isLab = labEntries.includes(file);
    const budget = isLab ? labBudgetBytes : budgetBytes;
    const total = bytesOf(closure);
    const row = { file, entry: gzip.get(file), gzip: total, budget, ok: total <= budget };
    if (!isLab || labEntries.length < 2) return row;
    // With another lab already on the page, this one adds what the other did not load.
    const further = Math.max(...labEntries.filter((other) => other !== file).map((other) => bytesOf([...closure].filter((f) => !firstPaint(other).has(f)))));
    return { ...row, further, furtherBudget: furtherLabBudgetBytes, ok: row.ok && further <= furtherLabBudgetBytes };
  });
  const chunks = Object.keys(graph)
    .filter((file) => !entries.includes(file))
    .sort()
    .map((file) => ({ file, gzip: gzip.get(file), onDemand: !entries.some((entry) => firstPaint(entry).has(file)) }));
  return { rows, chunks };
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

export function printSizes({ rows, chunks }) {
  console.log(`  ${'element'.padEnd(26)} ${'to first paint'.padStart(15)}  (its own file)`);
  for (const { file, entry, gzip, budget, further, furtherBudget, ok } of rows) {
    const verdict = `${gzip <= budget ? '≤' : '>'} ${kb(budget)}`;
    const more = further === undefined ? '' : `; next to another lab +${kb(further)} ${further <= furtherBudget ? '≤' : '>'} ${kb(furtherBudget)}`;
    console.log(`  ${file.padEnd(26)} ${kb(gzip).padStart(15)}  (${kb(entry)})  ${verdict}${more} ${ok ? '✓' : '✗ over budget'}`);
  }
  console.log('  chunks:');
  for (const { file, gzip, onDemand } of chunks) console.log(`    ${file.padEnd(40)} ${kb(gzip).padStart(9)}${onDemand ? '  (loaded on demand)' : ''}`);
}

export const allWithinBudget = ({ rows }) => rows.every((row) => row.ok);

if (import.meta.url === `file://${process.argv[1]}`) {
  const sizes = measureSizes();
  printSizes(sizes);
  if (!allWithinBudget(sizes)) process.exit(1);
}
