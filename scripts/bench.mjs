// npm run bench: measures the budgets of ARCHITECTURE.md (section Budgets) and prints them with
// ✓/✗; writes every number to bench/results.json. A measurement, not a test: it exits 0 whatever
// the numbers are, and non-zero only when something could not be measured.
//
// 1. Bundle sizes of dist/cdn (scripts/sizes.mjs).
// 2. First chart painted, per lab (elements built on MlLab in custom-elements.json): fresh
//    page loads of bench/lab.html?tag=<lab>, which loads only dist/cdn/<lab>.js. Time from the
//    script's arrival (its PerformanceResourceTiming.responseEnd, after which it is compiled and
//    run) to the paint of the frame holding the first uPlot canvas of the lab; median of 7.
// 3. Input → repaint, per control of each lab: every ml-slider, ml-select and ml-toggle
//    (found through the shadow roots) is stepped 100 times through its native input (the p95 of
//    100 steps is their 6th slowest; of 40, as before, it was the 3rd, and one pause of the
//    machine moved it by milliseconds). A step is
//    started just after a frame is painted; its latency is the main-thread time up to the
//    pixels: dispatch → the lab and all nested elements updated (the charts near the viewport
//    drawn; the lab is in a 1200 × 900 page), plus the next
//    frame's rendering (its rAF callback → a user-blocking task posted from it, which runs after
//    paint and before tasks the page queued, such as a lab's background work). The
//    wait for vsync in between is left out: it is idle time, not work. When a lab answers in
//    slices (it shows :state(stale) or :state(loading) meanwhile), the time until the answer
//    is painted is reported beside it ("answer"). Controls that appear only in other states (the image-size slider of a vision model) are found by trying every
//    option of the selects and toggles.
// 4. Core timings in node (scripts/bench-core.ts) and, when src/core/nn exists, full test-set
//    evaluation of each model in assets/models in node and in Chromium.
//
// `npm run bench -- ml-quant-lab` measures only the labs named (2 and 3) and writes no file.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { launchBrowser } from './browser.mjs';
import { serve } from './serve.mjs';
import { measureSizes, printSizes } from './sizes.mjs';

const FIRST_PAINT_BUDGET_MS = 150;
const INPUT_BUDGET_MS = 16;
const FIRST_PAINT_LOADS = 7;
const STEPS_PER_CONTROL = 100;
const VIEWPORT = { width: 1200, height: 900 };
const SETTLE_AFTER_LOAD_MS = 1500;

const started = performance.now();
const failures = [];
const ms = (value, digits = 1) => (value === undefined || value === null || Number.isNaN(value) ? '–' : `${value.toFixed(digits)} ms`);
const mark = (ok) => (ok ? '✓' : '✗');

function quantile(values, q) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

// ---------------------------------------------------------------------------------------------
// Build and sizes

if (!existsSync('dist/cdn')) {
  console.log('dist/cdn is missing: building first (node scripts/build.mjs)…');
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}

const allLabTags = JSON.parse(readFileSync('custom-elements.json', 'utf8'))
  .modules.flatMap((module) => module.declarations ?? [])
  .filter((declaration) => declaration.tagName && declaration.superclass?.name === 'MlLab')
  .map((declaration) => declaration.tagName)
  .sort();
const onlyLabs = process.argv.slice(2);
const unknownLabs = onlyLabs.filter((tag) => !allLabTags.includes(tag));
if (unknownLabs.length) {
  console.error(`No lab ${unknownLabs.join(', ')}; the labs are ${allLabTags.join(', ')}.`);
  process.exit(2);
}
const labTags = onlyLabs.length ? onlyLabs : allLabTags;

const loadAtStart = loadavg()[0];
console.log(`\nmlsys-labs bench: node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), load average ${loadAtStart.toFixed(1)}`);
if (loadAtStart > cpus().length * 0.5) {
  console.log(`  Other processes keep the CPUs busy (load ${loadAtStart.toFixed(1)} on ${cpus().length} CPUs): the timings below are inflated.`);
}
console.log('\nBundle sizes (dist/cdn, gzip -9)');
const sizes = measureSizes();
printSizes(sizes);

// ---------------------------------------------------------------------------------------------
// Browser measurements

