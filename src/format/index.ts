/** Output formats: pure functions from results to text. Declared once, for the API and the CLI. */
import type { CheckResult, Rule } from '../types.js';
import { formatGithub } from './github.js';
import { formatJson } from './json.js';
import { formatSarif } from './sarif.js';
import { formatText } from './text.js';

export const FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type FormatName = (typeof FORMATS)[number];

export interface FormatOptions {
  /** ANSI colours (text format only). */
  readonly color?: boolean;
  /** Show errors only. */
  readonly quiet?: boolean;
  /** Base directory for relative paths in SARIF and GitHub output. */
  readonly cwd?: string;
  /** Rules, for SARIF rule metadata. */
  readonly rules?: readonly Rule[];
  /** Tool version, for SARIF. */
  readonly version?: string;
}

export function formatResults(results: readonly CheckResult[], format: FormatName, options: FormatOptions = {}): string {
  const shown = options.quiet
    ? results.map((r) => ({ ...r, warningCount: 0, messages: r.messages.filter((m) => m.severity === 'error') }))
    : results;
  switch (format) {
    case 'text':
      return formatText(shown, options);
    case 'json':
      return formatJson(shown);
    case 'sarif':
      return formatSarif(shown, options);
    case 'github':
      return formatGithub(shown, options);
  }
}
