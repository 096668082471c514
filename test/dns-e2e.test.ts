/**
 * checkDomain() end to end against real servers on 127.0.0.1: an authoritative DNS
 * server (UDP and TCP) holding one zone per scenario, an HTTPS server with a
 * throw-away TLS CA serving logos and certificate bundles, and a generated Mark
 * Verifying Authority. Every scenario of the issue is one domain here.
 */
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDomain, type CheckDomainOptions } from '../src/dns/check-domain.js';
import { formatDnsText } from '../src/dns/format.js';
import type { DomainResult } from '../src/dns/types.js';
import type { TestDnsServer } from './support/dns-server.js';
import type { TestHttpServer } from './support/https-server.js';
import { TEST_SVG, type TestPki } from './support/pki.js';
import { INVALID_SVG, SCENARIOS, startScenarioWorld, type ScenarioWorld } from './support/scenarios.js';

let world: ScenarioWorld;
let dns: TestDnsServer;
let web: TestHttpServer;
let pki: TestPki;
let options: CheckDomainOptions;

const codes = (r: DomainResult) => r.messages.map((m) => m.code);
const errors = (r: DomainResult) => r.messages.filter((m) => m.severity === 'error').map((m) => m.code);
const run = (domain: string, extra: CheckDomainOptions = {}) => checkDomain(domain, { ...options, ...extra });

beforeAll(async () => {
  world = await startScenarioWorld();
  ({ dns, web, pki, options } = world);
}, 60_000);

afterAll(async () => {
  await world?.close();
});

describe('dns: passing domains', () => {
  it('passes with a VMC: record, DMARC, valid logo, trusted certificate whose logo is the served one', async () => {
    const r = await run('pass-vmc.test');
    expect(errors(r)).toEqual([]);
    expect(r.verdict).toBe('pass');
    expect(r.record).toMatchObject({ name: 'default._bimi.pass-vmc.test', status: 'valid', orgFallback: false });
    expect(r.dmarc).toMatchObject({ eligible: true, policy: 'reject', recordName: '_dmarc.pass-vmc.test' });
    expect(r.logo).toMatchObject({ status: 'ok', httpStatus: 200, bytes: Buffer.byteLength(TEST_SVG) });
    expect(r.logo!.check!.errorCount).toBe(0);
    expect(r.certificate).toMatchObject({ status: 'valid', type: 'VMC', markType: 'Registered Mark', logoMatches: true, san: ['pass-vmc.test'] });
    expect(r.certificate!.chain.map((c) => c.subject)).toEqual(['Example Test Brand', pki.intermediateName, pki.rootName]);
  });

  it('passes without a certificate (self-asserted), with a warning that large receivers need one', async () => {
    const r = await run('self-asserted.test');
    expect(r.verdict).toBe('pass');
    expect(r.certificate).toMatchObject({ status: 'absent' });
    expect(r.messages.find((m) => m.code === 'cert-absent')?.severity).toBe('warning');
  });

  it('falls back to the organizational domain when the author domain has no record, and says so', async () => {
    const r = await run('mail.fallback.test');
    expect(r.record).toMatchObject({ name: 'default._bimi.fallback.test', orgFallback: true, status: 'valid' });
    expect(r.record.queried).toEqual(['default._bimi.mail.fallback.test', 'default._bimi.fallback.test']);
    // The certificate names the domain where the record was found.
    expect(r.certificate?.status).toBe('valid');
    expect(r.verdict).toBe('pass');
  });

  it('finds the Organizational Domain by the DMARCbis tree walk when asked, and says it differs from the PSL', async () => {
    const psl = await run('mail.brand.walk.test');
    expect(psl.verdict).toBe('none');
    expect(psl.record.queried).toEqual(['default._bimi.mail.brand.walk.test', 'default._bimi.walk.test']);
    const walk = await run('mail.brand.walk.test', { orgDomainMethod: 'treewalk' });
    expect(walk.record).toMatchObject({ name: 'default._bimi.brand.walk.test', orgFallback: true, status: 'valid' });
    expect(walk.dmarc).toMatchObject({ orgDomain: 'brand.walk.test', eligible: true, recordName: '_dmarc.brand.walk.test' });
    expect(walk.messages.find((m) => m.code === 'dmarc-org-domain')?.message).toMatch(/tree walk.*brand\.walk\.test.*Public Suffix List.*walk\.test/);
    expect(walk.verdict).toBe('pass');
  });

  it('reads a record longer than 512 bytes through the TCP fallback', async () => {
    const before = dns.queries.filter((q) => q.transport === 'tcp').length;
    const r = await run('long-record.test');
    expect(r.record.raw!.length).toBeGreaterThan(512);
    expect(r.verdict).toBe('pass');
    expect(dns.queries.filter((q) => q.transport === 'tcp' && q.name === 'default._bimi.long-record.test').length).toBeGreaterThan(0);
    expect(dns.queries.filter((q) => q.transport === 'tcp').length).toBeGreaterThan(before);
  });
});

