import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDmarc, isDmarcRecord, parseDmarc, treeWalkOrgDomain } from '../src/dns/dmarc.js';
import { createDnsClient } from '../src/dns/resolver.js';
import type { DnsClient, DnsMessage } from '../src/dns/types.js';
import { startDnsServer, type TestDnsServer } from './support/dns-server.js';

const codes = (messages: readonly DnsMessage[]) => messages.map((m) => m.code);
const find = (messages: readonly DnsMessage[], code: string) => messages.find((m) => m.code === code);

function expectWellFormed(messages: readonly DnsMessage[]): void {
  for (const m of messages) {
    expect(m.step).toBe('dmarc');
    expect(m.code).toMatch(/^dmarc(-[a-z0-9]+)+$/);
    expect(m.message.length).toBeGreaterThan(30);
    expect(m.citation, `${m.code} has a citation`).toMatch(/(draft-|RFC )/);
  }
}

describe('parseDmarc', () => {
  it.each([
    ['v=DMARC1; p=reject', { p: 'reject', sp: null, pct: null, testing: false }],
    ['v=DMARC1; p=quarantine; pct=100; rua=mailto:d@example.com', { p: 'quarantine', sp: null, pct: 100, testing: false }],
    ['v=DMARC1;p=none;sp=reject', { p: 'none', sp: 'reject', pct: null, testing: false }],
    ['v = DMARC1 ; p = Reject ; ', { p: 'reject', sp: null, pct: null, testing: false }],
    ['v=DMARC1; p=QUARANTINE; pct=0', { p: 'quarantine', sp: null, pct: 0, testing: false }],
    ['v=DMARC1; p=reject; t=y', { p: 'reject', sp: null, pct: null, testing: true }],
    ['v=DMARC1; p=reject; t=n', { p: 'reject', sp: null, pct: null, testing: false }],
    ['v=DMARC1; p=reject; np=none; psd=n', { p: 'reject', sp: null, pct: null, testing: false }],
  ])('%s', (raw, expected) => {
    const r = parseDmarc(raw);
    expect(r.valid).toBe(true);
    expect({ p: r.p, sp: r.sp, pct: r.pct, testing: r.testing }).toEqual(expected);
    expect(r.messages.filter((m) => m.severity === 'error')).toEqual([]);
  });

  it('reads np= and psd=', () => {
    const r = parseDmarc('v=DMARC1; p=reject; np=none; psd=y');
    expect(r.np).toBe('none');
    expect(r.psd).toBe('y');
  });

  it.each([
    ['v=DMARC1', 'dmarc-p-missing'],
    ['v=DMARC1; rua=mailto:d@example.com', 'dmarc-p-missing'],
    ['v=DMARC1; p=enforce', 'dmarc-p-invalid'],
    ['v=DMARC1; p=reject; sp=strict', 'dmarc-sp-invalid'],
    ['v=dmarc1; p=reject', 'dmarc-version'],
    ['v=DMARC2; p=reject', 'dmarc-version'],
    ['p=reject; v=DMARC1', 'dmarc-version'],
    ['v=DMARC1; p=reject; p=none', 'dmarc-duplicate-tag'],
    ['v=DMARC1; p=reject; junk', 'dmarc-syntax'],
  ])('%s is invalid (%s)', (raw, code) => {
    const r = parseDmarc(raw);
    expect(r.valid).toBe(false);
    expect(find(r.messages, code)?.severity).toBe('error');
    expectWellFormed(r.messages);
  });

  it.each([
    ['v=DMARC1; p=quarantine; pct=50%', 'dmarc-pct-invalid', 'warning'],
    ['v=DMARC1; p=quarantine; pct=150', 'dmarc-pct-invalid', 'warning'],
    ['v=DMARC1; p=quarantine; pct=', 'dmarc-pct-invalid', 'warning'],
    ['v=DMARC1; p=reject; np=never', 'dmarc-np-invalid', 'warning'],
    ['v=DMARC1; p=reject; t=maybe', 'dmarc-t-invalid', 'warning'],
    ['v=DMARC1; p=reject; bimi=yes', 'dmarc-unknown-tag', 'info'],
  ])('%s: %s (%s)', (raw, code, severity) => {
    expect(find(parseDmarc(raw).messages, code)?.severity).toBe(severity);
  });

  it('an invalid pct is NaN so it cannot pass for 100', () => {
    expect(parseDmarc('v=DMARC1; p=quarantine; pct=abc').pct).toBeNaN();
  });

  it('tells a usable rua= apart (it decides whether a bad p= reads as p=none)', () => {
    expect(parseDmarc('v=DMARC1; rua=mailto:d@example.com').hasValidRua).toBe(true);
    expect(parseDmarc('v=DMARC1; rua=mailto:d@example.com!10m, mailto:e@example.com').hasValidRua).toBe(true);
    expect(parseDmarc('v=DMARC1; rua=d@example.com').hasValidRua).toBe(false);
    expect(parseDmarc('v=DMARC1').hasValidRua).toBe(false);
  });

  it('names the record in its messages', () => {
    expect(parseDmarc('v=DMARC1', '_dmarc.example.com').messages[0]?.message).toContain('_dmarc.example.com has no p= tag');
  });

  it.each([
    ['v=DMARC1; p=reject', true],
    [' v = DMARC1', true],
    ['v=dmarc1; p=reject', false],
    ['v=DMARC10; p=reject', false],
    ['v=spf1 -all', false],
    ['p=reject; v=DMARC1', false],
  ])('isDmarcRecord(%j) is %s', (raw, expected) => {
    expect(isDmarcRecord(raw)).toBe(expected);
  });

  it.each(['', ';', '=', 'v=', 'v=DMARC1;;;', '\u0000', 'x'.repeat(3000)])('never throws on %j', (raw) => {
    expect(parseDmarc(raw).valid).toBe(false);
  });
});

