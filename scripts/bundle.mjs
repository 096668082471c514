#!/usr/bin/env node
// Bundles the command-line program so that `bimi-svg` starts fast:
//  - dist/cli/bundle.cjs: the CLI in one CommonJS file (one module to load instead of
//    ~90), run by bin/bimi-svg.js through vm.Script with a V8 code cache. It sits next
//    to tsc's dist/cli/*.js so that its lazy imports (convert, preview: svgo and sharp,
//    never loaded for `check`) resolve to the same unbundled modules;
//  - dist/cli/bundle.cjs.cache: that code cache, written by a warm-up run of the CLI on
//    the bundled samples (V8 rejects it safely if Node changes, and the CLI then
//    compiles from source as usual);
//  - dist/cli/check-worker.js: the worker thread for large batches, bundled too.
// The library entry (dist/index.js, from tsc) is not bundled.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

/**
 * xmldom ships the 2,000-entry HTML entity table for text/html parsing; bimi-svg
 * only parses application/xml, which uses the five XML entities. Leaving the HTML
 * table out of the bundle saves a third of its start-up work.
 */
const xmlEntitiesOnly = {
  name: 'xml-entities-only',
  setup(b) {
    b.onLoad({ filter: /@xmldom[\\/]xmldom[\\/]lib[\\/]entities\.js$/ }, () => ({
      loader: 'js',
      contents: `var freeze = require('./conventions').freeze;
exports.XML_ENTITIES = freeze({ amp: '&', apos: "'", gt: '>', lt: '<', quot: '"' });
exports.HTML_ENTITIES = exports.XML_ENTITIES;
exports.entityMap = exports.XML_ENTITIES;`,
      resolveDir: 'node_modules/@xmldom/xmldom/lib',
    }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  minify: true,
  keepNames: true,
  legalComments: 'linked',
  logLevel: 'warning',
  external: ['tinyglobby', 'svgo', 'sharp', 'css-tree', 'css-select', 'svgpath'],
  plugins: [xmlEntitiesOnly],
};

await build({
  ...common,
  format: 'cjs',
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/cli/bundle.cjs',
  define: {
    'import.meta.url': '__bimiModuleUrl',
    __BIMI_SVG_VERSION__: JSON.stringify(JSON.parse(readFileSync('package.json', 'utf8')).version),
  },
  banner: { js: "const __bimiModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
});
// parallel.ts starts new URL('./check-worker.js', import.meta.url): next to the bundle.
await build({
  ...common,
  format: 'esm',
  entryPoints: ['src/cli/check-worker.ts'],
  outfile: 'dist/cli/check-worker.js',
  allowOverwrite: true,
  banner: { js: "import { createRequire as __bimiCreateRequire } from 'node:module'; const require = __bimiCreateRequire(import.meta.url);" },
});

rmSync('dist/cli/bundle.cjs.cache', { force: true });
const warm = spawnSync(process.execPath, ['bin/bimi-svg.js', 'check', 'fixtures/samples/northwind-bimi.svg', 'fixtures/samples/northwind-export.svg'], {
  env: { ...process.env, BIMI_SVG_WRITE_CODE_CACHE: 'dist/cli/bundle.cjs.cache' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (warm.status !== 0 && warm.status !== 1) {
  console.error(`bundle: the warm-up run of the CLI failed (exit ${warm.status})`);
  process.exitCode = 1;
}
