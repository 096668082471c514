#!/usr/bin/env node
// Records the verdicts of reference RELAX NG validators on the logo corpora, as
// fixtures/corpus/<corpus>.verdicts.json (jing) and
// fixtures/corpus/simple-icons-tinyps.xmllint.json (xmllint, on an RNG made by trang).
// These are the oracle bimi-svg's own validator is compared against, and the timings
// printed are the benchmark baselines.
//
// Usage: node scripts/record-corpus-verdicts.mjs [--chunk N] [--corpus NAME]... [--no-xmllint]
//
// Needs jing (exit 2 without it); xmllint and trang are optional (their part is
// skipped with a warning). The corpora are fetched into .cache/corpora first.
//
// jing quirk handled here: on a fatal (not well-formed) error, jing stops the whole
// run, so the files after it on the command line are never validated. Each chunk is
// therefore run again from the file after the fatal one until every file is done.

import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { accessSync, constants } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT, corpusPackage, ensureCorpora, loadCorpus, writeCorpusFiles } from './lib/corpora.mjs';

const SCHEMA_REL = 'schemas/svg-tiny-ps.rnc';
const SCHEMA = join(REPO_ROOT, SCHEMA_REL);
const OUT_DIR = join(REPO_ROOT, 'fixtures', 'corpus');
const DEFAULT_CORPORA = ['simple-icons', 'simple-icons-tinyps', 'iconify-logos'];
const XMLLINT_CORPUS = 'simple-icons-tinyps';
const MAX_BYTES = 1.5 * 1024 * 1024;
const MAX_ERRORS_WHEN_LARGE = 5;
const REFUSED = /<!DOCTYPE|<!ENTITY/i;

// ---------------------------------------------------------------- arguments

function parseArgs(argv) {
  const opts = { chunk: 500, corpora: [], xmllint: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--chunk') opts.chunk = Number(argv[++i]);
    else if (a === '--corpus') opts.corpora.push(argv[++i]);
    else if (a === '--no-xmllint') opts.xmllint = false;
    else if (a === '-h' || a === '--help') {
      console.log('usage: node scripts/record-corpus-verdicts.mjs [--chunk N] [--corpus NAME]... [--no-xmllint]');
      process.exit(0);
    } else {
      console.error(`record-corpus-verdicts: unknown argument ${a}`);
      process.exit(64);
    }
  }
  if (!Number.isInteger(opts.chunk) || opts.chunk < 1) {
    console.error('record-corpus-verdicts: --chunk needs a positive integer');
    process.exit(64);
  }
  if (opts.corpora.length === 0) opts.corpora = DEFAULT_CORPORA;
  for (const c of opts.corpora) {
    if (!DEFAULT_CORPORA.includes(c)) {
      console.error(`record-corpus-verdicts: corpus ${c} is not recorded (known: ${DEFAULT_CORPORA.join(', ')})`);
      process.exit(64);
    }
  }
  return opts;
}

// ---------------------------------------------------------------- tools

function onPath(cmd) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, cmd), constants.X_OK);
      return join(dir, cmd);
    } catch {
      /* not here */
    }
  }
  return null;
}

/** Debian package version via dpkg-query, else null. */
function dpkgVersion(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Version}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() ? r.stdout.trim() : null;
}

function xmllintVersion() {
  const deb = dpkgVersion('libxml2-utils');
  if (deb) return `libxml2-utils ${deb}`;
  const r = spawnSync('xmllint', ['--version'], { encoding: 'utf8' });
  const m = /using libxml version (\S+)/.exec(`${r.stdout}${r.stderr}`);
  return m ? `libxml ${m[1]}` : 'unknown';
}

function run(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
    const out = [];
    const err = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.on('error', reject);
    child.on('close', (code, signal) =>
      resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }),
    );
  });
}