describe('dns: records', () => {
  it('reports an explicit declination as declined, not as a failure or as no record', async () => {
    const r = await run('declined.test');
    expect(r.verdict).toBe('declined');
    expect(r.record.status).toBe('declined');
    expect(r.logo).toBeNull();
  });

  it('reports no record (NXDOMAIN) as none, after asking the organizational domain too', async () => {
    const r = await run('nothing.test');
    expect(r.verdict).toBe('none');
    expect(r.record.status).toBe('none');
  });

  it('fails two v=BIMI1 records at one name: receivers stop', async () => {
    const r = await run('two-records.test');
    expect(r.verdict).toBe('fail');
    expect(errors(r)).toContain('record-multiple');
  });

  it('fails bad tags: a duplicate l=, an http URL, a PNG', async () => {
    const r = await run('bad-tags.test');
    expect(r.verdict).toBe('fail');
    expect(r.record.status).toBe('invalid');
    expect(errors(r)).toContain('record-duplicate-tag');
  });

  it('turns DNS failures into temporary errors, never into "no record"', async () => {
    const timeout = await run('dns-timeout.test', { timeoutMs: 400 });
    expect(timeout.record.status).toBe('temperror');
    expect(timeout.verdict).toBe('fail');
    const servfail = await run('dns-servfail.test');
    expect(servfail.record.status).toBe('temperror');
    expect(errors(servfail)).toContain('record-temperror');
  });
});

describe('dns: DMARC', () => {
  it.each([
    ['dmarc-none.test', 'dmarc-policy-none'],
    ['dmarc-pct.test', 'dmarc-pct'],
    ['dmarc-sp.test', 'dmarc-sp-none'],
    ['dmarc-missing.test', 'dmarc-missing'],
  ])('%s is not eligible (%s)', async (domain, code) => {
    const r = await run(domain);
    expect(r.verdict).toBe('fail');
    expect(r.dmarc!.eligible).toBe(false);
    expect(errors(r)).toContain(code);
    expect(r.dmarc!.reasons.length).toBeGreaterThan(0);
  });
});