/** Init script of the first-paint loads: resolves window.__firstPaint when the lab's first chart is painted. */
function firstPaintProbe() {
  const tag = new URLSearchParams(location.search).get('tag');
  if (!tag) return;
  const findCanvas = (root) => {
    for (const element of root.querySelectorAll('*')) {
      if (!element.shadowRoot) continue;
      if (element.localName === 'ml-chart') {
        const canvas = element.shadowRoot.querySelector('canvas');
        if (canvas && canvas.width > 0 && canvas.getBoundingClientRect().width > 0) return canvas;
      }
      const inner = findCanvas(element.shadowRoot);
      if (inner) return inner;
    }
    return null;
  };
  let definedAt;
  customElements.whenDefined(tag).then(() => (definedAt = performance.now()));
  window.__firstPaint = new Promise((resolve) => {
    const poll = () => {
      const lab = document.querySelector(tag);
      if (!lab?.shadowRoot || !findCanvas(lab.shadowRoot)) {
        requestAnimationFrame(poll);
        return;
      }
      const frameAt = performance.now();
      // A task posted from a rAF callback runs after that frame's style, layout and paint; at
      // user-blocking priority it runs before tasks the page queued (see controlLatencies).
      scheduler.postTask(
        () => {
          const paintedAt = performance.now();
          const script = performance.getEntriesByType('resource').find((entry) => new URL(entry.name).pathname === `/dist/cdn/${tag}.js`);
          resolve({ scriptStart: script?.responseEnd, scriptFetchStart: script?.startTime, definedAt, frameAt, paintedAt });
        },
        { priority: 'user-blocking' },
      );
    };
    requestAnimationFrame(poll);
  });
}

async function measureFirstPaint(browser, url, tag) {
  const loads = [];
  for (let i = 0; i < FIRST_PAINT_LOADS; i++) {
    const context = await browser.newContext({ viewport: VIEWPORT });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.addInitScript(firstPaintProbe);
    await page.goto(`${url}/bench/lab.html?tag=${tag}`);
    const timing = await page.evaluate(
      () => Promise.race([window.__firstPaint, new Promise((resolve) => setTimeout(() => resolve(null), 15000))]),
    );
    await context.close();
    if (!timing || timing.scriptStart === undefined) {
      throw new Error(`${tag}: no chart painted within 15 s${errors.length ? ` (page errors: ${errors.join('; ')})` : ''}`);
    }
    loads.push({
      firstPaintMs: timing.paintedAt - timing.scriptStart,
      definedMs: timing.definedAt - timing.scriptStart,
      fetchMs: timing.scriptStart - timing.scriptFetchStart,
    });
  }
  const paints = loads.map((load) => load.firstPaintMs);
  return {
    loads,
    medianMs: median(paints),
    minMs: Math.min(...paints),
    maxMs: Math.max(...paints),
    definedMedianMs: median(loads.map((load) => load.definedMs)),
    budgetMs: FIRST_PAINT_BUDGET_MS,
    ok: median(paints) <= FIRST_PAINT_BUDGET_MS,
  };
}

