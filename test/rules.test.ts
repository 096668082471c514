/**
 * Rule fixtures (fixtures/rules/<rule-id>/valid-*.svg, invalid-*.svg): every
 * expectation marker `<!-- expect: rule-id [line=N] [col=N] -->` must be matched by
 * exactly one diagnostic of that rule, the rule under test reports nothing else,
 * and valid fixtures get no diagnostic from the rule under test.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../src/index.js';
import { RULES } from '../src/rules/index.js';
import { loadRuleFixtures } from './support/fixtures.js';

for (const rule of RULES) {
  const fixtures = loadRuleFixtures(rule.id);
  describe(`rule ${rule.id}`, () => {
    it('has at least one valid and one invalid fixture', () => {
      expect(fixtures.some((f) => f.kind === 'valid'), 'valid fixture').toBe(true);
      expect(fixtures.some((f) => f.kind === 'invalid'), 'invalid fixture').toBe(true);
    });
    for (const fixture of fixtures) {
      it(fixture.name, () => {
        const result = check(fixture.bytes, fixture.options);
        const own = result.messages.filter((m) => m.ruleId === rule.id);
        const describeAll = () => result.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}: ${m.message}`).join('\n');
        if (fixture.kind === 'valid') {
          expect(own, describeAll()).toEqual([]);
          expect(fixture.expectations.filter((e) => e.ruleId === rule.id)).toEqual([]);
          return;
        }
        const expected = fixture.expectations.filter((e) => e.ruleId === rule.id);
        expect(expected.length, 'an invalid fixture needs expect markers for its rule').toBeGreaterThan(0);
        // Every diagnostic of the rule under test is expected, and vice versa.
        const remaining = [...own];
        for (const e of expected) {
          const k = remaining.findIndex((m) => m.line === e.line && (e.column === undefined || m.column === e.column));
          expect(k, `expected ${e.ruleId} at ${e.line}${e.column ? `:${e.column}` : ''}\nactual:\n${describeAll()}`).toBeGreaterThanOrEqual(0);
          remaining.splice(k, 1);
        }
        expect(remaining.map((m) => `${m.line}:${m.column} ${m.message}`), `unexpected ${rule.id} diagnostics\n${describeAll()}`).toEqual([]);
        // Expectations for other rules must hold too.
        for (const e of fixture.expectations.filter((x) => x.ruleId !== rule.id)) {
          expect(
            result.messages.some((m) => m.ruleId === e.ruleId && m.line === e.line && (e.column === undefined || m.column === e.column)),
            `expected ${e.ruleId} at ${e.line}\nactual:\n${describeAll()}`,
          ).toBe(true);
        }
        // Checking is deterministic and does not depend on earlier runs.
        expect(check(fixture.bytes, fixture.options)).toEqual(result);
      });
    }
  });
}
