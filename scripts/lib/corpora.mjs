// Corpus tooling: pinned npm packages that ship real brand/logo SVGs.
//
// The logo files are trademarks of their owners: they are fetched into the git-ignored
// .cache/corpora directory on demand and never committed. Only verdicts derived from
// them (fixtures/corpus/*.json) are kept in the repository.
//
// Plain Node ESM, no dependencies beyond Node itself and the npm CLI.

import { spawn } from 'node:child_process';
import { mkdir, readFile, readdir, writeFile, access } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root, resolved from this module's own location (scripts/lib/). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');

/** Where the pinned corpus packages are installed (git-ignored). */
export const CACHE_DIR = join(REPO_ROOT, '.cache', 'corpora');

/** Pinned corpus packages. */
export const CORPORA = Object.freeze([
  Object.freeze({ name: 'simple-icons', version: '16.37.0' }),
  Object.freeze({ name: '@iconify-json/logos', version: '1.2.19' }),
  Object.freeze({ name: 'flag-icons', version: '7.5.0' }),
]);

/** Corpus name -> the package it is made from. */
const CORPUS_PACKAGE = {
  'simple-icons': 'simple-icons',
  'simple-icons-tinyps': 'simple-icons',
  'iconify-logos': '@iconify-json/logos',
  'flag-icons': 'flag-icons',
};

/** The corpus names loadCorpus() knows. */
export const CORPUS_NAMES = Object.freeze(Object.keys(CORPUS_PACKAGE));

function pinned(pkgName) {
  const p = CORPORA.find((c) => c.name === pkgName);
  if (!p) throw new Error(`not a pinned corpus package: ${pkgName}`);
  return p;
}

/** Directory of an installed corpus package. */
export function packageDir(pkgName) {
  return join(CACHE_DIR, 'node_modules', ...pkgName.split('/'));
}

/** "name@version" of the package a corpus is made from (the pinned version). */
export function corpusPackage(corpusName) {
  const pkgName = CORPUS_PACKAGE[corpusName];
  if (!pkgName) throw new Error(`unknown corpus: ${corpusName} (known: ${CORPUS_NAMES.join(', ')})`);
  const { name, version } = pinned(pkgName);
  return `${name}@${version}`;
}

async function installedVersion(pkgName) {
  try {
    const pj = JSON.parse(await readFile(join(packageDir(pkgName), 'package.json'), 'utf8'));
    return typeof pj.version === 'string' ? pj.version : null;
  } catch {
    return null;
  }
}