/** Runs in the page: steps every control of the lab and times each step to its repaint. */
async function controlLatencies({ tag, stepsPerControl }) {
  const lab = document.querySelector(tag);
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now())));
  // Posted from a rAF callback (or a promise it resolves), a task runs after that frame is
  // painted. At user-blocking priority it runs before the tasks the page queued meanwhile, such
  // as the first slice of background work a lab starts after the frame: that work comes after
  // the pixels and is timed as the "answer", not as the frame.
  const afterPaint = () => new Promise((resolve) => scheduler.postTask(() => resolve(performance.now()), { priority: 'user-blocking' }));
  const deep = (root, out = []) => {
    for (const element of root.querySelectorAll('*')) {
      out.push(element);
      if (element.shadowRoot) deep(element.shadowRoot, out);
    }
    return out;
  };
  /** Waits until the lab and every Lit element inside it have finished updating. */
  const settle = async () => {
    for (let round = 0; round < 10; round++) {
      const elements = [lab, ...deep(lab.shadowRoot)].filter((element) => element.updateComplete instanceof Promise);
      const done = await Promise.all(elements.map((element) => element.updateComplete));
      await new Promise((resolve) => queueMicrotask(resolve)); // uPlot commits its redraw in a microtask
      if (done.every(Boolean) && !elements.some((element) => element.isUpdatePending)) return;
    }
  };
  /** Waits while the lab loads a model or data set (`:state(loading)`), which has its own indicator. */
  const loaded = async () => {
    for (let i = 0; i < 500 && lab.matches(':state(loading)'); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    await settle();
  };
  const kinds = { 'ml-slider': 'slider', 'ml-select': 'select', 'ml-toggle': 'toggle' };
  const controls = () => {
    const seen = new Map();
    return deep(lab.shadowRoot)
      // A control the current state hides (a lab keeps it for later) is measured where it shows.
      .filter((element) => kinds[element.localName] && element.checkVisibility())
      .map((element) => {
        const base = `${kinds[element.localName]}:${element.label || '(no label)'}`;
        const n = (seen.get(base) ?? 0) + 1;
        seen.set(base, n);
        return { key: n > 1 ? `${base} #${n}` : base, kind: kinds[element.localName], label: element.label || '(no label)', element };
      });
  };
  const fire = (target, type) => target.dispatchEvent(new Event(type, { bubbles: true, composed: true }));

  /** The actions that step one control, one per step (they cycle through its positions). */
  const actionsFor = (control, count) => {
    const root = control.element.shadowRoot;
    if (control.kind === 'slider') {
      const input = root.querySelector('input[type=range]');
      const min = Number(input.min || 0);
      const max = Number(input.max || 100);
      let step = Number(input.step);
      if (!(step > 0)) step = (max - min) / 100;
      const positions = [];
      for (let i = 0; min + i * step <= max + step * 1e-9; i++) positions.push(String(min + i * step));
      const start = Math.max(0, positions.findIndex((position) => Number(position) >= Number(input.value)));
      return Array.from({ length: count }, (_, i) => () => {
        input.value = positions[(start + 1 + i) % positions.length];
        fire(input, 'input');
      });
    }
    if (control.kind === 'select') {
      const select = root.querySelector('select');
      const values = [...select.options].filter((option) => !option.disabled).map((option) => option.value);
      const start = Math.max(0, values.indexOf(select.value));
      return Array.from({ length: count }, (_, i) => () => {
        select.value = values[(start + 1 + i) % values.length];
        fire(select, 'input');
        fire(select, 'change');
      });
    }
    // Toggle: a click on the next radio, which fires the native input and change events.
    const value = (i) => {
      const radios = [...root.querySelectorAll('input[type=radio]')];
      const start = Math.max(0, radios.findIndex((radio) => radio.checked));
      return radios[(start + 1 + i) % radios.length];
    };
    return Array.from({ length: count }, () => () => value(0).click());
  };

  /** Puts the lab back into a state read from `lab.labState`, through its attributes. */
  const applyState = async (state) => {
    for (const [name, value] of Object.entries(state)) {
      if (value === false) lab.removeAttribute(name);
      else lab.setAttribute(name, value === true ? '' : String(value));
    }
    await loaded();
  };
  const find = (key) => controls().find((control) => control.key === key);
  /** Picks option `index` of a select or toggle (no timing). */
  const choose = async (control, index) => {
    const root = control.element.shadowRoot;
    if (control.kind === 'select') {
      const select = root.querySelector('select');
      const values = [...select.options].filter((option) => !option.disabled).map((option) => option.value);
      select.value = values[index];
      fire(select, 'input');
      fire(select, 'change');
    } else {
      const radio = root.querySelectorAll('input[type=radio]')[index];
      if (!radio.checked) radio.click();
    }
    await settle();
  };
  const optionCount = (control) =>
    control.kind === 'select'
      ? [...control.element.shadowRoot.querySelectorAll('option')].filter((option) => !option.disabled).length
      : control.element.shadowRoot.querySelectorAll('input[type=radio]').length;

  const results = [];
  const measured = new Set();
  /** Steps one control and times each step; then puts the lab back as it was. */
  const measure = async (control) => {
    measured.add(control.key);
    const before = lab.labState;
    const samples = [];
    for (const act of actionsFor(control, stepsPerControl)) {
      await frame();
      await afterPaint(); // start just after a frame was painted, as an input between frames does
      const t0 = performance.now();
      act();
      await settle();
      const updated = performance.now();
      const frameStart = await frame();
      const painted = await afterPaint();
      // A lab that computes the answer in slices shows the earlier results (:state(stale)) or a
      // progress bar (:state(loading)) meanwhile: the time until the answer is on screen.
      let answered = painted;
      if (lab.matches(':state(stale), :state(loading)')) {
        while (lab.matches(':state(stale), :state(loading)')) await frame();
        await settle();
        await frame();
        answered = await afterPaint();
      }
      samples.push({ latency: updated - t0 + (painted - frameStart), work: updated - t0, render: painted - frameStart, wall: painted - t0, answer: answered - t0 });
    }
    results.push({ key: control.key, kind: control.kind, label: control.label, samples });
    await applyState(before);
  };

  await settle();
  const initial = lab.labState;
  // Controls are looked up afresh before each is measured: one that another control hid and
  // showed again (an integer-only control while the format select went through float formats)
  // is a new element.
  for (const { key } of controls()) {
    const control = find(key);
    if (control && !measured.has(key)) await measure(control);
  }
  // Controls that exist only in other states (a vision model's image size): try every option of
  // every select and toggle, and measure what appears.
  for (const { key } of controls().filter((control) => control.kind !== 'slider')) {
    const count = optionCount(find(key));
    for (let index = 0; index < count; index++) {
      const chooser = find(key);
      if (!chooser) break;
      await choose(chooser, index);
      await loaded();
      for (;;) {
        const fresh = controls().find((control) => !measured.has(control.key));
        if (!fresh) break;
        await measure(fresh);
      }
    }
    await applyState(initial);
  }
  return { results };
}

