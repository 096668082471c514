import type { CheckResult } from '../types.js';

/** One entry per file, the shape documented in the README. */
export function formatJson(results: readonly CheckResult[]): string {
  return `${JSON.stringify(
    results.map((r) => ({
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
    })),
    null,
    2,
  )}\n`;
}
