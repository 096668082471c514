/**
 * bimi-svg/dns: the BIMI chain of a domain, for tools that embed it (mail clients,
 * MTAs, monitoring). checkDomain() is the whole check; the steps are exported too.
 */
export { checkDomain, FETCH_LIMITS, type CheckDomainOptions } from './check-domain.js';
export { createDnsClient, parseDnsServer, type DnsClientOptions } from './resolver.js';
export { discoverRecord, parseBimiRecord, type ParsedBimiRecord } from './record.js';
export { checkDmarc, parseDmarc, type ParsedDmarc } from './dmarc.js';
export { normalizeDomain, organizationalDomain } from './org-domain.js';
export { fetchHttps, type FetchOptions, type FetchResult } from './fetch.js';
export { evaluateCertificate, type CertificateEvaluation, type CertificateOptions } from './certificate.js';
export { loadBundledRoots, readPemFile } from './roots.js';
export { formatDnsJson, formatDnsText, type DnsTextOptions } from './format.js';
export type * from './types.js';
