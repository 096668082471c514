import { TIER_LABELS, type CheckResult } from '../types.js';
import type { FormatOptions } from './index.js';

const style = (on: boolean) => {
  const wrap = (open: number, close: number) => (s: string) => (on ? `\u001b[${open}m${s}\u001b[${close}m` : s);
  return { red: wrap(31, 39), yellow: wrap(33, 39), green: wrap(32, 39), dim: wrap(2, 22), bold: wrap(1, 22), underline: wrap(4, 24) };
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Human output: one block per file, `file:line:col  severity  message [tier]  rule-id`, then a summary. */
export function formatText(results: readonly CheckResult[], options: FormatOptions = {}): string {
  const c = style(options.color === true);
  const out: string[] = [];
  let errors = 0;
  let warnings = 0;
  let failing = 0;
  for (const r of results) {
    errors += r.errorCount;
    warnings += r.warningCount;
    if (!r.valid) failing++;
    if (r.messages.length === 0) continue;
    out.push(c.underline(r.filePath));
    const width = Math.max(...r.messages.map((m) => `${m.line}:${m.column}`.length));
    for (const m of r.messages) {
      const where = `${r.filePath}:${m.line}:${m.column}`;
      const pad = ' '.repeat(width - `${m.line}:${m.column}`.length);
      const sev = m.severity === 'error' ? c.red('error  ') : c.yellow('warning');
      out.push(`  ${c.dim(where)}${pad}  ${sev}  ${m.message} ${c.dim(`[${TIER_LABELS[m.tier]}]`)}  ${c.dim(m.ruleId)}`);
    }
    out.push('');
  }
  const total = errors + warnings;
  if (results.length === 0) {
    return '';
  } else if (total === 0) {
    out.push(
      c.green(
        results.length === 1
          ? `✔ ${results[0]!.filePath} is a valid SVG Tiny PS logo with no warnings.`
          : `✔ ${plural(results.length, 'file')} checked: all valid, no warnings.`,
      ),
    );
  } else {
    const summary = `${plural(total, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')}) in ${plural(results.filter((r) => r.messages.length > 0).length, 'file')} of ${results.length}`;
    const verdict = failing === 0 ? c.green('valid: warnings only') : c.red(`${plural(failing, 'file')} not valid`);
    out.push(`${errors > 0 ? c.red(c.bold('✖')) : c.yellow(c.bold('⚠'))} ${summary}; ${verdict}.`);
  }
  return `${out.join('\n')}\n`;
}
