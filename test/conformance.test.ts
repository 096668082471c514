/**
 * The conformance suite: for every probe, bimi-svg reports an error of the `xml`
 * or `schema` tier exactly when jing (the reference RELAX NG validator, verdicts
 * recorded in fixtures/probes/verdicts.json) rejects the document, and every error
 * jing reports has a bimi-svg diagnostic on the same element.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { check } from '../src/index.js';
import { locator } from './support/elements.js';

interface JingError {
  line: number | null;
  column: number | null;
  message: string;
  fatal?: boolean;
}
interface Probe {
  file: string;
  jing: 'valid' | 'invalid' | 'not-run';
  errors: JingError[];
  note?: string;
}

const dir = new URL('../fixtures/probes/', import.meta.url);
const verdicts = JSON.parse(readFileSync(new URL('verdicts.json', dir), 'utf8')) as { probes: Probe[] };
const judged = verdicts.probes.filter((p) => p.jing !== 'not-run');

describe('conformance with jing on the official RNC', () => {
  it('has at least 150 probes with a recorded verdict', () => {
    expect(judged.length).toBeGreaterThanOrEqual(150);
  });

  for (const probe of verdicts.probes) {
    const title = `${probe.file}${probe.note ? ` — ${probe.note}` : ''}`;
    if (probe.jing === 'not-run') {
      it(`${title}: never given to jing, refused by bimi-svg`, () => {
        const result = check(readFileSync(new URL(probe.file, dir)));
        expect(result.messages.some((m) => m.ruleId === 'no-doctype' && m.severity === 'error')).toBe(true);
      });
      continue;
    }
    it(`${title}: ${probe.jing}`, () => {
      const bytes = readFileSync(new URL(probe.file, dir));
      const result = check(bytes);
      const reference = result.messages.filter((m) => m.severity === 'error' && (m.tier === 'schema' || m.tier === 'xml'));
      expect(reference.length > 0, JSON.stringify(result.messages, null, 1)).toBe(probe.jing === 'invalid');
      if (probe.jing !== 'invalid') return;
      const fatal = probe.errors.some((e) => e.fatal);
      if (fatal) {
        expect(reference.some((m) => m.tier === 'xml')).toBe(true);
        return;
      }
      const loc = locator(bytes.toString('utf8'));
      const ours = new Set(reference.map((m) => loc.elementAt(m.line, m.column)));
      for (const e of probe.errors) {
        if (e.line === null || e.column === null) continue;
        // jing points just past the offending start tag (or text); the character
        // before its position belongs to the element at fault.
        let at = loc.elementAt(e.line, Math.max(1, e.column - 1));
        // When jing names the element it complains about, use the nearest
        // ancestor-or-self with that name (jing reports some errors again at
        // positions inside the element it rejected).
        const named = /^element "([^"]+)"/.exec(e.message)?.[1];
        if (named) {
          const found = loc.ancestorsOrSelf(at).find((k) => loc.elements[k]!.name === named);
          if (found !== undefined) at = found;
        }
        const element = loc.elements[at];
        expect(ours.has(at), `jing: ${e.message}\n at ${e.line}:${e.column} <${element?.name}>\nours: ${JSON.stringify(reference)}`).toBe(true);
      }
    });
  }
});