function run(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Installs the pinned corpus packages into CACHE_DIR when they are missing or at
 * another version. Idempotent: when everything is present it only reads three
 * package.json files.
 *
 * @param {{ log?: (msg: string) => void }} [options]
 * @returns {Promise<{ installed: string[], present: string[], cacheDir: string }>}
 */
export async function ensureCorpora({ log = () => {} } = {}) {
  const present = [];
  const missing = [];
  for (const { name, version } of CORPORA) {
    const have = await installedVersion(name);
    if (have === version) {
      present.push(`${name}@${version}`);
    } else {
      missing.push(`${name}@${version}`);
      log(have ? `${name}: installed ${have}, want ${version}` : `${name}: not installed, want ${version}`);
    }
  }
  if (missing.length === 0) {
    log(`all ${present.length} corpus packages present in ${CACHE_DIR}`);
    return { installed: [], present, cacheDir: CACHE_DIR };
  }

  await mkdir(CACHE_DIR, { recursive: true });
  // A package.json of its own keeps npm from walking up to the repository's.
  const ownPj = join(CACHE_DIR, 'package.json');
  try {
    await access(ownPj);
  } catch {
    await writeFile(ownPj, '{"private":true}\n');
  }

  // Always the whole pinned set: with --no-save, npm prunes every installed package
  // that is not named on the command line (nothing is recorded in package.json), so
  // installing only the missing ones would remove the others.
  const all = CORPORA.map(({ name, version }) => `${name}@${version}`);
  const args = ['install', '--prefix', CACHE_DIR, '--no-save', '--no-audit', '--no-fund', '--ignore-scripts', ...all];
  log(`npm ${args.join(' ')}`);
  const res = await run('npm', args, { cwd: CACHE_DIR });
  if (res.code !== 0) {
    throw new Error(`npm install failed (exit ${res.code}):\n${res.stderr || res.stdout}`);
  }
  for (const spec of all) {
    const at = spec.lastIndexOf('@');
    const name = spec.slice(0, at);
    const want = spec.slice(at + 1);
    const have = await installedVersion(name);
    if (have !== want) throw new Error(`after npm install, ${name} is ${have ?? 'missing'}, want ${want}`);
  }
  log(`installed ${missing.join(', ')}`);
  return { installed: missing, present, cacheDir: CACHE_DIR };
}

async function svgFiles(dir) {
  return (await readdir(dir)).filter((f) => f.endsWith('.svg')).sort(byId);
}

/** Stable, locale-independent ordering by code unit. */
function byId(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

const xmlEscape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Inserts the Tiny PS version/baseProfile right after "<svg" of the root start tag. */
export function addTinyPsRoot(text) {
  const m = /<svg(?=[\s>/])/.exec(text);
  if (!m) throw new Error('no <svg start tag');
  const at = m.index + 4;
  return text.slice(0, at) + ' version="1.2" baseProfile="tiny-ps"' + text.slice(at);
}

/**
 * Wraps one Iconify icon as a standalone SVG Tiny PS document.
 * Defaults per the Iconify JSON format: left/top 0, width/height 16; the set's
 * top-level values override those, and the icon's own values override the set's.
 */
export function iconifyToSvg(name, icon, set = {}) {
  const pick = (k, d) => (icon[k] ?? set[k] ?? d);
  const left = pick('left', 0);
  const top = pick('top', 0);
  const width = pick('width', 16);
  const height = pick('height', 16);
  const body = icon.body;
  const xlink = body.includes('xlink:') ? ' xmlns:xlink="http://www.w3.org/1999/xlink"' : '';
  return (
    `<svg xmlns="http://www.w3.org/2000/svg"${xlink} version="1.2" baseProfile="tiny-ps"` +
    ` viewBox="${left} ${top} ${width} ${height}"><title>${xmlEscape(name)}</title>${body}</svg>`
  );
}

/**
 * Loads a corpus as an array of { id, text } sorted by id.
 * Call ensureCorpora() first.
 *
 * @param {'simple-icons'|'simple-icons-tinyps'|'iconify-logos'|'flag-icons'} name
 * @returns {Promise<{ id: string, text: string }[]>}
 */
export async function loadCorpus(name) {
  switch (name) {
    case 'simple-icons':
    case 'simple-icons-tinyps': {
      const dir = join(packageDir('simple-icons'), 'icons');
      const files = await svgFiles(dir);
      const docs = [];
      for (const f of files) {
        const text = await readFile(join(dir, f), 'utf8');
        docs.push({ id: f, text: name === 'simple-icons' ? text : addTinyPsRoot(text) });
      }
      return docs;
    }
    case 'iconify-logos': {
      const set = JSON.parse(await readFile(join(packageDir('@iconify-json/logos'), 'icons.json'), 'utf8'));
      // Only real icons: set.aliases are references to these and are skipped.
      return Object.keys(set.icons)
        .map((n) => ({ id: `${n}.svg`, text: iconifyToSvg(n, set.icons[n], set) }))
        .sort((a, b) => byId(a.id, b.id));
    }
    case 'flag-icons': {
      const docs = [];
      for (const ratio of ['4x3', '1x1']) {
        const dir = join(packageDir('flag-icons'), 'flags', ratio);
        for (const f of await svgFiles(dir)) {
          docs.push({ id: `${ratio}/${f}`, text: await readFile(join(dir, f), 'utf8') });
        }
      }
      return docs.sort((a, b) => byId(a.id, b.id));
    }
    default:
      throw new Error(`unknown corpus: ${name} (known: ${CORPUS_NAMES.join(', ')})`);
  }
}

/**
 * Writes the documents of a corpus (or an already loaded array of { id, text }) into
 * dir, keeping ids with a "/" as subdirectories. Returns the written paths in id order.
 *
 * @param {string | { id: string, text: string }[]} corpus
 * @param {string} dir
 * @returns {Promise<string[]>}
 */
export async function writeCorpusFiles(corpus, dir) {
  const docs = typeof corpus === 'string' ? await loadCorpus(corpus) : corpus;
  const paths = [];
  const made = new Set();
  for (const { id, text } of docs) {
    const p = join(dir, id);
    const d = dirname(p);
    if (!made.has(d)) {
      await mkdir(d, { recursive: true });
      made.add(d);
    }
    await writeFile(p, text);
    paths.push(p);
  }
  return paths;
}
