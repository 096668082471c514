/**
 * A small authoritative DNS server for tests, on UDP and TCP at the same port of
 * 127.0.0.1, answering from a plain-object zone. It behaves as the tests need real
 * servers to: CNAMEs chased inside the answer, NXDOMAIN told apart from an empty
 * non-terminal (NODATA), error codes, dropped and delayed replies, and truncation of
 * UDP replies over 512 bytes (RFC 1035 §4.2.1) so that clients retry over TCP.
 * See /work/shared/reference/dns-testing.md §2.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import dnsPacket, { type Answer, type DecodedPacket, type Packet, type Question } from 'dns-packet';

export interface ZoneEntry {
  /** Each inner array is one RR: its character-strings, each ≤ 255 bytes (see txt()). */
  TXT?: string[][];
  A?: string[];
  AAAA?: string[];
  CNAME?: string;
  rcode?: 'SERVFAIL' | 'REFUSED' | 'NXDOMAIN';
  /** Send no reply at all, so the client times out. */
  drop?: boolean;
  delayMs?: number;
}

/** Keys are lower-case names without the trailing dot. */
export type Zone = Record<string, ZoneEntry>;

export interface TestDnsServer {
  readonly port: number;
  /** "127.0.0.1:<port>", for Resolver.setServers(). */
  readonly server: string;
  /** Read at each query, so tests may change it between queries. */
  zone: Zone;
  readonly queries: { name: string; type: string; transport: 'udp' | 'tcp' }[];
  close(): Promise<void>;
}

// dns-packet's encode() ignores a `rcode` field: the code goes into the low bits of the flags.
const RCODES = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3, REFUSED: 5 } as const;
const UDP_LIMIT = 512;
const MAX_CNAME_HOPS = 8;

type Transport = 'udp' | 'tcp';
interface Reply {
  readonly rcode: number;
  readonly answers: Answer[];
}

const canonical = (name: string) => name.toLowerCase().replace(/\.$/, '');

/** The records of one type at one name (no CNAME processing). */
function records(name: string, entry: ZoneEntry, type: Question['type']): Answer[] {
  const ttl = 300;
  switch (type) {
    case 'TXT':
      return (entry.TXT ?? []).map((data) => ({ type: 'TXT', name, ttl, data }));
    case 'A':
      return (entry.A ?? []).map((data) => ({ type: 'A', name, ttl, data }));
    case 'AAAA':
      return (entry.AAAA ?? []).map((data) => ({ type: 'AAAA', name, ttl, data }));
    case 'CNAME':
      return entry.CNAME ? [{ type: 'CNAME', name, ttl, data: entry.CNAME }] : [];
    default:
      return [];
  }
}

/** The answer to one question, as an authoritative server for the whole zone gives it. */
function resolve(zone: Zone, question: Question): Reply {
  const answers: Answer[] = [];
  let name = question.name;
  const seen = new Set<string>();
  for (let hop = 0; hop <= MAX_CNAME_HOPS; hop++) {
    const key = canonical(name);
    const entry = zone[key];
    if (!entry) {
      // After a CNAME, an absent target leaves the CNAME alone in the answer.
      if (hop > 0) return { rcode: RCODES.NOERROR, answers };
      const hasDescendants = Object.keys(zone).some((k) => k.endsWith(`.${key}`));
      return { rcode: hasDescendants ? RCODES.NOERROR : RCODES.NXDOMAIN, answers };
    }
    if (entry.rcode && hop === 0) return { rcode: RCODES[entry.rcode], answers };
    if (!entry.CNAME || question.type === 'CNAME' || seen.has(key)) {
      return { rcode: RCODES.NOERROR, answers: [...answers, ...records(name, entry, question.type)] };
    }
    seen.add(key);
    answers.push(...records(name, entry, 'CNAME'));
    name = entry.CNAME;
  }
  return { rcode: RCODES.NOERROR, answers };
}

/** Splits a long TXT record into ≤255-byte strings of one RR (RFC 1035 §3.3.14), never inside a character. */
export function txt(record: string): string[] {
  const strings: string[] = [];
  let current = '';
  for (const ch of record) {
    if (Buffer.byteLength(current + ch) > 255) {
      strings.push(current);
      current = '';
    }
    current += ch;
  }
  strings.push(current);
  return strings;
}

