import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BimiSvgError } from '../src/errors.js';
import { normalizeDomain, organizationalDomain } from '../src/dns/org-domain.js';
import { discoverRecord, isBimiRecord, parseBimiRecord } from '../src/dns/record.js';
import { createDnsClient, parseDnsServer } from '../src/dns/resolver.js';
import type { DnsClient, DnsMessage } from '../src/dns/types.js';
import { startDnsServer, txt, type TestDnsServer } from './support/dns-server.js';

const codes = (messages: readonly DnsMessage[]) => messages.map((m) => m.code);
const find = (messages: readonly DnsMessage[], code: string) => messages.find((m) => m.code === code);

/** Every message must be usable on its own: step, a sentence, and where the rule comes from. */
function expectWellFormed(messages: readonly DnsMessage[], step: DnsMessage['step']): void {
  for (const m of messages) {
    expect(m.step).toBe(step);
    expect(m.code).toMatch(/^[a-z]+(-[a-z0-9]+)+$/);
    expect(m.message.length).toBeGreaterThan(30);
    expect(m.citation, `${m.code} has a citation`).toMatch(/(draft-|RFC )/);
  }
}

describe('parseBimiRecord: valid records', () => {
  const cases: { raw: string; l: string | null; a: string | null; lps?: string[] | null; avp?: string | null }[] = [
    { raw: 'v=BIMI1; l=https://example.com/logo.svg; a=https://example.com/vmc.pem', l: 'https://example.com/logo.svg', a: 'https://example.com/vmc.pem' },
    { raw: 'v=BIMI1; l=https://example.com/logo.svg', l: 'https://example.com/logo.svg', a: null },
    { raw: 'v=BIMI1;l=https://example.com/logo.svg;a=https://example.com/vmc.pem;', l: 'https://example.com/logo.svg', a: 'https://example.com/vmc.pem' },
    { raw: 'v = BIMI1 ;  l = https://example.com/logo.svg ; a= https://example.com/vmc.pem ;  ', l: 'https://example.com/logo.svg', a: 'https://example.com/vmc.pem' },
    { raw: 'v=BIMI1;\tl=https://example.com/logo.svgz', l: 'https://example.com/logo.svgz', a: null },
    { raw: 'v=BIMI1; a=https://example.com/vmc.pem; l=https://example.com/logo.svg', l: 'https://example.com/logo.svg', a: 'https://example.com/vmc.pem' },
    { raw: 'v=BIMI1; l=https://bimi.example.test:8443/logo.svg', l: 'https://bimi.example.test:8443/logo.svg', a: null },
    { raw: 'v=BIMI1; l=HTTPS://Example.com/Logo.SVG', l: 'HTTPS://Example.com/Logo.SVG', a: null },
    { raw: 'v=BIMI1; l=https://example.com/logo.svg?v=2', l: 'https://example.com/logo.svg?v=2', a: null },
    { raw: 'v=BIMI1; l=https://example.com/my%20logo.svg', l: 'https://example.com/my%20logo.svg', a: null },
    { raw: 'v=BIMI1; l=https://example.com/a%2Cb.svg', l: 'https://example.com/a%2Cb.svg', a: null },
    { raw: 'v=BIMI1; l=https://example.com/logo.svg; avp=personal', l: 'https://example.com/logo.svg', a: null, avp: 'personal' },
    { raw: 'v=BIMI1; l=https://example.com/logo.svg; avp=brand', l: 'https://example.com/logo.svg', a: null, avp: 'brand' },
    { raw: 'v=BIMI1; l=https://example.com/logo.svg; lps=sales,support', l: 'https://example.com/logo.svg', a: null, lps: ['sales', 'support'] },
    { raw: 'v=BIMI1; l=https://example.com/logo.svg; lps= sales , no-reply ', l: 'https://example.com/logo.svg', a: null, lps: ['sales', 'no-reply'] },
    { raw: 'v=BIMI1; l=https://example.com/logo.svg; lps=', l: 'https://example.com/logo.svg', a: null, lps: [] },
  ];
  it.each(cases)('$raw', ({ raw, l, a, lps, avp }) => {
    const r = parseBimiRecord(raw);
    expect(r.valid).toBe(true);
    expect(r.declined).toBe(false);
    expect(r.l).toBe(l);
    expect(r.a).toBe(a);
    if (lps !== undefined) expect(r.lps).toEqual(lps);
    if (avp !== undefined) expect(r.avp).toBe(avp);
    expect(r.messages.filter((m) => m.severity !== 'info')).toEqual([]);
    expectWellFormed(r.messages, 'record');
  });

  it('keeps tags in order of appearance, values trimmed', () => {
    const r = parseBimiRecord('v=BIMI1;  a = https://example.com/vmc.pem ; l=https://example.com/logo.svg');
    expect(Object.entries(r.tags)).toEqual([
      ['v', 'BIMI1'],
      ['a', 'https://example.com/vmc.pem'],
      ['l', 'https://example.com/logo.svg'],
    ]);
  });

  it('splits a tag at its first "=" only (query strings keep theirs)', () => {
    const r = parseBimiRecord('v=BIMI1; l=https://example.com/logo.svg?a=b&c=d');
    expect(r.l).toBe('https://example.com/logo.svg?a=b&c=d');
    expect(r.valid).toBe(true);
  });
});

