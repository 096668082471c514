#!/usr/bin/env node
// Conversion time per logo over @iconify-json/logos (installed from npm into the
// ignored .cache/), in one whole-process run: convert() with verification (check of
// the output, rendering of input and output with sharp, pixel comparison) for every
// logo, one after the other, the way `bimi-svg convert` runs each file.
//
// The reference measured in the same process is svgo alone with its default preset
// on the same files: what the usual "run svgo, then fix by hand" route costs before
// any fixing or checking. It is there to put the figure in proportion, not as a target.
//
// Usage: npm run build && node bench/convert.mjs [--limit N]
// Prints the median and p95 per logo, the whole-process wall time, and ratios.
import { optimize } from 'svgo';
import { convert } from '../dist/convert/index.js';
import { ensureCorpora, loadCorpus } from '../scripts/lib/corpora.mjs';

const started = performance.now();
const k = process.argv.indexOf('--limit');
const limit = k > 0 ? Number(process.argv[k + 1]) : Infinity;

const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

await ensureCorpora();
const docs = (await loadCorpus('iconify-logos')).slice(0, limit);
const ours = [];
const svgo = [];
let ok = 0;
for (const doc of docs) {
  const title = doc.id.replace(/\.svg$/, '').replace(/-/g, ' ');
  let t = performance.now();
  const result = await convert(doc.text, { title });
  ours.push(performance.now() - t);
  if (result.valid && result.faithful) ok++;
  t = performance.now();
  try {
    optimize(doc.text, { multipass: false });
  } catch {
    /* svgo rejects a few inputs; its time still counts */
  }
  svgo.push(performance.now() - t);
}
const wall = performance.now() - started;
const row = (name, xs) => `  ${name.padEnd(44)} median ${percentile(xs, 50).toFixed(1).padStart(6)} ms   p95 ${percentile(xs, 95).toFixed(1).padStart(6)} ms`;
console.log(`convert, ${docs.length} iconify logos, one process (${ok} valid and faithful):`);
console.log(row('bimi-svg convert (verification included)', ours));
console.log(row('svgo optimize, default preset (reference)', svgo));
console.log(`  ratio median bimi-svg / svgo: ${(percentile(ours, 50) / percentile(svgo, 50)).toFixed(2)}×`);
console.log(`  target: median ≤ 30 ms per logo — ${percentile(ours, 50) <= 30 ? 'met' : 'NOT met'}`);
console.log(`  whole process, loading and corpus included: ${(wall / 1000).toFixed(1)} s (${(wall / docs.length).toFixed(1)} ms per logo)`);
