/** Which addresses `bimi-svg dns` may fetch from without --allow-private-network. */
import { describe, expect, it } from 'vitest';
import { classifyAddress, isPublicAddress } from '../src/dns/network.js';

describe('isPublicAddress', () => {
  it.each([
    ['8.8.8.8'],
    ['93.184.215.14'],
    ['172.32.0.1'],
    ['100.128.0.1'],
    ['2606:4700::1111'],
    ['2001:4860:4860::8888'],
    ['::ffff:8.8.8.8'],
    ['64:ff9b::808:808'],
    ['2002:808:808::1'],
  ])('%s is public', (address) => {
    expect(classifyAddress(address)).toBeNull();
    expect(isPublicAddress(address)).toBe(true);
  });

  it.each([
    ['0.1.2.3', '"this network"'],
    ['10.1.2.3', 'private'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['169.254.169.254', 'link-local'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.0.0.8', 'IETF protocol'],
    ['192.0.2.1', 'documentation'],
    ['192.168.1.1', 'private'],
    ['198.18.0.1', 'benchmarking'],
    ['198.51.100.7', 'documentation'],
    ['203.0.113.9', 'documentation'],
    ['224.0.0.1', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'broadcast'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['fc00::1', 'unique local'],
    ['fd12:3456::1', 'unique local'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'documentation'],
    ['3fff::1', 'documentation'],
    ['2001::1', 'Teredo'],
    ['64:ff9b:1::1', 'local-use NAT64'],
    ['::7f00:1', 'outside 2000::/3'],
    ['1::1', 'outside 2000::/3'],
  ])('%s is not public: %s', (address, name) => {
    expect(classifyAddress(address)).toContain(name);
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each([
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::FFFF:10.0.0.1', 'private'],
    ['0:0:0:0:0:ffff:a9fe:a9fe', 'link-local'],
    ['64:ff9b::127.0.0.1', 'loopback'],
    ['64:ff9b::c0a8:101', 'private'],
    ['2002:7f00:1::', 'loopback'],
    ['2002:a00:1:1::1', 'private'],
  ])('%s is judged by the IPv4 address it carries (%s)', (address, name) => {
    expect(classifyAddress(address)).toContain(name);
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each([['example.test'], [''], ['[::1]'], ['127.1'], ['1.2.3.4.5']])('%j is not an IP address, so not public', (text) => {
    expect(classifyAddress(text)).toBe('not an IP address');
    expect(isPublicAddress(text)).toBe(false);
  });
});
