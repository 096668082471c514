/**
 * The test DNS server (test/support/dns-server.ts), through Node's own resolver as the
 * product uses it: every behaviour other tests rely on is pinned here, with the
 * results dns-testing.md §2 records for Node 20 / c-ares.
 */
import { Resolver } from 'node:dns/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDnsServer, txt, type TestDnsServer } from './support/dns-server.js';

const LONG = `v=BIMI1; l=https://bimi.example.test/${'x'.repeat(560)}.svg;`;

let dns: TestDnsServer;
let resolver: Resolver;

beforeAll(async () => {
  dns = await startDnsServer({
    'default._bimi.example.test': { TXT: [['v=BIMI1; l=https://bimi.example.test/logo.svg; ', 'a=']] },
    'two._bimi.example.test': { TXT: [['v=BIMI1; l=https://a.test/1.svg'], ['v=BIMI1; l=https://a.test/2.svg']] },
    'long._bimi.example.test': { TXT: [txt(LONG)] },
    'alias._bimi.example.test': { CNAME: 'default._bimi.example.test' },
    'chain._bimi.example.test': { CNAME: 'alias._bimi.example.test' },
    'dangling._bimi.example.test': { CNAME: 'nowhere.example.test' },
    'broken._bimi.example.test': { rcode: 'SERVFAIL' },
    'refused._bimi.example.test': { rcode: 'REFUSED' },
    'silent._bimi.example.test': { drop: true },
    'slow._bimi.example.test': { TXT: [['v=BIMI1; l=']], delayMs: 150 },
    'bimi.example.test': { A: ['127.0.0.1', '127.0.0.2'], AAAA: ['::1'] },
  });
  resolver = new Resolver({ timeout: 300, tries: 1 });
  resolver.setServers([dns.server]);
});
afterAll(() => dns.close());

const code = (p: Promise<unknown>) => p.then(() => 'resolved', (e: NodeJS.ErrnoException) => e.code);

