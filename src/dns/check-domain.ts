/**
 * checkDomain(): the whole BIMI chain of one domain, end to end — the assertion
 * record, the DMARC policy that applies, the logo served at l= and the mark
 * certificate at a= — as one plain-data result with a verdict and the reason for
 * every step. Nothing here prints or exits; the CLI formats the result.
 */
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { check } from '../check.js';
import type { CheckOptions, CheckResult } from '../types.js';
import { checkDmarc } from './dmarc.js';
import { fetchHttps, type FetchResult } from './fetch.js';
import { compareLogoBytes } from './logo-bytes.js';
import { normalizeDomain } from './org-domain.js';
import { discoverRecord } from './record.js';
import { createDnsClient } from './resolver.js';
import type { CertificateResult, DnsClient, DnsMessage, DomainResult, DomainVerdict, LogoResult, RecordResult } from './types.js';

export interface CheckDomainOptions {
  /** BIMI selector (default "default"). */
  readonly selector?: string;
  /** What answers DNS questions; default: the system resolver, or `dnsServer`. */
  readonly dns?: DnsClient;
  /** A DNS server to ask instead of the system resolver: "host", "host:port" or "[v6]:port". */
  readonly dnsServer?: string;
  /** Limit for each DNS query and each HTTPS fetch, in ms (default 5000). */
  readonly timeoutMs?: number;
  /** When to evaluate certificate validity (default: now). */
  readonly at?: Date;
  /** Extra trusted CA certificates (PEM) for HTTPS, besides Node's web roots. */
  readonly extraCa?: readonly string[];
  /** Mark certificate trust anchors (PEM texts); default: the bundled roots of the Mark Verifying Authorities. */
  readonly trustRoots?: readonly string[];
  /** Allow l= and a= URLs that resolve to loopback, private or link-local addresses (for tests and intranets). */
  readonly allowPrivateNetwork?: boolean;
  /** A local logo to compare with the served one (--compare). */
  readonly compare?: Uint8Array | null;
  /** Options for checking the served logo, as for `check`. */
  readonly checkOptions?: CheckOptions;
  /** User-Agent of the HTTPS fetches (the CLI sends bimi-svg/<version>). */
  readonly userAgent?: string;
  /**
   * How to find the Organizational Domain for the record fallback and the DMARC policy:
   * 'psl' (default; RFC 7489, which the BIMI draft cites: the Public Suffix List, ICANN
   * section) or 'treewalk' (DMARCbis §4.10: the DNS tree walk over _dmarc records).
   * With 'treewalk' a message says when the two methods disagree.
   */
  readonly orgDomainMethod?: 'psl' | 'treewalk';
}

/** Download limits: Mail::BIMI caps both fetches at 64 KiB and follows at most 3 redirects (bimi-record.md §9). */
export const FETCH_LIMITS = { maxBytes: 64 * 1024, maxRedirects: 3, maxSvgBytes: 1024 * 1024 } as const;

const CORE = 'draft-brand-indicators-for-message-identification-12';
const GUIDANCE = 'draft-brotman-ietf-bimi-guidance-13';

const NO_RECORD: RecordResult = { name: null, raw: null, tags: {}, status: 'none', orgFallback: false, queried: [] };

