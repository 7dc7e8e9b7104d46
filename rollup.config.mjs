// CDN bundles: one minified ES module per element; one script tag is all a page needs.
//
// - The labs and `mlsys-labs.js` (every element) are built together and share chunks in
//   dist/cdn/chunks/: `lab-runtime` holds lit, uPlot and the kit (the lab runtime and everything it
//   imports), and each core a lab imports on demand is a chunk of its own. A page with several
//   labs downloads the shared code once.
// - Each shared element (ml-chart, ml-slider, …) is also one self-contained file, for a page that
//   uses it alone: it should not download the lab runtime, and a page with labs has it defined.
//
// Code a page needs only later (the Math Peek's typesetter, a model lab's engine) is a chunk
// loaded on demand. Input is tsc's output in dist/npm, so rollup only resolves, bundles and
// minifies. `chunks.json` lists what each file imports, statically and on demand, for the size
// check (scripts/sizes.mjs).
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import minifyHTML from '@lit-labs/rollup-plugin-minify-html-literals';

const npmTree = 'dist/npm';
const elementEntries = readdirSync(`${npmTree}/components`, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .flatMap((entry) =>
    readdirSync(`${npmTree}/components/${entry.name}`)
      .filter((file) => /^ml-[a-z-]+\.js$/.test(file))
      .map((file) => `${npmTree}/components/${entry.name}/${file}`),
  );
const labRuntime = resolve(`${npmTree}/src/lib/lab/lab.js`);
const computeWorker = resolve(`${npmTree}/src/lib/lab/compute-worker.js`);
/** A lab's component module imports the lab runtime. */
const isLab = (entry) => {
  const component = entry.replace(/\/ml-([a-z-]+)\.js$/, '/$1.component.js');
  return existsSync(component) && readFileSync(component, 'utf8').includes('/src/lib/lab/lab.js');
};
const name = (entry) => (entry.endsWith('src/index.js') ? 'mlsys-labs' : entry.split('/').pop().replace(/\.js$/, ''));

/**
 * CDN bundles keep their assets in `assets/` beside the entry files (see src/lib/asset-base.ts):
 * the base becomes `./assets/` in an entry file and `../assets/` in a chunk, whichever one the
 * module lands in.
 */
const assetsBesideBundle = {
  name: 'assets-beside-bundle',
  transform(code, id) {
    if (!id.endsWith('/src/lib/asset-base.js')) return null;
    const rewritten = code.replace("'../../assets/'", "'__ML_ASSETS__'");
    if (rewritten === code) this.error('src/lib/asset-base.js no longer holds the path this build rewrites');
    return { code: rewritten, map: null };
  },
  renderChunk(code, chunk) {
    if (!code.includes('__ML_ASSETS__')) return null;
    return { code: code.replace('__ML_ASSETS__', chunk.fileName.includes('/') ? '../assets/' : './assets/'), map: null };
  },
};

/** Adds each output file's static and on-demand imports to chunks.json (every build writes to it). */
const importGraph = {
  name: 'import-graph',
  writeBundle(options, bundle) {
    const file = `${options.dir}/chunks.json`;
    const graph = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
    for (const chunk of Object.values(bundle)) {
      if (chunk.type === 'chunk') graph[chunk.fileName] = { entry: chunk.isEntry, imports: chunk.imports, dynamicImports: chunk.dynamicImports };
    }
    writeFileSync(file, `${JSON.stringify(graph, null, 2)}\n`);
  },
};

/**
 * Puts the lab runtime and every module it imports statically in the chunk all labs share,
 * except what the compute worker imports too, at once or on demand: a worker must never load the
 * runtime's chunk (lit and the elements need a DOM), so those modules go to chunks of their own.
 */
function labRuntimeChunk() {
  let runtime;
  let sharedWithWorker;
  return (id, { getModuleInfo }) => {
    if (!runtime) {
      const reachable = (from, onDemandToo) => {
        const found = new Set();
        const add = (module) => {
          if (found.has(module)) return;
          found.add(module);
          const info = getModuleInfo(module);
          for (const imported of [...(info?.importedIds ?? []), ...(onDemandToo ? (info?.dynamicallyImportedIds ?? []) : [])]) add(imported);
        };
        add(from);
        return found;
      };
      const inWorker = reachable(computeWorker, true);
      runtime = reachable(labRuntime, false);
      // Named, or rollup would pull them into the runtime's chunk with the modules that import them.
      sharedWithWorker = new Set([...runtime].filter((module) => inWorker.has(module)));
    }
    if (sharedWithWorker.has(id)) return 'shared-with-worker';
    return runtime.has(id) ? 'lab-runtime' : undefined;
  };
}

/**
 * The compute worker is started from `new URL('./compute-worker.js', import.meta.url)`: in the
 * CDN build it becomes `dist/cdn/compute-worker.js`, and the URL is rewritten to reach it from
 * whichever chunk the code lands in.
 */
const computeWorkerFile = {
  name: 'compute-worker-file',
  transform(code, id) {
    if (!id.endsWith('/src/lib/lab/compute.js')) return null;
    const literal = "new URL('./compute-worker.js', import.meta.url)";
    if (!code.includes(literal)) this.error('src/lib/lab/compute.js no longer starts its worker as this build expects');
    const reference = this.emitFile({ type: 'chunk', id: computeWorker, fileName: 'compute-worker.js' });
    return { code: code.replaceAll(literal, `new URL(import.meta.ROLLUP_FILE_URL_${reference})`), map: null };
  },
  generateBundle(_options, bundle) {
    const chunk = (name) => bundle[name];
    const reached = new Set();
    const walk = (name) => {
      if (reached.has(name) || !chunk(name)) return;
      reached.add(name);
      for (const imported of [...chunk(name).imports, ...chunk(name).dynamicImports]) walk(imported);
    };
    walk('compute-worker.js');
    const dom = [...reached].filter((name) => name.includes('lab-runtime'));
    if (dom.length) this.error(`the compute worker would load ${dom.join(', ')}, which needs a DOM`);
  },
};

const plugins = () => [
  nodeResolve({ exportConditions: ['production'] }),
  assetsBesideBundle,
  computeWorkerFile,
  // Lit's html`` and css`` templates keep their whitespace unless minified here.
  minifyHTML(),
  terser({ format: { comments: false }, ecma: 2022, module: true, compress: { passes: 2 } }),
  importGraph,
];

const output = {
  dir: 'dist/cdn',
  entryFileNames: '[name].js',
  chunkFileNames: 'chunks/[name]-[hash].js',
  format: 'es',
  sourcemap: true,
};

const onwarn = (warning, warn) => {
  // uPlot's ESM build has no problems we can act on; everything else is reported.
  if (warning.code === 'THIS_IS_UNDEFINED') return;
  warn(warning);
};

const labs = [...elementEntries.filter(isLab), `${npmTree}/src/index.js`];
const sharedElements = elementEntries.filter((entry) => !isLab(entry));

export default [
  {
    input: Object.fromEntries(labs.map((entry) => [name(entry), entry])),
    output: { ...output, manualChunks: labRuntimeChunk() },
    plugins: plugins(),
    onwarn,
  },
  ...sharedElements.map((entry) => ({
    input: { [name(entry)]: entry },
    // The chunks may import what they share with the element from the element's own file,
    // rather than from a third file that both would load.
    preserveEntrySignatures: 'allow-extension',
    output,
    plugins: plugins(),
    onwarn,
  })),
];
