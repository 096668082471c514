/**
 * Guardrails for rule authors (ESLint's rule-file checks): every rule module is
 * registered, documented, cited and has fixtures; generated files are up to date.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { check } from '../src/check.js';
import { defaultSeverity } from '../src/engine/run.js';
import { RULES } from '../src/rules/index.js';
import { generateTablesModule } from '../src/schema/tables.js';
import { TIER_DESCRIPTIONS, TIER_LABELS } from '../src/types.js';
// @ts-expect-error plain ESM helper without types
import { renderRuleDocs } from '../scripts/lib/rule-docs.mjs';

const root = new URL('../', import.meta.url);
const HELPERS = new Set(['index.ts', 'define.ts', 'util.ts', 'ownership.ts', 'citations.ts']);

describe('rule modules', () => {
  const files = readdirSync(new URL('src/rules/', root)).filter((f) => f.endsWith('.ts') && !HELPERS.has(f));

  it('every module under src/rules is registered, under its file name', () => {
    expect(RULES.map((r) => `${r.id}.ts`).sort()).toEqual(files.sort());
  });

  it('rule ids are unique and kebab-case', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z]+(-[a-z0-9]+)*$/);
  });

  for (const rule of RULES) {
    it(`${rule.id}: meta is complete`, () => {
      expect(rule.meta.description.length).toBeGreaterThan(20);
      expect(rule.meta.rationale.length).toBeGreaterThan(40);
      expect(rule.meta.citations.length).toBeGreaterThan(0);
      for (const c of rule.meta.citations) expect(c.text.trim()).not.toBe('');
      expect(Object.keys(rule.meta.messages).length).toBeGreaterThan(0);
      expect(existsSync(new URL(`docs/rules/${rule.id}.md`, root)), 'docs page').toBe(true);
    });
  }
});

describe('generated files are up to date', () => {
  it('src/profile/schema.generated.ts matches schemas/svg-tiny-ps.rnc', () => {
    const rnc = readFileSync(new URL('schemas/svg-tiny-ps.rnc', root), 'utf8');
    const committed = readFileSync(new URL('src/profile/schema.generated.ts', root), 'utf8');
    expect(committed, 'run `npm run generate`').toBe(generateTablesModule(rnc));
  });

  it('docs/rules matches the rules and fixtures', () => {
    const pages: Map<string, string> = renderRuleDocs({
      rules: RULES,
      check,
      defaultSeverity,
      tierLabels: TIER_LABELS,
      tierDescriptions: TIER_DESCRIPTIONS,
      fixturesDir: new URL('fixtures/rules/', root),
    });
    for (const [name, content] of pages) {
      const path = new URL(`docs/rules/${name}`, root);
      expect(existsSync(path) ? readFileSync(path, 'utf8') : '', `docs/rules/${name} is stale: run \`npm run generate\``).toBe(content);
    }
  });
});
