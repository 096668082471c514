/** Turns command-line paths into a list of inputs: files, directories (recursive), globs and stdin. */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BimiSvgError } from '../errors.js';
import { lazyImport } from './lazy.js';

export type Input = { kind: 'file'; path: string } | { kind: 'stdin'; name: string };

export interface ExpandedInputs {
  readonly inputs: readonly Input[];
  /** Paths that could not be used (missing, unreadable, nothing matched). */
  readonly problems: readonly string[];
}

const SVG_FILE = /\.svgz?$/i;
const GLOB_CHARS = /[*?[\]{}]/;
const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);

function walk(dir: string, out: string[]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    throw new BimiSvgError('E_READ', `cannot read directory ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name) && !entry.name.startsWith('.')) walk(path, out);
    } else if ((entry.isFile() || entry.isSymbolicLink()) && SVG_FILE.test(entry.name)) {
      out.push(path);
    }
  }
}

/** Expands paths; stdin is `-`. Order is preserved, duplicates removed. */
export async function expandInputs(paths: readonly string[], stdinName: string): Promise<ExpandedInputs> {
  const inputs: Input[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  const add = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    inputs.push({ kind: 'file', path });
  };
  for (const p of paths) {
    if (p === '-') {
      if (!inputs.some((i) => i.kind === 'stdin')) inputs.push({ kind: 'stdin', name: stdinName });
      continue;
    }
    let stat;
    try {
      stat = statSync(p);
    } catch {
      stat = undefined;
    }
    if (stat?.isDirectory()) {
      const found: string[] = [];
      try {
        walk(p, found);
      } catch (e) {
        problems.push((e as Error).message);
        continue;
      }
      if (found.length === 0) problems.push(`no .svg or .svgz files in directory ${p}`);
      found.forEach(add);
    } else if (stat) {
      add(p);
    } else if (GLOB_CHARS.test(p)) {
      const { glob } = await lazyImport<typeof import('tinyglobby')>('tinyglobby');
      const found = (await glob(p, { onlyFiles: true, ignore: ['**/node_modules/**', '**/.git/**'], expandDirectories: false })).sort();
      if (found.length === 0) problems.push(`no files match ${p}`);
      found.forEach(add);
    } else {
      problems.push(`cannot read ${p}: no such file or directory`);
    }
  }
  return { inputs, problems };
}
