import { relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TIER_LABELS, type CheckResult, type Rule } from '../types.js';
import type { FormatOptions } from './index.js';

function defaultLevel(rule: Rule): 'error' | 'warning' {
  if (rule.meta.severity) return rule.meta.severity === 'error' ? 'error' : 'warning';
  return rule.meta.tier === 'should' || rule.meta.tier === 'policy' ? 'warning' : 'error';
}

/** SARIF 2.1.0, as GitHub code scanning and other viewers read it. */
export function formatSarif(results: readonly CheckResult[], options: FormatOptions = {}): string {
  const cwd = options.cwd ?? process.cwd();
  const rules = options.rules ?? [];
  const index = new Map(rules.map((r, k) => [r.id, k]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'bimi-svg',
            informationUri: 'https://www.npmjs.com/package/bimi-svg',
            ...(options.version ? { version: options.version, semanticVersion: options.version } : {}),
            rules: rules.map((r) => ({
              id: r.id,
              name: r.id,
              shortDescription: { text: r.meta.description },
              fullDescription: { text: r.meta.rationale },
              help: { text: `${r.meta.howToFix ?? ''}\nSources: ${r.meta.citations.map((c) => c.text).join('; ')}`.trim() },
              ...(r.meta.citations[0]?.url ? { helpUri: r.meta.citations[0].url } : {}),
              defaultConfiguration: { level: defaultLevel(r) },
              properties: { tier: r.meta.tier, tierLabel: TIER_LABELS[r.meta.tier], tags: ['bimi', 'svg-tiny-ps', r.meta.tier] },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: `${pathToFileURL(cwd).href.replace(/\/?$/, '/')}` } },
        results: results.flatMap((r) =>
          r.messages.map((m) => ({
            ruleId: m.ruleId,
            ...(index.has(m.ruleId) ? { ruleIndex: index.get(m.ruleId) } : {}),
            level: m.severity === 'error' ? 'error' : 'warning',
            message: { text: `${m.message} [${TIER_LABELS[m.tier]}] (${m.citation})` },
            locations: [
              {
                physicalLocation: {
                  artifactLocation:
                    r.filePath === '<stdin>'
                      ? { uri: 'stdin' }
                      : { uri: relative(cwd, r.filePath).split(sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' },
                  region: { startLine: m.line, startColumn: m.column },
                },
              },
            ],
            properties: { tier: m.tier },
          })),
        ),
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
