// npm run bench: measures the budgets of docs/architecture.md (section Budgets) and prints them with
// ✓/✗; writes every number to bench/results.json. A measurement, not a test: it exits 0 whatever
// the numbers are, and non-zero only when something could not be measured.
//
// 1. Bundle sizes of dist/cdn (scripts/sizes.mjs).
// 2. First chart painted, per lab (elements built on MlLab in custom-elements.json), against a
//    floor measured in the same run: fresh loads of bench/lab.html?tag=<lab> (which loads only
//    dist/cdn/<lab>.js and the chunks it imports) and of bench/lab.html?tag=ml-chart (one bare
//    <ml-chart> given 100 points), interleaved, 7 each. Times run from navigation start to the
//    paint of the frame holding the first uPlot canvas; a model lab's first result is the paint
//    after it leaves :state(loading). Budgets: first chart ≤ floor + 100 ms, first result ≤ floor
//    + 250 ms (medians). From first paint until the lab is idle, the Long Tasks API records every
//    main-thread task over 50 ms (budget: none).
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
//    Model labs are also stepped with each model (`model` attribute), fewer steps, for the time
//    until the model's new results are painted (budgets per model: MLP ≤ 100 ms, CNN ≤ 300 ms
//    at p95), with long tasks recorded throughout.
// 4. Core timings in node (scripts/bench-core.ts) and, when src/core/nn exists, full test-set
//    evaluation of each model in assets/models in node and in Chromium; the pruning lab's sweep
//    and the forward pass on dense kernels, CSR kernels and shrunk.
// 5. The pruning lab's sweep (from its first result until every curve is in) and fine-tuning on
//    demand (a click on its button): how long each takes and every main-thread task over 50 ms
//    meanwhile.
// 6. The optimizer lab on a trained network (surface="mlp", then "cnn"): its landscape (coarse
//    picture, then 33 × 33 points) and race computed in the compute worker; when each is on
//    screen, and every main-thread task over 50 ms from first paint until both are done.
// 7. The attention lab's live training (a click on its button): seconds until the induction
//    score rises past 0.3 (the phase change), and every main-thread task over 50 ms meanwhile.
//
// `npm run bench -- ml-quant-lab` measures only the labs named (2 and 3) and writes no file.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { launchBrowser } from './browser.mjs';
import { serve } from './serve.mjs';
import { labTags as findLabTags, measureSizes, printSizes } from './sizes.mjs';

const FIRST_PAINT_OVER_FLOOR_MS = 100;
const FIRST_RESULT_OVER_FLOOR_MS = 250;
const LONG_TASK_MS = 50;
const INPUT_BUDGET_MS = 16;
/** p95 from input to a model's new results on screen, per model a lab runs. */
const MODEL_ANSWER_BUDGETS_MS = { mlp: 100, cnn: 300 };
const FIRST_PAINT_LOADS = 7;
const STEPS_PER_CONTROL = 100;
const STEPS_PER_CONTROL_PER_MODEL = 20;
const FLOOR_TAG = 'ml-chart';
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

const allLabTags = [...findLabTags()].sort();
const onlyLabs = process.argv.slice(2);
const unknownLabs = onlyLabs.filter((tag) => !allLabTags.includes(tag));
if (unknownLabs.length) {
  console.error(`No lab ${unknownLabs.join(', ')}; the labs are ${allLabTags.join(', ')}.`);
  process.exit(2);
}
const labTags = onlyLabs.length ? onlyLabs : allLabTags;

/** The models a lab runs: its schema's `model` choices that have an answer budget, read from the element itself. */
async function modelChoices(browser, url, tag) {
  const { context, page } = await openLab(browser, url, tag);
  await page.evaluate((name) => customElements.whenDefined(name), tag);
  const choices = await page.evaluate((name) => customElements.get(name).schema?.params?.model?.choices?.map((choice) => choice.value) ?? [], tag);
  await context.close();
  return choices.filter((model) => model in MODEL_ANSWER_BUDGETS_MS);
}

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

/**
 * Init script of every bench page. `window.__firstPaint` resolves when the element's first chart
 * is painted, `window.__firstResult` when, after that, it has left :state(loading), and
 * `window.__idle()` once it has been out of :state(loading/running/stale) for half a second.
 * `window.__longTasks` collects every long task (Long Tasks API) with its start time.
 */
