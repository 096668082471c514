/**
 * fetchHttps against real servers on 127.0.0.1: an HTTPS server with a throw-away CA,
 * a plain HTTP server, and host names answered by the test DNS server. Each failure
 * mode of bimi-record.md §9 (HTTPS only, size cap, redirects, timeouts, TLS) and the
 * private-address guard is provoked for real.
 */
import { Resolver } from 'node:dns/promises';
import { createServer } from 'node:net';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchHttps, type FetchOptions, type FetchResult } from '../src/dns/fetch.js';
import type { DnsClient, TxtOutcome } from '../src/dns/types.js';
import { startDnsServer, type TestDnsServer } from './support/dns-server.js';
import { startHttpServer, startHttpsServer, type TestHttpServer } from './support/https-server.js';
import { createTlsAuthority } from './support/tls.js';

const SVG = '<svg xmlns="http://www.w3.org/2000/svg" version="1.2" baseProfile="tiny-ps"><title>Test</title></svg>\n';
const SVGZ = gzipSync(SVG);
const HOST = 'bimi.example.test';

/** A DnsClient on node:dns/promises pointed at the test server (the production one is resolver.ts). */
function testDnsClient(server: string): DnsClient {
  const resolver = new Resolver({ timeout: 1000, tries: 1 });
  resolver.setServers([server]);
  const orNone = (p: Promise<string[]>) => p.catch((e: NodeJS.ErrnoException) => (e.code === 'ENODATA' || e.code === 'ENOTFOUND' ? [] : Promise.reject(e)));
  return {
    async txt(name): Promise<TxtOutcome> {
      const records = await orNone(resolver.resolveTxt(name).then((rrs) => rrs.map((rr) => rr.join(''))));
      return records.length > 0 ? { kind: 'records', records } : { kind: 'none', code: 'NODATA' };
    },
    async addresses(host) {
      const [v4, v6] = await Promise.all([orNone(resolver.resolve4(host)), orNone(resolver.resolve6(host))]);
      const all = [...v4.map((address) => ({ address, family: 4 as const })), ...v6.map((address) => ({ address, family: 6 as const }))];
      if (all.length === 0) throw Object.assign(new Error(`${host} has no addresses`), { code: 'ENOTFOUND' });
      return all;
    },
  };
}

let dns: TestDnsServer;
let web: TestHttpServer;
let plain: TestHttpServer;
let client: DnsClient;

const url = (path: string, host = HOST) => `${web.origin(host)}${path}`;
const options = (over: Partial<FetchOptions> = {}): FetchOptions => ({
  maxBytes: 64 * 1024,
  maxRedirects: 3,
  timeoutMs: 3000,
  extraCa: [web.caPem],
  dns: client,
  allowPrivateNetwork: true,
  accept: 'image/svg+xml',
  userAgent: 'bimi-svg/test',
  ...over,
});

function failure(result: FetchResult) {
  if (result.ok) throw new Error(`expected a failure, got HTTP ${result.status} from ${result.finalUrl}`);
  return result;
}
function success(result: FetchResult) {
  if (!result.ok) throw new Error(`expected a success, got ${result.code}: ${result.message}`);
  return result;
}
const requestsFor = (path: string) => web.requests.filter((r) => r.path === path).length;

beforeAll(async () => {
  plain = await startHttpServer({ '/logo.svg': { body: SVG } });
  web = await startHttpsServer({}, [HOST]);
  dns = await startDnsServer({
    [HOST]: { A: ['127.0.0.1'] },
    'other.example.test': { A: ['127.0.0.1'] },
    'internal.example.test': { A: ['10.0.0.5'] },
    'mixed.example.test': { A: ['127.0.0.1', '10.0.0.9'] },
    'slow.example.test': { A: ['127.0.0.1'], delayMs: 800 },
  });
  client = testDnsClient(dns.server);
  web.routes = {
    '/logo.svg': { headers: { 'content-type': 'image/svg+xml' }, body: SVG },
    '/logo-ce.svg': { headers: { 'content-type': 'image/svg+xml', 'content-encoding': 'gzip' }, body: SVGZ },
    '/logo-br.svg': { headers: { 'content-type': 'image/svg+xml', 'content-encoding': 'br' }, body: brotliCompressSync(SVG) },
    '/logo.svgz': { headers: { 'content-type': 'image/svg+xml' }, body: SVGZ },
    '/bomb.svg': { headers: { 'content-encoding': 'gzip' }, body: gzipSync(Buffer.alloc(10 * 1024 * 1024, ' ')) },
    '/bad-gzip.svg': { headers: { 'content-encoding': 'gzip' }, body: 'not gzip at all' },
    '/forbidden.svg': { status: 403, body: '<html>Checking your browser…</html>' },
    '/error.svg': { status: 503, body: 'down' },
    '/big.svg': { headers: { 'content-length': String(100 * 1024) }, body: Buffer.alloc(100 * 1024, ' ') },
    '/big-chunked.svg': { chunks: Array.from({ length: 10 }, () => ({ data: Buffer.alloc(10 * 1024, ' '), delayMs: 0 })) },
    '/drip.svg': { chunks: Array.from({ length: 20 }, () => ({ data: Buffer.from('<'), delayMs: 100 })) },
    '/hang.svg': { hang: true },
    '/r1': { redirect: '/r2' },
    '/r2': { status: 301, redirect: url('/r3') },
    '/r3': { status: 307, redirect: '/logo.svg' },
    '/loop-a': { redirect: '/loop-b' },
    '/loop-b': { status: 308, redirect: '/loop-a' },
    '/to-http': { redirect: `${plain.origin(HOST)}/logo.svg` },
    '/dir/sub/relative': { redirect: '../../logo.svg?v=2' },
    '/to-internal': { redirect: url('/logo.svg', 'internal.example.test') },
    '/no-location': { status: 302 },
  };
});
afterAll(async () => {
  await Promise.all([web?.close(), plain?.close(), dns?.close()]);
});