describe('parseBimiRecord: declination and the l=/a= combinations', () => {
  it.each([
    'v=BIMI1; l=; a=;',
    'v=BIMI1; l=; a=',
    'v=BIMI1; l=;',
    'v=BIMI1; l=',
    'v=BIMI1;l=;a=',
    'v=BIMI1; l= ; a= ',
  ])('%s declines (an absent a= counts as empty; pybimi and checkdmarc miss this)', (raw) => {
    const r = parseBimiRecord(raw);
    expect(r.valid).toBe(true);
    expect(r.declined).toBe(true);
    expect(r.l).toBe('');
    expect(codes(r.messages)).toEqual(['record-declined']);
    expect(find(r.messages, 'record-declined')?.citation).toContain('§4.3.1');
  });

  it('a declination with lps= still declines, and says local-part records may apply', () => {
    const r = parseBimiRecord('v=BIMI1; l=; a=; lps=brand-indicators-');
    expect(r.declined).toBe(true);
    expect(r.lps).toEqual(['brand-indicators-']);
    expect(find(r.messages, 'record-declined')?.message).toContain('brand-indicators-');
  });

  it('empty l= with a non-empty a= is not a declination (Mail::BIMI calls it one) but a warning', () => {
    const r = parseBimiRecord('v=BIMI1; l=; a=https://example.com/vmc.pem');
    expect(r.valid).toBe(true);
    expect(r.declined).toBe(false);
    expect(find(r.messages, 'record-l-empty-with-a')?.severity).toBe('warning');
  });

  it('a missing l= tag is an error, not a declination', () => {
    const r = parseBimiRecord('v=BIMI1; a=;');
    expect(r.valid).toBe(false);
    expect(r.declined).toBe(false);
    expect(r.l).toBeNull();
    expect(find(r.messages, 'record-missing-l')?.severity).toBe('error');
  });

  it('v=BIMI1 alone lacks l=', () => {
    const r = parseBimiRecord('v=BIMI1');
    expect(r.valid).toBe(false);
    expect(codes(r.messages)).toEqual(['record-missing-l']);
  });
});

describe('parseBimiRecord: the version tag (exact, first, case-sensitive)', () => {
  it.each([
    ['v=bimi1; l=https://example.com/logo.svg', 'exactly "v=BIMI1"'],
    ['v=Bimi1; l=https://example.com/logo.svg', 'exactly "v=BIMI1"'],
    ['V=BIMI1; l=https://example.com/logo.svg', 'case-sensitive'],
    ['v=BIMI2; l=https://example.com/logo.svg', 'v=BIMI2'],
    ['v=BIMI; l=https://example.com/logo.svg', 'v=BIMI'],
    ['v=BIMI1 l=https://example.com/logo.svg', '";" after v=BIMI1 is missing'],
    ['l=https://example.com/logo.svg; v=BIMI1', 'not the first tag'],
    ['l=https://example.com/logo.svg', 'does not start with v=BIMI1'],
    ['"v=BIMI1; l=https://example.com/logo.svg"', 'quote'],
    ['; v=BIMI1; l=https://example.com/logo.svg', 'not the first tag'],
    ['', 'empty'],
  ])('%s', (raw, says) => {
    const r = parseBimiRecord(raw);
    expect(r.valid).toBe(false);
    const version = find(r.messages, 'record-version');
    expect(version?.severity).toBe('error');
    expect(version?.message).toContain(says);
    expect(isBimiRecord(raw)).toBe(false);
  });

  it('a record wrapped in quotes gets one message, not one per tag', () => {
    expect(codes(parseBimiRecord('"v=BIMI1; l=https://example.com/logo.svg"').messages)).toEqual(['record-version']);
  });

  it.each(['v=BIMI1; l=x', 'v=BIMI1', ' v = BIMI1 ;', 'v=BIMI1;'])('isBimiRecord(%j) is true', (raw) => {
    expect(isBimiRecord(raw)).toBe(true);
  });
  it.each(['v=BIMI10; l=', 'v=BIMI1 l=', 'V=BIMI1;', 'v=spf1 -all', 'xv=BIMI1;'])('isBimiRecord(%j) is false', (raw) => {
    expect(isBimiRecord(raw)).toBe(false);
  });
});