describe('dns: the served logo', () => {
  it.each([
    ['logo-404.test', 'logo-fetch-http-status'],
    ['logo-big.test', 'logo-fetch-too-large'],
    ['logo-loop.test', 'logo-fetch-too-many-redirects'],
    ['logo-http.test', 'logo-fetch-redirect-to-http'],
  ])('%s cannot be fetched (%s)', async (domain, code) => {
    const r = await run(domain);
    expect(r.verdict).toBe('fail');
    expect(r.logo!.status).toBe('unreachable');
    expect(errors(r)).toContain(code);
  });

  it('fails an HTML page served instead of the logo and names bot protection', async () => {
    const r = await run('logo-html.test');
    expect(r.verdict).toBe('fail');
    expect(r.logo!.status).toBe('invalid');
    expect(codes(r)).toContain('logo-content-type');
    expect(r.messages.find((m) => m.code === 'logo-content-type')!.message).toMatch(/bot-protection/);
  });

  it('fails a logo that is not valid Tiny PS and embeds the check report', async () => {
    const r = await run('logo-invalid.test');
    expect(r.verdict).toBe('fail');
    expect(errors(r)).toContain('logo-invalid');
    expect(r.logo!.check!.messages.some((m) => m.ruleId === 'root-base-profile')).toBe(true);
  });

  it('decompresses a logo served as SVGZ and reports both sizes', async () => {
    const r = await run('logo-svgz.test');
    expect(errors(r)).toEqual([]);
    expect(r.verdict).toBe('pass');
    expect(r.logo).toMatchObject({ status: 'ok', bytes: Buffer.byteLength(TEST_SVG), compressedBytes: gzipSync(TEST_SVG).length });
    expect(formatDnsText([r])).toContain(`${Buffer.byteLength(TEST_SVG)} bytes (SVGZ: ${gzipSync(TEST_SVG).length} bytes served)  valid SVG Tiny PS`);
  });

  it('compares the served logo with a local file (--compare)', async () => {
    const same = await run('pass-vmc.test', { compare: Buffer.from(TEST_SVG) });
    expect(same.logo!.matchesLocal).toBe(true);
    const crlf = await run('pass-vmc.test', { compare: Buffer.from(TEST_SVG.replace(/\n/g, '\r\n')) });
    expect(crlf.logo!.matchesLocal).toBe(false);
    expect(crlf.messages.find((m) => m.code === 'logo-local-line-endings')?.severity).toBe('warning');
    const other = await run('pass-vmc.test', { compare: Buffer.from(INVALID_SVG) });
    expect(errors(other)).toContain('logo-differs-from-local');
  });
});

describe('dns: the mark certificate', () => {
  it.each([
    ['cert-expired.test', 'cert-expired'],
    ['cert-san.test', 'cert-san-mismatch'],
    ['cert-eku.test', 'cert-no-bimi-eku'],
    ['cert-forged.test', 'cert-signature-invalid'],
    ['cert-logo.test', 'cert-logo-mismatch'],
  ])('%s fails (%s)', async (domain, code) => {
    const r = await run(domain);
    expect(r.verdict).toBe('fail');
    expect(r.certificate!.status).toBe('invalid');
    expect(errors(r)).toContain(code);
  });

  it('warns about a bundle in the wrong order but still builds and verifies the chain', async () => {
    const r = await run('cert-order.test');
    expect(codes(r)).toContain('cert-order');
    expect(r.certificate!.status).toBe('valid');
  });

  it('fails every certificate under the bundled roots, which never include a test root', async () => {
    const { trustRoots: _ignored, ...withoutRoots } = options;
    const r = await checkDomain('pass-vmc.test', withoutRoots);
    expect(errors(r)).toContain('cert-chain-untrusted');
  });

  it('evaluates validity at --at: the VMC is not yet valid before its start', async () => {
    const r = await run('pass-vmc.test', { at: new Date('2024-01-01T00:00:00Z') });
    expect(errors(r)).toContain('cert-not-yet-valid');
  });
});

describe('dns: security', () => {
  it('refuses l= and a= on loopback addresses unless the private network is allowed', async () => {
    const before = web.requests.length;
    const r = await run('pass-vmc.test', { allowPrivateNetwork: false });
    expect(r.verdict).toBe('fail');
    expect(errors(r)).toEqual(expect.arrayContaining(['logo-fetch-private-address', 'cert-fetch-private-address']));
    // Refused before any request was sent.
    expect(web.requests.length).toBe(before);
  });

  it('gives a located, plain message for a malformed domain instead of querying', async () => {
    const r = await run('https://example.test/logo.svg');
    expect(r.verdict).toBe('fail');
    expect(r.messages[0]!.message).toMatch(/domain/);
  });
});

describe('dns: the scenario list', () => {
  it('exercises every published scenario in this file', async () => {
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(new URL(import.meta.url), 'utf8');
    for (const domain of Object.keys(SCENARIOS)) expect(text, domain).toContain(`'${domain}'`);
  });
});
