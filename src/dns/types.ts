/**
 * `bimi-svg dns`: the whole BIMI chain of a domain as plain data. Every step
 * (record, DMARC, logo, certificate) reports what it found and a list of messages,
 * each with its step, severity, a stable code, a plain-English message and the
 * source it rests on. Formatters and the CLI only read these objects.
 */
import type { CheckResult } from '../types.js';

export type DnsStep = 'record' | 'dmarc' | 'logo' | 'certificate';
export type DnsSeverity = 'error' | 'warning' | 'info';

/** One finding of the domain check. */
export interface DnsMessage {
  readonly step: DnsStep;
  readonly severity: DnsSeverity;
  /** Stable identifier, e.g. "record-multiple", "dmarc-pct", "cert-san-mismatch". */
  readonly code: string;
  /** Plain English: what is wrong, why it matters and what to do. */
  readonly message: string;
  /** Source of the rule, e.g. "draft-brand-indicators-for-message-identification-12 §4.3". */
  readonly citation?: string;
}

/** The outcome of one DNS TXT query, with NXDOMAIN/NODATA told apart from failures. */
export type TxtOutcome =
  | { readonly kind: 'records'; readonly records: readonly string[] }
  | { readonly kind: 'none'; readonly code: 'NXDOMAIN' | 'NODATA' }
  | { readonly kind: 'temperror'; readonly code: string };

/** What answers DNS questions: the system resolver, a chosen server, or anything embedding tools provide. */
export interface DnsClient {
  /** TXT records at name, each record's strings already joined (never joined across records). */
  txt(name: string): Promise<TxtOutcome>;
  /** IPv4 and IPv6 addresses of a host name (for HTTPS fetches); rejects when there are none. */
  addresses(host: string): Promise<readonly { address: string; family: 4 | 6 }[]>;
  /** The CNAME target of name, or null when it has none (used to report CNAME chains). */
  cname?(name: string): Promise<string | null>;
}

export interface RecordResult {
  /** The DNS name whose record was used, or null when none was found. */
  readonly name: string | null;
  /** The record as published (the strings of one TXT record joined). */
  readonly raw: string | null;
  /** Tags as parsed (name → value), in order of appearance. */
  readonly tags: Readonly<Record<string, string>>;
  /**
   * valid: one well-formed v=BIMI1 record with a logo; declined: l= and a= empty;
   * invalid: a record that receivers must reject; none: no v=BIMI1 record;
   * temperror: DNS failed (SERVFAIL, timeout).
   */
  readonly status: 'valid' | 'invalid' | 'declined' | 'none' | 'temperror';
  /** True when the author domain had no record and the organizational domain's was used. */
  readonly orgFallback: boolean;
  /** The names queried for the record, in order, as receivers ask them (author domain, then organizational domain); lookups made only to diagnose a missing record are not listed. */
  readonly queried: readonly string[];
}

export interface DmarcResult {
  /** Whether the DMARC policy lets receivers show the logo. */
  readonly eligible: boolean;
  /** The policy that applies to the domain (p, or sp when inherited), after t=y. */
  readonly policy: string | null;
  /** The DMARC record that applies to the domain. */
  readonly record: string | null;
  /** Where that record was found (_dmarc.<domain> or _dmarc.<org domain>). */
  readonly recordName: string | null;
  readonly orgDomain: string;
  /** Why the domain is or is not eligible, one sentence each. */
  readonly reasons: readonly string[];
}

export interface LogoResult {
  readonly url: string | null;
  /** ok: fetched and valid Tiny PS; invalid: fetched, fails check; unreachable: could not be fetched; absent: no l= URL. */
  readonly status: 'ok' | 'invalid' | 'unreachable' | 'absent';
  readonly httpStatus: number | null;
  /** Size of the SVG after gzip decoding. */
  readonly bytes: number | null;
  /** Size of the file as served when it is SVGZ (gzip-compressed); null for plain SVG. */
  readonly compressedBytes: number | null;
  readonly contentType: string | null;
  /** Each redirect followed, as the URL it led to. */
  readonly redirects: readonly string[];
  readonly sha256: string | null;
  /** The check report of the served SVG (as `bimi-svg check --format json` gives it). */
  readonly check: CheckResult | null;
  /** With --compare: whether the served bytes equal the local file; null when not compared. */
  readonly matchesLocal: boolean | null;
}

export interface CertificateResult {
  readonly url: string | null;
  readonly status: 'valid' | 'invalid' | 'absent' | 'unreachable';
  readonly type: 'VMC' | 'CMC' | null;
  /** The markType subject attribute (1.3.6.1.4.1.53087.1.13), e.g. "Registered Mark". */
  readonly markType: string | null;
  readonly subject: string | null;
  readonly issuer: string | null;
  readonly notBefore: string | null;
  readonly notAfter: string | null;
  /** dNSName entries of the leaf's subjectAltName. */
  readonly san: readonly string[];
  /** The verified chain from the leaf to the trust anchor (subject CN and SHA-256 fingerprint). */
  readonly chain: readonly { readonly subject: string; readonly sha256: string }[];
  /** Problems that make the certificate unusable, one sentence each. */
  readonly problems: readonly string[];
  /** Whether the logo in the certificate is the served logo; null when not compared. */
  readonly logoMatches: boolean | null;
}

export type DomainVerdict = 'pass' | 'fail' | 'declined' | 'none';

export interface DomainResult {
  readonly domain: string;
  readonly selector: string;
  readonly verdict: DomainVerdict;
  readonly record: RecordResult;
  readonly dmarc: DmarcResult | null;
  readonly logo: LogoResult | null;
  readonly certificate: CertificateResult | null;
  readonly messages: readonly DnsMessage[];
}