function firstPaintProbe() {
  const tag = new URLSearchParams(location.search).get('tag');
  window.__longTasks = [];
  new PerformanceObserver((list) => window.__longTasks.push(...list.getEntries().map((entry) => ({ startMs: entry.startTime, durationMs: entry.duration })))).observe({
    type: 'longtask',
    buffered: true,
  });
  if (!tag) return;
  const findCanvas = (element) => {
    if (element.localName === 'ml-chart') {
      const canvas = element.shadowRoot?.querySelector('canvas');
      if (canvas && canvas.width > 0 && canvas.getBoundingClientRect().width > 0) return canvas;
    }
    for (const inner of element.shadowRoot?.querySelectorAll('*') ?? []) {
      const canvas = findCanvas(inner);
      if (canvas) return canvas;
    }
    return null;
  };
  const element = () => document.querySelector(tag);
  /** Resolves with the time just after the frame in which `ready()` first holds is painted. */
  const paintedWhen = (ready) =>
    new Promise((resolve) => {
      const poll = () => {
        if (!ready()) {
          requestAnimationFrame(poll);
          return;
        }
        // A task posted from a rAF callback runs after that frame's style, layout and paint; at
        // user-blocking priority it runs before tasks the page queued (see controlLatencies).
        scheduler.postTask(() => resolve(performance.now()), { priority: 'user-blocking' });
      };
      requestAnimationFrame(poll);
    });
  window.__firstPaint = paintedWhen(() => element()?.shadowRoot && findCanvas(element()));
  window.__firstResult = window.__firstPaint.then(() => paintedWhen(() => !element().matches(':state(loading)')));
  window.__idle = async () => {
    const busy = () => element().matches(':state(loading), :state(running), :state(stale)');
    for (let quiet = 0; quiet < 30; ) {
      await new Promise((resolve) => requestAnimationFrame(resolve));
      quiet = busy() ? 0 : quiet + 1;
    }
    return performance.now();
  };
}

/** A fresh context with the bench page for `tag` (`attributes` on the element) loading, the probe installed. */
async function openLab(browser, url, tag, attributes = {}) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.addInitScript(firstPaintProbe);
  await page.goto(`${url}/bench/lab.html?${new URLSearchParams({ tag, ...attributes })}`);
  return { context, page, errors };
}

/** One fresh load of the bench page for `tag`: first paint, first result, idle, long tasks. */
async function loadOnce(browser, url, tag) {
  const { context, page, errors } = await openLab(browser, url, tag);
  const timing = await page.evaluate(async () => {
    const timeout = new Promise((resolve) => setTimeout(() => resolve(null), 15000));
    const paintedAt = await Promise.race([window.__firstPaint, timeout]);
    if (paintedAt === null) return null;
    const resultAt = await Promise.race([window.__firstResult, timeout]);
    const idleAt = await Promise.race([window.__idle(), new Promise((resolve) => setTimeout(() => resolve(null), 60000))]);
    // Evaluating the module graph before first paint is one task the platform decides.
    const longTasks = window.__longTasks.filter((task) => task.startMs >= paintedAt);
    return { paintedAt, resultAt, idleAt, longTasks };
  });
  await context.close();
  if (!timing) throw new Error(`${tag}: no chart painted within 15 s${errors.length ? ` (page errors: ${errors.join('; ')})` : ''}`);
  return timing;
}

/**
 * First paint of every lab against the floor (a bare ml-chart), loads interleaved so that a slow
 * phase of the machine weighs on both.
 */
