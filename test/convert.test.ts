/**
 * Conversion goldens: fixtures/convert/<pass-id>/<case>.svg is an input that
 * exercises one pass; <case>.expected.svg is the whole pipeline's output without
 * svgo (readable); <case>.expect.json says what must hold (changes by that pass,
 * refusals, valid, faithful); <case>.options.json holds convert options.
 * `UPDATE_GOLDENS=1 npx vitest run test/convert.test.ts` rewrites the goldens.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { check } from '../src/check.js';
import { convert, type ConvertOptions } from '../src/convert/index.js';
import { PASSES } from '../src/convert/pipeline.js';

const dir = new URL('../fixtures/convert/', import.meta.url);

interface Expect {
  /** Steps that must appear among the changes (default: the pass the fixture belongs to, unless it is refused). */
  changes?: string[];
  /** Rule ids of the refusals, in any order (default: none). */
  refusals?: string[];
  valid?: boolean;
  faithful?: boolean;
  /** Substrings that must appear in some change description. */
  mentions?: string[];
}

function cases(pass: string): string[] {
  const d = new URL(`${pass}/`, dir);
  if (!existsSync(d)) return [];
  return readdirSync(d)
    .filter((f) => (f.endsWith('.svg') || f.endsWith('.svgz')) && !f.endsWith('.expected.svg'))
    .sort();
}

describe('conversion passes', () => {
  for (const pass of PASSES) {
    describe(pass.id, () => {
      const names = cases(pass.id);
      it('has fixtures', () => expect(names.length).toBeGreaterThan(0));
      for (const name of names) {
        it(name, async () => {
          const base = new URL(`${pass.id}/${name.replace(/\.svgz?$/, '')}`, dir);
          const read = (ext: string) => (existsSync(new URL(`${base.href}${ext}`)) ? readFileSync(new URL(`${base.href}${ext}`), 'utf8') : null);
          const expectations: Expect = JSON.parse(read('.expect.json') ?? '{}');
          const options: ConvertOptions = JSON.parse(read('.options.json') ?? '{}');
          const input = readFileSync(new URL(`${pass.id}/${name}`, dir));
          const result = await convert(input, { ...options, optimize: false });
          const refusals = expectations.refusals ?? [];
          const explain = JSON.stringify({ changes: result.changes, refusals: result.refusals, remaining: result.remaining.map((m) => `${m.ruleId}: ${m.message}`), fidelity: result.fidelity }, null, 1);
          expect(result.refusals.map((r) => r.ruleId).sort(), explain).toEqual([...refusals].sort());
          const steps = expectations.changes ?? (refusals.length === 0 ? [pass.id] : []);
          for (const step of steps) expect(result.changes.some((c) => c.step === step), `no change by ${step}\n${explain}`).toBe(true);
          for (const text of expectations.mentions ?? []) expect(result.changes.some((c) => c.description.includes(text)), `no change mentions "${text}"\n${explain}`).toBe(true);
          expect(result.valid, explain).toBe(expectations.valid ?? refusals.length === 0);
          expect(result.faithful, explain).toBe(expectations.faithful ?? refusals.length === 0);
          const golden = new URL(`${base.href}.expected.svg`);
          if (result.svg !== null && (result.valid || existsSync(golden))) {
            if (process.env.UPDATE_GOLDENS) writeFileSync(golden, result.svg);
            else expect(result.svg).toBe(readFileSync(golden, 'utf8'));
          }
          if (result.valid) {
            // The golden is valid, converting it again changes nothing, and the minified output is valid too.
            expect(check(result.svg!).errorCount).toBe(0);
            const again = await convert(result.svg!, { optimize: false });
            expect(again.svg).toBe(result.svg);
            const minified = await convert(input, options);
            expect(minified.valid, JSON.stringify(minified.remaining)).toBe(true);
            expect(minified.faithful, JSON.stringify(minified.fidelity)).toBe(expectations.faithful ?? true);
          }
        });
      }
    });
  }
});

describe('conversion robustness', () => {
  it('removes 20,000 hidden siblings in linear time and keeps child lists right', async () => {
    const shapes = '<rect width="1" height="1" display="none"/>'.repeat(20_000);
    const input = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><title>Bulk Co</title><rect width="10" height="10" fill="#fff"/>${shapes}<circle cx="5" cy="5" r="3" fill="#c00"/></svg>`;
    const started = performance.now();
    const result = await convert(input, { optimize: false });
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(result.valid, JSON.stringify(result.refusals)).toBe(true);
    expect(result.svg!.match(/<rect/g)).toHaveLength(1);
  });
});
