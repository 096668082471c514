/**
 * bimi-svg: validate, convert and preview BIMI logos (SVG Tiny 1.2 Portable/Secure),
 * and check the BIMI chain of a domain.
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

// convert, preview and checkDomain load their heavier dependencies (svgo, sharp,
// paper.js; X.509 and ASN.1) on first call, so that importing bimi-svg for check
// stays light. They are also available as bimi-svg/convert, bimi-svg/preview and
// bimi-svg/dns.
export type { ConvertOptions, ConvertResult } from './convert/index.js';
export type { PreviewOptions, PreviewResult } from './preview.js';
export type { CheckDomainOptions } from './dns/check-domain.js';
export type { DomainResult, DnsMessage, DnsClient, RecordResult, DmarcResult, LogoResult, CertificateResult } from './dns/types.js';

/** Converts an SVG into valid SVG Tiny PS that looks the same, and proves both (see docs/convert.md). */
export async function convert(input: string | Uint8Array, options?: import('./convert/index.js').ConvertOptions): Promise<import('./convert/index.js').ConvertResult> {
  return (await import('./convert/index.js')).convert(input, options);
}

/** Renders the preview sheet (PNG) of a logo as inboxes show it. */
export async function preview(input: string | Uint8Array, options?: import('./preview.js').PreviewOptions): Promise<import('./preview.js').PreviewResult> {
  return (await import('./preview.js')).preview(input, options);
}

/** Checks the BIMI chain of a domain: record, DMARC, served logo and mark certificate. */
export async function checkDomain(domain: string, options?: import('./dns/check-domain.js').CheckDomainOptions): Promise<import('./dns/types.js').DomainResult> {
  return (await import('./dns/check-domain.js')).checkDomain(domain, options);
}
