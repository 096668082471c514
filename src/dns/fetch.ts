/**
 * Fetching the `l=` logo and the `a=` mark certificate over HTTPS, as a careful mail
 * receiver does (bimi-record.md §9): HTTPS only, TLS 1.2 or newer against the web
 * roots, a byte cap, few redirects and never to http:, one overall deadline. Because
 * anyone can publish a URL in DNS, the host is resolved here and every address vetted
 * (network.ts) before connecting, and the connection goes to the vetted address, so a
 * second DNS answer cannot rebind it to a private one. Built on node:https, not the
 * global fetch, which has no CA or lookup option.
 */
import { X509Certificate } from 'node:crypto';
import { lookup as systemLookup } from 'node:dns/promises';
import type { ClientRequest, IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { createSecureContext, rootCertificates, type ConnectionOptions, type SecureContext } from 'node:tls';
import { promisify } from 'node:util';
import { brotliDecompress, gunzip, inflate, inflateRaw } from 'node:zlib';
import { classifyAddress, isPublicAddress } from './network.js';
import type { DnsClient } from './types.js';

export interface FetchOptions {
  /** Most bytes accepted, both as received and after Content-Encoding decoding. */
  maxBytes: number;
  /** Most redirects followed (0: none). */
  maxRedirects: number;
  /** One deadline for the whole fetch: DNS, connections, TLS, headers and bodies, redirects included. */
  timeoutMs: number;
  /** CA certificates (PEM) trusted besides Node's web roots. */
  extraCa?: readonly string[];
  /** Resolves host names; null: the system resolver (getaddrinfo, all addresses). */
  dns: DnsClient | null;
  /** Allow loopback, private, link-local and other non-public addresses. */
  allowPrivateNetwork: boolean;
  /** The Accept header (default "*\/*"). */
  accept?: string;
  /** The User-Agent header (default "bimi-svg"); the CLI passes "bimi-svg/<version>". */
  userAgent?: string;
  /** Which addresses count as public (default: network.ts's isPublicAddress); for embedders with their own policy. */
  isPublicAddress?: (address: string) => boolean;
}

export type FetchFailure =
  | 'bad-url'
  | 'not-https'
  | 'dns'
  | 'private-address'
  | 'tls'
  | 'timeout'
  | 'too-large'
  | 'too-many-redirects'
  | 'redirect-to-http'
  | 'http-status'
  | 'network';

export type FetchResult =
  | {
      ok: true;
      url: string;
      /** The URL the body came from, after redirects. */
      finalUrl: string;
      status: number;
      contentType: string | null;
      /** The Content-Encoding the server applied (and that was decoded), or null. */
      contentEncoding: string | null;
      /** The body, Content-Encoding decoded; an SVGZ file served as such stays gzip-compressed. */
      body: Buffer;
      /** Each redirect followed, as the URL it led to. */
      redirects: string[];
    }
  | { ok: false; url: string; code: FetchFailure; message: string; status: number | null; redirects: string[] };

const CORE = 'draft-brand-indicators-for-message-identification-12';
const GUIDANCE = 'draft-brotman-ietf-bimi-guidance-13';
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** A failure on the way; fetchHttps turns it into a result. */
class FetchError extends Error {
  constructor(
    readonly code: FetchFailure,
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

interface Address {
  readonly address: string;
  readonly family: 4 | 6;
}

/** What the fetch was doing, for timeout messages. */
interface Progress {
  phase: string;
}

type Hop = { kind: 'redirect'; status: number; location: string } | { kind: 'body'; status: number; contentType: string | null; contentEncoding: string | null; body: Buffer };

/**
 * Fetches an https: URL with the limits of `options`. Never throws: every failure is a
 * result with a code and a plain-English message. No socket stays open afterwards.
 *
 * @example
 * const r = await fetchHttps('https://example.com/logo.svg', { maxBytes: 65536, maxRedirects: 3, timeoutMs: 5000, dns: null, allowPrivateNetwork: false, accept: 'image/svg+xml' });
 * if (r.ok) console.log(r.body.length); else console.log(r.code, r.message);
 */
export async function fetchHttps(url: string, options: FetchOptions): Promise<FetchResult> {
  const redirects: string[] = [];
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  const progress: Progress = { phase: 'starting' };
  let current = url;
  try {
    let target = parseUrl(url);
    const chain = [target.href];
    for (;;) {
      const hop = await fetchOnce(target, redirects.length > 0, options, controller.signal, progress);
      if (hop.kind === 'body') {
        const { status, contentType, contentEncoding, body } = hop;
        return { ok: true, url, finalUrl: current, status, contentType, contentEncoding, body, redirects };
      }
      const next = redirectTarget(target, hop.location, hop.status);
      const path = [...chain, next.href].join(' → ');
      if (chain.includes(next.href)) {
        throw new FetchError('too-many-redirects', `redirect loop: ${path} (${GUIDANCE} §5.6 asks senders to avoid redirects).`, hop.status);
      }
      if (redirects.length >= options.maxRedirects) {
        const limit = `${options.maxRedirects} redirect${options.maxRedirects === 1 ? '' : 's'}`;
        throw new FetchError('too-many-redirects', `more than ${limit}: ${path}; receivers follow few redirects or none (${GUIDANCE} §5.6).`, hop.status);
      }
      chain.push(next.href);
      redirects.push(next.href);
      current = next.href;
      target = next;
    }
  } catch (e) {
    const failure = controller.signal.aborted
      ? new FetchError('timeout', `${current} did not answer completely within ${options.timeoutMs} ms (timed out while ${progress.phase}).`)
      : e instanceof FetchError
        ? e
        : new FetchError('network', `fetching ${current} failed: ${(e as Error).message}`);
    return { ok: false, url, code: failure.code, message: failure.message, status: failure.status, redirects };
  } finally {
    clearTimeout(timer);
  }
}

/** The URL to fetch, or why it cannot be fetched. */
function parseUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new FetchError('bad-url', `"${text}" is not a valid URL.`);
  }
  if (url.protocol === 'http:') throw new FetchError('not-https', `${text} uses http:, but BIMI logos and certificates must be served over HTTPS (${CORE} §4.3).`);
  return checkHttpsUrl(url, text);
}

function checkHttpsUrl(url: URL, text: string): URL {
  if (url.protocol !== 'https:') throw new FetchError('bad-url', `${text} uses ${url.protocol}; only https: URLs can be fetched (${CORE} §4.3).`);
  if (url.username || url.password) throw new FetchError('bad-url', `${text} contains a user name or password; BIMI URLs must be fetchable anonymously.`);
  if (!url.hostname) throw new FetchError('bad-url', `${text} has no host name.`);
  return url;
}

/** Where a redirect leads, resolved against the current URL; never from https: to http:. */
function redirectTarget(from: URL, location: string, status: number): URL {
  let url: URL;
  try {
    url = new URL(location, from);
  } catch {
    throw new FetchError('bad-url', `${from.href} redirects (HTTP ${status}) to "${location}", which is not a valid URL.`, status);
  }
  if (url.protocol === 'http:') {
    throw new FetchError('redirect-to-http', `${from.href} redirects (HTTP ${status}) to ${url.href}, which is not HTTPS; receivers must fetch over HTTPS only (${CORE} §4.3).`, status);
  }
  return checkHttpsUrl(url, url.href);
}

/** One request: resolve and vet the host, connect to the vetted address, read a redirect or a capped body. */
async function fetchOnce(target: URL, isRedirect: boolean, options: FetchOptions, signal: AbortSignal, progress: Progress): Promise<Hop> {
  const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
  progress.phase = `resolving ${host}`;
  const addresses = await resolveHost(host, options.dns, signal);
  vetAddresses(host, addresses, isRedirect, options);
  const port = Number(target.port || 443);
  progress.phase = `connecting to ${host}:${port}`;
  const { req, res } = await request(target, host, port, addresses, options, signal, progress);
  try {
    const status = res.statusCode ?? 0;
    if (REDIRECT_STATUSES.has(status)) {
      const location = res.headers.location;
      if (!location) throw new FetchError('http-status', `${target.href} answered HTTP ${status} (a redirect) without a Location header.`, status);
      return { kind: 'redirect', status, location };
    }
    if (status < 200 || status > 299) throw new FetchError('http-status', statusMessage(target.href, status, res.statusMessage), status);
    const declared = Number(res.headers['content-length']);
    if (Number.isFinite(declared) && declared > options.maxBytes) {
      throw new FetchError('too-large', `${target.href} is ${declared} bytes (Content-Length), over the ${options.maxBytes}-byte download limit.`, status);
    }
    progress.phase = 'reading the body';
    const raw = await readCapped(res, options.maxBytes, target.href, status);
    const encoding = contentEncoding(res.headers['content-encoding']);
    const body = encoding ? await decode(raw, encoding, options.maxBytes, target.href, status) : raw;
    return { kind: 'body', status, contentType: res.headers['content-type'] ?? null, contentEncoding: encoding, body };
  } finally {
    req.destroy();
  }
}

/** The host's addresses: an IP literal as is, otherwise from the DNS client or the system resolver. */
async function resolveHost(host: string, dns: DnsClient | null, signal: AbortSignal): Promise<readonly Address[]> {
  const family = isIP(host);
  if (family === 4 || family === 6) return [{ address: host, family }];
  let addresses: readonly Address[];
  try {
    const lookup = dns
      ? dns.addresses(host)
      : systemLookup(host, { all: true, verbatim: true }).then((list) => list.map((a) => ({ address: a.address, family: a.family === 6 ? (6 as const) : (4 as const) })));
    addresses = await abortable(lookup, signal);
  } catch (e) {
    if (signal.aborted) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOTFOUND' || code === 'ENODATA' ? 'it has no address records' : (e as Error).message;
    throw new FetchError('dns', `could not resolve ${host}: ${why}${code ? ` (${code})` : ''}.`);
  }
  if (addresses.length === 0) throw new FetchError('dns', `could not resolve ${host}: it has no address records.`);
  return addresses;
}

/** Refuses the host unless every address is public, or private networks are allowed. */
function vetAddresses(host: string, addresses: readonly Address[], isRedirect: boolean, options: FetchOptions): void {
  if (options.allowPrivateNetwork) return;
  const isPublic = options.isPublicAddress ?? isPublicAddress;
  const bad = addresses.find((a) => !isPublic(a.address));
  if (!bad) return;
  const kind = classifyAddress(bad.address);
  const all = addresses.map((a) => a.address);
  const subject =
    bad.address === host ? host : all.length === 1 ? `${host} resolves to ${bad.address}, which` : `${host} resolves to ${all.join(', ')}, and ${bad.address}`;
  throw new FetchError(
    'private-address',
    `${isRedirect ? 'the redirect target ' : ''}${subject} is not a public internet address${kind ? ` (${kind})` : ''}; refusing to connect, since a URL published in DNS must not make the checker reach into private networks. Use --allow-private-network for intranets and tests.`,
  );
}

/** Sends the GET to the vetted addresses; resolves at the response headers. */
function request(
  target: URL,
  host: string,
  port: number,
  addresses: readonly Address[],
  options: FetchOptions,
  signal: AbortSignal,
  progress: Progress,
): Promise<{ req: ClientRequest; res: IncomingMessage }> {
  // Called by net.connect instead of DNS; `all` is set when it tries several addresses (autoSelectFamily).
  const lookup: LookupFunction = (_hostname, lookupOptions, callback) => {
    if (lookupOptions.all) callback(null, addresses.map((a) => ({ address: a.address, family: a.family })));
    else callback(null, addresses[0]!.address, addresses[0]!.family);
  };
  // secureContext reaches tls.connect, though https.RequestOptions does not declare it.
  const requestOptions: https.RequestOptions & Pick<ConnectionOptions, 'secureContext'> = {
    host,
    port,
    path: `${target.pathname}${target.search}`,
    method: 'GET',
    // TLS verifies the certificate against the URL's host name, whatever address was dialled.
    ...(isIP(host) ? {} : { servername: host }),
    lookup,
    agent: false,
    signal,
    secureContext: secureContext(options.extraCa ?? []),
    headers: { accept: options.accept ?? '*/*', 'accept-encoding': 'identity', 'user-agent': options.userAgent ?? 'bimi-svg' },
  };
  return new Promise((resolve, reject) => {
    const req = https.request(requestOptions);
    req.once('socket', (socket) => socket.once('secureConnect', () => (progress.phase = `waiting for the response from ${host}`)));
    req.on('error', (e) => reject(connectionError(e as NodeJS.ErrnoException, host, port)));
    req.on('response', (res) => resolve({ req, res }));
    req.end();
  });
}

const contexts = new Map<string, SecureContext>();

/**
 * The TLS settings: Node's web roots plus extraCa, TLS 1.2 or newer (bimi-record.md §9).
 * Cached, since parsing the ~150 roots takes tens of milliseconds.
 */
function secureContext(extraCa: readonly string[]): SecureContext {
  const key = extraCa.join('\n');
  let context = contexts.get(key);
  if (!context) {
    extraCa.forEach(checkCaPem);
    context = createSecureContext({ ca: [...rootCertificates, ...extraCa], minVersion: 'TLSv1.2' });
    contexts.set(key, context);
  }
  return context;
}

/** Node skips CA entries it cannot read without a word; say so instead. */
function checkCaPem(pem: string, index: number): void {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) ?? [];
  try {
    if (blocks.length === 0) throw new Error('no PEM certificate found');
    for (const block of blocks) new X509Certificate(block);
  } catch (e) {
    throw new FetchError('tls', `extra CA certificate #${index + 1} could not be read (${(e as Error).message}).`);
  }
}

