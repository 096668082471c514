#!/usr/bin/env node
// Long fuzzing run: `npm run fuzz` (100,000 cases), or
// `node scripts/fuzz.mjs --cases N --seed S`. Failing inputs are written to
// .cache/fuzz/ for reproduction; exits 1 when any case fails.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { check } from '../dist/index.js';
import { mutate, runCase } from './lib/fuzz.mjs';

const arg = (name, fallback) => {
  const k = process.argv.indexOf(name);
  return k > 0 ? Number(process.argv[k + 1]) : fallback;
};
const cases = arg('--cases', 100_000);
const seed = arg('--seed', 1);
const dirs = ['fixtures/probes', 'fixtures/samples', ...readdirSync('fixtures/rules').map((d) => `fixtures/rules/${d}`)];
const seeds = dirs.flatMap((d) =>
  readdirSync(d)
    .filter((f) => f.endsWith('.svg') && !f.endsWith('.bimi.svg'))
    .map((f) => ({ id: `${d}/${f}`, text: readFileSync(`${d}/${f}`, 'latin1') })),
);
console.log(`fuzzing ${cases} cases from ${seeds.length} seed documents (seed ${seed})`);
let failures = 0;
const started = performance.now();
for (let i = 0; i < cases; i++) {
  const kase = mutate(seeds, i, seed);
  const failure = runCase(check, kase, 2_000);
  if (failure) {
    failures++;
    mkdirSync('.cache/fuzz', { recursive: true });
    const file = `.cache/fuzz/case-${seed}-${i}.svg`;
    writeFileSync(file, kase.data);
    console.log(`FAIL case ${i} (${kase.name}): ${failure.split('\n')[0]} → ${file}`);
  }
  if ((i + 1) % 10_000 === 0) console.log(`${i + 1} cases, ${failures} failures, ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
console.log(`${cases} cases, ${failures} failures in ${((performance.now() - started) / 1000).toFixed(1)} s`);
process.exitCode = failures > 0 ? 1 : 0;
