import type { CheckResult } from '../types.js';

/** One file's entry, the shape documented in the README (also embedded in `bimi-svg dns` reports). */
export function jsonEntry(r: CheckResult) {
  return {
    filePath: r.filePath,
    valid: r.valid,
    errorCount: r.errorCount,
    warningCount: r.warningCount,
    bytes: r.bytes,
    messages: r.messages.map((m) => ({
      ruleId: m.ruleId,
      severity: m.severity,
      tier: m.tier,
      message: m.message,
      line: m.line,
      column: m.column,
      citation: m.citation,
    })),
  };
}

/** One entry per file. */
export function formatJson(results: readonly CheckResult[]): string {
  return `${JSON.stringify(results.map(jsonEntry), null, 2)}\n`;
}