/** The body, failing as soon as more than maxBytes have arrived. */
async function readCapped(res: IncomingMessage, maxBytes: number, url: string, status: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of res as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > maxBytes) throw new FetchError('too-large', `${url} sent more than the ${maxBytes}-byte download limit (no Content-Length was given up front).`, status);
      chunks.push(chunk);
    }
  } catch (e) {
    if (e instanceof FetchError) throw e;
    throw new FetchError('network', `the connection to ${url} broke off after ${total} bytes of the body (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`, status);
  }
  return Buffer.concat(chunks, total);
}

/** The Content-Encoding to undo, or null for none/identity. */
function contentEncoding(header: string | undefined): string | null {
  const value = header?.trim().toLowerCase();
  return value && value !== 'identity' ? value : null;
}

const decoders: Record<string, (data: Buffer, options: { maxOutputLength: number }) => Promise<Buffer>> = {
  gzip: promisify(gunzip),
  'x-gzip': promisify(gunzip),
  br: promisify(brotliDecompress),
  // HTTP "deflate" is zlib-wrapped (RFC 9110 §8.4.1.2), but some servers send raw deflate.
  deflate: (data, options) => promisify(inflate)(data, options).catch(() => promisify(inflateRaw)(data, options)),
};

/** Undoes Content-Encoding (a list is undone last-applied first), capping the output against zip bombs. */
async function decode(raw: Buffer, encoding: string, maxBytes: number, url: string, status: number): Promise<Buffer> {
  let data = raw;
  for (const coding of encoding.split(',').map((c) => c.trim()).filter((c) => c && c !== 'identity').reverse()) {
    const decoder = decoders[coding];
    if (!decoder) throw new FetchError('network', `${url} was sent with Content-Encoding "${coding}", which cannot be decoded (expected gzip, deflate or br, or none).`, status);
    try {
      data = await decoder(data, { maxOutputLength: maxBytes });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new FetchError('too-large', `${url} expands beyond the ${maxBytes}-byte limit when its Content-Encoding ${coding} is decoded.`, status);
      }
      throw new FetchError('network', `${url} was sent with Content-Encoding ${coding}, but the body is not valid ${coding} data.`, status);
    }
  }
  return data;
}