describe('fetchHttps: success', () => {
  it('returns the body, status and content type, and sends identity encoding, user agent and accept', async () => {
    const r = success(await fetchHttps(url('/logo.svg'), options()));
    expect(r.body.toString()).toBe(SVG);
    expect(r).toMatchObject({ url: url('/logo.svg'), finalUrl: url('/logo.svg'), status: 200, contentType: 'image/svg+xml', contentEncoding: null, redirects: [] });
    const sent = web.requests.at(-1)!;
    expect(sent.headers).toMatchObject({ 'accept-encoding': 'identity', 'user-agent': 'bimi-svg/test', accept: 'image/svg+xml', host: `${HOST}:${web.port}` });
  });

  it('decodes a gzip Content-Encoding and reports it', async () => {
    const r = success(await fetchHttps(url('/logo-ce.svg'), options()));
    expect(r.body.toString()).toBe(SVG);
    expect(r.contentEncoding).toBe('gzip');
  });

  it('decodes a br Content-Encoding', async () => {
    const r = success(await fetchHttps(url('/logo-br.svg'), options()));
    expect(r.body.toString()).toBe(SVG);
    expect(r.contentEncoding).toBe('br');
  });

  it('leaves an SVGZ file that was not content-encoded as gzip bytes', async () => {
    const r = success(await fetchHttps(url('/logo.svgz'), options()));
    expect(r.body.equals(SVGZ)).toBe(true);
    expect([r.body[0], r.body[1]]).toEqual([0x1f, 0x8b]);
    expect(r.contentEncoding).toBeNull();
  });

  it('connects to an IP-literal host, verified against the certificate IP SAN', async () => {
    const r = success(await fetchHttps(url('/logo.svg', '127.0.0.1'), options()));
    expect(r.body.toString()).toBe(SVG);
  });
});

describe('fetchHttps: HTTP status', () => {
  it('reports 404 as not found', async () => {
    const r = failure(await fetchHttps(url('/missing.svg'), options()));
    expect(r).toMatchObject({ code: 'http-status', status: 404 });
    expect(r.message).toContain('404 Not Found');
    expect(r.message).toContain(url('/missing.svg'));
  });

  it('reports 403 as likely bot protection, citing the guidance', async () => {
    const r = failure(await fetchHttps(url('/forbidden.svg'), options()));
    expect(r).toMatchObject({ code: 'http-status', status: 403 });
    expect(r.message).toMatch(/bot protection/);
    expect(r.message).toContain('draft-brotman-ietf-bimi-guidance-13 §7.2');
  });

  it('reports a server error with its status', async () => {
    const r = failure(await fetchHttps(url('/error.svg'), options()));
    expect(r).toMatchObject({ code: 'http-status', status: 503 });
    expect(r.message).toContain('HTTP 503');
  });
});