describe('parseBimiRecord: tags (RFC 6376 §3.2 rules)', () => {
  it.each([
    'v=BIMI1; l=https://example.com/a.svg; l=https://example.com/b.svg',
    'v=BIMI1; l=https://example.com/a.svg; a=; a=',
    'v=BIMI1; v=BIMI1; l=https://example.com/a.svg',
  ])('duplicate tag makes the record invalid: %s', (raw) => {
    const r = parseBimiRecord(raw);
    expect(r.valid).toBe(false);
    expect(codes(r.messages).filter((c) => c === 'record-duplicate-tag')).toHaveLength(1);
  });

  it('unknown tags are ignored, not fatal (pybimi and checkdmarc reject them)', () => {
    const r = parseBimiRecord('v=BIMI1; l=https://example.com/logo.svg; x_vendor=42; foo=bar');
    expect(r.valid).toBe(true);
    expect(r.messages.map((m) => [m.code, m.severity])).toEqual([
      ['record-unknown-tag', 'info'],
      ['record-unknown-tag', 'info'],
    ]);
  });

  it.each([
    ['p', 'avp='],
    ['s', 'avp='],
    ['z', 'size'],
  ])('old tag %s= is ignored with a warning that names what replaced it', (tag, says) => {
    const r = parseBimiRecord(`v=BIMI1; l=https://example.com/logo.svg; ${tag}=personal`);
    expect(r.valid).toBe(true);
    const m = find(r.messages, 'record-old-tag');
    expect(m?.severity).toBe('warning');
    expect(m?.message).toContain(says);
  });

  it('upper-case tag names are unknown tags (case-sensitive), so L= does not provide l=', () => {
    const r = parseBimiRecord('v=BIMI1; L=https://example.com/logo.svg');
    expect(r.valid).toBe(false);
    expect(codes(r.messages)).toEqual(['record-tag-case', 'record-missing-l']);
    expect(find(r.messages, 'record-tag-case')?.message).toContain('write "l="');
  });

  it('trailing garbage without "=" is a syntax error', () => {
    const r = parseBimiRecord('v=BIMI1; l=https://example.com/logo.svg; garbage');
    expect(r.valid).toBe(false);
    expect(codes(r.messages)).toEqual(['record-syntax']);
    expect(r.tags).not.toHaveProperty('garbage');
  });

  it.each([
    'v=BIMI1; =value; l=https://example.com/logo.svg',
    'v=BIMI1; 1l=x; l=https://example.com/logo.svg',
    'v=BIMI1; l l=x; l=https://example.com/logo.svg',
    'v=BIMI1; x-vendor=1; l=https://example.com/logo.svg',
  ])(
    'a malformed tag name is a syntax error: %s',
    (raw) => {
      const r = parseBimiRecord(raw);
      expect(r.valid).toBe(false);
      expect(codes(r.messages)).toContain('record-syntax');
    },
  );

  it('an empty tag (";;") is a warning, not a rejection', () => {
    const r = parseBimiRecord('v=BIMI1;; l=https://example.com/logo.svg');
    expect(r.valid).toBe(true);
    expect(codes(r.messages)).toEqual(['record-empty-tag']);
  });

  it('trailing separators and white space are fine', () => {
    const r = parseBimiRecord('v=BIMI1; l=https://example.com/logo.svg; ;  ');
    expect(r.valid).toBe(true);
    expect(r.messages).toEqual([]);
  });
});

describe('parseBimiRecord: l= and a= URIs', () => {
  it.each([
    ['v=BIMI1; l=http://example.com/logo.svg', 'record-uri-scheme', 'HTTPS'],
    ['v=BIMI1; l=ftp://example.com/logo.svg', 'record-uri-scheme', 'ftp'],
    ['v=BIMI1; l=example.com/logo.svg', 'record-uri-scheme', 'absolute'],
    ['v=BIMI1; l=//example.com/logo.svg', 'record-uri-scheme', 'absolute'],
    ['v=BIMI1; l=https:example.com/logo.svg', 'record-uri-syntax', '//'],
    ['v=BIMI1; l=https://example.com/logo.svg,https://example.org/logo.svg', 'record-uri-multiple', 'exactly one'],
    ['v=BIMI1; l=https://example.com/a,b.svg', 'record-uri-multiple', '%2C'],
    ['v=BIMI1; l=https://example.com/logo.svg https://example.org/logo.svg', 'record-uri-multiple', 'more than one'],
    ['v=BIMI1; l=https://example.com/my logo.svg', 'record-uri-syntax', '%20'],
    ['v=BIMI1; l="https://example.com/logo.svg"', 'record-uri-syntax', 'quotes'],
    ['v=BIMI1; l=<https://example.com/logo.svg>', 'record-uri-syntax', 'quotes'],
    ['v=BIMI1; l=https://example.com/lögo.svg', 'record-uri-syntax', 'percent-encode'],
    ['v=BIMI1; l=https://example.com/logo{1}.svg', 'record-uri-syntax', '%7B'],
    ['v=BIMI1; l=https://example.com/100%.svg', 'record-uri-syntax', '%25'],
    ['v=BIMI1; l=https://192.0.2.1/logo.svg', 'record-uri-host', 'fully qualified'],
    ['v=BIMI1; l=https://[2001:db8::1]/logo.svg', 'record-uri-host', 'fully qualified'],
    ['v=BIMI1; l=https://localhost/logo.svg', 'record-uri-host', 'fully qualified'],
    ['v=BIMI1; l=https://bad_host.example.com/logo.svg', 'record-uri-host', 'not a valid host'],
    ['v=BIMI1; l=https://example.com/logo.png', 'record-l-format', '.png'],
    ['v=BIMI1; l=https://example.com/logo.JPG', 'record-l-format', '.jpg'],
    ['v=BIMI1; l=https://example.com/logo.webp?x=1', 'record-l-format', '.webp'],
    ['v=BIMI1; l=https://example.com/logo.gif', 'record-l-format', 'permanent error'],
    ['v=BIMI1; l=https://example.com/logo.svg; a=http://example.com/vmc.pem', 'record-uri-scheme', 'a= (the evidence'],
    ['v=BIMI1; l=https://example.com/logo.svg; a=https://10.0.0.1/vmc.pem', 'record-uri-host', 'a= (the evidence'],
  ])('%s → %s', (raw, code, says) => {
    const r = parseBimiRecord(raw);
    expect(r.valid).toBe(false);
    const m = find(r.messages, code);
    expect(m?.severity).toBe('error');
    expect(m?.message).toContain(says);
    expectWellFormed(r.messages, 'record');
  });

  it('the l= format rule cites §4.3.2', () => {
    expect(find(parseBimiRecord('v=BIMI1; l=https://example.com/logo.png').messages, 'record-l-format')?.citation).toBe(
      'draft-brand-indicators-for-message-identification-12 §4.3.2',
    );
  });

  it.each([
    ['v=BIMI1; l=https://example.com/logo', 'record-l-suffix', 'info'],
    ['v=BIMI1; l=https://example.com/logo.php?id=3', 'record-l-suffix', 'info'],
    ['v=BIMI1; l=https://example.com/vmc.pem', 'record-swapped', 'warning'],
    ['v=BIMI1; l=https://example.com/logo.svg; a=https://example.com/logo.svg', 'record-swapped', 'warning'],
    ['v=BIMI1; l=https://example.com/logo.svg; a=https://example.com/vmc.crt', 'record-a-suffix', 'warning'],
    ['v=BIMI1; l=https://example.com/logo.svg; a=https://example.com/cert', 'record-a-suffix', 'warning'],
    ['v=BIMI1; l=https://user:pw@example.com/logo.svg', 'record-uri-userinfo', 'error'],
  ])('%s stays valid with %s (%s)', (raw, code, severity) => {
    const r = parseBimiRecord(raw);
    expect(r.valid).toBe(true);
    expect(find(r.messages, code)?.severity).toBe(severity);
  });

  it('a= SHOULD end in .pem cites the VMC draft', () => {
    const m = find(parseBimiRecord('v=BIMI1; l=https://example.com/logo.svg; a=https://example.com/cert').messages, 'record-a-suffix');
    expect(m?.citation).toBe('draft-fetch-validation-vmc-wchuang-11 §3.3');
  });
});

