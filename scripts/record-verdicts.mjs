#!/usr/bin/env node
// Records jing's verdict on every conformance probe in fixtures/probes/ as
// fixtures/probes/verdicts.json: the oracle that bimi-svg's own schema checks are
// compared against.
//
// Usage: node scripts/record-verdicts.mjs
//
// Needs jing on PATH (exit 2 without it). Plain Node ESM, no dependencies.
//
// * A probe whose text contains <!DOCTYPE or <!ENTITY is never given to jing: jing
//   fetches external DTDs and has no entity expansion limit. It is recorded as
//   "not-run".
// * All other probes go to one jing invocation (`jing -c schemas/svg-tiny-ps.rnc f1 f2 …`,
//   run from the repository root). jing stops the whole run at the first file that is
//   not well-formed ("fatal"), so the files after it are validated by a further
//   invocation; there is one extra invocation per malformed probe reached.
// * Every message is kept, untruncated, in jing's order. Messages without a location
//   get line and column null; fatal (not well-formed) messages carry "fatal": true.
// * Output is deterministic: files sorted by code unit, no timestamps except the date
//   inside "_about".
// * Optional one-line notes per probe come from fixtures/probes/notes.json
//   ({ "file.svg": "note" }).

import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync, readdirSync, realpathSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const NAME = 'record-verdicts';
const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url)).replace(/\/$/, '');
const REAL_ROOT = realpathSync(REPO_ROOT);
const SCHEMA_REL = 'schemas/svg-tiny-ps.rnc';
const PROBES_REL = 'fixtures/probes';
const PROBES_DIR = join(REPO_ROOT, PROBES_REL);
const OUT_FILE = join(PROBES_DIR, 'verdicts.json');
const NOTES_FILE = join(PROBES_DIR, 'notes.json');
const REFUSED = /<!DOCTYPE|<!ENTITY/i;
const DOCTYPE_NOTE = 'DOCTYPE: never given to jing';
const SEVERITY = '(error|fatal|warning)';

class Failure extends Error {}

function byCodeUnit(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

function onPath(cmd) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, cmd), constants.X_OK);
      return true;
    } catch {
      /* not in this directory */
    }
  }
  return false;
}

function jingVersion() {
  const r = spawnSync('dpkg-query', ['-W', 'jing'], { encoding: 'utf8' });
  const line = r.status === 0 ? r.stdout.trim() : '';
  return line ? line.replace(/\s+/g, ' ') : 'jing (version unknown: dpkg-query -W jing failed)';
}

/**
 * True when the file must not reach jing. NUL bytes are dropped first so that a
 * UTF-16 or UTF-32 encoded declaration is caught as well.
 */
function refused(buf) {
  return REFUSED.test(buf.toString('latin1').replace(/\0/g, ''));
}

function readNotes() {
  if (!existsSync(NOTES_FILE)) return {};
  let notes;
  try {
    notes = JSON.parse(readFileSync(NOTES_FILE, 'utf8'));
  } catch (err) {
    throw new Failure(`${PROBES_REL}/notes.json is not valid JSON: ${err.message}`);
  }
  if (notes === null || typeof notes !== 'object' || Array.isArray(notes)) {
    throw new Failure(`${PROBES_REL}/notes.json must be an object {"file.svg": "note"}`);
  }
  for (const [file, note] of Object.entries(notes)) {
    if (typeof note !== 'string') throw new Failure(`${PROBES_REL}/notes.json: the note for ${file} is not a string`);
  }
  return notes;
}

function runJing(paths) {
  const r = spawnSync('jing', ['-c', SCHEMA_REL, ...paths], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    // jing (Java) writes messages in the locale's charset; make it UTF-8.
    env: { ...process.env, LC_ALL: 'C.UTF-8' },
  });
  if (r.error) {
    if (r.error.code === 'ENOENT') throw new Failure('jing not found on PATH (Debian/Ubuntu: apt-get install jing)', { cause: 2 });
    throw new Failure(`could not run jing: ${r.error.message}`);
  }
  if (r.status !== 0 && r.status !== 1) {
    throw new Failure(`jing exited with ${r.status ?? r.signal}: ${(r.stderr || r.stdout).trim()}`);
  }
  return r;
}

/** The ways jing may spell a repository-relative path in its messages. */
function spellingsOf(rel) {
  const out = new Set([rel]);
  for (const root of new Set([REPO_ROOT, REAL_ROOT])) {
    const abs = `${root}/${rel}`;
    out.add(abs);
    out.add(`file:${abs}`);
    out.add(pathToFileURL(abs).href);
  }
  return [...out];
}