async function measureFirstPaints(browser, url, tags) {
  const loads = Object.fromEntries([FLOOR_TAG, ...tags].map((tag) => [tag, []]));
  for (let i = 0; i < FIRST_PAINT_LOADS; i++) {
    for (const tag of [FLOOR_TAG, ...tags]) loads[tag].push(await loadOnce(browser, url, tag));
  }
  const floorMs = median(loads[FLOOR_TAG].map((load) => load.paintedAt));
  const floor = { medianMs: floorMs, minMs: Math.min(...loads[FLOOR_TAG].map((load) => load.paintedAt)), maxMs: Math.max(...loads[FLOOR_TAG].map((load) => load.paintedAt)) };
  const labs = Object.fromEntries(
    tags.map((tag) => {
      const paints = loads[tag].map((load) => load.paintedAt);
      const results = loads[tag].map((load) => load.resultAt);
      const longTasks = loads[tag].flatMap((load) => load.longTasks);
      const medianMs = median(paints);
      const resultMedianMs = median(results);
      const longestTaskMs = longTasks.length ? Math.max(...longTasks.map((task) => task.durationMs)) : 0;
      return [
        tag,
        {
          medianMs,
          minMs: Math.min(...paints),
          maxMs: Math.max(...paints),
          overFloorMs: medianMs - floorMs,
          budgetOverFloorMs: FIRST_PAINT_OVER_FLOOR_MS,
          ok: medianMs - floorMs <= FIRST_PAINT_OVER_FLOOR_MS,
          resultMedianMs,
          resultOverFloorMs: resultMedianMs - floorMs,
          resultBudgetOverFloorMs: FIRST_RESULT_OVER_FLOOR_MS,
          resultOk: resultMedianMs - floorMs <= FIRST_RESULT_OVER_FLOOR_MS,
          idleMedianMs: median(loads[tag].map((load) => load.idleAt ?? NaN)),
          longTasks: { count: longTasks.length, longestMs: longestTaskMs, ok: longTasks.length === 0 },
          loads: loads[tag],
        },
      ];
    }),
  );
  return { floor, labs };
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
  const steppingFrom = performance.now();
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
  const longTasks = window.__longTasks.filter((task) => task.startMs >= steppingFrom);
  return { results, longTasks };
}