function chunks(list, size) {
  const out = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

// ---------------------------------------------------------------- jing

/**
 * Validates files with jing, chunk by chunk, re-running the rest of a chunk after a
 * fatal error (jing aborts there). Returns Map(path -> errors[]) for every file given,
 * plus timing.
 */
async function runJing(paths, chunkSize, dir) {
  const results = new Map(paths.map((p) => [p, []]));
  const prefix = `${dir}/`;
  let invocations = 0;
  let fatalRestarts = 0;
  const stray = [];
  const t0 = performance.now();
  for (const chunk of chunks(paths, chunkSize)) {
    let pending = chunk;
    while (pending.length > 0) {
      invocations++;
      const res = await run('jing', ['-c', SCHEMA, ...pending]);
      let fatalPath = null;
      for (const line of `${res.stdout}\n${res.stderr}`.split('\n')) {
        if (!line.trim()) continue;
        const e = parseJingLine(line, prefix);
        if (!e) {
          if (/^fatal:/.test(line)) throw new Error(`jing: ${line}`);
          stray.push(line);
          continue;
        }
        const list = results.get(e.path);
        if (!list) throw new Error(`jing reported a file it was not given: ${line}`);
        const entry = { line: e.line, column: e.column, message: e.message };
        if (e.severity === 'fatal') {
          entry.fatal = true;
          fatalPath = e.path;
        } else if (e.severity === 'warning') {
          entry.warning = true;
        }
        list.push(entry);
      }
      if (fatalPath === null) {
        if (res.code !== 0 && res.code !== 1) {
          throw new Error(`jing exited ${res.code ?? res.signal}:\n${res.stderr || res.stdout}`);
        }
        break;
      }
      // jing stopped at fatalPath: what follows it was not validated.
      const at = pending.indexOf(fatalPath);
      pending = pending.slice(at + 1);
      for (const p of pending) results.set(p, []);
      if (pending.length > 0) fatalRestarts++;
    }
  }
  const ms = performance.now() - t0;
  return { results, ms, invocations, fatalRestarts, stray };
}

/** "<path>:<line>:<col>: error|fatal|warning: <message>" for a path under prefix. */
function parseJingLine(line, prefix) {
  if (!line.startsWith(prefix)) return null;
  const m = /^(.*?):(\d+):(\d+): (error|fatal|warning): (.*)$/.exec(line.slice(prefix.length));
  if (!m) return null;
  return {
    path: prefix + m[1],
    line: Number(m[2]),
    column: Number(m[3]),
    severity: m[4],
    message: m[5],
  };
}

// ---------------------------------------------------------------- xmllint

/**
 * Validates files with xmllint --relaxng. xmllint reports "<path>:<line>: <message>"
 * (no column), followed by two context lines for parser/namespace errors, and
 * "<path> validates" / "<path> fails to validate" per file.
 */
async function runXmllint(paths, rng, chunkSize, dir) {
  const results = new Map(paths.map((p) => [p, { errors: [], verdict: null }]));
  const prefix = `${dir}/`;
  let invocations = 0;
  const stray = [];
  const t0 = performance.now();
  for (const chunk of chunks(paths, chunkSize)) {
    invocations++;
    const res = await run('xmllint', ['--noout', '--nonet', '--relaxng', rng, ...chunk]);
    if (res.code !== 0 && res.code !== 3 && res.code !== 1) {
      // 1: parse error, 3: validation error; anything else (e.g. 5: schema) is fatal here.
      throw new Error(`xmllint exited ${res.code ?? res.signal}:\n${res.stderr.slice(0, 2000)}`);
    }
    for (const line of `${res.stdout}\n${res.stderr}`.split('\n')) {
      if (!line.trim()) continue;
      if (!line.startsWith(prefix)) {
        stray.push(line);
        continue;
      }
      let m;
      if ((m = /^(.*) validates$/.exec(line)) && results.has(m[1])) {
        results.get(m[1]).verdict = true;
      } else if ((m = /^(.*) fails to validate$/.exec(line)) && results.has(m[1])) {
        results.get(m[1]).verdict = false;
      } else if ((m = /^(.*) validation generated an internal error$/.exec(line)) && results.has(m[1])) {
        results.get(m[1]).verdict = false;
        results.get(m[1]).errors.push({ line: null, column: null, message: 'validation generated an internal error' });
      } else if ((m = /^(.*?):(\d+): (.*)$/.exec(line)) && results.has(m[1])) {
        const entry = { line: Number(m[2]), column: null, message: m[3] };
        if (/^parser error : /.test(m[3])) entry.fatal = true;
        results.get(m[1]).errors.push(entry);
      } else {
        stray.push(line);
      }
    }
  }
  const ms = performance.now() - t0;
  // Context lines (source excerpt and caret) after parser errors are expected strays.
  return { results, ms, invocations, stray };
}

// ---------------------------------------------------------------- output

function verdictFromErrors(errors) {
  return { valid: errors.length === 0, errors };
}

/** Serializes with _about pretty-printed and one line per document. */
function serialize(about, verdicts, maxErrors) {
  const lines = ['{', `  "_about": ${JSON.stringify(about, null, 2).replace(/\n/g, '\n  ')},`, '  "verdicts": {'];
  const ids = Object.keys(verdicts).sort(byId);
  ids.forEach((id, i) => {
    const v = verdicts[id];
    let out;
    if (v.skipped) {
      out = { valid: null, skipped: v.skipped, errors: [] };
    } else if (maxErrors === undefined) {
      out = { valid: v.valid, errors: v.errors.map(orderedError) };
    } else {
      out = { valid: v.valid, errorCount: v.errors.length, errors: v.errors.slice(0, maxErrors).map(orderedError) };
    }
    lines.push(`    ${JSON.stringify(id)}: ${JSON.stringify(out)}${i < ids.length - 1 ? ',' : ''}`);
  });
  lines.push('  }', '}', '');
  return lines.join('\n');
}

function orderedError(e) {
  const o = { line: e.line, column: e.column, message: e.message };
  if (e.fatal) o.fatal = true;
  if (e.warning) o.warning = true;
  return o;
}

function byId(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

async function writeVerdicts(file, about, verdicts) {
  let text = serialize(about, verdicts);
  let truncated = false;
  if (Buffer.byteLength(text) > MAX_BYTES) {
    truncated = true;
    text = serialize({ ...about, maxErrorsPerDocument: MAX_ERRORS_WHEN_LARGE }, verdicts, MAX_ERRORS_WHEN_LARGE);
  }
  await mkdir(OUT_DIR, { recursive: true });
  await writeFile(file, text);
  return { bytes: Buffer.byteLength(text), truncated };
}

/** Name of the element whose start tag ends at or before (line, column), for display. */
function elementAt(text, line, column) {
  if (!text || !line) return null;
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return null;
    offset = nl + 1;
  }
  offset += column ? column - 1 : 0;
  let lt = text.lastIndexOf('<', offset - 1);
  while (lt >= 0 && /[/!?]/.test(text[lt + 1] ?? '')) lt = text.lastIndexOf('<', lt - 1);
  const m = lt >= 0 ? /^<([^\s/>]+)/.exec(text.slice(lt, lt + 100)) : null;
  return m ? m[1] : null;
}

function summarize(name, tool, verdicts, texts) {
  const all = Object.values(verdicts);
  const skipped = all.filter((v) => v.skipped).length;
  const valid = all.filter((v) => v.valid === true).length;
  const invalid = all.filter((v) => v.valid === false).length;
  const malformed = Object.entries(verdicts)
    .filter(([, v]) => v.errors.some((e) => e.fatal))
    .map(([id]) => id);
  const counts = new Map();
  let errors = 0;
  for (const v of all) {
    for (const e of v.errors) {
      errors++;
      counts.set(e.message, (counts.get(e.message) ?? 0) + 1);
    }
  }
  // The same message grouped without jing's "; expected …" list, with the element an
  // attribute message is about (jing names it only in element messages).
  const grouped = new Map();
  for (const [id, v] of Object.entries(verdicts)) {
    for (const e of v.errors) {
      let head = e.message.replace(/; expected .*$/, '');
      if (/^attribute /.test(head)) {
        const el = elementAt(texts?.get(id), e.line, e.column);
        if (el) head += ` (on <${el}>)`;
      }
      grouped.set(head, (grouped.get(head) ?? 0) + 1);
    }
  }
  const top = [...counts.entries()].sort((a, b) => b[1] - a[1] || byId(a[0], b[0])).slice(0, 10);
  const topGrouped = [...grouped.entries()].sort((a, b) => b[1] - a[1] || byId(a[0], b[0])).slice(0, 10);
  console.log(`\n${name} (${tool}): ${all.length} files, ${valid} valid, ${invalid} invalid, ${skipped} skipped, ${errors} errors`);
  if (malformed.length) console.log(`  not well-formed (fatal): ${malformed.length}: ${malformed.slice(0, 20).join(', ')}${malformed.length > 20 ? ', …' : ''}`);
  if (top.length) {
    console.log('  most common messages:');
    for (const [msg, n] of top) console.log(`  ${String(n).padStart(6)}  ${msg.length > 300 ? `${msg.slice(0, 300)}…` : msg}`);
    console.log('  most common, grouped (without "; expected …", attribute messages with their element):');
    for (const [msg, n] of topGrouped) console.log(`  ${String(n).padStart(6)}  ${msg}`);
  }
  return { files: all.length, valid, invalid, skipped, errors, malformed };
}

// ---------------------------------------------------------------- main

async function main() {
  const opts = parseArgs(process.argv.slice(2));

  if (!onPath('jing')) {
    console.error('record-corpus-verdicts: jing not found on PATH. Install it (Debian/Ubuntu: apt-get install jing) and run again.');
    process.exit(2);
  }
  const jingVersion = dpkgVersion('jing') ?? 'unknown';
  const today = new Date().toISOString().slice(0, 10);

  await ensureCorpora({ log: (m) => console.log(`corpora: ${m}`) });

  const work = await mkdtemp(join(tmpdir(), 'bimi-svg-corpus-'));
  const timings = [];
  const jingValid = new Map();
  try {
    for (const name of opts.corpora) {
      const docs = await loadCorpus(name);
      const verdicts = {};
      const accepted = [];
      for (const d of docs) {
        if (d.id.includes(':')) throw new Error(`corpus id with a colon cannot be parsed back: ${d.id}`);
        if (REFUSED.test(d.text)) verdicts[d.id] = { valid: null, skipped: 'DOCTYPE', errors: [] };
        else accepted.push(d);
      }
      const dir = join(work, name);
      const paths = await writeCorpusFiles(accepted, dir);
      const idOf = new Map(paths.map((p, i) => [p, accepted[i].id]));
      const texts = new Map(docs.map((d) => [d.id, d.text]));

      const j = await runJing(paths, opts.chunk, dir);
      for (const [p, errors] of j.results) verdicts[idOf.get(p)] = verdictFromErrors(errors);
      if (j.stray.length) console.warn(`jing (${name}): ${j.stray.length} unparsed output lines, e.g. ${j.stray[0]}`);
      timings.push({ corpus: name, tool: 'jing', files: paths.length, ms: j.ms, invocations: j.invocations, fatalRestarts: j.fatalRestarts });

      const about = {
        tool: 'jing',
        version: jingVersion,
        schema: SCHEMA_REL,
        package: corpusPackage(name),
        recorded: today,
        corpus: name,
      };
      const file = join(OUT_DIR, `${name}.verdicts.json`);
      const w = await writeVerdicts(file, about, verdicts);
      console.log(`wrote ${relative(REPO_ROOT, file)} (${w.bytes} bytes${w.truncated ? `, first ${MAX_ERRORS_WHEN_LARGE} errors per document` : ''})`);
      summarize(name, 'jing', verdicts, texts);
      if (name === XMLLINT_CORPUS) jingValid.set('verdicts', verdicts);

      if (name === XMLLINT_CORPUS && opts.xmllint) {
        if (!onPath('xmllint') || !onPath('trang')) {
          console.warn('record-corpus-verdicts: xmllint or trang not on PATH; skipping the xmllint verdicts (Debian: apt-get install libxml2-utils trang)');
          continue;
        }
        const rng = join(work, 'svg-tiny-ps.rng');
        const t = await run('trang', ['-I', 'rnc', '-O', 'rng', SCHEMA, rng]);
        if (t.code !== 0) throw new Error(`trang failed (exit ${t.code}):\n${t.stderr}${t.stdout}`);
        const x = await runXmllint(paths, rng, opts.chunk, dir);
        const xv = {};
        for (const [id, v] of Object.entries(verdicts)) if (v.skipped) xv[id] = v;
        for (const [p, r] of x.results) {
          const errors = r.errors;
          if (r.verdict === null && !errors.some((e) => e.fatal)) {
            errors.push({ line: null, column: null, message: 'xmllint gave no verdict for this file' });
          }
          xv[idOf.get(p)] = { valid: r.verdict === true && errors.length === 0, errors };
        }
        timings.push({ corpus: name, tool: 'xmllint', files: paths.length, ms: x.ms, invocations: x.invocations });
        const xabout = {
          tool: 'xmllint',
          version: xmllintVersion(),
          schema: SCHEMA_REL,
          rng: `converted by trang ${dpkgVersion('trang') ?? '(version unknown)'}: trang -I rnc -O rng`,
          package: corpusPackage(name),
          recorded: today,
          corpus: name,
        };
        const xfile = join(OUT_DIR, `${name}.xmllint.json`);
        const xw = await writeVerdicts(xfile, xabout, xv);
        console.log(`\nwrote ${relative(REPO_ROOT, xfile)} (${xw.bytes} bytes${xw.truncated ? `, first ${MAX_ERRORS_WHEN_LARGE} errors per document` : ''})`);
        summarize(name, 'xmllint', xv, texts);

        const disagree = Object.keys(verdicts)
          .sort(byId)
          .filter((id) => verdicts[id].valid !== xv[id].valid);
        if (disagree.length === 0) {
          console.log(`\njing and xmllint agree on all ${Object.keys(verdicts).length} files of ${name}`);
        } else {
          console.log(`\njing and xmllint DISAGREE on ${disagree.length} of ${Object.keys(verdicts).length} files of ${name}:`);
          for (const id of disagree.slice(0, 20)) {
            const e = xv[id].errors[0] ?? verdicts[id].errors[0];
            console.log(`  ${id}: jing ${verdicts[id].valid ? 'valid' : 'invalid'}, xmllint ${xv[id].valid ? 'valid' : 'invalid'}${e ? ` — ${e.message.slice(0, 200)}` : ''}`);
          }
          if (disagree.length > 20) console.log('  …');
        }
      }
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }

  console.log('\nwall time (benchmark baselines):');
  for (const t of timings) {
    console.log(
      `  ${t.tool.padEnd(8)} ${t.corpus.padEnd(20)} ${String(t.files).padStart(5)} files  ${(t.ms / 1000).toFixed(2).padStart(7)} s` +
        `  ${t.invocations} invocation(s)${t.fatalRestarts ? `, ${t.fatalRestarts} restart(s) after fatal errors` : ''}` +
        `  (${(t.ms / t.files).toFixed(2)} ms/file)`,
    );
  }
}

export { runJing, runXmllint, parseJingLine, elementAt, serialize };

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    console.error(`record-corpus-verdicts: ${err.stack ?? err}`);
    process.exit(1);
  });
}