/** Checks the BIMI chain of one domain. Never throws for anything the network or DNS returns. */
export async function checkDomain(input: string, options: CheckDomainOptions = {}): Promise<DomainResult> {
  const selector = options.selector ?? 'default';
  const normalized = normalizeDomain(input);
  if (!normalized.ok) {
    const message: DnsMessage = { step: 'record', severity: 'error', code: 'domain-invalid', message: normalized.message, citation: 'RFC 1035 §2.3.1; RFC 5891' };
    return { domain: input, selector, verdict: 'fail', record: NO_RECORD, dmarc: null, logo: null, certificate: null, messages: [message] };
  }
  const domain = normalized.domain;
  const timeoutMs = options.timeoutMs ?? 5000;
  const dns = options.dns ?? createDnsClient({ ...(options.dnsServer ? { server: options.dnsServer } : {}), timeoutMs, tries: 2 });

  // The record and the DMARC policy are independent questions: ask them together. With the
  // tree walk the Organizational Domain comes from DMARC records, so the record waits for it.
  const [found, dmarcCheck] =
    options.orgDomainMethod === 'treewalk'
      ? await checkDmarc(dns, domain, { orgDomainMethod: 'treewalk' }).then(async (d) => [await discoverRecord(dns, domain, selector, { orgDomain: d.dmarc.orgDomain }), d] as const)
      : await Promise.all([discoverRecord(dns, domain, selector), checkDmarc(dns, domain)]);
  const messages: DnsMessage[] = [...found.messages, ...dmarcCheck.messages];
  const record = found.record;
  const parsed = found.parsed;

  let logo: LogoResult | null = null;
  let certificate: CertificateResult | null = null;
  if (record.status === 'valid' && parsed) {
    const fetchOptions = {
      maxBytes: FETCH_LIMITS.maxBytes,
      maxRedirects: FETCH_LIMITS.maxRedirects,
      timeoutMs,
      ...(options.extraCa ? { extraCa: options.extraCa } : {}),
      // Host names of l= and a= are resolved by the same DNS as the record when one was
      // given; otherwise by the system's lookup, as a mail receiver would.
      dns: options.dns || options.dnsServer ? dns : null,
      allowPrivateNetwork: options.allowPrivateNetwork ?? false,
      userAgent: options.userAgent ?? 'bimi-svg',
    };
    const [logoFetch, certFetch] = await Promise.all([
      parsed.l ? fetchHttps(parsed.l, { ...fetchOptions, accept: 'image/svg+xml' }) : Promise.resolve(null),
      parsed.a ? fetchHttps(parsed.a, { ...fetchOptions, accept: 'application/x-pem-file, application/pem-certificate-chain, */*' }) : Promise.resolve(null),
    ]);
    const served = logoStep(parsed.l, logoFetch, options, messages);
    logo = served.logo;
    certificate = await certificateStep(parsed.a, certFetch, record, selector, served.svg, options, messages);
  }

  const verdict = decide(record, messages);
  return { domain, selector, verdict, record, dmarc: dmarcCheck.dmarc, logo, certificate, messages };
}

function decide(record: RecordResult, messages: readonly DnsMessage[]): DomainVerdict {
  if (record.status === 'none') return 'none';
  if (record.status === 'declined') return 'declined';
  return messages.some((m) => m.severity === 'error') ? 'fail' : 'pass';
}

