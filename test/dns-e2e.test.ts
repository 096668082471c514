/**
 * checkDomain() end to end against real servers on 127.0.0.1: an authoritative DNS
 * server (UDP and TCP) holding one zone per scenario, an HTTPS server with a
 * throw-away TLS CA serving logos and certificate bundles, and a generated Mark
 * Verifying Authority. Every scenario of the issue is one domain here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDomain, type CheckDomainOptions } from '../src/dns/check-domain.js';
import type { DomainResult } from '../src/dns/types.js';
import { startDnsServer, txt, type TestDnsServer, type Zone } from './support/dns-server.js';
import { startHttpServer, startHttpsServer, type Route, type TestHttpServer } from './support/https-server.js';
import { createTestPki, TEST_SVG, type TestPki } from './support/pki.js';

const HOST = 'bimi.example.test';
let dns: TestDnsServer;
let web: TestHttpServer;
let plain: TestHttpServer;
let pki: TestPki;
let options: CheckDomainOptions;

const DMARC_REJECT = { TXT: [['v=DMARC1; p=reject; rua=mailto:d@example.test']] };
const INVALID_SVG = TEST_SVG.replace(' baseProfile="tiny-ps"', '');

/** Publishes a domain: its BIMI record, DMARC record, and what the web server serves for it. */
function site(zone: Zone, routes: Record<string, Route>, domain: string, spec: { record?: string | string[][] | null; dmarc?: string | null; logo?: Route; cert?: Route; selector?: string }) {
  const base = `${web.origin(HOST)}/${domain}`;
  const record = spec.record === undefined ? `v=BIMI1; l=${base}/logo.svg; a=${base}/vmc.pem` : spec.record;
  if (record !== null) zone[`${spec.selector ?? 'default'}._bimi.${domain}`] = { TXT: typeof record === 'string' ? [txt(record.replaceAll('@', base))] : record };
  const dmarc = spec.dmarc === undefined ? 'v=DMARC1; p=reject' : spec.dmarc;
  if (dmarc !== null) zone[`_dmarc.${domain}`] = { TXT: [[dmarc]] };
  routes[`/${domain}/logo.svg`] = spec.logo ?? { headers: { 'content-type': 'image/svg+xml' }, body: TEST_SVG };
  if (spec.cert) routes[`/${domain}/vmc.pem`] = spec.cert;
}

const pem = (body: string): Route => ({ headers: { 'content-type': 'application/x-pem-file' }, body });
const codes = (r: DomainResult) => r.messages.map((m) => m.code);
const errors = (r: DomainResult) => r.messages.filter((m) => m.severity === 'error').map((m) => m.code);
const run = (domain: string, extra: CheckDomainOptions = {}) => checkDomain(domain, { ...options, ...extra });

