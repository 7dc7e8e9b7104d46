// CDN bundles: one minified ES module per element (lit, uPlot and its core inside) and
// `mlsys-labs.js` with all of them. Code a page needs only later (the Math Peek's typesetter,
// loaded when a panel opens) is a chunk in dist/cdn/chunks/, which the element imports from
// beside itself. Input is tsc's output in dist/npm, so rollup only resolves, bundles and
// minifies.
import { readdirSync, existsSync } from 'node:fs';
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

const entries = [...elementEntries, `${npmTree}/src/index.js`].filter((file) => existsSync(file));

/** CDN bundles keep their assets in `./assets/` beside them (see src/lib/asset-base.ts). */
const assetsBesideBundle = {
  name: 'assets-beside-bundle',
  transform(code, id) {
    if (!id.endsWith('/src/lib/asset-base.js')) return null;
    const rewritten = code.replace("'../../assets/'", "'./assets/'");
    if (rewritten === code) this.error('src/lib/asset-base.js no longer holds the path this build rewrites');
    return { code: rewritten, map: null };
  },
};

export default entries.map((input) => ({
  input: { [input.endsWith('src/index.js') ? 'mlsys-labs' : input.split('/').pop().replace(/\.js$/, '')]: input },
  // The chunks may import what they share with the element from the element's own file,
  // rather than from a third file that both would load.
  preserveEntrySignatures: 'allow-extension',
  output: {
    dir: 'dist/cdn',
    entryFileNames: '[name].js',
    chunkFileNames: 'chunks/[name]-[hash].js',
    format: 'es',
    sourcemap: true,
  },
  plugins: [
    nodeResolve({ exportConditions: ['production'] }),
    assetsBesideBundle,
    // Lit's html`` and css`` templates keep their whitespace unless minified here.
    minifyHTML(),
    terser({ format: { comments: false }, ecma: 2022, module: true, compress: { passes: 2 } }),
  ],
  onwarn(warning, warn) {
    // uPlot's ESM build has no problems we can act on; everything else is reported.
    if (warning.code === 'THIS_IS_UNDEFINED') return;
    warn(warning);
  },
}));
