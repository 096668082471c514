/**
 * The DNS client behind `bimi-svg dns`: a private `Resolver` from node:dns/promises
 * (never the process-wide `dns.setServers`, which would leak into everything else in
 * the process), with c-ares' answers mapped to the three outcomes BIMI and DMARC
 * discovery care about: records, no record (NXDOMAIN / NODATA) and temporary failure.
 */
import { Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';
import { BimiSvgError } from '../errors.js';
import type { DnsClient, TxtOutcome } from './types.js';

export interface DnsClientOptions {
  /** A DNS server as 'host[:port]' or '[v6]:port'; the system's servers when absent. */
  server?: string;
  /** Time to wait for each try, in milliseconds (default 3000). */
  timeoutMs?: number;
  /** How many times each server is tried (default 2). */
  tries?: number;
}

/** Defaults: Mail::BIMI allows 5 s per DNS lookup; 3 s × 2 tries stays close to that. */
const DEFAULT_TIMEOUT_MS = 3000;
const DEFAULT_TRIES = 2;

/** How long a CNAME chain may be before we stop following it (loops, runaway chains). */
const MAX_CNAME_HOPS = 8;

/**
 * Checks a --dns-server value and returns it in the form `Resolver.setServers` takes.
 * Accepts `192.0.2.1`, `192.0.2.1:5353`, `2001:db8::1`, `[2001:db8::1]` and
 * `[2001:db8::1]:5353`. Host names are refused: the resolver needs an address.
 *
 * @throws BimiSvgError E_USAGE when the value is not an IP address with an optional port.
 */
export function parseDnsServer(value: string): string {
  const input = value.trim();
  const usage = (why: string): BimiSvgError =>
    new BimiSvgError(
      'E_USAGE',
      `--dns-server "${value}" ${why}; give an IP address with an optional port, e.g. 192.0.2.53, 192.0.2.53:5353 or [2001:db8::53]:5353`,
    );
  if (input === '') throw usage('is empty');
  let host: string;
  let port: string | undefined;
  const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(input);
  if (bracketed) {
    host = bracketed[1] ?? '';
    port = bracketed[2];
    if (isIP(host) !== 6) throw usage('has brackets but no IPv6 address inside them');
  } else if (isIP(input) === 6) {
    host = input;
  } else {
    const colon = input.lastIndexOf(':');
    if (colon >= 0) {
      host = input.slice(0, colon);
      port = input.slice(colon + 1);
    } else {
      host = input;
    }
    if (isIP(host) !== 4) {
      throw usage(
        host.includes(':')
          ? 'is not a valid address (write an IPv6 address with a port as [address]:port)'
          : /^[0-9.]+$/.test(host)
            ? 'is not a valid IPv4 address'
            : 'is not an IP address (a DNS server has to be given by address, not by name)',
      );
    }
  }
  if (port !== undefined) {
    if (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
      throw usage(`has an invalid port "${port}" (1–65535)`);
    }
    return isIP(host) === 6 ? `[${host}]:${Number(port)}` : `${host}:${Number(port)}`;
  }
  return host;
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code !== '' ? code : 'EUNKNOWN';
}

/** Errors that mean "this name has no such data", as opposed to "we could not find out". */
function noneKind(code: string): 'NXDOMAIN' | 'NODATA' | null {
  if (code === 'ENOTFOUND') return 'NXDOMAIN';
  if (code === 'ENODATA') return 'NODATA';
  return null;
}

/**
 * Creates a DNS client for `bimi-svg dns`.
 *
 * TXT answers keep each RR separate and join the strings inside one RR with no
 * separator (core draft §4, the SPF rule of RFC 7208 §3.3). NXDOMAIN and NODATA —
 * including the empty answer c-ares gives for a CNAME whose target has no data — are
 * "none"; SERVFAIL, REFUSED, timeouts and everything else are "temperror".
 *
 * @example
 * const dns = createDnsClient({ server: '127.0.0.1:5353', timeoutMs: 500 });
 * const outcome = await dns.txt('default._bimi.example.com');
 * if (outcome.kind === 'records') console.log(outcome.records);
 *
 * @throws BimiSvgError E_USAGE for a malformed server string (a usage error, not a finding).
 */
export function createDnsClient(options: DnsClientOptions = {}): DnsClient {
  const timeout = positiveInt(options.timeoutMs, DEFAULT_TIMEOUT_MS, 'timeoutMs');
  const tries = positiveInt(options.tries, DEFAULT_TRIES, 'tries');
  const resolver = new Resolver({ timeout, tries });
  if (options.server !== undefined) resolver.setServers([parseDnsServer(options.server)]);

  return {
    async txt(name: string): Promise<TxtOutcome> {
      try {
        const rrs = await resolver.resolveTxt(name);
        // c-ares resolves [] when the answer holds only a CNAME whose target has no TXT.
        if (rrs.length === 0) return { kind: 'none', code: 'NODATA' };
        return { kind: 'records', records: rrs.map((strings) => strings.join('')) };
      } catch (error) {
        const code = errorCode(error);
        const none = noneKind(code);
        return none ? { kind: 'none', code: none } : { kind: 'temperror', code };
      }
    },

    async addresses(host: string) {
      const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
      const literal = isIP(bare);
      if (literal === 4 || literal === 6) return [{ address: bare, family: literal }];
      const [v4, v6] = await Promise.allSettled([resolver.resolve4(bare), resolver.resolve6(bare)]);
      const found: { address: string; family: 4 | 6 }[] = [];
      if (v4.status === 'fulfilled') for (const address of v4.value) found.push({ address, family: 4 });
      if (v6.status === 'fulfilled') for (const address of v6.value) found.push({ address, family: 6 });
      if (found.length > 0) return found;
      const codes = [v4, v6].map((r) => (r.status === 'rejected' ? errorCode(r.reason) : 'NODATA'));
      const why = codes.every((c) => noneKind(c) !== null || c === 'NODATA')
        ? codes.includes('ENOTFOUND')
          ? 'the name does not exist (NXDOMAIN)'
          : 'it has no A or AAAA record'
        : `the DNS lookup failed (${codes.filter((c) => noneKind(c) === null && c !== 'NODATA').join(', ')})`;
      throw new Error(`Cannot resolve ${bare}: ${why}.`);
    },

    async cname(name: string): Promise<string | null> {
      try {
        const targets = await resolver.resolveCname(name);
        const target = targets[0];
        return target ? target.replace(/\.$/, '').toLowerCase() : null;
      } catch {
        // Only used to explain findings; a failure here must not turn into one.
        return null;
      }
    },
  };
}

/**
 * Follows a CNAME chain from name, one lookup per hop, and returns the names after it
 * (empty when name is not a CNAME). Stops at loops and after a few hops.
 */
export async function cnameChain(dns: DnsClient, name: string): Promise<string[]> {
  const chain: string[] = [];
  if (!dns.cname) return chain;
  const seen = new Set([name.toLowerCase()]);
  let current = name;
  for (let hop = 0; hop < MAX_CNAME_HOPS; hop++) {
    let target: string | null;
    try {
      target = await dns.cname(current);
    } catch {
      target = null;
    }
    if (!target) break;
    chain.push(target);
    if (seen.has(target.toLowerCase())) break;
    seen.add(target.toLowerCase());
    current = target;
  }
  return chain;
}

function positiveInt(value: number | undefined, fallback: number, what: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) {
    throw new BimiSvgError('E_USAGE', `${what} must be a positive whole number, got ${String(value)}`);
  }
  return value;
}
