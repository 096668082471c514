#!/usr/bin/env node
// Benchmarks bimi-svg against the reference tools, measured in the same run:
//  1. batch: whole-process `bimi-svg check` over every simple-icons SVG (with
//     version="1.2" baseProfile="tiny-ps" added so that RELAX NG tools validate each
//     file fully) versus `xmllint --noout --relaxng` with the schema converted by trang;
//  2. single file: `bimi-svg check logo.svg` versus `node -e 0` and versus jing.
// Prints medians and ratios. Needs jing, trang and xmllint from Debian
// (apt-get install -y jing trang libxml2-utils); the corpus comes from npm.
// Usage: npm run bench [-- --runs 7]
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCorpora, writeCorpusFiles } from '../scripts/lib/corpora.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const arg = (name, fallback) => {
  const k = process.argv.indexOf(name);
  return k > 0 ? Number(process.argv[k + 1]) : fallback;
};
const RUNS = arg('--runs', 7);
const SINGLE_RUNS = arg('--single-runs', 21);
const cache = join(root, '.cache', 'bench');
const corpusDir = join(cache, 'simple-icons-tinyps');
const rng = join(cache, 'svg-tiny-ps.rng');
const sample = join(root, 'fixtures', 'samples', 'northwind-bimi.svg');
const bin = join(root, 'bin', 'bimi-svg.js');

function has(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}
function time(cmd, args, options = {}) {
  const started = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 256 * 1024 * 1024, ...options });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.error) throw r.error;
  return { ms, status: r.status, stderr: r.stderr?.toString() ?? '' };
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
/** Runs the commands interleaved, so that machine noise hits them alike. */
function compare(commands, runs) {
  const samples = commands.map(() => []);
  for (let r = 0; r < runs; r++) {
    commands.forEach((c, k) => samples[k].push(time(c.cmd, c.args, c.options).ms));
  }
  return samples.map(median);
}

const missing = ['xmllint', 'trang', 'jing'].filter((c) => !has(c));
if (missing.length > 0) {
  console.error(`bench: ${missing.join(', ')} not installed; run: apt-get install -y jing trang libxml2-utils`);
  process.exitCode = 2;
} else {
  await ensureCorpora({ log: (s) => console.error(s) });
  rmSync(corpusDir, { recursive: true, force: true });
  mkdirSync(corpusDir, { recursive: true });
  await writeCorpusFiles('simple-icons-tinyps', corpusDir);
  const files = readdirSync(corpusDir).filter((f) => f.endsWith('.svg')).sort();
  spawnSync('trang', ['-I', 'rnc', '-O', 'rng', join(root, 'schemas', 'svg-tiny-ps.rnc'), rng], { stdio: 'inherit' });

  // Sanity: both tools see the same corpus, and both accept it.
  const check1 = spawnSync(process.execPath, [bin, 'check', corpusDir, '--format', 'json', '--rule', 'require-two-colors=off'], { maxBuffer: 256 * 1024 * 1024 });
  const results = JSON.parse(check1.stdout.toString());
  const schemaClean = results.filter((r) => !r.messages.some((m) => m.tier === 'schema' || m.tier === 'xml')).length;
  const xl = spawnSync('xmllint', ['--noout', '--nonet', '--relaxng', rng, ...files], { cwd: corpusDir });
  const xmllintValid = (xl.stderr.toString().match(/ validates$/gm) ?? []).length;
  console.log(`corpus: ${files.length} simple-icons SVGs (simple-icons with version/baseProfile added)`);
  console.log(`  xmllint validates ${xmllintValid}/${files.length}; bimi-svg finds no schema error in ${schemaClean}/${results.length}`);

  const [bimiBatch, xmllintBatch, floorBatch] = compare(
    [
      { cmd: process.execPath, args: [bin, 'check', corpusDir, '--quiet', '--format', 'json', '--output', '/dev/null'] },
      { cmd: 'xmllint', args: ['--noout', '--nonet', '--relaxng', rng, ...files], options: { cwd: corpusDir } },
      { cmd: process.execPath, args: [join(root, 'bench', 'xmldom-floor.mjs'), corpusDir] },
    ],
    RUNS,
  );
  const [bimiOne, nodeNothing, jingOne] = compare(
    [
      { cmd: process.execPath, args: [bin, 'check', sample] },
      { cmd: process.execPath, args: ['-e', '0'] },
      { cmd: 'jing', args: ['-c', join(root, 'schemas', 'svg-tiny-ps.rnc'), sample] },
    ],
    SINGLE_RUNS,
  );

  const row = (name, ms, base, target) =>
    `  ${name.padEnd(46)} ${ms.toFixed(1).padStart(8)} ms   ${base ? `${(ms / base).toFixed(2)}×` : ''}${target ? `  (target ≤ ${target})` : ''}`;
  console.log(`\nbatch, ${files.length} files, whole process, median of ${RUNS} runs:`);
  console.log(row('xmllint --noout --relaxng (trang RNG)', xmllintBatch));
  console.log(row('bimi-svg check <dir>', bimiBatch));
  console.log(row('floor: node reading + xmldom parsing only', floorBatch));
  console.log(`  ratio bimi-svg / xmllint: ${(bimiBatch / xmllintBatch).toFixed(2)}× (target ≤ 1.0×)`);
  console.log(`  ratio floor / xmllint: ${(floorBatch / xmllintBatch).toFixed(2)}× (no checks at all)`);
  console.log(`\nsingle file (${sample.replace(root, '')}), median of ${SINGLE_RUNS} runs:`);
  console.log(row('node -e 0', nodeNothing));
  console.log(row('bimi-svg check <file>', bimiOne));
  console.log(row('jing -c svg-tiny-ps.rnc <file>', jingOne));
  console.log(`  ratio bimi-svg / node -e 0: ${(bimiOne / nodeNothing).toFixed(2)}× (target ≤ 1.5×)`);
  console.log(`  ratio bimi-svg / jing: ${(bimiOne / jingOne).toFixed(2)}×`);
}