describe('fetchHttps: size', () => {
  it('refuses a body whose Content-Length is over maxBytes, naming both', async () => {
    const r = failure(await fetchHttps(url('/big.svg'), options()));
    expect(r.code).toBe('too-large');
    expect(r.message).toContain('102400 bytes (Content-Length)');
    expect(r.message).toContain('65536-byte');
  });

  it('aborts a body without Content-Length as soon as it passes maxBytes', async () => {
    const r = failure(await fetchHttps(url('/big-chunked.svg'), options({ maxBytes: 25 * 1024 })));
    expect(r.code).toBe('too-large');
    expect(r.message).toContain('25600-byte');
  });

  it('caps Content-Encoding decoding (zip bomb)', async () => {
    const r = failure(await fetchHttps(url('/bomb.svg'), options()));
    expect(r.code).toBe('too-large');
    expect(r.message).toMatch(/expands beyond the 65536-byte limit .*gzip/);
  });

  it('reports a body that is not valid for its Content-Encoding', async () => {
    const r = failure(await fetchHttps(url('/bad-gzip.svg'), options()));
    expect(r.code).toBe('network');
    expect(r.message).toContain('not valid gzip data');
  });
});

describe('fetchHttps: one deadline', () => {
  it('times out a body that drips in slowly', async () => {
    const started = Date.now();
    const r = failure(await fetchHttps(url('/drip.svg'), options({ timeoutMs: 400 })));
    expect(r.code).toBe('timeout');
    expect(r.message).toBe(`${url('/drip.svg')} did not answer completely within 400 ms (timed out while reading the body).`);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('times out a server that never answers', async () => {
    const r = failure(await fetchHttps(url('/hang.svg'), options({ timeoutMs: 300 })));
    expect(r.code).toBe('timeout');
    expect(r.message).toContain('waiting for the response');
  });

  it('counts DNS resolution against the deadline', async () => {
    const started = Date.now();
    const r = failure(await fetchHttps(url('/logo.svg', 'slow.example.test'), options({ timeoutMs: 300 })));
    expect(r.code).toBe('timeout');
    expect(r.message).toContain('resolving slow.example.test');
    expect(Date.now() - started).toBeLessThan(700);
  });

  it('leaves no socket open after a timeout', async () => {
    const sockets = () => process.getActiveResourcesInfo().filter((r) => /TCP|TLS/.test(r)).length;
    const before = sockets();
    failure(await fetchHttps(url('/hang.svg'), options({ timeoutMs: 200 })));
    failure(await fetchHttps(url('/drip.svg'), options({ timeoutMs: 200 })));
    // The server side notices the close a moment later.
    for (let waited = 0; sockets() !== before && waited < 1000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sockets()).toBe(before);
  });
});

describe('fetchHttps: redirects', () => {
  it('follows a chain within maxRedirects, with relative and absolute Locations', async () => {
    const r = success(await fetchHttps(url('/r1'), options()));
    expect(r.redirects).toEqual([url('/r2'), url('/r3'), url('/logo.svg')]);
    expect(r.finalUrl).toBe(url('/logo.svg'));
    expect(r.body.toString()).toBe(SVG);
  });

  it('stops after maxRedirects', async () => {
    const r = failure(await fetchHttps(url('/r1'), options({ maxRedirects: 2 })));
    expect(r.code).toBe('too-many-redirects');
    expect(r.message).toContain('more than 2 redirects');
    expect(r.redirects).toEqual([url('/r2'), url('/r3')]);
  });

  it('stops a loop', async () => {
    const r = failure(await fetchHttps(url('/loop-a'), options({ maxRedirects: 10 })));
    expect(r.code).toBe('too-many-redirects');
    expect(r.message).toContain(`redirect loop: ${url('/loop-a')} → ${url('/loop-b')} → ${url('/loop-a')}`);
  });

  it('refuses a redirect to http:', async () => {
    const before = plain.requests.length;
    const r = failure(await fetchHttps(url('/to-http'), options()));
    expect(r.code).toBe('redirect-to-http');
    expect(r.message).toContain(`${plain.origin(HOST)}/logo.svg`);
    expect(plain.requests.length).toBe(before);
  });

  it('resolves a relative Location against the current URL', async () => {
    const r = success(await fetchHttps(url('/dir/sub/relative'), options()));
    expect(r.finalUrl).toBe(url('/logo.svg?v=2'));
    expect(r.body.toString()).toBe(SVG);
  });

  it('reports a redirect without Location', async () => {
    const r = failure(await fetchHttps(url('/no-location'), options()));
    expect(r).toMatchObject({ code: 'http-status', status: 302 });
  });
});

describe('fetchHttps: TLS', () => {
  it('fails when the server certificate does not chain to a trusted root', async () => {
    const r = failure(await fetchHttps(url('/logo.svg'), options({ extraCa: [] })));
    expect(r.code).toBe('tls');
    expect(r.message).toContain('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    expect(r.message).toContain('§7.5');
  });

  it('fails when the certificate does not cover the URL host, though the address is the same', async () => {
    const r = failure(await fetchHttps(url('/logo.svg', 'other.example.test'), options()));
    expect(r.code).toBe('tls');
    expect(r.message).toContain('ERR_TLS_CERT_ALTNAME_INVALID');
    expect(r.message).toContain('other.example.test');
  });

  it.each([['not a certificate'], ['-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n']])('reports an extra CA it cannot read (%j), which Node would skip silently', async (pem) => {
    const r = failure(await fetchHttps(url('/logo.svg'), options({ extraCa: [web.caPem, pem] })));
    expect(r.code).toBe('tls');
    expect(r.message).toContain('extra CA certificate #2 could not be read');
  });

  it('accepts a CA bundle of several certificates in one string', async () => {
    const other = await createTlsAuthority(['unrelated.test']);
    success(await fetchHttps(url('/logo.svg'), options({ extraCa: [`${other.caPem}${web.caPem}`] })));
  });
});

describe('fetchHttps: private addresses', () => {
  it('refuses a host that resolves to loopback unless private networks are allowed', async () => {
    const before = requestsFor('/logo.svg');
    const r = failure(await fetchHttps(url('/logo.svg'), options({ allowPrivateNetwork: false })));
    expect(r.code).toBe('private-address');
    expect(r.message).toContain(`${HOST} resolves to 127.0.0.1`);
    expect(r.message).toContain('loopback');
    expect(r.message).toContain('--allow-private-network');
    expect(requestsFor('/logo.svg')).toBe(before);
    success(await fetchHttps(url('/logo.svg'), options({ allowPrivateNetwork: true })));
  });

  it('refuses an IP-literal host in a private range', async () => {
    const r = failure(await fetchHttps(url('/logo.svg', '127.0.0.1'), options({ allowPrivateNetwork: false })));
    expect(r.code).toBe('private-address');
    expect(r.message).toMatch(/^127\.0\.0\.1 is not a public internet address/);
  });

  it('refuses a host name the system resolver maps to loopback (dns: null)', async () => {
    const r = failure(await fetchHttps(url('/logo.svg', 'localhost'), options({ dns: null, allowPrivateNetwork: false })));
    expect(r.code).toBe('private-address');
    expect(r.message).toContain('localhost resolves to');
  });

  it('refuses a host when any of its addresses is not public', async () => {
    const r = failure(await fetchHttps(url('/logo.svg', 'mixed.example.test'), options({ allowPrivateNetwork: false, isPublicAddress: (a) => a === '127.0.0.1' })));
    expect(r.code).toBe('private-address');
    expect(r.message).toMatch(/^mixed\.example\.test resolves to (127\.0\.0\.1, 10\.0\.0\.9|10\.0\.0\.9, 127\.0\.0\.1), and 10\.0\.0\.9 is not a public internet address \(private, RFC 1918\)/);
  });

  it('vets each redirect target again', async () => {
    // A policy that counts the test server as public, so that the first hop is allowed.
    const r = failure(await fetchHttps(url('/to-internal'), options({ allowPrivateNetwork: false, isPublicAddress: (a) => a === '127.0.0.1' })));
    expect(r.code).toBe('private-address');
    expect(r.message).toContain('the redirect target internal.example.test resolves to 10.0.0.5');
    expect(r.message).toContain('private, RFC 1918');
    expect(r.redirects).toEqual([url('/logo.svg', 'internal.example.test')]);
  });
});

describe('fetchHttps: URLs, DNS and connections', () => {
  it.each([['not a url'], [''], ['ftp://bimi.example.test/logo.svg'], ['data:image/svg+xml,<svg/>'], [`https://user:secret@${HOST}/logo.svg`]])('refuses %j as a bad URL', async (text) => {
    const r = failure(await fetchHttps(text, options()));
    expect(r.code).toBe('bad-url');
    expect(r.message.length).toBeGreaterThan(10);
  });

  it('refuses http: URLs, citing the draft', async () => {
    const r = failure(await fetchHttps(`${plain.origin(HOST)}/logo.svg`, options()));
    expect(r.code).toBe('not-https');
    expect(r.message).toContain('§4.3');
    expect(plain.requests).toHaveLength(0);
  });

  it('reports a host without addresses as a DNS failure', async () => {
    const r = failure(await fetchHttps(url('/logo.svg', 'absent.example.test'), options()));
    expect(r.code).toBe('dns');
    expect(r.message).toContain('could not resolve absent.example.test');
  });

  it('reports a refused connection as a network failure', async () => {
    const probe = createServer();
    await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((done) => probe.close(() => done()));
    const r = failure(await fetchHttps(`https://127.0.0.1:${port}/logo.svg`, options()));
    expect(r.code).toBe('network');
    expect(r.message).toContain('ECONNREFUSED');
  });
});