describe('test DNS server', () => {
  it('listens on 127.0.0.1 at the port it reports', () => {
    expect(dns.server).toBe(`127.0.0.1:${dns.port}`);
    expect(dns.port).toBeGreaterThan(0);
  });

  it('serves one RR as its character-strings, which Node returns as one inner array', async () => {
    expect(await resolver.resolveTxt('default._bimi.example.test')).toEqual([['v=BIMI1; l=https://bimi.example.test/logo.svg; ', 'a=']]);
  });

  it('serves two RRs as two inner arrays', async () => {
    const rrs = await resolver.resolveTxt('two._bimi.example.test');
    expect(rrs.map((r) => r.join('')).sort()).toEqual(['v=BIMI1; l=https://a.test/1.svg', 'v=BIMI1; l=https://a.test/2.svg']);
  });

  it('matches names case-insensitively', async () => {
    expect((await resolver.resolveTxt('DEFAULT._BIMI.Example.TEST'))[0]?.join('')).toBe('v=BIMI1; l=https://bimi.example.test/logo.svg; a=');
  });

  it('answers NXDOMAIN for an absent name (ENOTFOUND) and NODATA for an empty non-terminal (ENODATA)', async () => {
    expect(await code(resolver.resolveTxt('default._bimi.absent.test'))).toBe('ENOTFOUND');
    expect(await code(resolver.resolveTxt('_bimi.example.test'))).toBe('ENODATA');
    expect(await code(resolver.resolveTxt('bimi.example.test'))).toBe('ENODATA');
  });

  it('answers the rcode a zone entry asks for', async () => {
    expect(await code(resolver.resolveTxt('broken._bimi.example.test'))).toBe('ESERVFAIL');
    expect(await code(resolver.resolveTxt('refused._bimi.example.test'))).toBe('EREFUSED');
  });

  it('drops the query of a drop entry, so the client times out', async () => {
    const started = Date.now();
    expect(await code(resolver.resolveTxt('silent._bimi.example.test'))).toBe('ETIMEOUT');
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(dns.queries.some((q) => q.name === 'silent._bimi.example.test')).toBe(true);
  });

  it('delays the reply of a delayMs entry', async () => {
    const started = Date.now();
    expect(await resolver.resolveTxt('slow._bimi.example.test')).toEqual([['v=BIMI1; l=']]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('chases CNAMEs inside the answer, through a chain', async () => {
    expect((await resolver.resolveTxt('alias._bimi.example.test'))[0]?.join('')).toBe('v=BIMI1; l=https://bimi.example.test/logo.svg; a=');
    expect((await resolver.resolveTxt('chain._bimi.example.test'))[0]?.join('')).toBe('v=BIMI1; l=https://bimi.example.test/logo.svg; a=');
    expect(await resolver.resolveCname('alias._bimi.example.test')).toEqual(['default._bimi.example.test']);
  });

  it('answers a dangling CNAME with the CNAME alone, which Node resolves to []', async () => {
    expect(await resolver.resolveTxt('dangling._bimi.example.test')).toEqual([]);
  });

  it('truncates a UDP reply over 512 bytes, so the client retries over TCP', async () => {
    expect(txt(LONG).length).toBe(3);
    const before = dns.queries.length;
    const rrs = await resolver.resolveTxt('long._bimi.example.test');
    expect(rrs).toHaveLength(1);
    expect(rrs[0]!.join('')).toBe(LONG);
    const seen = dns.queries.slice(before).filter((q) => q.name === 'long._bimi.example.test');
    expect(seen.map((q) => q.transport)).toEqual(['udp', 'tcp']);
  });

  it('serves A and AAAA records', async () => {
    expect((await resolver.resolve4('bimi.example.test')).sort()).toEqual(['127.0.0.1', '127.0.0.2']);
    expect(await resolver.resolve6('bimi.example.test')).toEqual(['::1']);
  });

  it('reads the zone at each query, so tests can change it', async () => {
    dns.zone['new._bimi.example.test'] = { TXT: [['v=BIMI1; l=https://new.test/l.svg']] };
    try {
      expect((await resolver.resolveTxt('new._bimi.example.test'))[0]?.join('')).toBe('v=BIMI1; l=https://new.test/l.svg');
    } finally {
      delete dns.zone['new._bimi.example.test'];
    }
    expect(await code(resolver.resolveTxt('new._bimi.example.test'))).toBe('ENOTFOUND');
  });

  it('answers many concurrent queries', async () => {
    // Retries cover kernels whose UDP receive buffer cannot hold the whole burst (see dns-server.ts).
    const many = new Resolver({ timeout: 1000, tries: 3 });
    many.setServers([dns.server]);
    const names = Array.from({ length: 1200 }, (_, i) => (i % 3 === 0 ? 'default._bimi.example.test' : i % 3 === 1 ? 'alias._bimi.example.test' : 'two._bimi.example.test'));
    const answers = await Promise.all(names.map((n) => many.resolveTxt(n)));
    expect(answers.every((a, i) => a.length === (i % 3 === 2 ? 2 : 1))).toBe(true);
  });

  it('ignores malformed packets and keeps serving', async () => {
    const { createSocket } = await import('node:dgram');
    const socket = createSocket('udp4');
    await new Promise<void>((done) => socket.send(Buffer.from([1, 2, 3]), dns.port, '127.0.0.1', () => done()));
    socket.close();
    const { connect } = await import('node:net');
    const tcp = connect(dns.port, '127.0.0.1');
    await new Promise<void>((done) => tcp.on('connect', () => tcp.end(Buffer.from([0, 3, 9, 9, 9]), done)));
    expect((await resolver.resolveTxt('default._bimi.example.test'))).toHaveLength(1);
  });

  it('handles several TCP frames in one chunk and a frame split across chunks', async () => {
    const dnsPacket = (await import('dns-packet')).default;
    const { connect } = await import('node:net');
    const frame = (id: number) => dnsPacket.streamEncode({ type: 'query', id, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type: 'TXT', name: 'default._bimi.example.test' }] });
    const tcp = connect(dns.port, '127.0.0.1');
    const replies: number[] = [];
    let pending = Buffer.alloc(0);
    const done = new Promise<void>((resolve) =>
      tcp.on('data', (chunk: Buffer) => {
        pending = Buffer.concat([pending, chunk]);
        while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
          replies.push(dnsPacket.decode(pending.subarray(2, 2 + pending.readUInt16BE(0))).id ?? -1);
          pending = pending.subarray(2 + pending.readUInt16BE(0));
        }
        if (replies.length === 3) resolve();
      }),
    );
    await new Promise<void>((resolve) => tcp.on('connect', resolve));
    const third = frame(3);
    tcp.write(Buffer.concat([frame(1), frame(2), third.subarray(0, 5)]));
    await new Promise((resolve) => setTimeout(resolve, 20));
    tcp.write(third.subarray(5));
    await done;
    tcp.destroy();
    expect(replies.sort()).toEqual([1, 2, 3]);
  });
});

describe('txt()', () => {
  it('keeps a short record as one string', () => {
    expect(txt('v=BIMI1; l=')).toEqual(['v=BIMI1; l=']);
  });

  it('splits at 255 bytes without breaking a multi-byte character', () => {
    const parts = txt(`${'a'.repeat(254)}é${'b'.repeat(300)}`);
    expect(parts.map((p) => Buffer.byteLength(p))).toEqual([254, 255, 47]);
    expect(parts.join('')).toBe(`${'a'.repeat(254)}é${'b'.repeat(300)}`);
  });
});