describe('parseBimiRecord: lps= and avp=', () => {
  it.each([
    ['v=BIMI1; l=https://example.com/logo.svg; lps=a,,b', 'empty entry'],
    ['v=BIMI1; l=https://example.com/logo.svg; lps=sales,', 'empty entry'],
    ['v=BIMI1; l=https://example.com/logo.svg; lps=first.last', 'other than letters'],
    ['v=BIMI1; l=https://example.com/logo.svg; lps=a_b', 'other than letters'],
    ['v=BIMI1; l=https://example.com/logo.svg; lps=a+b', 'other than letters'],
    [`v=BIMI1; l=https://example.com/logo.svg; lps=${'x'.repeat(64)}`, 'longer than 63'],
  ])('%s is invalid (%s)', (raw, says) => {
    const r = parseBimiRecord(raw);
    expect(r.valid).toBe(false);
    expect(r.lps).toBeNull();
    expect(find(r.messages, 'record-lps-syntax')?.message).toContain(says);
  });

  it('a 63-character prefix is allowed', () => {
    expect(parseBimiRecord(`v=BIMI1; l=https://example.com/logo.svg; lps=${'x'.repeat(63)}`).valid).toBe(true);
  });

  it.each(['true', 'false'])('lps=%s (the 2025 boolean form) is a valid prefix but warned about', (value) => {
    const r = parseBimiRecord(`v=BIMI1; l=https://example.com/logo.svg; lps=${value}`);
    expect(r.valid).toBe(true);
    expect(r.lps).toEqual([value]);
    expect(find(r.messages, 'record-lps-boolean')?.severity).toBe('warning');
  });

  it.each([
    ['bimi', 'old name'],
    ['Brand', 'case-sensitive'],
    ['PERSONAL', 'case-sensitive'],
    ['logo', 'not personal or brand'],
    ['', 'empty'],
  ])('avp=%s is ignored with a warning (%s); the record stays valid', (value, says) => {
    const r = parseBimiRecord(`v=BIMI1; l=https://example.com/logo.svg; avp=${value}`);
    expect(r.valid).toBe(true);
    expect(r.avp).toBeNull();
    const m = find(r.messages, 'record-avp-value');
    expect(m?.severity).toBe('warning');
    expect(m?.message).toContain(says);
  });

  it('avp= absent gives null (receivers default to brand)', () => {
    expect(parseBimiRecord('v=BIMI1; l=https://example.com/logo.svg').avp).toBeNull();
  });
});

describe('parseBimiRecord never throws', () => {
  it.each(['', ';', ';;;', '=', '==', 'v=', 'v==BIMI1', 'v=BIMI1;=;=;', '\u0000', 'v=BIMI1; l=https://%zz', 'v=BIMI1; l=https://', 'v=BIMI1; l=https://./x.svg', 'x'.repeat(5000)])(
    '%j',
    (raw) => {
      const r = parseBimiRecord(raw);
      expect(typeof r.valid).toBe('boolean');
      expect(r.valid && raw !== '' && !isBimiRecord(raw)).toBe(false);
    },
  );
});