/**
 * Parses one jing run over `paths`. jing prints, on stdout,
 *   <path>:<line>:<col>: error|fatal|warning: <message>
 * and, when it has no location, `<path>: fatal: …` or just `fatal: …` (an empty file
 * gives only "fatal: Premature end of file."). A stdout line that matches none of these
 * continues the previous message. stderr is read the same way, but a line there that
 * is not a message (e.g. the JVM's "Picked up JAVA_TOOL_OPTIONS") is only echoed.
 *
 * Returns { messages: Map(path -> entries), stoppedAt, unlocated } where stoppedAt is
 * the index of the file whose fatal error ended the run (or -1), and unlocated is true
 * when a fatal message could not be tied to a file.
 */
function parseRun(paths, stdout, stderr) {
  const messages = new Map(paths.map((p) => [p, []]));
  // jing prints the absolute path of a file given as a relative one, so match every
  // spelling; longest first, so a path that is a prefix of another never wins.
  const spellings = [];
  for (const p of [...paths, SCHEMA_REL]) for (const s of spellingsOf(p)) spellings.push([s, p]);
  spellings.sort((a, b) => b[0].length - a[0].length || byCodeUnit(a[0], b[0]));
  let last = null;
  let stoppedAt = -1;
  let unlocated = false;

  const add = (path, line, column, severity, message) => {
    if (path === SCHEMA_REL) throw new Failure(`the schema is not usable: ${SCHEMA_REL}:${line}:${column}: ${severity}: ${message}`);
    const entry = { line, column, message };
    if (severity === 'fatal') entry.fatal = true;
    if (severity === 'warning') entry.warning = true;
    messages.get(path).push(entry);
    last = entry;
    if (severity === 'fatal') stoppedAt = Math.max(stoppedAt, paths.indexOf(path));
  };

  const lines = [
    ...stdout.split(/\r?\n/).map((text) => ({ text, err: false })),
    ...stderr.split(/\r?\n/).map((text, i) => ({ text, err: true, first: i === 0 })),
  ];
  for (const { text: raw, err, first } of lines) {
    if (first) last = null;
    if (raw === '') continue;
    const hit = spellings.find(([s]) => raw.startsWith(`${s}:`));
    if (hit !== undefined) {
      const path = hit[1];
      const rest = raw.slice(hit[0].length + 1);
      let m;
      if ((m = new RegExp(`^(\\d+):(\\d+): ${SEVERITY}: (.*)$`, 's').exec(rest))) {
        add(path, Number(m[1]), Number(m[2]), m[3], m[4]);
        continue;
      }
      if ((m = new RegExp(`^(\\d+): ${SEVERITY}: (.*)$`, 's').exec(rest))) {
        add(path, Number(m[1]), null, m[2], m[3]);
        continue;
      }
      if ((m = new RegExp(`^ ?${SEVERITY}: (.*)$`, 's').exec(rest))) {
        add(path, null, null, m[1], m[2]);
        continue;
      }
    }
    const m = new RegExp(`^${SEVERITY}: (.*)$`, 's').exec(raw);
    if (m) {
      // No location: tie it to the file it names, if any (e.g. "file not found: <path>").
      const named = spellings.find(([s, p]) => p !== SCHEMA_REL && m[2].includes(s));
      if (named !== undefined) {
        add(named[1], null, null, m[1], m[2]);
      } else if (paths.length === 1) {
        add(paths[0], null, null, m[1], m[2]);
      } else if (m[1] === 'fatal') {
        unlocated = true;
        last = null;
      } else {
        throw new Failure(`jing printed a message that names no file: ${raw}`);
      }
      continue;
    }
    if (err) {
      console.warn(`${NAME}: jing (stderr): ${raw}`);
      continue;
    }
    if (last) {
      last.message += `\n${raw}`;
      continue;
    }
    if (unlocated) continue;
    throw new Failure(`unexpected jing output: ${raw}`);
  }
  return { messages, stoppedAt, unlocated };
}

