/**
 * The BIMI "world" of the end-to-end tests and of `npm run dns-lab`: an authoritative
 * DNS server (UDP and TCP) on 127.0.0.1 with one zone per scenario, an HTTPS server with
 * a throw-away TLS CA serving each scenario's logo and certificate bundle, a plain HTTP
 * server (for redirects to http) and a generated Mark Verifying Authority.
 *
 * Every scenario is one domain, named for what it shows (pass-vmc.test, cert-forged.test
 * …); SCENARIOS lists them with a one-line description.
 */
import { gzipSync } from 'node:zlib';
import type { CheckDomainOptions } from '../../src/dns/check-domain.js';
import { startDnsServer, txt, type TestDnsServer, type Zone } from './dns-server.js';
import { startHttpServer, startHttpsServer, type Route, type TestHttpServer } from './https-server.js';
import { createTestPki, TEST_SVG, type LeafOptions, type TestPki } from './pki.js';

/** The host name of l= and a= URLs (the DNS server answers it with 127.0.0.1). */
export const WEB_HOST = 'bimi.example.test';
/** TEST_SVG without its baseProfile: not valid Tiny PS. */
export const INVALID_SVG = TEST_SVG.replace(' baseProfile="tiny-ps"', '');
/** The date certificates are evaluated at (the test PKI is generated around it). */
export const LAB_NOW = new Date('2025-06-01T00:00:00Z');

/** Every scenario domain with what it shows. */
export const SCENARIOS: Readonly<Record<string, string>> = {
  'pass-vmc.test': 'passes: record, DMARC reject, valid logo, trusted VMC embedding that logo',
  'self-asserted.test': 'passes without a certificate (a warning says large receivers need one)',
  'declined.test': 'declines BIMI (l= and a= empty)',
  'nothing.test': 'has no BIMI record',
  'mail.fallback.test': 'has no record; the organizational domain fallback.test has one',
  'two-records.test': 'publishes two v=BIMI1 records',
  'bad-tags.test': 'has a duplicate l= tag, an http URL and a PNG',
  'dmarc-none.test': 'DMARC p=none',
  'dmarc-pct.test': 'DMARC p=quarantine; pct=50',
  'dmarc-sp.test': 'DMARC p=reject; sp=none',
  'dmarc-missing.test': 'no DMARC record',
  'logo-404.test': 'l= answers 404',
  'logo-big.test': 'l= serves more than 64 KiB',
  'logo-loop.test': 'l= redirects to itself',
  'logo-http.test': 'l= redirects to http',
  'logo-html.test': 'l= serves an HTML page (a bot challenge)',
  'logo-invalid.test': 'l= serves an SVG that is not Tiny PS',
  'logo-svgz.test': 'l= serves the logo gzip-compressed (SVGZ), which passes',
  'cert-expired.test': 'the VMC expired',
  'cert-san.test': 'the VMC names another domain',
  'cert-eku.test': 'the VMC has no BIMI extended key usage',
  'cert-forged.test': 'the VMC is signed by an unrelated key',
  'cert-order.test': 'the bundle is in the wrong order (a warning)',
  'cert-logo.test': 'the VMC embeds a different logo than the served one',
  'dns-timeout.test': 'the DNS server never answers for the record',
  'dns-servfail.test': 'the DNS server answers SERVFAIL for the record',
  'long-record.test': 'a 600-byte record (UDP truncated, read over TCP)',
  'mail.brand.walk.test': 'found by the DMARCbis tree walk (--org-domain treewalk), not by the PSL',
};

export interface ScenarioWorld {
  readonly dns: TestDnsServer;
  /** The HTTPS server of l= and a=. */
  readonly web: TestHttpServer;
  /** A plain HTTP server (the target of logo-http.test's redirect). */
  readonly plain: TestHttpServer;
  readonly pki: TestPki;
  /** Options for checkDomain() that reach this world: its DNS server, its CAs, --at and private addresses allowed. */
  readonly options: CheckDomainOptions;
  close(): Promise<void>;
}