async function measureInputLatency(browser, url, tag) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.addInitScript(firstPaintProbe);
  await page.goto(`${url}/bench/lab.html?tag=${tag}`);
  await page.evaluate(() => window.__firstPaint);
  // Readers move a control seconds after the page appears. In its first second V8 is still
  // compiling, on the other core, the code the page just ran, and the first control stepped
  // would pay for that; first paint (above) is where start-up is measured.
  await page.waitForTimeout(SETTLE_AFTER_LOAD_MS);
  const { results } = await page.evaluate(controlLatencies, { tag, stepsPerControl: STEPS_PER_CONTROL });
  await context.close();
  if (errors.length) console.log(`  (page errors while stepping ${tag}: ${[...new Set(errors)].slice(0, 3).join('; ')})`);
  const summarize = (samples) => {
    const latency = samples.map((sample) => sample.latency);
    return {
      steps: samples.length,
      p50Ms: quantile(latency, 0.5),
      p95Ms: quantile(latency, 0.95),
      maxMs: Math.max(...latency),
      workP95Ms: quantile(samples.map((sample) => sample.work), 0.95),
      renderP95Ms: quantile(samples.map((sample) => sample.render), 0.95),
      wallP50Ms: quantile(samples.map((sample) => sample.wall), 0.5),
      answerP50Ms: quantile(samples.map((sample) => sample.answer), 0.5),
      answerP95Ms: quantile(samples.map((sample) => sample.answer), 0.95),
      answeredLater: samples.some((sample) => sample.answer > sample.wall),
      ok: quantile(latency, 0.95) <= INPUT_BUDGET_MS,
    };
  };
  const withSamples = (samples) => ({
    ...summarize(samples),
    latenciesMs: samples.map((sample) => Math.round(sample.latency * 10) / 10),
  });
  const controls = results.map(({ key, kind, label, samples }) => ({ key, kind, label, ...withSamples(samples) }));
  return { budgetMs: INPUT_BUDGET_MS, controls, overall: summarize(results.flatMap((result) => result.samples)) };
}

// ---------------------------------------------------------------------------------------------
// Neural-network core in Chromium (bundled from src/core/nn with esbuild, served from memory)