async function measureInputLatency(browser, url, tag, attributes = {}, stepsPerControl = STEPS_PER_CONTROL) {
  const { context, page, errors } = await openLab(browser, url, tag, attributes);
  await page.evaluate(() => window.__firstPaint);
  // Readers move a control seconds after the page appears. In its first second V8 is still
  // compiling, on the other core, the code the page just ran, and the first control stepped
  // would pay for that; first paint (above) is where start-up is measured.
  await page.waitForTimeout(SETTLE_AFTER_LOAD_MS);
  const { results, longTasks } = await page.evaluate(controlLatencies, { tag, stepsPerControl });
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
  const longestTaskMs = longTasks.length ? Math.max(...longTasks.map((task) => task.durationMs)) : 0;
  return {
    budgetMs: INPUT_BUDGET_MS,
    controls,
    overall: summarize(results.flatMap((result) => result.samples)),
    longTasks: { count: longTasks.length, longestMs: longestTaskMs, ok: longTasks.length === 0 },
  };
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
      if (manifest.dataset?.name !== 'digits-14') continue; // digit classifiers only
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
// The pruning lab's long computations: its sweep (from first result until every method's curve is
// in) and fine-tuning on demand (a click on its button), each with the main thread's long tasks meanwhile

const PRUNE_TAG = 'ml-pruning-lab';

/** Seconds from `start` until `done` holds in the lab's shadow root, and the long tasks meanwhile. */
async function measurePruneWork(browser, url, work) {
  const { context, page, errors } = await openLab(browser, url, PRUNE_TAG);
  await page.evaluate(() => window.__firstResult);
  const result = await page.evaluate(async ({ tag, work }) => {
    const lab = document.querySelector(tag);
    const root = lab.shadowRoot;
    const isDone = {
      sweep: () => root.querySelector('ml-chart[part="chart"]')?.getAttribute('aria-busy') === 'false',
      'fine-tuning': () => root.querySelector('.fine-tune .result') !== null,
    }[work];
    const from = performance.now();
    if (work === 'fine-tuning') root.querySelector('.fine-tune button').click();
    while (!isDone() && performance.now() - from < 180000) await new Promise((resolve) => setTimeout(resolve, 50));
    const longTasks = window.__longTasks.filter((task) => task.startMs >= from);
    return { model: lab.model, setting: `${lab.method} ${lab.sparsity} %`, epochs: lab.fineTuneEpochs, done: isDone(), seconds: (performance.now() - from) / 1000, longTasks };
  }, { tag: PRUNE_TAG, work });
  await context.close();
  if (!result.done) throw new Error(`${work} not done within 180 s${errors.length ? ` (page errors: ${errors.join('; ')})` : ''}`);
  const longestMs = result.longTasks.length ? Math.max(...result.longTasks.map((task) => task.durationMs)) : 0;
  return { ...result, longTasks: { count: result.longTasks.length, longestMs, ok: result.longTasks.length === 0 } };
}

// ---------------------------------------------------------------------------------------------
// The optimizer lab on a trained network

const OPTIM_TAG = 'ml-optim-landscape';
const NETWORKS = ['mlp', 'cnn'];

/** The lab on a network: seconds from first paint to its first landscape picture, its race done and its landscape done; long tasks from first paint on. */
async function measureNetworkLab(browser, url, surface) {
  const { context, page, errors } = await openLab(browser, url, OPTIM_TAG, { surface });
  const result = await page.evaluate(async (tag) => {
    const paintedAt = await window.__firstPaint;
    const lab = document.querySelector(tag);
    const at = {};
    // The lab's own record of its work (private fields, read here only to know when it is done).
    const landscape = () => lab.landscape;
    const race = () => lab.race?.result;
    while (performance.now() - paintedAt < 300000) {
      const now = (performance.now() - paintedAt) / 1000;
      if (at.firstPicture === undefined && lab.shadowRoot.querySelector('ml-heatmap')) at.firstPicture = now;
      if (at.raceDone === undefined && race()?.complete) at.raceDone = now;
      if (at.landscapeDone === undefined && landscape()?.done) at.landscapeDone = now;
      if (at.raceDone !== undefined && at.landscapeDone !== undefined) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const longTasks = window.__longTasks.filter((task) => task.startMs >= paintedAt);
    const runs = race()?.runs.map((run) => ({ optimizer: run.name, testAccuracy: run.testAccuracies.at(-1) })) ?? [];
    return { ...at, runs, trainedLoss: landscape()?.grid?.trainedLoss, longTasks };
  }, OPTIM_TAG);
  await context.close();
  if (result.raceDone === undefined || result.landscapeDone === undefined) throw new Error(`${surface}: not done within 300 s${errors.length ? ` (page errors: ${errors.join('; ')})` : ''}`);
  const longestMs = result.longTasks.length ? Math.max(...result.longTasks.map((task) => task.durationMs)) : 0;
  return { surface, ...result, longTasks: { count: result.longTasks.length, longestMs, ok: longestMs <= LONG_TASK_MS } };
}

// ---------------------------------------------------------------------------------------------
// The attention lab training its attention-only model live

const TRAINING_TAG = 'ml-attention-lab';

/** A click on the attention lab's train button: seconds until the induction score rises, the steps it took, and long tasks meanwhile. */
async function measureLiveTraining(browser, url) {
  const { context, page, errors } = await openLab(browser, url, TRAINING_TAG, { view: 'training' });
  await page.evaluate(() => window.__firstResult);
  const result = await page.evaluate(async (tag) => {
    const lab = document.querySelector(tag);
    while (!lab.shadowRoot.querySelector('.training button')) await new Promise((resolve) => setTimeout(resolve, 50));
    const from = performance.now();
    lab.shadowRoot.querySelector('.training button').click();
    const text = () => lab.shadowRoot.querySelector('.training .result')?.textContent ?? '';
    const running = () => lab.matches(':state(running)');
    while (!/rose past/.test(text()) && (running() || performance.now() - from < 2000) && performance.now() - from < 600000) await new Promise((resolve) => setTimeout(resolve, 100));
    const rise = /rose past 0\.3 at step (\d+)/.exec(text());
    const seconds = (performance.now() - from) / 1000;
    const longTasks = window.__longTasks.filter((task) => task.startMs >= from);
    lab.shadowRoot.querySelector('.training button:last-of-type')?.click();
    return { rose: rise !== null, step: rise ? Number(rise[1]) : null, seconds, summary: text().trim(), longTasks };
  }, TRAINING_TAG);
  await context.close();
  if (!result.summary) throw new Error(`no training result${errors.length ? ` (page errors: ${errors.join('; ')})` : ''}`);
  const longestMs = result.longTasks.length ? Math.max(...result.longTasks.map((task) => task.durationMs)) : 0;
  return { ...result, longTasks: { count: result.longTasks.length, longestMs, ok: result.longTasks.length === 0 } };
}

// ---------------------------------------------------------------------------------------------

const server = await serve({ root: '.' });
const browser = await launchBrowser();
const browserVersion = browser.version();
const firstPaint = {};
const inputLatency = {};
let nnBrowser;
const pruneWork = {};
const networkLab = [];
let liveTraining;
try {
  console.log(
    `\nFirst chart painted (Chromium ${browserVersion}; median of ${FIRST_PAINT_LOADS} fresh loads each, interleaved, from navigation start; budgets: floor + ${FIRST_PAINT_OVER_FLOOR_MS} ms, first result floor + ${FIRST_RESULT_OVER_FLOOR_MS} ms, no task over ${LONG_TASK_MS} ms from first paint until idle)`,
  );
  if (labTags.length === 0) console.log('  no labs in custom-elements.json');
  try {
    const { floor, labs } = await measureFirstPaints(browser, server.url, labTags);
    firstPaint.floor = floor;
    console.log(`  ${'floor: one bare ml-chart'.padEnd(26)} ${ms(floor.medianMs).padStart(9)}  (min ${ms(floor.minMs, 0)}, max ${ms(floor.maxMs, 0)})`);
    for (const [tag, result] of Object.entries(labs)) {
      firstPaint[tag] = result;
      console.log(
        `  ${tag.padEnd(26)} ${ms(result.medianMs).padStart(9)}  floor +${ms(result.overFloorMs, 0)} ${mark(result.ok)}; first result floor +${ms(result.resultOverFloorMs, 0)} ${mark(result.resultOk)}; long tasks ${result.longTasks.count}${result.longTasks.count ? ` (longest ${ms(result.longTasks.longestMs, 0)})` : ''} ${mark(result.longTasks.ok)}`,
      );
    }
  } catch (error) {
    firstPaint.error = error.message;
    failures.push(error.message);
    console.log(`  ✗ ${error.message}`);
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
      console.log(`    long tasks while stepping: ${result.longTasks.count}${result.longTasks.count ? ` (longest ${ms(result.longTasks.longestMs, 0)})` : ''} ${mark(result.longTasks.ok)}`);
      const models = await modelChoices(browser, server.url, tag);
      if (models.length) result.models = {};
      for (const model of models) {
        const run = await measureInputLatency(browser, server.url, tag, { model }, STEPS_PER_CONTROL_PER_MODEL);
        const controls = run.controls.filter((control) => control.label !== 'Model');
        const p95 = Math.max(...controls.map((control) => control.answerP95Ms));
        const budget = MODEL_ANSWER_BUDGETS_MS[model];
        result.models[model] = { answerP95Ms: p95, budgetMs: budget, ok: p95 <= budget, steps: controls.reduce((sum, control) => sum + control.steps, 0), longTasks: run.longTasks, controls: run.controls };
        console.log(
          `    ${model}: new results painted p95 ≤ ${ms(p95)} after the input (worst control's p95, ${STEPS_PER_CONTROL_PER_MODEL} steps per control; budget ${budget} ms) ${mark(p95 <= budget)}; long tasks ${run.longTasks.count}${run.longTasks.count ? ` (longest ${ms(run.longTasks.longestMs, 0)})` : ''} ${mark(run.longTasks.ok)}`,
        );
      }
    } catch (error) {
      inputLatency[tag] = { error: error.message };
      failures.push(`${tag} input latency: ${error.message}`);
      console.log(`  ${tag}: ✗ ${error.message}`);
    }
  }

  if (labTags.includes(PRUNE_TAG)) {
    console.log(`\n${PRUNE_TAG}: its long computations in the worker (no main-thread task over ${LONG_TASK_MS} ms meanwhile)`);
    for (const [work, what] of [['sweep', 'the sweep, after the first result'], ['fine-tuning', 'fine-tuning on demand']]) {
      try {
        const run = (pruneWork[work] = await measurePruneWork(browser, server.url, work));
        const setting = work === 'sweep' ? 'every method, 0–99 %' : `${run.setting}, ${run.epochs} epochs`;
        console.log(
          `  ${what}: ${run.model}, ${setting}: done ${run.seconds.toFixed(1)} s later; long tasks ${run.longTasks.count}${run.longTasks.count ? ` (longest ${ms(run.longTasks.longestMs, 0)})` : ''} ${mark(run.longTasks.ok)}`,
        );
      } catch (error) {
        pruneWork[work] = { error: error.message };
        failures.push(`${work}: ${error.message}`);
        console.log(`  ✗ ${error.message}`);
      }
    }
  }

  if (labTags.includes(OPTIM_TAG)) {
    console.log(`\n${OPTIM_TAG} on a trained network: landscape and race in the compute worker (no main-thread task over ${LONG_TASK_MS} ms meanwhile)`);
    for (const surface of NETWORKS) {
      try {
        const run = await measureNetworkLab(browser, server.url, surface);
        networkLab.push(run);
        const s = (value) => `${value.toFixed(1)} s`;
        console.log(
          `  ${surface.padEnd(5)} first picture ${s(run.firstPicture)}, race done ${s(run.raceDone)}, landscape done ${s(run.landscapeDone)} after first paint; long tasks ${run.longTasks.count}${run.longTasks.count ? ` (longest ${ms(run.longTasks.longestMs, 0)})` : ''} ${mark(run.longTasks.ok)}`,
        );
      } catch (error) {
        networkLab.push({ surface, error: error.message });
        failures.push(`optimizer lab on ${surface}: ${error.message}`);
        console.log(`  ✗ ${error.message}`);
      }
    }
  }

  if (labTags.includes(TRAINING_TAG)) {
    console.log(`\n${TRAINING_TAG}: live training until the induction score rises past 0.3 (no main-thread task over ${LONG_TASK_MS} ms meanwhile)`);
    try {
      liveTraining = await measureLiveTraining(browser, server.url);
      console.log(
        `  ${liveTraining.rose ? `rose at step ${liveTraining.step}, ${liveTraining.seconds.toFixed(1)} s after the click` : `did not rise (${liveTraining.summary})`}; long tasks ${liveTraining.longTasks.count}${liveTraining.longTasks.count ? ` (longest ${ms(liveTraining.longTasks.longestMs, 0)})` : ''} ${mark(liveTraining.longTasks.ok)}`,
      );
    } catch (error) {
      liveTraining = { error: error.message };
      failures.push(`live training: ${error.message}`);
      console.log(`  ✗ ${error.message}`);
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
  for (const name of ['evaluate', 'evaluateBatchMoved', 'sweepTrainingMemory', 'trainingSpeed']) {
    const t = core.memory[name];
    console.log(`  ${name.padEnd(24)} ${ms(t.medianMs, 3).padStart(9)} ${ms(t.p95Ms, 3).padStart(9)}`);
  }
} else {
  console.log(`\nMemory core: ✗ ${core.error}`);
}

if (core.optim) {
  console.log(`\nOptimizer core (node; ${core.optim.scenario})`);
  console.log(`  ${'function'.padEnd(24)} ${'median'.padStart(9)} ${'p95'.padStart(9)}`);
  for (const name of ['evaluate', 'largestRace']) {
    const t = core.optim[name];
    console.log(`  ${name.padEnd(24)} ${ms(t.medianMs, 3).padStart(9)} ${ms(t.p95Ms, 3).padStart(9)}`);
  }
  for (const { model, landscape, race } of core.optim.network ?? []) {
    console.log(
      `  ${model.padEnd(5)} landscape to 33 × 33: ${landscape.seconds.toFixed(1)} s (longest step ${ms(landscape.longestStepMs)}); race of ${race.optimizers.join(', ')}, ${race.trainingSteps} minibatches each: ${race.seconds.toFixed(1)} s (longest step ${ms(race.longestStepMs)})`,
    );
  }
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

const prune = core.prune ?? { skipped: 'core timings failed' };
console.log('\nPruning core (node): the pruning lab\'s whole sweep, and one forward pass of 100 test images (median of 9)');
if (prune.skipped) console.log(`  skipped: ${prune.skipped}`);
for (const model of prune.models ?? []) {
  console.log(`  ${model.name.padEnd(14)} sweep of every method, 0–99 %: ${ms(model.sweepMs, 0)}`);
  for (const t of model.timings) {
    console.log(`    ${t.setting.padEnd(20)} dense kernels ${ms(t.denseMs, 2).padStart(9)}   CSR kernels ${ms(t.csrMs, 2).padStart(9)}   shrunk ${ms(t.shrunkMs, 2).padStart(9)}`);
  }
}

// ---------------------------------------------------------------------------------------------

const totalSeconds = (performance.now() - started) / 1000;
mkdirSync('bench', { recursive: true });
writeFileSync(
  'bench/results.json',
  `${JSON.stringify(
    {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, node: process.version, chromium: browserVersion, loadAverage: { start: loadAtStart, end: loadavg()[0] } },
      budgets: {
        bytes: 'see sizes.rows[].budget and furtherBudget',
        firstPaintOverFloorMs: FIRST_PAINT_OVER_FLOOR_MS,
        firstResultOverFloorMs: FIRST_RESULT_OVER_FLOOR_MS,
        longTaskMs: LONG_TASK_MS,
        inputP95Ms: INPUT_BUDGET_MS,
        modelAnswerP95Ms: MODEL_ANSWER_BUDGETS_MS,
      },
      sizes,
      firstPaint,
      inputLatency,
      core: core.memory ?? core,
      optimCore: core.optim,
      nn: { node: nnNode, chromium: nnBrowser },
      prune,
      pruneWork,
      networkLab,
      liveTraining,
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
