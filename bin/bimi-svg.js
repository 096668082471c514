#!/usr/bin/env node
// Starts the bundled CLI (dist/cli/bundle.cjs) with the V8 code cache written at build
// time, so that start-up compiles little; without the cache (or when V8 rejects
// it) it simply compiles from source. Sets the exit code and lets output flush;
// never calls process.exit().
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const filename = fileURLToPath(new URL('../dist/cli/bundle.cjs', import.meta.url));
const cacheFile = new URL('../dist/cli/bundle.cjs.cache', import.meta.url);
let cachedData;
try {
  cachedData = readFileSync(cacheFile);
} catch {}
const source = readFileSync(filename, 'utf8');
const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
  filename,
  cachedData,
});
const module = { exports: {} };
script.runInThisContext()(module.exports, createRequire(filename), module, filename, fileURLToPath(new URL('../dist/cli/', import.meta.url)));
// Modules loaded on demand (svgo and sharp for convert and preview) are imported here.
process.exitCode = await module.exports.main(process.argv.slice(2), { load: (specifier) => import(specifier) });
if (process.env.BIMI_SVG_WRITE_CODE_CACHE) writeFileSync(process.env.BIMI_SVG_WRITE_CODE_CACHE, script.createCachedData());
