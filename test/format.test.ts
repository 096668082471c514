/** Formatters are pure functions from results to text. */
import { describe, expect, it } from 'vitest';
import { formatResults } from '../src/format/index.js';
import { RULES } from '../src/rules/index.js';
import type { CheckResult } from '../src/types.js';

const result: CheckResult = {
  filePath: '/repo/brand/a,b%c.svg',
  valid: false,
  errorCount: 1,
  warningCount: 1,
  bytes: 100,
  messages: [
    { ruleId: 'root-version', severity: 'error', tier: 'schema', message: 'line one\nline two: 100%', line: 2, column: 7, citation: 'draft §2.1' },
    { ruleId: 'require-desc', severity: 'warning', tier: 'policy', message: 'no desc', line: 1, column: 1, citation: 'BIMI Group' },
  ],
};

describe('formatters', () => {
  it('github: escapes data and properties as the workflow-command syntax requires', () => {
    const out = formatResults([result], 'github', { cwd: '/repo' });
    const [first, second] = out.trimEnd().split('\n');
    expect(first).toBe('::error file=brand/a%2Cb%25c.svg,line=2,col=7,title=bimi-svg root-version::line one%0Aline two: 100%25 [schema] (draft §2.1)');
    expect(second).toMatch(/^::warning file=brand\/a%2Cb%25c\.svg,line=1,col=1,/);
  });

  it('sarif: results point at rules by index, with levels and regions', () => {
    const sarif = JSON.parse(formatResults([result], 'sarif', { cwd: '/repo', rules: RULES, version: '1.2.3' }));
    const run = sarif.runs[0];
    expect(sarif.version).toBe('2.1.0');
    expect(run.tool.driver.rules).toHaveLength(RULES.length);
    for (const r of run.results) {
      expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
      expect(r.locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'brand/a%2Cb%25c.svg', uriBaseId: '%SRCROOT%' });
    }
    expect(run.results.map((r: { level: string }) => r.level)).toEqual(['error', 'warning']);
    expect(run.results[0].locations[0].physicalLocation.region).toEqual({ startLine: 2, startColumn: 7 });
  });

  it('json: the documented shape; quiet drops warnings everywhere', () => {
    const [entry] = JSON.parse(formatResults([result], 'json', { quiet: true }));
    expect(Object.keys(entry)).toEqual(['filePath', 'valid', 'errorCount', 'warningCount', 'bytes', 'messages']);
    expect(entry.warningCount).toBe(0);
    expect(entry.messages.map((m: { ruleId: string }) => m.ruleId)).toEqual(['root-version']);
    expect(Object.keys(entry.messages[0])).toEqual(['ruleId', 'severity', 'tier', 'message', 'line', 'column', 'citation']);
  });

  it('text: colours only when asked, tier on every line, a summary', () => {
    const plain = formatResults([result], 'text');
    expect(plain).not.toContain('\u001b[');
    expect(plain).toContain('/repo/brand/a,b%c.svg:2:7  error    line one\nline two: 100% [schema]  root-version');
    expect(plain.trimEnd().split('\n').at(-1)).toBe('✖ 2 problems (1 error, 1 warning) in 1 file of 1; 1 file not valid.');
    expect(formatResults([result], 'text', { color: true })).toContain('\u001b[31m');
    expect(formatResults([], 'text')).toBe('');
    expect(formatResults([{ ...result, valid: true, errorCount: 0, warningCount: 0, messages: [] }], 'text')).toBe(
      '✔ /repo/brand/a,b%c.svg is a valid SVG Tiny PS logo with no warnings.\n',
    );
  });
});