/** The gunzipped SVG of a body that may be SVGZ, or a reason it cannot be read. */
function svgBytes(body: Buffer): { svg: Buffer; gzip: boolean } | { error: string } {
  if (body.length >= 2 && body[0] === 0x1f && body[1] === 0x8b) {
    try {
      return { svg: gunzipSync(body, { maxOutputLength: FETCH_LIMITS.maxSvgBytes }), gzip: true };
    } catch (e) {
      const tooBig = (e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || /maxOutputLength|Cannot create a Buffer/.test((e as Error).message);
      return { error: tooBig ? `it is gzip-compressed and expands beyond ${FETCH_LIMITS.maxSvgBytes / 1024} KiB` : 'it starts like gzip (SVGZ) but does not decompress' };
    }
  }
  return { svg: body, gzip: false };
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function fetchFailure(step: 'logo' | 'certificate', what: string, url: string, f: Extract<FetchResult, { ok: false }>): DnsMessage {
  return {
    step,
    severity: 'error',
    code: `${step === 'logo' ? 'logo' : 'cert'}-fetch-${f.code}`,
    message: `The ${what} at ${url} could not be fetched: ${f.message}`,
    citation: step === 'logo' ? `${CORE} §7.5 (l= over HTTPS); ${GUIDANCE} §5.6, §7.2` : `draft-fetch-validation-vmc-wchuang-11 §3.2`,
  };
}

function logoStep(url: string | null, fetched: FetchResult | null, options: CheckDomainOptions, messages: DnsMessage[]): { logo: LogoResult | null; svg: Buffer | null } {
  if (!url || !fetched) return { logo: null, svg: null };
  const base = { url, httpStatus: fetched.status ?? null, redirects: fetched.redirects };
  if (!fetched.ok) {
    messages.push(fetchFailure('logo', 'logo', url, fetched));
    return { logo: { ...base, status: 'unreachable', bytes: null, compressedBytes: null, contentType: null, sha256: null, check: null, matchesLocal: null }, svg: null };
  }
  if (fetched.redirects.length > 0) {
    messages.push({
      step: 'logo',
      severity: 'warning',
      code: 'logo-redirect',
      message: `The logo URL redirects (${[url, ...fetched.redirects].join(' → ')}); some receivers do not follow redirects: publish the final URL in l=.`,
      citation: `${GUIDANCE} §5.6`,
    });
  }
  const contentType = fetched.contentType;
  const decoded = svgBytes(fetched.body);
  if ('error' in decoded) {
    messages.push({ step: 'logo', severity: 'error', code: 'logo-unreadable', message: `The logo at ${url} cannot be read: ${decoded.error}.`, citation: `${CORE} §4.3.2` });
    return { logo: { ...base, status: 'invalid', bytes: fetched.body.length, compressedBytes: null, contentType, sha256: null, check: null, matchesLocal: null }, svg: null };
  }
  const mediaType = contentType?.split(';')[0]!.trim().toLowerCase() ?? null;
  if (mediaType !== 'image/svg+xml') {
    messages.push({
      step: 'logo',
      severity: 'warning',
      code: 'logo-content-type',
      message: `The server sends the logo as ${mediaType ?? 'no Content-Type'}, not image/svg+xml; receivers judge the file by its content, but some CDNs and proxies mishandle other types.${mediaType === 'text/html' ? ' An HTML answer is often a bot-protection challenge page: exempt the logo URL from it.' : ''}`,
      citation: `${CORE} §4.3.2; ${GUIDANCE} §7.2`,
    });
  }
  const result: CheckResult = check(decoded.svg, { ...options.checkOptions, filePath: url });
  if (!result.valid) {
    messages.push({
      step: 'logo',
      severity: 'error',
      code: 'logo-invalid',
      message: `The served logo is not valid SVG Tiny PS (${result.errorCount} error${result.errorCount === 1 ? '' : 's'}; first: ${firstError(result)}); receivers do not show it. Run bimi-svg check on it, or bimi-svg convert.`,
      citation: `${CORE} §7.6`,
    });
  }
  let matchesLocal: boolean | null = null;
  if (options.compare) {
    const local = svgBytes(Buffer.from(options.compare));
    const localSvg = 'error' in local ? Buffer.from(options.compare) : local.svg;
    const comparison = compareLogoBytes(decoded.svg, localSvg, 'the served file');
    matchesLocal = comparison.kind === 'same';
    if (comparison.kind !== 'same') {
      const eolOnly = comparison.kind === 'line-endings';
      messages.push({
        step: 'logo',
        severity: eolOnly ? 'warning' : 'error',
        code: eolOnly ? 'logo-local-line-endings' : 'logo-differs-from-local',
        message: eolOnly
          ? 'The served logo differs from the local file only in its line endings (a server or CMS rewrote them).'
          : `The served logo (${decoded.svg.length} bytes) is not the local file (${localSvg.length} bytes); ${comparison.where}: the web server, CMS or CDN serves something else, or rewrote it.`,
      });
    }
  }
  return {
    logo: { ...base, status: result.valid ? 'ok' : 'invalid', bytes: decoded.svg.length, compressedBytes: decoded.gzip ? fetched.body.length : null, contentType, sha256: sha256(decoded.svg), check: result, matchesLocal },
    svg: decoded.svg,
  };
}

function firstError(r: CheckResult): string {
  const m = r.messages.find((x) => x.severity === 'error');
  return m ? `${m.line}:${m.column} ${m.message}` : 'see the check report';
}

/** The domain a certificate must name: where the record was found, without "<selector>._bimi." (vmc.md §3). */
function recordDomainOf(record: RecordResult, selector: string): string {
  const prefix = `${selector}._bimi.`;
  return record.name && record.name.startsWith(prefix) ? record.name.slice(prefix.length) : (record.name ?? '');
}

async function certificateStep(
  url: string | null,
  fetched: FetchResult | null,
  record: RecordResult,
  selector: string,
  servedSvg: Buffer | null,
  options: CheckDomainOptions,
  messages: DnsMessage[],
): Promise<CertificateResult> {
  const empty = { type: null, markType: null, subject: null, issuer: null, notBefore: null, notAfter: null, san: [], chain: [], logoMatches: null } as const;
  if (!url || !fetched) {
    messages.push({
      step: 'certificate',
      severity: 'warning',
      code: 'cert-absent',
      message:
        'The record has no a= certificate: the logo is self-asserted. Gmail, Apple Mail and most large mailbox providers show a logo only with a Verified Mark Certificate (VMC) or Common Mark Certificate (CMC).',
      citation: `${CORE} §4.3; ${GUIDANCE} §10.2`,
    });
    return { url: null, status: 'absent', problems: [], ...empty };
  }
  if (!fetched.ok) {
    const m = fetchFailure('certificate', 'certificate', url, fetched);
    messages.push(m);
    return { url, status: 'unreachable', problems: [m.message], ...empty };
  }
  // Loaded on demand: the X.509 and ASN.1 libraries are only needed here.
  const { evaluateCertificate } = await import('./certificate.js');
  const { loadBundledRoots } = await import('./roots.js');
  const evaluation = await evaluateCertificate(fetched.body, url, {
    recordDomain: recordDomainOf(record, selector),
    selector,
    trustRoots: options.trustRoots ?? loadBundledRoots(),
    at: options.at ?? new Date(),
    servedSvg,
  });
  messages.push(...evaluation.messages);
  return evaluation.certificate;
}
