#!/usr/bin/env node
// Converts every logo of the corpora (@iconify-json/logos as standalone SVG files,
// flag-icons 4x3 and 1x1) and reports: the share converted to a file that passes
// bimi-svg check AND jing with the official RNC, the share faithful, every refusal
// reason with its count, crashes, and the time per logo (median, p95, in this one
// process, verification included).
// Usage: npm run build && node scripts/convert-corpus.mjs [--corpus iconify-logos|flag-icons] [--limit N] [--json out.json]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { convert } from '../dist/convert/index.js';
import { ensureCorpora, loadCorpus, REPO_ROOT } from './lib/corpora.mjs';

const arg = (name) => {
  const k = process.argv.indexOf(name);
  return k > 0 ? process.argv[k + 1] : undefined;
};
const corpora = arg('--corpus') ? [arg('--corpus')] : ['iconify-logos', 'flag-icons'];
const limit = Number(arg('--limit') ?? Infinity);
const hasJing = spawnSync('sh', ['-c', 'command -v jing']).status === 0;

function titleFor(corpus, id) {
  const name = id.replace(/\.svg$/, '').replace(/^(4x3|1x1)\//, '');
  return corpus === 'flag-icons' ? `Flag ${name.toUpperCase()}` : name.replace(/-/g, ' ');
}

const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

await ensureCorpora();
const report = {};
for (const corpus of corpora) {
  const docs = (await loadCorpus(corpus)).slice(0, limit);
  const outDir = mkdtempSync(join(tmpdir(), `bimi-convert-${corpus}-`));
  const rows = [];
  const times = [];
  let crashes = 0;
  for (const doc of docs) {
    const started = performance.now();
    let result;
    try {
      result = await convert(doc.text, { title: titleFor(corpus, doc.id) });
    } catch (e) {
      crashes++;
      rows.push({ id: doc.id, crash: String(e && e.stack ? e.stack : e) });
      continue;
    }
    times.push(performance.now() - started);
    const file = join(outDir, doc.id.replace(/\//g, '__'));
    if (result.svg !== null && result.valid) writeFileSync(file, result.svg);
    rows.push({ id: doc.id, file, valid: result.valid, faithful: result.faithful, refusals: result.refusals, fidelity: result.fidelity, errors: result.remaining.filter((m) => m.severity === 'error').map((m) => m.ruleId) });
  }
  // jing on every output bimi-svg calls valid (never on inputs: they may have DOCTYPEs).
  const jingInvalid = new Set();
  if (hasJing) {
    const files = rows.filter((r) => r.valid).map((r) => r.file);
    for (let k = 0; k < files.length; k += 400) {
      const chunk = files.slice(k, k + 400);
      const out = spawnSync('jing', ['-c', join(REPO_ROOT, 'schemas', 'svg-tiny-ps.rnc'), ...chunk], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      for (const line of `${out.stdout}\n${out.stderr}`.split('\n')) {
        const m = /^(.*?):\d+:\d+: (?:error|fatal):/.exec(line);
        if (m) jingInvalid.add(m[1]);
      }
    }
  }
  const total = rows.length;
  const validBoth = rows.filter((r) => r.valid && !jingInvalid.has(r.file)).length;
  const faithful = rows.filter((r) => r.valid && r.faithful && !jingInvalid.has(r.file)).length;
  const reasons = new Map();
  // Counted per logo: a logo refused twice for the same reason counts once.
  for (const r of rows) {
    const seen = new Set();
    for (const f of r.refusals ?? []) {
      const key = `${f.ruleId}: ${f.message
        .replace(/"[^"]*"/g, '"…"')
        .replace(/#[\w.-]+/g, '#…')
        .replace(/\d+(\.\d+)?/g, 'N')
        .slice(0, 150)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      reasons.set(key, (reasons.get(key) ?? 0) + 1);
    }
  }
  const unexplained = rows.filter((r) => !r.crash && !(r.valid && r.faithful) && (r.refusals ?? []).length === 0);
  report[corpus] = {
    total,
    crashes,
    validBimiSvg: rows.filter((r) => r.valid).length,
    validBimiSvgAndJing: validBoth,
    jingChecked: hasJing,
    validAndFaithful: faithful,
    refused: rows.filter((r) => (r.refusals ?? []).length > 0).length,
    notFaithfulWithoutRefusal: unexplained.map((r) => ({ id: r.id, fidelity: r.fidelity, errors: r.errors })),
    refusalReasons: Object.fromEntries([...reasons].sort((a, b) => b[1] - a[1])),
    msPerLogo: { median: percentile(times, 50), p95: percentile(times, 95) },
  };
  const pct = (n) => `${((100 * n) / Math.max(total, 1)).toFixed(1)} %`;
  console.log(`\n${corpus}: ${total} logos, ${crashes} crashes`);
  console.log(`  valid (bimi-svg${hasJing ? ' and jing' : ''}): ${validBoth} (${pct(validBoth)}); valid and faithful: ${faithful} (${pct(faithful)})`);
  console.log(`  refused with a reason: ${report[corpus].refused} (${pct(report[corpus].refused)}); neither faithful nor refused: ${unexplained.length}`);
  console.log(`  time per logo: median ${report[corpus].msPerLogo.median.toFixed(1)} ms, p95 ${report[corpus].msPerLogo.p95.toFixed(1)} ms`);
  console.log('  refusal reasons (logos):');
  for (const [k, v] of [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`    ${String(v).padStart(5)}  ${k}`);
  rmSync(outDir, { recursive: true, force: true });
}
if (arg('--json')) {
  mkdirSync(join(arg('--json'), '..'), { recursive: true });
  writeFileSync(arg('--json'), `${JSON.stringify(report, null, 2)}\n`);
}
