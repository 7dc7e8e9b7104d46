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
import { dirname, relative, resolve } from 'node:path';
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
/** A lab's component module imports the lab runtime (`lab.js`, or `model-lab.js` which extends it). */
const isLab = (entry) => {
  const component = entry.replace(/\/ml-([a-z-]+)\.js$/, '/$1.component.js');
  return existsSync(component) && /\/src\/lib\/lab\/(model-)?lab\.js'/.test(readFileSync(component, 'utf8'));
};
const name = (entry) => (entry.endsWith('src/index.js') ? 'mlsys-labs' : entry.split('/').pop().replace(/\.js$/, ''));

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
 * Files named by `new URL('<relative path>', import.meta.url)`, the form app bundlers recognise
 * too: the compute worker becomes `dist/cdn/compute-worker.js`, a chunk of its own, and each
 * shipped asset is copied to `dist/cdn/assets/` under its own name (the layout the README
 * documents for self-hosting). Each literal is rewritten to reach its file from whichever chunk
 * the code lands in.
 */
const urlLiteral = /new URL\('(\.\.?\/[^']+)', import\.meta\.url\)/g;
const assetsFolder = resolve(`${npmTree}/assets`);
const filesByUrl = {
  name: 'files-by-url',
  transform(code, id) {
    if (!code.includes('import.meta.url')) return null;
    const rewritten = code.replace(urlLiteral, (literal, path) => {
      const file = resolve(dirname(id), path);
      let reference;
      if (file === computeWorker) reference = this.emitFile({ type: 'chunk', id: file, fileName: 'compute-worker.js' });
      else if (file.startsWith(`${assetsFolder}/`)) reference = this.emitFile({ type: 'asset', fileName: `assets/${relative(assetsFolder, file)}`, source: readFileSync(file) });
      else this.error(`${literal} names a file this build does not know how to ship`);
      return `new URL(import.meta.ROLLUP_FILE_URL_${reference})`;
    });
    // A file named in another form (a template string, say) would ship pointing at nothing.
    if (rewritten.includes('/assets/') && /import\.meta\.url/.test(rewritten) && /['"`][./]*\/assets\//.test(rewritten)) {
      this.error(`${id} names an asset in a form this build does not rewrite: write new URL('<path>', import.meta.url) with a quoted literal`);
    }
    return rewritten === code ? null : { code: rewritten, map: null };
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
  filesByUrl,
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
