/**
 * Which IP addresses count as the public internet. `bimi-svg dns` fetches URLs that
 * anyone can publish in DNS, so by default it refuses to connect to loopback, private,
 * link-local and other special-purpose addresses (server-side request forgery: a BIMI
 * record must not be able to make the checker probe the network it runs in). The
 * ranges are those of the IANA IPv4 and IPv6 Special-Purpose Address Registries
 * (RFC 6890 and its updates) that are not globally reachable.
 */
import { BlockList, isIPv4, isIPv6 } from 'node:net';

type Range = readonly [network: string, prefix: number, name: string];

const IPV4_RANGES: readonly Range[] = [
  ['0.0.0.0', 8, '"this network", RFC 791'],
  ['10.0.0.0', 8, 'private, RFC 1918'],
  ['100.64.0.0', 10, 'carrier-grade NAT, RFC 6598'],
  ['127.0.0.0', 8, 'loopback, RFC 1122'],
  ['169.254.0.0', 16, 'link-local, RFC 3927'],
  ['172.16.0.0', 12, 'private, RFC 1918'],
  ['192.0.0.0', 24, 'IETF protocol assignments, RFC 6890'],
  ['192.0.2.0', 24, 'documentation, RFC 5737'],
  ['192.88.99.0', 24, '6to4 relay anycast, RFC 7526'],
  ['192.168.0.0', 16, 'private, RFC 1918'],
  ['198.18.0.0', 15, 'benchmarking, RFC 2544'],
  ['198.51.100.0', 24, 'documentation, RFC 5737'],
  ['203.0.113.0', 24, 'documentation, RFC 5737'],
  ['224.0.0.0', 4, 'multicast, RFC 5771'],
  ['240.0.0.0', 4, 'reserved, including broadcast 255.255.255.255, RFC 1112'],
];

/** Special-purpose blocks inside 2000::/3, the only IPv6 space allocated for global unicast (RFC 4291 §2.4). */
const IPV6_RANGES: readonly Range[] = [
  ['2001::', 32, 'Teredo tunnelling, RFC 4380'],
  ['2001:2::', 48, 'benchmarking, RFC 5180'],
  ['2001:10::', 28, 'ORCHID, RFC 4843'],
  ['2001:20::', 28, 'ORCHIDv2, RFC 7343'],
  ['2001:db8::', 32, 'documentation, RFC 3849'],
  ['3fff::', 20, 'documentation, RFC 9637'],
];

interface Block {
  readonly name: string;
  readonly list: BlockList;
}

function blocks(ranges: readonly Range[], type: 'ipv4' | 'ipv6'): readonly Block[] {
  return ranges.map(([network, prefix, name]) => {
    const list = new BlockList();
    list.addSubnet(network, prefix, type);
    return { name, list };
  });
}

const ipv4Blocks = blocks(IPV4_RANGES, 'ipv4');
const ipv6Blocks = blocks(IPV6_RANGES, 'ipv6');
const ipv6GlobalUnicast = new BlockList();
ipv6GlobalUnicast.addSubnet('2000::', 3, 'ipv6');

/** The name of the first block that holds the address, or null. */
function blockName(list: readonly Block[], address: string, type: 'ipv4' | 'ipv6'): string | null {
  return list.find((b) => b.list.check(address, type))?.name ?? null;
}

/** The eight 16-bit groups of a valid IPv6 address (zone index ignored). */
function ipv6Groups(address: string): number[] {
  let text = address.replace(/%.*$/, '');
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const parse = (part: string) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}

const ipv4From = (high: number, low: number) => `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;

/**
 * The IPv4 address embedded in an IPv6 address whose traffic goes to that IPv4 host:
 * IPv4-mapped ::ffff:0:0/96 (RFC 4291 §2.5.5.2), NAT64 64:ff9b::/96 (RFC 6052) and
 * 6to4 2002::/16 (RFC 3056). Null for other addresses.
 */
function embeddedIpv4(g: readonly number[]): string | null {
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zeros(0, 5) && g[5] === 0xffff) return ipv4From(g[6]!, g[7]!);
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return ipv4From(g[6]!, g[7]!);
  if (g[0] === 0x2002) return ipv4From(g[1]!, g[2]!);
  return null;
}

/**
 * Why an address is not on the public internet (e.g. "loopback, RFC 1122"), or null
 * when it is public. Text that is not an IP address is reported as such.
 *
 * @example
 * classifyAddress('10.1.2.3'); // 'private, RFC 1918'
 * classifyAddress('::ffff:127.0.0.1'); // 'loopback, RFC 1122'
 * classifyAddress('93.184.215.14'); // null
 */
export function classifyAddress(address: string): string | null {
  if (isIPv4(address)) return blockName(ipv4Blocks, address, 'ipv4');
  if (!isIPv6(address)) return 'not an IP address';
  const groups = ipv6Groups(address);
  const v4 = embeddedIpv4(groups);
  if (v4 !== null) return blockName(ipv4Blocks, v4, 'ipv4');
  const plain = address.replace(/%.*$/, '');
  if (!ipv6GlobalUnicast.check(plain, 'ipv6')) return ipv6OutsideGlobalName(groups);
  return blockName(ipv6Blocks, plain, 'ipv6');
}

/** A name for the IPv6 space outside 2000::/3, for messages. */
function ipv6OutsideGlobalName(g: readonly number[]): string {
  const first = g[0]!;
  if (g.every((x) => x === 0)) return 'unspecified, RFC 4291';
  if (g.slice(0, 7).every((x) => x === 0) && g[7] === 1) return 'loopback, RFC 4291';
  if ((first & 0xffc0) === 0xfe80) return 'link-local, RFC 4291';
  if ((first & 0xfe00) === 0xfc00) return 'unique local, RFC 4193';
  if ((first & 0xff00) === 0xff00) return 'multicast, RFC 4291';
  if (first === 0x64 && g[1] === 0xff9b) return 'local-use NAT64, RFC 8215';
  return 'outside 2000::/3, the global unicast space, RFC 4291';
}

/**
 * Whether an address is on the public internet, i.e. may be fetched without
 * `--allow-private-network`. IPv6 addresses that carry an IPv4 address (mapped, NAT64,
 * 6to4) are judged by that IPv4 address.
 *
 * @example
 * isPublicAddress('127.0.0.1'); // false
 * isPublicAddress('2606:4700::1111'); // true
 */
export function isPublicAddress(address: string): boolean {
  return classifyAddress(address) === null;
}