/** Starts the servers and publishes every scenario. */
export async function startScenarioWorld(): Promise<ScenarioWorld> {
  const pki = await createTestPki({ now: LAB_NOW });
  const [dns, web, plain] = await Promise.all([startDnsServer({}), startHttpsServer({}, [WEB_HOST]), startHttpServer({})]);
  const zone: Zone = { [WEB_HOST]: { A: ['127.0.0.1'] } };
  const routes: Record<string, Route> = {};

  /** Publishes a domain: its BIMI record ("@" stands for its URL base), DMARC record, logo and certificate. */
  const site = (domain: string, spec: { record?: string | string[][] | null; dmarc?: string | null; logo?: Route; cert?: Route }) => {
    const base = `${web.origin(WEB_HOST)}/${domain}`;
    const record = spec.record === undefined ? `v=BIMI1; l=${base}/logo.svg; a=${base}/vmc.pem` : spec.record;
    if (record !== null) zone[`default._bimi.${domain}`] = { TXT: typeof record === 'string' ? [txt(record.replaceAll('@', base))] : record };
    const dmarc = spec.dmarc === undefined ? 'v=DMARC1; p=reject' : spec.dmarc;
    if (dmarc !== null) zone[`_dmarc.${domain}`] = { TXT: [[dmarc]] };
    routes[`/${domain}/logo.svg`] = spec.logo ?? svg(TEST_SVG);
    if (spec.cert) routes[`/${domain}/vmc.pem`] = spec.cert;
  };
  const svg = (body: string): Route => ({ headers: { 'content-type': 'image/svg+xml' }, body });
  const vmc = async (domain: string, extra: LeafOptions = {}): Promise<Route> => ({
    headers: { 'content-type': 'application/x-pem-file' },
    body: (await pki.leaf({ domains: [domain], ...extra })).pem,
  });
  const selfAsserted = 'v=BIMI1; l=@/logo.svg';

  site('pass-vmc.test', { cert: await vmc('pass-vmc.test') });
  site('self-asserted.test', { record: selfAsserted });
  site('declined.test', { record: 'v=BIMI1; l=; a=;' });
  site('nothing.test', { record: null });
  site('fallback.test', { cert: await vmc('fallback.test') });
  zone['mail.fallback.test'] = { A: ['192.0.2.1'] };
  site('two-records.test', { record: [['v=BIMI1; l=https://a.example.test/1.svg'], ['v=BIMI1; l=https://a.example.test/2.svg']] });
  site('bad-tags.test', { record: 'v=BIMI1; l=http://bimi.example.test/logo.svg; l=https://x.example.test/logo.png' });
  site('dmarc-none.test', { record: selfAsserted, dmarc: 'v=DMARC1; p=none' });
  site('dmarc-pct.test', { record: selfAsserted, dmarc: 'v=DMARC1; p=quarantine; pct=50' });
  site('dmarc-sp.test', { record: selfAsserted, dmarc: 'v=DMARC1; p=reject; sp=none' });
  site('dmarc-missing.test', { record: selfAsserted, dmarc: null });
  site('logo-404.test', { record: 'v=BIMI1; l=@/missing.svg' });
  site('logo-big.test', { record: selfAsserted, logo: svg(`${TEST_SVG}<!--${'x'.repeat(70_000)}-->`) });
  site('logo-loop.test', { record: selfAsserted, logo: { redirect: `${web.origin(WEB_HOST)}/logo-loop.test/logo.svg` } });
  site('logo-http.test', { record: selfAsserted, logo: { redirect: `${plain.origin('127.0.0.1')}/logo.svg` } });
  site('logo-html.test', { record: selfAsserted, logo: { headers: { 'content-type': 'text/html' }, body: '<!DOCTYPE html><html><body>Checking your browser…</body></html>' } });
  site('logo-invalid.test', { record: selfAsserted, logo: svg(INVALID_SVG) });
  site('logo-svgz.test', { record: selfAsserted, logo: { headers: { 'content-type': 'image/svg+xml' }, body: gzipSync(TEST_SVG) } });
  site('cert-expired.test', { cert: await vmc('cert-expired.test', { notBefore: new Date('2024-01-01'), notAfter: new Date('2025-01-01') }) });
  site('cert-san.test', { cert: await vmc('other-brand.test') });
  site('cert-eku.test', { cert: await vmc('cert-eku.test', { eku: null }) });
  site('cert-forged.test', { cert: await vmc('cert-forged.test', { forged: true }) });
  site('cert-order.test', { cert: await vmc('cert-order.test', { order: 'reversed' }) });
  site('cert-logo.test', { cert: await vmc('cert-logo.test', { svg: TEST_SVG.replace('#1a5fb4', '#c01c28') }) });
  site('dns-timeout.test', {});
  zone['default._bimi.dns-timeout.test'] = { drop: true };
  site('dns-servfail.test', {});
  zone['default._bimi.dns-servfail.test'] = { rcode: 'SERVFAIL' };
  // Three strings in one RR, over 512 bytes: UDP is truncated and the client retries over TCP.
  site('long-record.test', { record: `v=BIMI1; l=@/logo.svg; a=@/vmc.pem; xpad=${'p'.repeat(500)}`, cert: await vmc('long-record.test') });
  // The Public Suffix List gives walk.test for mail.brand.walk.test; the DMARCbis tree
  // walk stops at brand.walk.test (psd=n), which is where the record is.
  site('brand.walk.test', { record: selfAsserted, dmarc: 'v=DMARC1; p=reject; psd=n' });

  dns.zone = zone;
  web.routes = routes;
  const options: CheckDomainOptions = { dnsServer: dns.server, timeoutMs: 1500, extraCa: [web.caPem], trustRoots: [pki.rootPem], allowPrivateNetwork: true, at: pki.now };
  return {
    dns,
    web,
    plain,
    pki,
    options,
    close: async () => {
      await Promise.all([dns.close(), web.close(), plain.close()]);
    },
  };
}
