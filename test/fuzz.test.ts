/**
 * Fuzzing in the test suite: about 2,000 hostile variants of the probes, samples
 * and rule fixtures. Every input must yield a report (or a clean error) with valid
 * positions and messages, in bounded time; never an exception. `npm run fuzz` runs
 * 100,000 cases.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { check } from '../src/index.js';
// @ts-expect-error plain ESM helper without types
import { mutate, runCase } from '../scripts/lib/fuzz.mjs';

const root = new URL('../', import.meta.url);
const dirs = ['fixtures/probes', 'fixtures/samples', ...readdirSync(new URL('fixtures/rules/', root)).map((d) => `fixtures/rules/${d}`)];
const seeds = dirs.flatMap((d) =>
  readdirSync(new URL(`${d}/`, root))
    // Committed files only: convert's outputs (*.bimi.svg) are git-ignored and may or may not be there.
    .filter((f) => f.endsWith('.svg') && !f.endsWith('.bimi.svg'))
    .map((f) => ({ id: `${d}/${f}`, text: readFileSync(new URL(`${d}/${f}`, root), 'latin1') })),
);

describe('fuzzing', () => {
  const CASES = 2_000;
  for (let batch = 0; batch < 10; batch++) {
    it(`cases ${batch * 200}–${batch * 200 + 199} yield reports, never exceptions or hangs`, () => {
      const failures: string[] = [];
      for (let i = batch * (CASES / 10); i < (batch + 1) * (CASES / 10); i++) {
        const kase = mutate(seeds, i, 7);
        const failure = runCase(check, kase, 3_000);
        if (failure) failures.push(`case ${i} ${kase.name}: ${failure}`);
      }
      expect(failures).toEqual([]);
    });
  }
});
