/** `bimi-svg rules`: lists every rule with its tier, default severity and sources. */
import { defaultSeverity } from '../engine/run.js';
import { RULES } from '../rules/index.js';
import { TIER_DESCRIPTIONS } from '../types.js';

export function formatRules(format: 'text' | 'json'): string {
  if (format === 'json') {
    return `${JSON.stringify(
      RULES.map((r) => ({
        id: r.id,
        tier: r.meta.tier,
        severity: defaultSeverity(r),
        description: r.meta.description,
        citations: r.meta.citations,
        docs: `docs/rules/${r.id}.md`,
      })),
      null,
      2,
    )}\n`;
  }
  const lines: string[] = [];
  const width = Math.max(...RULES.map((r) => r.id.length));
  let tier = '';
  const order = ['xml', 'security', 'schema', 'must', 'should', 'policy'];
  const sorted = [...RULES].sort((a, b) => order.indexOf(a.meta.tier) - order.indexOf(b.meta.tier));
  for (const r of sorted) {
    const label = TIER_DESCRIPTIONS[r.meta.tier];
    if (label !== tier) {
      tier = label;
      lines.push('', `${label[0]!.toUpperCase()}${label.slice(1)} (${defaultSeverity(r)} by default)`);
    }
    lines.push(`  ${r.id.padEnd(width)}  ${r.meta.description}`);
    lines.push(`  ${' '.repeat(width)}  ↳ ${r.meta.citations.map((c) => c.text).join('; ')}`);
  }
  lines.push('', `${RULES.length} rules. Each has a page in docs/rules/<id>.md. Change a severity with --rule <id>=error|warning|off.`);
  return `${lines.join('\n').replace(/^\n/, '')}\n`;
}