async function nnInBrowser(browser, url) {
  if (!existsSync('src/core/nn/index.ts')) return { skipped: 'src/core/nn/index.ts does not exist' };
  if (!existsSync('assets/digits-14/test.bin')) return { skipped: 'assets/digits-14/test.bin does not exist' };
  const models = existsSync('assets/models')
    ? readdirSync('assets/models')
        .filter((file) => file.endsWith('.json'))
        .sort()
    : [];
  if (models.length === 0) return { skipped: 'no models in assets/models' };
  const { build } = await import('esbuild');
  const bundle = await build({
    stdin: { contents: "export * from './src/core/nn/index.ts';", resolveDir: process.cwd(), loader: 'ts', sourcefile: 'nn-bench-entry.ts' },
    bundle: true,
    format: 'esm',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const code = bundle.outputFiles[0].text;
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  await page.route('**/bench/nn-core.js', (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: code }));
  await page.goto(`${url}/bench/lab.html`);
  const result = await page.evaluate(async (files) => {
    const nn = await import('/bench/nn-core.js');
    const missing = ['benchmarkEvaluation', 'benchmarkDenseKernel', 'parseDigits', 'parseModel'].filter((name) => typeof nn[name] !== 'function');
    if (missing.length) return { skipped: `src/core/nn does not export ${missing.join(', ')}` };
    const now = () => performance.now();
    const bytes = async (path) => (await fetch(path)).arrayBuffer();
    const testSet = nn.parseDigits(await bytes('/assets/digits-14/test.bin'));
    const out = [];
    for (const file of files) {
      const manifest = await (await fetch(`/assets/models/${file}`)).json();
      const name = manifest.name ?? file.replace(/\.json$/, '');
      try {
        const model = nn.parseModel(await bytes(`/assets/models/${manifest.weights?.file ?? `${name}.bin`}`), manifest);
        out.push({ name, samples: testSet.count, ...nn.benchmarkEvaluation(model, testSet, now) });
      } catch (error) {
        out.push({ name, error: String(error?.message ?? error) });
      }
    }
    return { models: out, denseKernel: { shape: '10000×196 · 196×64', ...nn.benchmarkDenseKernel(now) } };
  }, models);
  await context.close();
  return result;
}

// ---------------------------------------------------------------------------------------------

const server = await serve({ root: '.' });
const browser = await launchBrowser();
const browserVersion = browser.version();
const firstPaint = {};
const inputLatency = {};
let nnBrowser;
try {
  console.log(`\nFirst chart painted (Chromium ${browserVersion}; median of ${FIRST_PAINT_LOADS} fresh loads, from the script's arrival; budget ≤ ${FIRST_PAINT_BUDGET_MS} ms)`);
  if (labTags.length === 0) console.log('  no labs in custom-elements.json');
  for (const tag of labTags) {
    try {
      const result = await measureFirstPaint(browser, server.url, tag);
      firstPaint[tag] = result;
      console.log(
        `  ${tag.padEnd(24)} ${ms(result.medianMs).padStart(9)}  (min ${ms(result.minMs, 0)}, max ${ms(result.maxMs, 0)}; element defined at ${ms(result.definedMedianMs, 0)})  ${mark(result.ok)}`,
      );
    } catch (error) {
      firstPaint[tag] = { error: error.message };
      failures.push(error.message);
      console.log(`  ${tag.padEnd(24)} ✗ ${error.message}`);
    }
  }

  console.log(`\nInput → repaint (${STEPS_PER_CONTROL} steps per control; dispatch → lab and charts updated, + the next frame's rendering; budget p95 ≤ ${INPUT_BUDGET_MS} ms)`);
  console.log('  (the wait for vsync between the two is idle time and is left out; "answer": until the new results are on screen,');
  console.log('   for controls whose results are computed in slices behind a progress bar while the page stays responsive)');
  for (const tag of labTags) {
    try {
      const result = await measureInputLatency(browser, server.url, tag);
      inputLatency[tag] = result;
      console.log(`  ${tag}`);
      console.log(`    ${'control'.padEnd(36)} ${'steps'.padStart(5)} ${'p50'.padStart(9)} ${'p95'.padStart(9)} ${'max'.padStart(9)}   p95 of update / of frame`);
      const row = (name, r) =>
        console.log(
          `    ${name.padEnd(36)} ${String(r.steps).padStart(5)} ${ms(r.p50Ms).padStart(9)} ${ms(r.p95Ms).padStart(9)} ${ms(r.maxMs).padStart(9)}   ${ms(r.workP95Ms)} + ${ms(r.renderP95Ms)}  ${mark(r.ok)}${r.answeredLater ? `   answer p50 ${ms(r.answerP50Ms)}, p95 ${ms(r.answerP95Ms)}` : ''}`,
        );
      for (const control of result.controls) row(`${control.kind.padEnd(7)} ${control.label}`, control);
      row('overall', result.overall);
    } catch (error) {
      inputLatency[tag] = { error: error.message };
      failures.push(`${tag} input latency: ${error.message}`);
      console.log(`  ${tag}: ✗ ${error.message}`);
    }
  }

  try {
    if (!onlyLabs.length) nnBrowser = await nnInBrowser(browser, server.url);
  } catch (error) {
    nnBrowser = { skipped: `nn core could not be bundled or run in Chromium: ${error.message}` };
  }
} finally {
  await browser.close();
  await server.close();
}

if (onlyLabs.length) {
  console.log(`\nMeasured ${onlyLabs.join(', ')} only; bench/results.json is written by a full run.`);
  process.exit(0);
}

// ---------------------------------------------------------------------------------------------
// Core timings in node

let core;
try {
  const output = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/bench-core.ts'], { encoding: 'utf8', maxBuffer: 16 << 20 });
  core = JSON.parse(output.trim().split('\n').pop());
} catch (error) {
  core = { error: error.message };
  failures.push(`core timings: ${error.message}`);
}

if (core.memory) {
  console.log(`\nMemory core (node ${core.node}; ${core.memory.evaluate.runs} runs; ${core.memory.scenario})`);
  console.log(`  ${'function'.padEnd(24)} ${'median'.padStart(9)} ${'p95'.padStart(9)}`);
  for (const name of ['evaluate', 'sweepTrainingMemory', 'estimateStep']) {
    const t = core.memory[name];
    console.log(`  ${name.padEnd(24)} ${ms(t.medianMs, 3).padStart(9)} ${ms(t.p95Ms, 3).padStart(9)}`);
  }
} else {
  console.log(`\nMemory core: ✗ ${core.error}`);
}

const nnNode = core.nn ?? { skipped: 'core timings failed' };
console.log(`\nNeural-network core: full test-set evaluation (median of runs; must fit ${INPUT_BUDGET_MS} ms to run on the main thread per input)`);
const nnRows = (where, nn) => {
  if (!nn || nn.skipped) {
    console.log(`  ${where.padEnd(9)} skipped: ${nn?.skipped ?? 'not measured'}`);
    return;
  }
  for (const model of nn.models) {
    if (model.error) {
      console.log(`  ${where.padEnd(9)} ${model.name.padEnd(6)} ✗ ${model.error}`);
      continue;
    }
    const fits = model.medianMs <= INPUT_BUDGET_MS;
    console.log(
      `  ${where.padEnd(9)} ${model.name.padEnd(6)} ${String(model.samples).padStart(5)} digits ${ms(model.medianMs).padStart(10)} (min ${ms(model.minMs)})  ${fits ? '✓ fits a frame' : '✗ longer than a frame: labs run it in slices behind a progress bar'}`,
    );
  }
  const dense = nn.denseKernel;
  console.log(`  ${where.padEnd(9)} dense kernel ${dense.shape}: ${dense.gflops.toFixed(2)} GFLOP/s (median ${ms(dense.medianMs)})`);
};
nnRows('node', nnNode);
nnRows('chromium', nnBrowser);

// ---------------------------------------------------------------------------------------------

const totalSeconds = (performance.now() - started) / 1000;
mkdirSync('bench', { recursive: true });
writeFileSync(
  'bench/results.json',
  `${JSON.stringify(
    {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, node: process.version, chromium: browserVersion, loadAverage: { start: loadAtStart, end: loadavg()[0] } },
      budgets: { bundleGzipBytes: 'see sizes[].budget', firstPaintMs: FIRST_PAINT_BUDGET_MS, inputP95Ms: INPUT_BUDGET_MS },
      sizes,
      firstPaint,
      inputLatency,
      core: core.memory ?? core,
      nn: { node: nnNode, chromium: nnBrowser },
      failures,
      seconds: totalSeconds,
    },
    null,
    2,
  )}\n`,
);
console.log(`\nWrote bench/results.json (${totalSeconds.toFixed(0)} s; load average at the end ${loadavg()[0].toFixed(1)}).`);
if (failures.length) {
  console.log(`Could not measure: ${failures.join('; ')}`);
  process.exitCode = 1;
}