describe('checkDmarc against a DNS server', () => {
  let s: TestDnsServer;
  let dns: DnsClient;
  const rec = (raw: string) => ({ TXT: [[raw]] });

  beforeAll(async () => {
    s = await startDnsServer({
      '_dmarc.reject.test': rec('v=DMARC1; p=reject; rua=mailto:dmarc@reject.test'),
      '_dmarc.quarantine.test': rec('v=DMARC1; p=quarantine'),
      '_dmarc.quarantine100.test': rec('v=DMARC1; p=quarantine; pct=100'),
      '_dmarc.none.test': rec('v=DMARC1; p=none; rua=mailto:dmarc@none.test'),
      '_dmarc.pct50.test': rec('v=DMARC1; p=quarantine; pct=50'),
      '_dmarc.pctbad.test': rec('v=DMARC1; p=quarantine; pct=full'),
      '_dmarc.rejectpct.test': rec('v=DMARC1; p=reject; pct=50'),
      '_dmarc.spnone.test': rec('v=DMARC1; p=reject; sp=none'),
      // inheritance from the organizational domain
      '_dmarc.inherit.test': rec('v=DMARC1; p=reject; sp=quarantine'),
      '_dmarc.inheritnone.test': rec('v=DMARC1; p=reject; sp=none'),
      '_dmarc.inheritp.test': rec('v=DMARC1; p=quarantine; pct=50'),
      '_dmarc.inheritsp.test': rec('v=DMARC1; p=quarantine; pct=50; sp=reject'),
      '_dmarc.orgweak.test': rec('v=DMARC1; p=none; sp=reject'),
      // a subdomain with its own record
      '_dmarc.sub.both.test': rec('v=DMARC1; p=quarantine'),
      '_dmarc.both.test': rec('v=DMARC1; p=reject'),
      '_dmarc.sub.orgnone.test': rec('v=DMARC1; p=reject'),
      '_dmarc.orgnone.test': rec('v=DMARC1; p=none'),
      '_dmarc.sub.noorg.test': rec('v=DMARC1; p=reject'),
      '_dmarc.sub.orgsp.test': rec('v=DMARC1; p=reject'),
      '_dmarc.orgsp.test': rec('v=DMARC1; p=reject; sp=none'),
      // test mode and np
      '_dmarc.testq.test': rec('v=DMARC1; p=quarantine; t=y'),
      '_dmarc.testr.test': rec('v=DMARC1; p=reject; t=y'),
      '_dmarc.np.test': rec('v=DMARC1; p=reject; np=none'),
      // record sets
      '_dmarc.two.test': { TXT: [['v=DMARC1; p=reject'], ['v=DMARC1; p=none']] },
      '_dmarc.twoorg.test': { TXT: [['v=DMARC1; p=reject'], ['v=DMARC1; p=reject']] },
      '_dmarc.mixed.test': { TXT: [['v=spf1 -all'], ['v=DMARC1; p=reject']] },
      '_dmarc.lower.test': rec('v=dmarc1; p=reject'),
      '_dmarc.nop.test': rec('v=DMARC1; rua=mailto:dmarc@nop.test'),
      '_dmarc.norua.test': rec('v=DMARC1; sp=reject'),
      // failures
      '_dmarc.servfail.test': { rcode: 'SERVFAIL' },
      '_dmarc.slow.test': { drop: true },
      '_dmarc.orgfail.test': { rcode: 'SERVFAIL' },
      '_dmarc.sub.orgfail2.test': rec('v=DMARC1; p=reject'),
      '_dmarc.orgfail2.test': { rcode: 'SERVFAIL' },
      // tree walk
      '_dmarc.b.walk.test': rec('v=DMARC1; p=reject'),
      '_dmarc.psd.test': rec('v=DMARC1; p=reject; psd=y'),
      '_dmarc.a.pn.test': rec('v=DMARC1; p=reject; psd=n'),
      '_dmarc.pn.test': rec('v=DMARC1; p=none'),
      '_dmarc.walkfail.test': { rcode: 'SERVFAIL' },
    });
    dns = createDnsClient({ server: s.server, timeoutMs: 400, tries: 1 });
  });
  afterAll(async () => {
    await s.close();
  });

  it('p=reject passes', async () => {
    const { dmarc, messages } = await checkDmarc(dns, 'reject.test');
    expect(dmarc).toEqual({
      eligible: true,
      policy: 'reject',
      record: 'v=DMARC1; p=reject; rua=mailto:dmarc@reject.test',
      recordName: '_dmarc.reject.test',
      orgDomain: 'reject.test',
      reasons: ['_dmarc.reject.test has p=reject: receivers reject mail that fails DMARC, which meets BIMI\'s requirement (draft §1).'],
    });
    expect(codes(messages)).toEqual(['dmarc-eligible']);
  });

  it.each(['quarantine.test', 'quarantine100.test'])('p=quarantine (pct absent or 100) passes: %s', async (domain) => {
    const { dmarc } = await checkDmarc(dns, domain);
    expect(dmarc.eligible).toBe(true);
    expect(dmarc.policy).toBe('quarantine');
  });

  it('p=none fails', async () => {
    const { dmarc, messages } = await checkDmarc(dns, 'none.test');
    expect(dmarc.eligible).toBe(false);
    expect(dmarc.policy).toBe('none');
    expect(dmarc.reasons[0]).toContain('_dmarc.none.test has p=none');
    const m = find(messages, 'dmarc-policy-none');
    expect(m?.severity).toBe('error');
    expect(m?.message).toContain('p=quarantine');
  });

  it('p=quarantine with pct=50 fails, and the reason names the record and the tag', async () => {
    const { dmarc, messages } = await checkDmarc(dns, 'pct50.test');
    expect(dmarc.eligible).toBe(false);
    expect(dmarc.policy).toBe('quarantine');
    expect(dmarc.reasons).toEqual([
      '_dmarc.pct50.test has p=quarantine; pct=50: receivers apply the policy to only 50% of failing mail, and BIMI requires pct=100 for quarantine (draft §7.1 step 9).',
    ]);
    expect(find(messages, 'dmarc-pct')?.citation).toContain('§7.1');
  });

  it('p=quarantine with an unreadable pct fails', async () => {
    const { dmarc, messages } = await checkDmarc(dns, 'pctbad.test');
    expect(dmarc.eligible).toBe(false);
    expect(codes(messages)).toEqual(expect.arrayContaining(['dmarc-pct-invalid', 'dmarc-pct']));
  });

  it('p=reject with pct=50 passes, with a warning', async () => {
    const { dmarc, messages } = await checkDmarc(dns, 'rejectpct.test');
    expect(dmarc.eligible).toBe(true);
    expect(find(messages, 'dmarc-pct-reject')?.severity).toBe('warning');
  });

  it('a published sp=none fails even for the organizational domain itself', async () => {
    const { dmarc, messages } = await checkDmarc(dns, 'spnone.test');
    expect(dmarc.eligible).toBe(false);
    expect(dmarc.policy).toBe('reject');
    expect(find(messages, 'dmarc-sp-none')?.message).toContain('_dmarc.spnone.test publishes sp=none');
  });

  it('no DMARC record fails', async () => {
    const { dmarc, messages } = await checkDmarc(dns, 'missing.test');
    expect(dmarc).toMatchObject({ eligible: false, policy: null, record: null, recordName: null });
    expect(find(messages, 'dmarc-missing')?.message).toContain('_dmarc.missing.test has no DMARC record');
  });

  it('no DMARC record at a subdomain or its organizational domain fails, naming both', async () => {
    const { dmarc, messages } = await checkDmarc(dns, 'mail.missing.test');
    expect(dmarc.eligible).toBe(false);
    expect(find(messages, 'dmarc-missing')?.message).toContain('Neither _dmarc.mail.missing.test nor _dmarc.missing.test');
  });

  it('a subdomain inherits sp= from the organizational domain', async () => {
    const { dmarc, messages } = await checkDmarc(dns, 'sub.inherit.test');
    expect(dmarc).toMatchObject({
      eligible: true,
      policy: 'quarantine',
      record: 'v=DMARC1; p=reject; sp=quarantine',
      recordName: '_dmarc.inherit.test',
      orgDomain: 'inherit.test',
    });
    expect(dmarc.reasons[0]).toContain('inherits sp=quarantine from _dmarc.inherit.test');
    expect(find(messages, 'dmarc-inherited')?.severity).toBe('info');
  });

  it('an inherited sp=none fails once', async () => {
    const { dmarc, messages } = await checkDmarc(dns, 'sub.inheritnone.test');
    expect(dmarc.eligible).toBe(false);
    expect(dmarc.policy).toBe('none');
    expect(codes(messages).filter((c) => c === 'dmarc-sp-none')).toHaveLength(1);
  });

  it('an inherited p=quarantine; pct=50 fails once', async () => {
    const { dmarc, messages } = await checkDmarc(dns, 'sub.inheritp.test');
    expect(dmarc.eligible).toBe(false);
    expect(codes(messages).filter((c) => c === 'dmarc-pct')).toHaveLength(1);
  });

  it('sp=reject covers the subdomain, but the organizational p=quarantine; pct=50 still fails', async () => {
    const { dmarc, messages } = await checkDmarc(dns, 'sub.inheritsp.test');
    expect(dmarc.policy).toBe('reject');
    expect(dmarc.eligible).toBe(false);
    expect(find(messages, 'dmarc-pct')?.message).toContain("Organizational Domain's quarantine policy");
    expect(find(messages, 'dmarc-pct-reject')?.message).toContain('sp=reject with pct=50');
  });

  it('the organizational domain must enforce too (p=none; sp=reject fails for a subdomain)', async () => {
    const { dmarc, messages } = await checkDmarc(dns, 'sub.orgweak.test');
    expect(dmarc.policy).toBe('reject');
    expect(dmarc.eligible).toBe(false);
    expect(find(messages, 'dmarc-policy-none')?.message).toContain('Organizational Domain orgweak.test does not enforce');
  });

  it('a subdomain with its own record and an enforcing organizational domain passes', async () => {
    const { dmarc } = await checkDmarc(dns, 'sub.both.test');
    expect(dmarc).toMatchObject({ eligible: true, policy: 'quarantine', recordName: '_dmarc.sub.both.test', orgDomain: 'both.test' });
  });

  it('a subdomain with p=reject fails when the organizational domain has p=none', async () => {
    const { dmarc, messages } = await checkDmarc(dns, 'sub.orgnone.test');
    expect(dmarc.eligible).toBe(false);
    expect(dmarc.policy).toBe('reject');
    expect(find(messages, 'dmarc-policy-none')?.message).toContain('_dmarc.orgnone.test has p=none');
  });

  it('a subdomain with p=reject fails when the organizational domain has no record', async () => {
    const { dmarc, messages } = await checkDmarc(dns, 'sub.noorg.test');
    expect(dmarc.eligible).toBe(false);
    expect(find(messages, 'dmarc-org-missing')?.severity).toBe('error');
  });

  it('an sp=none at the organizational domain fails a subdomain with its own record', async () => {
    const { dmarc, messages } = await checkDmarc(dns, 'sub.orgsp.test');
    expect(dmarc.eligible).toBe(false);
    expect(find(messages, 'dmarc-sp-none')?.message).toContain('_dmarc.orgsp.test publishes sp=none');
  });

  it('t=y lowers quarantine to none: not enforcing', async () => {
    const { dmarc, messages } = await checkDmarc(dns, 'testq.test');
    expect(dmarc.eligible).toBe(false);
    expect(dmarc.policy).toBe('none');
    expect(find(messages, 'dmarc-testing')?.message).toContain('quarantine acts as none');
    expect(dmarc.reasons[0]).toContain('t=y lowers to none');
  });

  it('t=y lowers reject to quarantine: still eligible, with a warning', async () => {
    const { dmarc, messages } = await checkDmarc(dns, 'testr.test');
    expect(dmarc.eligible).toBe(true);
    expect(dmarc.policy).toBe('quarantine');
    expect(find(messages, 'dmarc-testing')?.severity).toBe('warning');
  });

  it('np=none is a warning, not a failure', async () => {
    const { dmarc, messages } = await checkDmarc(dns, 'np.test');
    expect(dmarc.eligible).toBe(true);
    expect(find(messages, 'dmarc-np-none')?.severity).toBe('warning');
  });

  it('two DMARC records fail (discovery stops) and do not fall back', async () => {
    const { dmarc, messages } = await checkDmarc(dns, 'two.test');
    expect(dmarc.eligible).toBe(false);
    expect(dmarc.recordName).toBe('_dmarc.two.test');
    expect(find(messages, 'dmarc-multiple')?.citation).toContain('RFC 7489 §6.6.3');
  });

  it('two DMARC records at the organizational domain fail a subdomain', async () => {
    const { dmarc, messages } = await checkDmarc(dns, 'sub.twoorg.test');
    expect(dmarc.eligible).toBe(false);
    expect(codes(messages)).toContain('dmarc-multiple');
  });

  it('non-DMARC TXT at _dmarc is skipped', async () => {
    const { dmarc } = await checkDmarc(dns, 'mixed.test');
    expect(dmarc.eligible).toBe(true);
    expect(dmarc.record).toBe('v=DMARC1; p=reject');
  });

  it('a v=dmarc1 record is ignored by receivers, and said so', async () => {
    const { dmarc, messages } = await checkDmarc(dns, 'lower.test');
    expect(dmarc.eligible).toBe(false);
    expect(codes(messages)).toEqual(['dmarc-ignored', 'dmarc-missing']);
  });

  it('a record without p= but with rua= counts as p=none', async () => {
    const { dmarc, messages } = await checkDmarc(dns, 'nop.test');
    expect(dmarc.eligible).toBe(false);
    expect(dmarc.policy).toBe('none');
    expect(codes(messages)).toEqual(expect.arrayContaining(['dmarc-p-missing', 'dmarc-invalid']));
  });

  it('a record without p= and without rua= applies no policy', async () => {
    const { dmarc } = await checkDmarc(dns, 'norua.test');
    expect(dmarc.eligible).toBe(false);
    expect(dmarc.policy).toBeNull();
  });

  it('SERVFAIL is a DNS failure, not a weak policy', async () => {
    const { dmarc, messages } = await checkDmarc(dns, 'servfail.test');
    expect(dmarc.eligible).toBe(false);
    expect(dmarc.policy).toBeNull();
    expect(dmarc.reasons[0]).toContain('DNS lookup of _dmarc.servfail.test failed (ESERVFAIL)');
    expect(codes(messages)).toEqual(['dmarc-temperror']);
    expect(find(messages, 'dmarc-temperror')?.message).toContain('not a weak policy');
  });

  it('a timeout is a DNS failure', async () => {
    const { dmarc } = await checkDmarc(dns, 'slow.test');
    expect(dmarc.eligible).toBe(false);
    expect(dmarc.reasons[0]).toContain('ETIMEOUT');
  });

  it('SERVFAIL at the organizational domain is a DNS failure too (inheriting or not)', async () => {
    for (const domain of ['sub.orgfail.test', 'sub.orgfail2.test']) {
      const { dmarc, messages } = await checkDmarc(dns, domain);
      expect(dmarc.eligible).toBe(false);
      expect(codes(messages)).toEqual(['dmarc-temperror']);
    }
  });

  it('an invalid domain is a message, not an exception, and nothing is queried', async () => {
    const before = s.queries.length;
    const { dmarc, messages } = await checkDmarc(dns, 'dmarc@reject.test');
    expect(dmarc.eligible).toBe(false);
    expect(s.queries.length).toBe(before);
    expect(find(messages, 'dmarc-domain-invalid')?.message).toContain('give the domain, not the e-mail address: reject.test');
  });

  it('normalizes the domain (case, final dot)', async () => {
    const { dmarc } = await checkDmarc(dns, 'Reject.TEST.');
    expect(dmarc.eligible).toBe(true);
    expect(dmarc.recordName).toBe('_dmarc.reject.test');
  });

  it('uses a given organizational domain', async () => {
    const { dmarc } = await checkDmarc(dns, 'sub.inherit.test', { orgDomain: 'sub.inherit.test' });
    expect(dmarc.orgDomain).toBe('sub.inherit.test');
    expect(dmarc.eligible).toBe(false);
  });

  describe('organizational domain by DNS tree walk (DMARCbis)', () => {
    it('finds the shortest name with a DMARC record', async () => {
      const walk = await treeWalkOrgDomain(dns, 'deep.a.b.walk.test');
      expect(walk).toEqual({
        orgDomain: 'b.walk.test',
        queried: ['_dmarc.deep.a.b.walk.test', '_dmarc.a.b.walk.test', '_dmarc.b.walk.test', '_dmarc.walk.test', '_dmarc.test'],
        temperror: null,
      });
    });

    it('stops at psd=y (one label below) and psd=n (that name)', async () => {
      expect((await treeWalkOrgDomain(dns, 'x.y.psd.test')).orgDomain).toBe('y.psd.test');
      expect((await treeWalkOrgDomain(dns, 'x.a.pn.test')).orgDomain).toBe('a.pn.test');
    });

    it('shortens names of 8 or more labels to 7 before walking', async () => {
      const walk = await treeWalkOrgDomain(dns, 'a1.a2.a3.a4.a5.a6.a7.a8.test');
      expect(walk.queried[1]).toBe('_dmarc.a3.a4.a5.a6.a7.a8.test');
      expect(walk.queried).toHaveLength(8);
      expect(walk.orgDomain).toBe('a1.a2.a3.a4.a5.a6.a7.a8.test');
    });

    it('reports a DNS failure', async () => {
      expect((await treeWalkOrgDomain(dns, 'x.walkfail.test')).temperror).toBe('ESERVFAIL');
    });

    it('checkDmarc with orgDomainMethod treewalk uses it and says how it differs from the PSL', async () => {
      const psl = await checkDmarc(dns, 'deep.a.b.walk.test');
      expect(psl.dmarc.orgDomain).toBe('walk.test');
      expect(psl.dmarc.eligible).toBe(false);
      const walk = await checkDmarc(dns, 'deep.a.b.walk.test', { orgDomainMethod: 'treewalk' });
      expect(walk.dmarc.orgDomain).toBe('b.walk.test');
      expect(walk.dmarc.eligible).toBe(true);
      expect(find(walk.messages, 'dmarc-org-domain')?.message).toContain('Public Suffix List');
    });
  });

  it('every message is well formed', async () => {
    const all: DnsMessage[] = [];
    for (const domain of ['none.test', 'pct50.test', 'sub.orgweak.test', 'testq.test', 'np.test', 'two.test', 'servfail.test', 'nop.test', 'lower.test', 'rejectpct.test', 'sub.noorg.test']) {
      all.push(...(await checkDmarc(dns, domain)).messages);
    }
    expect(all.length).toBeGreaterThan(11);
    expectWellFormed(all);
  });
});
