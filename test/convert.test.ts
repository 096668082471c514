/**
 * Conversion goldens: fixtures/convert/<pass-id>/<case>.svg is an input that
 * exercises one pass; <case>.expected.svg is the whole pipeline's output without
 * svgo (readable); <case>.expect.json says what must hold (changes by that pass,
 * refusals, valid, faithful); <case>.options.json holds convert options.
 * `UPDATE_GOLDENS=1 npx vitest run test/convert.test.ts` rewrites the goldens.
 */
import { createHash } from 'node:crypto';
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

describe('conversion goldens against jing', () => {
  // Recorded by `npm run record-convert-verdicts` (jing on the official RNC).
  const recorded: { verdicts: Record<string, { sha256: string; valid: boolean; messages: string[] }> } = JSON.parse(
    readFileSync(new URL('jing-verdicts.json', dir), 'utf8'),
  );
  const goldens = PASSES.flatMap((p) => cases(p.id).map((c) => `${p.id}/${c.replace(/\.svgz?$/, '')}.expected.svg`)).filter((g) => existsSync(new URL(g, dir)));
  it('has a verdict for every golden', () => expect(goldens.length).toBeGreaterThan(50));
  for (const golden of goldens) {
    it(golden, () => {
      const bytes = readFileSync(new URL(golden, dir));
      const verdict = recorded.verdicts[golden];
      expect(verdict, `no jing verdict: run npm run record-convert-verdicts`).toBeDefined();
      expect(verdict!.sha256, `the golden changed since jing judged it: run npm run record-convert-verdicts`).toBe(createHash('sha256').update(bytes).digest('hex'));
      const schemaErrors = check(bytes).messages.filter((m) => m.severity === 'error' && (m.tier === 'schema' || m.tier === 'xml'));
      expect(schemaErrors.length === 0, JSON.stringify({ jing: verdict!.messages, ours: schemaErrors.map((m) => `${m.line}:${m.column} ${m.ruleId}`) })).toBe(verdict!.valid);
    });
  }
});

describe('conversion of hostile and odd input', () => {
  const svg = (body: string, attrs = 'viewBox="0 0 100 100"') => `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" ${attrs}><title>Odd Co</title>${body}</svg>`;

  it('refuses a circular <use> reference with its position instead of looping', async () => {
    const input = svg('<rect width="100" height="100" fill="#fff"/><g id="a"><use xlink:href="#b"/></g><g id="b"><use xlink:href="#a"/></g><circle cx="50" cy="50" r="20" fill="#c00"/>');
    const result = await convert(input, { optimize: false });
    expect(result.valid && result.faithful).toBe(false);
    expect(result.refusals.length + result.remaining.length).toBeGreaterThan(0);
    const located = [...result.refusals, ...result.remaining].filter((m) => m.line !== undefined && m.line > 0);
    expect(located.length).toBeGreaterThan(0);
  });

  it('survives a gradient href chain that loops', async () => {
    const input = svg(
      '<defs><linearGradient id="a" xlink:href="#b"><stop offset="0" stop-color="#c00"/><stop offset="1" stop-color="#00c"/></linearGradient><linearGradient id="b" xlink:href="#a"/></defs><rect width="100" height="100" fill="url(#b)"/>',
    );
    const result = await convert(input, { optimize: false });
    // Either resolved (a's own stops end the chain) or refused with a reason; never a hang or a crash.
    if (result.valid) expect(check(result.svg!).errorCount).toBe(0);
    else expect(result.refusals.length).toBeGreaterThan(0);
  });

  it('converts a 30,000-element document', async () => {
    const cells = Array.from({ length: 30_000 }, (_, i) => `<rect x="${i % 200}" y="${Math.floor(i / 200)}" width="1" height="1" fill="${i % 2 ? '#c00' : '#fff'}"/>`).join('');
    const result = await convert(svg(cells, 'viewBox="0 0 200 150"'), { optimize: false });
    expect(result.refusals).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('refuses a document whose every shape is hidden: nothing would be shown', async () => {
    const result = await convert(svg('<g display="none"><rect width="100" height="100" fill="#c00"/></g><circle r="5" visibility="hidden"/>'), { optimize: false });
    expect(result.valid && result.faithful).toBe(false);
    expect(result.refusals.map((r) => r.message).join('\n')).toMatch(/nothing|no visible|empty/i);
  });

  it('warns that converting a logo already made for BIMI breaks a certificate that embeds it', async () => {
    const certifiedLooking = svg('<rect width="100" height="100" fill="#fff"/><circle cx="50" cy="50" r="40" fill="#c00"/>', 'version="1.2" baseProfile="tiny-ps" viewBox="0 0 100 100" x="0" y="0"');
    const converted = await convert(certifiedLooking, { optimize: false });
    expect(converted.valid).toBe(true);
    expect(converted.notes.join('\n')).toMatch(/declares baseProfile="tiny-ps".*reissued certificate/);
    const plainExport = await convert(svg('<rect width="100" height="100" fill="#fff"/><circle cx="50" cy="50" r="40" fill="#c00"/>', 'viewBox="0 0 100 100" x="0" y="0"'), { optimize: false });
    expect(plainExport.notes.join('\n')).not.toMatch(/certificate/);
  });

  it('never changes the bytes it was given', async () => {
    const input = Buffer.from(readFileSync(new URL('../fixtures/samples/northwind-export.svg', import.meta.url)));
    const copy = Buffer.from(input);
    await convert(input, { title: 'Northwind' });
    expect(input.equals(copy)).toBe(true);
  });
});
