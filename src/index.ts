/**
 * bimi-svg: validate BIMI logos against SVG Tiny 1.2 Portable/Secure.
 *
 * @example
 * ```ts
 * import { check, checkFile, rules } from 'bimi-svg';
 * const result = await checkFile('logo.svg');
 * console.log(result.valid, result.errorCount, result.messages);
 * ```
 */
export { check, checkFile } from './check.js';
export { BimiSvgError, type ErrorCode } from './errors.js';
export { RULES as rules } from './rules/index.js';
export { DEFAULT_POLICY } from './engine/options.js';
export { FORMATS, formatResults, type FormatName } from './format/index.js';
export type {
  CheckOptions,
  CheckResult,
  Citation,
  Diagnostic,
  PolicyOptions,
  Rule,
  RuleMeta,
  RuleSetting,
  Severity,
  Tier,
} from './types.js';
export { TIER_DESCRIPTIONS, TIER_LABELS } from './types.js';