function statusMessage(url: string, status: number, text: string | undefined): string {
  if (status === 403) {
    return `HTTP 403 Forbidden from ${url}: the server refused the request. This is often a CDN's or firewall's bot protection; receivers fetch BIMI files automatically, so they must not be behind such a challenge (${GUIDANCE} §7.2).`;
  }
  if (status === 404) return `HTTP 404 Not Found: nothing is published at ${url}.`;
  const kind = status >= 500 ? 'a server error' : 'not a success';
  return `HTTP ${status}${text ? ` ${text}` : ''} from ${url}, ${kind}; receivers need a 2xx answer.`;
}

/** Plain descriptions of the certificate verification errors seen in practice. */
const CERT_PROBLEMS: Record<string, string> = {
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'is not issued by a certificate authority that is trusted',
  UNABLE_TO_GET_ISSUER_CERT: 'chains to an issuer that is not trusted',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'chains to an issuer that is not trusted (is the intermediate certificate missing?)',
  SELF_SIGNED_CERT_IN_CHAIN: 'chains to a self-signed certificate that is not a trusted root',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'is self-signed',
  CERT_HAS_EXPIRED: 'has expired',
  CERT_NOT_YET_VALID: 'is not valid yet',
  CERT_SIGNATURE_FAILURE: 'has an invalid signature',
  CERT_REVOKED: 'has been revoked',
  ERR_TLS_CERT_ALTNAME_INVALID: 'does not cover this host name',
};

/** Classifies a request error: TLS, or any other network failure. */
function connectionError(e: NodeJS.ErrnoException, host: string, port: number): Error {
  const code = e.code ?? '';
  const problem = CERT_PROBLEMS[code];
  if (problem) {
    return new FetchError('tls', `the TLS certificate of ${host} ${problem} (${code}); receivers fetch only from servers whose certificate is valid for the host and chains to a root they trust (${CORE} §7.5 step 2).`);
  }
  if (/^ERR_(TLS|SSL)_|^INVALID_|CERT|EPROTO/.test(code)) return new FetchError('tls', `the TLS handshake with ${host}:${port} failed: ${e.message} (${code}).`);
  const what = code === 'ECONNREFUSED' ? 'the connection was refused' : code === 'ECONNRESET' ? 'the connection was reset' : e.message;
  return new FetchError('network', `could not fetch from ${host}:${port}: ${what}${code ? ` (${code})` : ''}.`);
}

/** The promise, or a rejection as soon as the signal aborts (for steps that take no signal). */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
