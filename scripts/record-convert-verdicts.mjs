#!/usr/bin/env node
// Records jing's verdict on every conversion golden (fixtures/convert/**/*.expected.svg)
// as fixtures/convert/jing-verdicts.json, keyed by path with the SHA-256 of the file
// it judged. test/convert.test.ts fails when a golden changes without its verdict
// being recorded again, and when bimi-svg and jing disagree about a golden.
//
// Usage: node scripts/record-convert-verdicts.mjs   (needs jing on PATH; exit 2 without it)
//
// Goldens are bimi-svg's own output and never hold a DOCTYPE; any file that does is
// refused here rather than given to jing (it fetches external DTDs).
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url)).replace(/\/$/, '');
const DIR = join(ROOT, 'fixtures/convert');
const OUT = join(DIR, 'jing-verdicts.json');

if (spawnSync('sh', ['-c', 'command -v jing']).status !== 0) {
  console.error('record-convert-verdicts: jing is not on PATH (apt-get install -y jing)');
  process.exitCode = 2;
} else {
  const files = [];
  for (const pass of readdirSync(DIR, { withFileTypes: true })) {
    if (!pass.isDirectory()) continue;
    for (const f of readdirSync(join(DIR, pass.name))) if (f.endsWith('.expected.svg')) files.push(join(DIR, pass.name, f));
  }
  files.sort();
  const verdicts = {};
  for (const file of files) {
    const text = readFileSync(file);
    if (/<!DOCTYPE|<!ENTITY/i.test(text.toString('utf8'))) throw new Error(`${file} has a DOCTYPE: a conversion golden never should`);
    // One file per run: jing's messages then belong to that file alone.
    const r = spawnSync('jing', ['-c', join(ROOT, 'schemas/svg-tiny-ps.rnc'), file], { encoding: 'utf8' });
    const messages = r.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => l.replace(`${file}:`, ''));
    verdicts[relative(DIR, file)] = { sha256: createHash('sha256').update(text).digest('hex'), valid: r.status === 0, messages };
  }
  const version = spawnSync('sh', ['-c', 'dpkg-query -W -f=\'${Version}\' jing 2>/dev/null'], { encoding: 'utf8' }).stdout.trim() || 'unknown';
  writeFileSync(OUT, `${JSON.stringify({ _about: `jing ${version} -c schemas/svg-tiny-ps.rnc on each conversion golden`, verdicts }, null, 2)}\n`);
  const invalid = Object.entries(verdicts).filter(([, v]) => !v.valid);
  console.log(`record-convert-verdicts: ${files.length} goldens, ${files.length - invalid.length} valid for jing${invalid.length ? `; invalid: ${invalid.map(([k]) => k).join(', ')}` : ''}`);
}
