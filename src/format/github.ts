import { relative, sep } from 'node:path';
import { TIER_LABELS, type CheckResult } from '../types.js';
import type { FormatOptions } from './index.js';

const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** GitHub Actions workflow commands: one ::error / ::warning annotation per finding. */
export function formatGithub(results: readonly CheckResult[], options: FormatOptions = {}): string {
  const cwd = options.cwd ?? process.cwd();
  const lines: string[] = [];
  for (const r of results) {
    const file = r.filePath === '<stdin>' ? r.filePath : relative(cwd, r.filePath).split(sep).join('/');
    for (const m of r.messages) {
      const kind = m.severity === 'error' ? 'error' : 'warning';
      lines.push(
        `::${kind} file=${escapeProperty(file)},line=${m.line},col=${m.column},title=${escapeProperty(`bimi-svg ${m.ruleId}`)}::${escapeData(`${m.message} [${TIER_LABELS[m.tier]}] (${m.citation})`)}`,
      );
    }
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
