#!/usr/bin/env node
// Installs the pinned logo corpora (see scripts/lib/corpora.mjs) into .cache/corpora.
// Usage: node scripts/fetch-corpora.mjs
import { performance } from 'node:perf_hooks';
import { CORPORA, CACHE_DIR, ensureCorpora } from './lib/corpora.mjs';

const t0 = performance.now();
try {
  const { installed, present } = await ensureCorpora({ log: (m) => console.log(`fetch-corpora: ${m}`) });
  const ms = Math.round(performance.now() - t0);
  console.log(`fetch-corpora: cache ${CACHE_DIR}`);
  for (const { name, version } of CORPORA) {
    const spec = `${name}@${version}`;
    console.log(`  ${spec.padEnd(28)} ${installed.includes(spec) ? 'installed' : present.includes(spec) ? 'already present' : '?'}`);
  }
  console.log(`fetch-corpora: done in ${ms} ms`);
} catch (err) {
  console.error(`fetch-corpora: ${err.message}`);
  process.exit(1);
}