describe('normalizeDomain', () => {
  it.each([
    ['example.com', 'example.com'],
    ['  Example.COM.  ', 'example.com'],
    ['mail.example.co.uk', 'mail.example.co.uk'],
    ['bücher.example', 'xn--bcher-kva.example'],
    ['BÜCHER.example', 'xn--bcher-kva.example'],
    ['xn--bcher-kva.example', 'xn--bcher-kva.example'],
    ['例え.テスト', 'xn--r8jz45g.xn--zckzah'],
    ['a-b.example', 'a-b.example'],
    ['123.example', '123.example'],
    [`${'a'.repeat(63)}.example`, `${'a'.repeat(63)}.example`],
  ])('%j → %s', (input, domain) => {
    expect(normalizeDomain(input)).toEqual({ ok: true, domain });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['.', 'only a dot'],
    ['https://www.example.com/path', 'give the domain, not the URL: www.example.com'],
    ['http://example.com', 'give the domain, not the URL: example.com'],
    ['example.com/bimi/logo.svg', 'give the domain, not the URL: example.com'],
    ['user@example.com', 'give the domain, not the e-mail address: example.com'],
    ['mailto:user@example.com', 'give the domain, not the e-mail address: example.com'],
    ['Jane <jane@example.com>', 'give the domain, not the e-mail address: example.com'],
    ['example..com', 'empty label'],
    ['.example.com', 'empty label'],
    ['example.com..', 'empty label'],
    [`${'a'.repeat(64)}.example`, 'at most 63'],
    [`${'abcdefghi.'.repeat(26)}com`, 'at most 253'],
    ['exa_mple.com', 'contains "_"'],
    ['ex!ample.com', 'contains "!"'],
    ['-example.com', 'hyphen'],
    ['example-.com', 'hyphen'],
    ['exa mple.com', 'spaces'],
    ['localhost', 'single label'],
    ['com', 'single label'],
    ['192.0.2.1', 'IP address'],
    ['[2001:db8::1]', 'IP address'],
    ['example.com:443', 'port'],
    ['xn--zz.example', 'not a valid internationalized'],
    ['%65xample.com', '%'],
  ])('%j is refused (%s)', (input, says) => {
    const r = normalizeDomain(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(says);
  });
});

describe('organizationalDomain (Public Suffix List, ICANN section only)', () => {
  it.each([
    ['example.com', 'example.com'],
    ['mail.example.com', 'example.com'],
    ['a.b.c.example.com', 'example.com'],
    ['mail.example.co.uk', 'example.co.uk'],
    ['sub.example.test', 'example.test'],
    ['example.test', 'example.test'],
    // blogspot.com is a private PSL entry: ICANN-only gives blogspot.com (bimi-record.md §7)
    ['foo.blogspot.com', 'blogspot.com'],
    ['co.uk', 'co.uk'],
    ['Mail.Example.COM.', 'example.com'],
  ])('%s → %s', (domain, org) => {
    expect(organizationalDomain(domain)).toBe(org);
  });
});

describe('parseDnsServer', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['127.0.0.1:5353', '127.0.0.1:5353'],
    [' 192.0.2.53:53 ', '192.0.2.53:53'],
    ['::1', '::1'],
    ['2001:db8::53', '2001:db8::53'],
    ['[::1]', '::1'],
    ['[::1]:5353', '[::1]:5353'],
    ['127.0.0.1:05353', '127.0.0.1:5353'],
  ])('%j → %j', (input, out) => {
    expect(parseDnsServer(input)).toBe(out);
  });

  it.each([
    ['', 'empty'],
    ['dns.google', 'not an IP address'],
    ['dns.google:53', 'not an IP address'],
    ['127.0.0.1:0', 'invalid port'],
    ['127.0.0.1:70000', 'invalid port'],
    ['127.0.0.1:abc', 'invalid port'],
    ['127.0.0.1:', 'invalid port'],
    ['300.0.0.1', 'not a valid IPv4'],
    ['[127.0.0.1]:53', 'no IPv6 address'],
    ['[::1]:x', 'invalid port'],
    ['2001:db8::zz', 'not a valid address'],
  ])('%j is a usage error (%s)', (input, says) => {
    let caught: unknown;
    try {
      parseDnsServer(input);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(BimiSvgError);
    expect((caught as BimiSvgError).code).toBe('E_USAGE');
    expect((caught as BimiSvgError).message).toContain(says);
  });

  it('createDnsClient refuses a malformed server and bad timeouts', () => {
    expect(() => createDnsClient({ server: 'not a server' })).toThrow(BimiSvgError);
    expect(() => createDnsClient({ timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(() => createDnsClient({ tries: 1.5 })).toThrow(/tries/);
  });
});

// ---------------------------------------------------------------------------
// Against a real DNS server on 127.0.0.1
// ---------------------------------------------------------------------------

const LOGO = 'https://bimi.example.test/logo.svg';
const VMC = 'https://bimi.example.test/vmc.pem';
const GOOD = `v=BIMI1; l=${LOGO}; a=${VMC}`;
const LONG = `v=BIMI1; l=https://bimi.example.test/${'very-long-path-segment/'.repeat(24)}logo.svg; a=${VMC}`;

describe('createDnsClient and discoverRecord against a DNS server', () => {
  let s: TestDnsServer;
  let dns: DnsClient;

  beforeAll(async () => {
    s = await startDnsServer({
      // one record in two strings
      'default._bimi.one.test': { TXT: [[`v=BIMI1; l=${LOGO}; `, `a=${VMC}`]] },
      // two v=BIMI1 RRs
      'default._bimi.two.test': { TXT: [[GOOD], [`v=BIMI1; l=https://bimi.example.test/other.svg`]] },
      // SPF next to BIMI (wildcard-like)
      'default._bimi.spf.test': { TXT: [['v=spf1 include:_spf.example.test ~all'], [GOOD]] },
      'default._bimi.declined.test': { TXT: [['v=BIMI1; l=; a=;']] },
      // fallback: the subdomain has nothing, the org domain has a record
      'default._bimi.fallback.test': { TXT: [[GOOD]] },
      'www.sub.fallback.test': { A: ['127.0.0.1'] },
      // only an SPF at the subdomain's BIMI name: the set is empty after filtering, so fall back
      'default._bimi.spfonly.fallback.test': { TXT: [['v=spf1 -all']] },
      // broken and declining records at subdomains block the fallback
      'default._bimi.broken.fallback.test': { TXT: [['v=BIMI1; l=http://bimi.example.test/logo.svg']] },
      'default._bimi.optout.fallback.test': { TXT: [['v=BIMI1; l=; a=;']] },
      'default._bimi.dup.fallback.test': { TXT: [[GOOD], [GOOD]] },
      // custom selectors
      'brand._bimi.selector.test': { TXT: [[GOOD]] },
      'default._bimi.selector.test': { TXT: [['v=BIMI1; l=https://bimi.example.test/default.svg']] },
      'default._bimi.defaultonly.test': { TXT: [[GOOD]] },
      // usual mistakes
      '_bimi.noselector.test': { TXT: [[GOOD]] },
      'default._bimi.doubled.test.doubled.test': { TXT: [[GOOD]] },
      'apex.test': { TXT: [['v=spf1 -all'], [GOOD]] },
      'default._bimi.lower.test': { TXT: [['v=bimi1; l=https://bimi.example.test/logo.svg']] },
      // CNAMEs
      'default._bimi.alias.test': { CNAME: 'shared._bimi.hq.test' },
      'shared._bimi.hq.test': { TXT: [[GOOD]] },
      'default._bimi.dangling.test': { CNAME: 'gone._bimi.hq.test' },
      'default._bimi.chain.test': { CNAME: 'step._bimi.hq.test' },
      'step._bimi.hq.test': { CNAME: 'nothing._bimi.hq.test' },
      'nothing._bimi.hq.test': { A: ['127.0.0.1'] },
      // failures
      'default._bimi.servfail.test': { rcode: 'SERVFAIL' },
      'default._bimi.refused.test': { rcode: 'REFUSED' },
      'default._bimi.slow.test': { drop: true },
      'default._bimi.orgfail.test': { rcode: 'SERVFAIL' },
      'www.sub.orgfail.test': { A: ['127.0.0.1'] },
      // larger than a UDP reply: TCP fallback
      'default._bimi.long.test': { TXT: [txt(LONG)] },
      // host names for HTTPS fetches
      'bimi.example.test': { A: ['127.0.0.1'], AAAA: ['::1'] },
      'v6only.example.test': { AAAA: ['::1'] },
    });
    dns = createDnsClient({ server: s.server, timeoutMs: 400, tries: 1 });
  });
  afterAll(async () => {
    await s.close();
  });

  describe('the client', () => {
    it('joins the strings of one RR and keeps RRs apart', async () => {
      expect(await dns.txt('default._bimi.one.test')).toEqual({ kind: 'records', records: [GOOD] });
      expect(await dns.txt('default._bimi.two.test')).toEqual({ kind: 'records', records: [GOOD, 'v=BIMI1; l=https://bimi.example.test/other.svg'] });
    });

    it('tells NXDOMAIN from NODATA, and a dangling CNAME ([]) is NODATA', async () => {
      expect(await dns.txt('nothing-here.test')).toEqual({ kind: 'none', code: 'NXDOMAIN' });
      expect(await dns.txt('_bimi.one.test')).toEqual({ kind: 'none', code: 'NODATA' }); // empty non-terminal
      expect(await dns.txt('bimi.example.test')).toEqual({ kind: 'none', code: 'NODATA' });
      expect(await dns.txt('default._bimi.dangling.test')).toEqual({ kind: 'none', code: 'NODATA' });
    });

    it('maps SERVFAIL, REFUSED and timeouts to temperror with the code', async () => {
      expect(await dns.txt('default._bimi.servfail.test')).toEqual({ kind: 'temperror', code: 'ESERVFAIL' });
      expect(await dns.txt('default._bimi.refused.test')).toEqual({ kind: 'temperror', code: 'EREFUSED' });
      const started = Date.now();
      expect(await dns.txt('default._bimi.slow.test')).toEqual({ kind: 'temperror', code: 'ETIMEOUT' });
      expect(Date.now() - started).toBeLessThan(3000);
    });

    it('retries a truncated UDP answer over TCP (600-byte record)', async () => {
      expect(LONG.length).toBeGreaterThan(600);
      expect(await dns.txt('default._bimi.long.test')).toEqual({ kind: 'records', records: [LONG] });
      expect(s.queries.some((q) => q.name === 'default._bimi.long.test' && q.transport === 'tcp')).toBe(true);
    });

    it('resolves A and AAAA at the chosen server, and IP literals directly', async () => {
      const found = await dns.addresses('bimi.example.test');
      expect(found).toEqual(expect.arrayContaining([{ address: '127.0.0.1', family: 4 }, { address: '::1', family: 6 }]));
      expect(await dns.addresses('v6only.example.test')).toEqual([{ address: '::1', family: 6 }]);
      expect(await dns.addresses('192.0.2.7')).toEqual([{ address: '192.0.2.7', family: 4 }]);
      expect(await dns.addresses('[::1]')).toEqual([{ address: '::1', family: 6 }]);
    });

    it('rejects with a clear error when a host has no address', async () => {
      await expect(dns.addresses('missing.example.test')).rejects.toThrow('Cannot resolve missing.example.test: the name does not exist (NXDOMAIN).');
      await expect(dns.addresses('default._bimi.one.test')).rejects.toThrow(/Cannot resolve default\._bimi\.one\.test/);
      await expect(dns.addresses('default._bimi.servfail.test')).rejects.toThrow(/ESERVFAIL/);
    });

    it('reports CNAME targets, and null without one', async () => {
      expect(await dns.cname?.('default._bimi.alias.test')).toBe('shared._bimi.hq.test');
      expect(await dns.cname?.('default._bimi.one.test')).toBeNull();
      expect(await dns.cname?.('nothing-here.test')).toBeNull();
    });
  });

  describe('discoverRecord', () => {
    it('finds one record published as two strings', async () => {
      const { record, parsed, messages } = await discoverRecord(dns, 'one.test', 'default');
      expect(record).toEqual({
        name: 'default._bimi.one.test',
        raw: GOOD,
        tags: { v: 'BIMI1', l: LOGO, a: VMC },
        status: 'valid',
        orgFallback: false,
        queried: ['default._bimi.one.test'],
      });
      expect(parsed?.l).toBe(LOGO);
      expect(messages).toEqual([]);
    });

    it('normalizes the domain and the selector before querying', async () => {
      const { record } = await discoverRecord(dns, ' ONE.test. ', 'Default');
      expect(record.status).toBe('valid');
      expect(record.name).toBe('default._bimi.one.test');
    });

    it('two v=BIMI1 RRs make the record invalid: receivers stop', async () => {
      const { record, parsed, messages } = await discoverRecord(dns, 'two.test', 'default');
      expect(record.status).toBe('invalid');
      expect(record.name).toBe('default._bimi.two.test');
      expect(parsed).toBeNull();
      const m = find(messages, 'record-multiple');
      expect(m?.severity).toBe('error');
      expect(m?.message).toContain('2 TXT records');
      expect(m?.message).toContain('other.svg');
      expect(m?.citation).toContain('§7.2');
    });

    it('an SPF record at the BIMI name is filtered out and warned about', async () => {
      const { record, messages } = await discoverRecord(dns, 'spf.test', 'default');
      expect(record.status).toBe('valid');
      expect(record.raw).toBe(GOOD);
      const m = find(messages, 'record-unrelated-txt');
      expect(m?.severity).toBe('warning');
      expect(m?.message).toContain('SPF');
      expect(m?.message).toContain('v=spf1 include:_spf.example.test ~all');
    });

    it('a declination record is declined', async () => {
      const { record, parsed, messages } = await discoverRecord(dns, 'declined.test', 'default');
      expect(record.status).toBe('declined');
      expect(parsed?.declined).toBe(true);
      expect(codes(messages)).toEqual(['record-declined']);
    });

    it('NXDOMAIN everywhere gives none, with the names it tried', async () => {
      const { record, parsed, messages } = await discoverRecord(dns, 'absent.test', 'default');
      expect(record.status).toBe('none');
      expect(record.name).toBeNull();
      expect(record.raw).toBeNull();
      expect(parsed).toBeNull();
      expect(record.queried[0]).toBe('default._bimi.absent.test');
      const m = find(messages, 'record-none');
      expect(m?.severity).toBe('error');
      expect(m?.message).toContain('default._bimi.absent.test');
      // the hints found nothing, so nothing else is said
      expect(codes(messages)).toEqual(['record-none']);
    });

    it('falls back to the organizational domain when the subdomain has no record', async () => {
      const { record, messages } = await discoverRecord(dns, 'sub.fallback.test', 'default');
      expect(record.status).toBe('valid');
      expect(record.orgFallback).toBe(true);
      expect(record.name).toBe('default._bimi.fallback.test');
      expect(record.queried).toEqual(['default._bimi.sub.fallback.test', 'default._bimi.fallback.test']);
      expect(find(messages, 'record-org-fallback')?.severity).toBe('info');
    });

    it('falls back when the subdomain has only non-BIMI TXT (the set is empty after filtering; mailauth fails here)', async () => {
      const { record, messages } = await discoverRecord(dns, 'spfonly.fallback.test', 'default');
      expect(record.status).toBe('valid');
      expect(record.orgFallback).toBe(true);
      expect(codes(messages)).toContain('record-unrelated-txt');
    });

    it('an explicit organizational domain is honoured', async () => {
      const { record } = await discoverRecord(dns, 'sub.fallback.test', 'default', { orgDomain: 'sub.fallback.test' });
      expect(record.status).toBe('none');
      expect(record.queried).not.toContain('default._bimi.fallback.test');
    });

    it.each([
      ['broken.fallback.test', 'invalid', 'record'],
      ['optout.fallback.test', 'declined', 'declination'],
      ['dup.fallback.test', 'invalid', 'record'],
    ] as const)('does not fall back when %s publishes its own (%s) record', async (domain, status, says) => {
      const { record, messages } = await discoverRecord(dns, domain, 'default');
      expect(record.status).toBe(status);
      expect(record.orgFallback).toBe(false);
      expect(record.name).toBe(`default._bimi.${domain}`);
      expect(record.queried).toEqual([`default._bimi.${domain}`]);
      expect(find(messages, 'record-no-fallback')?.message).toContain(`publishes its own ${says}`);
    });

    it('a broken record reports why it is broken', async () => {
      const { messages } = await discoverRecord(dns, 'broken.fallback.test', 'default');
      expect(find(messages, 'record-uri-scheme')?.severity).toBe('error');
    });

    it('uses a custom selector', async () => {
      const { record } = await discoverRecord(dns, 'selector.test', 'brand');
      expect(record.status).toBe('valid');
      expect(record.name).toBe('brand._bimi.selector.test');
      expect(record.raw).toBe(GOOD);
    });

    it('a custom selector falls back with the same selector (§7.2), and says when only default exists', async () => {
      const { record, messages } = await discoverRecord(dns, 'sub.defaultonly.test', 'brand');
      expect(record.status).toBe('none');
      expect(record.queried).toEqual(['brand._bimi.sub.defaultonly.test', 'brand._bimi.defaultonly.test']);
      const m = find(messages, 'record-default-only');
      expect(m?.severity).toBe('warning');
      expect(m?.message).toContain('default._bimi.defaultonly.test');
      expect(m?.citation).toContain('§6.4');
    });

    it('hints at a record published without a selector', async () => {
      const { record, messages } = await discoverRecord(dns, 'noselector.test', 'default');
      expect(record.status).toBe('none');
      expect(find(messages, 'record-no-selector')?.message).toContain('_bimi.noselector.test');
    });

    it('hints at a record whose name has the zone appended twice', async () => {
      const { record, messages } = await discoverRecord(dns, 'doubled.test', 'default');
      expect(record.status).toBe('none');
      const m = find(messages, 'record-doubled-name');
      expect(m?.message).toContain('default._bimi.doubled.test.doubled.test');
      expect(m?.message).toContain('"default._bimi.doubled.test." (with the final dot) or as the relative name "default._bimi"');
    });

    it('hints at a record published at the domain itself', async () => {
      const { record, messages } = await discoverRecord(dns, 'apex.test', 'default');
      expect(record.status).toBe('none');
      expect(find(messages, 'record-at-apex')?.severity).toBe('warning');
    });

    it('a v=bimi1 record is ignored by receivers (exact match) and the reason is given', async () => {
      const { record, messages } = await discoverRecord(dns, 'lower.test', 'default');
      expect(record.status).toBe('none');
      const m = find(messages, 'record-ignored');
      expect(m?.severity).toBe('warning');
      expect(m?.message).toContain('v=BIMI1');
      expect(m?.message).toContain('capitals');
    });

    it('follows a CNAME to the shared record and reports the chain', async () => {
      const { record, messages } = await discoverRecord(dns, 'alias.test', 'default');
      expect(record.status).toBe('valid');
      expect(record.name).toBe('default._bimi.alias.test');
      expect(record.raw).toBe(GOOD);
      expect(find(messages, 'record-cname')?.message).toContain('default._bimi.alias.test → shared._bimi.hq.test');
    });

    it.each([
      ['dangling.test', 'default._bimi.dangling.test → gone._bimi.hq.test'],
      ['chain.test', 'default._bimi.chain.test → step._bimi.hq.test → nothing._bimi.hq.test'],
    ])('a CNAME at %s that leads to no TXT is a clear error', async (domain, chain) => {
      const { record, messages } = await discoverRecord(dns, domain, 'default');
      expect(record.status).toBe('none');
      const m = find(messages, 'record-cname-dangling');
      expect(m?.severity).toBe('error');
      expect(m?.message).toContain(chain);
    });

    it('SERVFAIL is a temperror and does not fall back', async () => {
      const { record, messages } = await discoverRecord(dns, 'servfail.test', 'default');
      expect(record.status).toBe('temperror');
      expect(record.queried).toEqual(['default._bimi.servfail.test']);
      const m = find(messages, 'record-temperror');
      expect(m?.message).toContain('ESERVFAIL');
      expect(m?.message).toContain('temporary');
      expect(codes(messages)).toEqual(['record-temperror']);
    });

    it('a SERVFAIL at the organizational domain during fallback is a temperror too', async () => {
      const { record } = await discoverRecord(dns, 'sub.orgfail.test', 'default');
      expect(record.status).toBe('temperror');
      expect(record.queried).toEqual(['default._bimi.sub.orgfail.test', 'default._bimi.orgfail.test']);
    });

    it('a timeout is a temperror', async () => {
      const { record, messages } = await discoverRecord(dns, 'slow.test', 'default');
      expect(record.status).toBe('temperror');
      expect(find(messages, 'record-temperror')?.message).toContain('ETIMEOUT');
    });

    it('reads a 600-byte record through TCP fallback', async () => {
      const { record, parsed } = await discoverRecord(dns, 'long.test', 'default');
      expect(record.status).toBe('valid');
      expect(record.raw).toBe(LONG);
      expect(parsed?.a).toBe(VMC);
    });

    it.each([
      ['', 'empty'],
      ['bad_selector', 'not a valid DNS name'],
      ['default._bimi', '_bimi'],
      ['a..b', 'empty label'],
      ['-x', 'not a valid DNS name'],
      ['x'.repeat(64), 'longer than 63'],
    ])('an invalid selector %j is reported without any query', async (selector, says) => {
      const before = s.queries.length;
      const { record, messages } = await discoverRecord(dns, 'one.test', selector);
      expect(record.status).toBe('invalid');
      expect(record.queried).toEqual([]);
      expect(s.queries.length).toBe(before);
      expect(find(messages, 'record-selector-invalid')?.message).toContain(says);
    });

    it('a name over 253 characters is refused before querying', async () => {
      const domain = `${'abcdefghi.'.repeat(23)}test`;
      const { record, messages } = await discoverRecord(dns, domain, 'a-rather-long-selector-name');
      expect(record.status).toBe('invalid');
      expect(find(messages, 'record-selector-invalid')?.message).toContain('253');
    });

    it('an invalid domain is a message, not an exception', async () => {
      const { record, messages } = await discoverRecord(dns, 'https://one.test/', 'default');
      expect(record.status).toBe('invalid');
      expect(find(messages, 'record-domain-invalid')?.message).toContain('give the domain, not the URL: one.test');
    });

    it('every message is well formed', async () => {
      const all: DnsMessage[] = [];
      for (const [domain, selector] of [
        ['two.test', 'default'],
        ['spf.test', 'default'],
        ['sub.defaultonly.test', 'brand'],
        ['doubled.test', 'default'],
        ['dangling.test', 'default'],
        ['servfail.test', 'default'],
        ['lower.test', 'default'],
        ['alias.test', 'default'],
        ['broken.fallback.test', 'default'],
      ] as const) {
        all.push(...(await discoverRecord(dns, domain, selector)).messages);
      }
      expect(all.length).toBeGreaterThan(9);
      expectWellFormed(all, 'record');
    });
  });
});