/** Starts the server on an ephemeral port of 127.0.0.1, UDP and TCP. */
export async function startDnsServer(zone: Zone): Promise<TestDnsServer> {
  const timers = new Set<NodeJS.Timeout>();
  const connections = new Set<net.Socket>();
  const queries: TestDnsServer['queries'] = [];
  let closed = false;

  const state = { zone };

  /** Decodes a query and calls send with the encoded reply, unless dropped. */
  function handle(message: Buffer, transport: Transport, send: (reply: Buffer) => void): void {
    let query: DecodedPacket;
    try {
      query = dnsPacket.decode(message);
    } catch {
      return; // not a DNS message: ignore, as servers do
    }
    const question = query.questions?.[0];
    if (query.type !== 'query' || !question) return;
    queries.push({ name: question.name, type: question.type, transport });
    const entry = state.zone[canonical(question.name)];
    if (entry?.drop) return;
    const reply = resolve(state.zone, question);
    const packet: Packet = {
      type: 'response',
      id: query.id ?? 0,
      flags: dnsPacket.AUTHORITATIVE_ANSWER | ((query.flags ?? 0) & dnsPacket.RECURSION_DESIRED) | reply.rcode,
      questions: [question],
      answers: reply.answers,
    };
    let encoded: Buffer;
    try {
      encoded = dnsPacket.encode(packet);
      if (transport === 'udp' && encoded.length > udpLimit(query)) {
        encoded = dnsPacket.encode({ ...packet, flags: (packet.flags ?? 0) | dnsPacket.TRUNCATED_RESPONSE, answers: [] });
      }
    } catch {
      // A zone the encoder refuses (e.g. a TXT string over 255 bytes): answer SERVFAIL.
      encoded = dnsPacket.encode({ ...packet, flags: dnsPacket.AUTHORITATIVE_ANSWER | RCODES.SERVFAIL, answers: [] });
    }
    const delay = entry?.delayMs ?? 0;
    if (delay <= 0) return send(encoded);
    const timer = setTimeout(() => {
      timers.delete(timer);
      send(encoded);
    }, delay);
    timers.add(timer);
  }

  const { udp, tcp, port } = await bindBoth(
    (message, rinfo, socket) =>
      handle(message, 'udp', (reply) => {
        if (!closed) socket.send(reply, rinfo.port, rinfo.address, () => {});
      }),
    (socket) => {
      connections.add(socket);
      socket.on('close', () => connections.delete(socket));
      socket.on('error', () => socket.destroy());
      let pending = Buffer.alloc(0);
      socket.on('data', (chunk) => {
        pending = Buffer.concat([pending, chunk]);
        while (pending.length >= 2) {
          const length = pending.readUInt16BE(0);
          if (pending.length < 2 + length) break;
          const frame = pending.subarray(2, 2 + length);
          pending = pending.subarray(2 + length);
          handle(frame, 'tcp', (reply) => {
            if (socket.writable) socket.write(lengthPrefixed(reply));
          });
        }
      });
    },
  );

  return {
    port,
    server: `127.0.0.1:${port}`,
    get zone() {
      return state.zone;
    },
    set zone(value: Zone) {
      state.zone = value;
    },
    queries,
    async close() {
      if (closed) return;
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      for (const socket of connections) socket.destroy();
      await Promise.all([new Promise<void>((done) => udp.close(() => done())), new Promise<void>((done) => tcp.close(() => done()))]);
    },
  };
}

/** The largest UDP reply the client accepts: 512 bytes, or its EDNS payload size (RFC 6891 §6.2.5). */
function udpLimit(query: DecodedPacket): number {
  const opt = query.additionals?.find((a) => a.type === 'OPT');
  return opt && 'udpPayloadSize' in opt ? Math.max(UDP_LIMIT, opt.udpPayloadSize) : UDP_LIMIT;
}

/** A message with its 2-byte length prefix for TCP (RFC 1035 §4.2.2). */
function lengthPrefixed(message: Buffer): Buffer {
  const prefix = Buffer.alloc(2);
  prefix.writeUInt16BE(message.length);
  return Buffer.concat([prefix, message]);
}

/** Binds UDP on an ephemeral port, then TCP on the same number; retries when TCP finds it taken. */
async function bindBoth(
  onMessage: (message: Buffer, rinfo: dgram.RemoteInfo, socket: dgram.Socket) => void,
  onConnection: (socket: net.Socket) => void,
): Promise<{ udp: dgram.Socket; tcp: net.Server; port: number }> {
  for (let attempt = 0; ; attempt++) {
    // An in-process client sends a burst before this loop can read any of it: the kernel
    // drops what the receive buffer cannot hold. It caps the size asked for at
    // net.core.rmem_max (4 MiB holds thousands of queries; the common 208 KiB about 500,
    // beyond which clients must retry).
    const udp = dgram.createSocket({ type: 'udp4', recvBufferSize: 8 * 1024 * 1024, sendBufferSize: 1024 * 1024 });
    udp.on('message', (message, rinfo) => onMessage(message, rinfo, udp));
    await new Promise<void>((done, fail) => {
      udp.once('error', fail);
      udp.bind(0, '127.0.0.1', () => {
        udp.off('error', fail);
        done();
      });
    });
    udp.on('error', () => {}); // a send to a vanished client must not crash the test run
    const port = udp.address().port;
    const tcp = net.createServer(onConnection);
    try {
      await new Promise<void>((done, fail) => {
        tcp.once('error', fail);
        tcp.listen(port, '127.0.0.1', () => {
          tcp.off('error', fail);
          done();
        });
      });
      return { udp, tcp, port };
    } catch (e) {
      udp.close();
      if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 20) throw e;
    }
  }
}
