/** Reads rule fixtures and their inline expectations. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { CheckOptions } from '../../src/types.js';

export const RULE_FIXTURES = new URL('../../fixtures/rules/', import.meta.url);

export interface Expectation {
  ruleId: string;
  line: number;
  column?: number;
}

export interface RuleFixture {
  ruleId: string;
  name: string;
  kind: 'valid' | 'invalid';
  bytes: Buffer;
  text: string;
  expectations: Expectation[];
  options: CheckOptions;
}

const MARKER = /<!--\s*expect:\s*([a-z0-9-]+)((?:\s+(?:line|col)=\d+)*)\s*-->/g;

/** Parses `<!-- expect: rule-id [line=N] [col=N] -->` markers; the line defaults to the marker's own line. */
export function parseExpectations(text: string): Expectation[] {
  const out: Expectation[] = [];
  for (const m of text.matchAll(MARKER)) {
    const markerLine = text.slice(0, m.index).split(/\r\n|\r|\n/).length;
    const line = /line=(\d+)/.exec(m[2]!)?.[1];
    const col = /col=(\d+)/.exec(m[2]!)?.[1];
    out.push({ ruleId: m[1]!, line: line ? Number(line) : markerLine, ...(col ? { column: Number(col) } : {}) });
  }
  return out;
}

export function ruleFixtureDirs(): string[] {
  if (!existsSync(RULE_FIXTURES)) return [];
  return readdirSync(RULE_FIXTURES, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

export function loadRuleFixtures(ruleId: string): RuleFixture[] {
  const dir = new URL(`${ruleId}/`, RULE_FIXTURES);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^(valid|invalid)-.+\.svgz?$/.test(f))
    .sort()
    .map((name) => {
      const bytes = readFileSync(new URL(name, dir));
      const text = bytes.toString('latin1');
      const optionsFile = new URL(name.replace(/\.svgz?$/, '.options.json'), dir);
      const options = existsSync(optionsFile) ? (JSON.parse(readFileSync(optionsFile, 'utf8')) as CheckOptions) : {};
      return {
        ruleId,
        name,
        kind: name.startsWith('valid-') ? 'valid' : 'invalid',
        bytes,
        text,
        expectations: name.endsWith('.svgz') ? loadSidecarExpectations(new URL(name.replace(/\.svgz$/, '.expect.json'), dir)) : parseExpectations(text),
        options,
      } satisfies RuleFixture;
    });
}

function loadSidecarExpectations(url: URL): Expectation[] {
  return existsSync(url) ? (JSON.parse(readFileSync(url, 'utf8')) as Expectation[]) : [];
}