/** Validates `paths` with as few jing runs as jing's stop-at-fatal behaviour allows. */
function validate(paths) {
  const results = new Map();
  let pending = paths;
  let runs = 0;
  while (pending.length > 0) {
    runs++;
    const r = runJing(pending);
    const { messages, stoppedAt, unlocated } = parseRun(pending, r.stdout, r.stderr);
    if (unlocated) {
      // A fatal error that names no file (jing says only "fatal: Premature end of
      // file." for an empty file). The culprit is the last file that printed something
      // or one after it: validate from there one file at a time until a run fails
      // fatally, then go on with a batch again.
      let from = 0;
      pending.forEach((p, i) => {
        if (messages.get(p).length > 0) from = i;
      });
      for (const p of pending.slice(0, from)) results.set(p, messages.get(p));
      let next = pending.length;
      for (let i = from; i < pending.length; i++) {
        runs++;
        const single = runJing([pending[i]]);
        const parsed = parseRun([pending[i]], single.stdout, single.stderr);
        results.set(pending[i], parsed.messages.get(pending[i]));
        if (parsed.stoppedAt === 0) {
          next = i + 1;
          break;
        }
      }
      pending = pending.slice(next);
      continue;
    }
    if (stoppedAt < 0) {
      if (r.status === 1 && pending.every((p) => messages.get(p).length === 0)) {
        throw new Failure(`jing exited with 1 but printed no message for any file: ${(r.stderr || r.stdout).trim()}`);
      }
      for (const p of pending) results.set(p, messages.get(p));
      break;
    }
    // jing stopped after pending[stoppedAt]; the files after it were not validated.
    for (const p of pending.slice(0, stoppedAt + 1)) results.set(p, messages.get(p));
    pending = pending.slice(stoppedAt + 1);
  }
  return { results, runs };
}

function main() {
  if (!onPath('jing')) {
    throw new Failure('jing not found on PATH (Debian/Ubuntu: apt-get install jing)', { cause: 2 });
  }
  if (!existsSync(join(REPO_ROOT, SCHEMA_REL))) throw new Failure(`schema not found: ${SCHEMA_REL}`);
  if (!existsSync(PROBES_DIR)) throw new Failure(`probe directory not found: ${PROBES_REL}`);

  const files = readdirSync(PROBES_DIR)
    .filter((f) => f.endsWith('.svg'))
    .sort(byCodeUnit);
  if (files.length === 0) throw new Failure(`no .svg files in ${PROBES_REL}`);
  for (const f of files) {
    if (f.includes(':')) throw new Failure(`a probe name with a colon cannot be matched in jing's output: ${f}`);
  }

  const notes = readNotes();
  for (const f of Object.keys(notes).sort(byCodeUnit)) {
    if (!files.includes(f)) console.warn(`${NAME}: notes.json has a note for ${f}, which is not a probe`);
  }

  const skipped = new Set(files.filter((f) => refused(readFileSync(join(PROBES_DIR, f)))));
  const toRun = files.filter((f) => !skipped.has(f)).map((f) => `${PROBES_REL}/${f}`);
  const { results, runs } = toRun.length > 0 ? validate(toRun) : { results: new Map(), runs: 0 };

  const probes = files.map((file) => {
    let entry;
    if (skipped.has(file)) {
      const note = notes[file] ? `${DOCTYPE_NOTE}. ${notes[file]}` : DOCTYPE_NOTE;
      entry = { file, jing: 'not-run', errors: [], note };
    } else {
      const errors = results.get(`${PROBES_REL}/${file}`);
      const invalid = errors.some((e) => !e.warning);
      entry = { file, jing: invalid ? 'invalid' : 'valid', errors };
      if (notes[file]) entry.note = notes[file];
    }
    return entry;
  });

  const today = new Date().toISOString().slice(0, 10);
  const about =
    `Verdicts of jing (${jingVersion()}, from dpkg-query -W jing) on each probe in ${PROBES_REL}/, ` +
    `recorded ${today} by scripts/record-verdicts.mjs with \`jing -c ${SCHEMA_REL} FILE…\` run from the repository root. ` +
    "'errors' holds every message jing printed for the file, untruncated and in jing's order, with jing's line and column " +
    '(for schema errors jing points at the end of the offending start tag, for text just after it; null when jing gave no location). ' +
    "Messages marked \"fatal\": true mean the file is not well-formed XML; jing stops a run at such a file, so the files after it " +
    'were validated by a further run. ' +
    `Files containing <!DOCTYPE or <!ENTITY are never given to jing ('not-run'): jing fetches external DTDs and has no entity limit. ` +
    "'note' says what the probe asks (fixtures/probes/notes.json).";

  writeFileSync(OUT_FILE, `${JSON.stringify({ _about: about, probes }, null, 2)}\n`);

  const count = (v) => probes.filter((p) => p.jing === v).length;
  const malformed = probes.filter((p) => p.errors.some((e) => e.fatal)).length;
  console.log(
    `${NAME}: ${probes.length} probes: ${count('valid')} valid, ${count('invalid')} invalid ` +
      `(${malformed} not well-formed), ${count('not-run')} not run; ${runs} jing run(s); wrote ${PROBES_REL}/verdicts.json`,
  );
}

try {
  main();
} catch (err) {
  if (err instanceof Failure) {
    console.error(`${NAME}: ${err.message}`);
    process.exit(err.cause === 2 ? 2 : 1);
  }
  throw err;
}