beforeAll(async () => {
  pki = await createTestPki({ now: new Date('2025-06-01T00:00:00Z') });
  dns = await startDnsServer({});
  web = await startHttpsServer({}, [HOST]);
  plain = await startHttpServer({});
  const zone: Zone = { [HOST]: { A: ['127.0.0.1'] } };
  const routes: Record<string, Route> = {};
  const vmc = async (domain: string, extra: Parameters<TestPki['leaf']>[0] = {}) => pem((await pki.leaf({ domains: [domain], ...extra })).pem);

  site(zone, routes, 'pass-vmc.test', { cert: await vmc('pass-vmc.test') });
  site(zone, routes, 'self-asserted.test', { record: 'v=BIMI1; l=@/logo.svg' });
  site(zone, routes, 'declined.test', { record: 'v=BIMI1; l=; a=;' });
  site(zone, routes, 'nothing.test', { record: null });
  // Organizational-domain fallback: mail.fallback.test has no record of its own.
  site(zone, routes, 'fallback.test', { cert: await vmc('fallback.test') });
  zone['mail.fallback.test'] = { A: ['192.0.2.1'] };
  site(zone, routes, 'two-records.test', { record: [['v=BIMI1; l=https://a.example.test/1.svg'], ['v=BIMI1; l=https://a.example.test/2.svg']] });
  site(zone, routes, 'bad-tags.test', { record: 'v=BIMI1; l=http://bimi.example.test/logo.svg; l=https://x.example.test/logo.png' });
  site(zone, routes, 'dmarc-none.test', { record: 'v=BIMI1; l=@/logo.svg', dmarc: 'v=DMARC1; p=none' });
  site(zone, routes, 'dmarc-pct.test', { record: 'v=BIMI1; l=@/logo.svg', dmarc: 'v=DMARC1; p=quarantine; pct=50' });
  site(zone, routes, 'dmarc-sp.test', { record: 'v=BIMI1; l=@/logo.svg', dmarc: 'v=DMARC1; p=reject; sp=none' });
  site(zone, routes, 'dmarc-missing.test', { record: 'v=BIMI1; l=@/logo.svg', dmarc: null });
  site(zone, routes, 'logo-404.test', { record: 'v=BIMI1; l=@/missing.svg' });
  site(zone, routes, 'logo-big.test', { record: 'v=BIMI1; l=@/logo.svg', logo: { headers: { 'content-type': 'image/svg+xml' }, body: `${TEST_SVG}<!--${'x'.repeat(70_000)}-->` } });
  site(zone, routes, 'logo-loop.test', { record: 'v=BIMI1; l=@/logo.svg', logo: { redirect: `${web.origin(HOST)}/logo-loop.test/logo.svg` } });
  site(zone, routes, 'logo-http.test', { record: 'v=BIMI1; l=@/logo.svg', logo: { redirect: `${plain.origin('127.0.0.1')}/logo.svg` } });
  site(zone, routes, 'logo-html.test', { record: 'v=BIMI1; l=@/logo.svg', logo: { headers: { 'content-type': 'text/html' }, body: '<!DOCTYPE html><html><body>Checking your browser…</body></html>' } });
  site(zone, routes, 'logo-invalid.test', { record: 'v=BIMI1; l=@/logo.svg', logo: { headers: { 'content-type': 'image/svg+xml' }, body: INVALID_SVG } });
  site(zone, routes, 'cert-expired.test', { cert: await vmc('cert-expired.test', { notBefore: new Date('2024-01-01'), notAfter: new Date('2025-01-01') }) });
  site(zone, routes, 'cert-san.test', { cert: await vmc('other-brand.test') });
  site(zone, routes, 'cert-eku.test', { cert: await vmc('cert-eku.test', { eku: null }) });
  site(zone, routes, 'cert-forged.test', { cert: await vmc('cert-forged.test', { forged: true }) });
  site(zone, routes, 'cert-order.test', { cert: await vmc('cert-order.test', { order: 'reversed' }) });
  site(zone, routes, 'cert-logo.test', { cert: await vmc('cert-logo.test', { svg: TEST_SVG.replace('#1a5fb4', '#c01c28') }) });
  site(zone, routes, 'dns-timeout.test', {});
  zone['default._bimi.dns-timeout.test'] = { drop: true };
  site(zone, routes, 'dns-servfail.test', {});
  zone['default._bimi.dns-servfail.test'] = { rcode: 'SERVFAIL' };
  // A 600-byte record: three strings in one RR, over 512 bytes, so UDP is truncated and the client retries over TCP.
  site(zone, routes, 'long-record.test', { record: `v=BIMI1; l=@/logo.svg; a=@/vmc.pem; xpad=${'p'.repeat(500)}`, cert: await vmc('long-record.test') });
  dns.zone = zone;
  web.routes = routes;
  options = { dnsServer: dns.server, timeoutMs: 1500, extraCa: [web.caPem], trustRoots: [pki.rootPem], allowPrivateNetwork: true, at: pki.now };
}, 60_000);

afterAll(async () => {
  await Promise.all([dns?.close(), web?.close(), plain?.close()]);
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
