/**
 * The DMARC gate of BIMI: receivers show a logo only when the author domain and its
 * Organizational Domain enforce DMARC (quarantine or reject), no published subdomain
 * policy is none, and a quarantine policy applies to all mail (pct=100).
 * draft-brand-indicators-for-message-identification-12 §1, §2, §7.1 steps 7–9;
 * draft-brotman-ietf-bimi-guidance-13 §3.1; record discovery per RFC 7489 §6.6.3.
 */
import { normalizeDomain, organizationalDomain } from './org-domain.js';
import { collector, splitTagList, TAG_NAME, tagTable, trim, type Push } from './tag-list.js';
import type { DmarcResult, DnsClient, DnsMessage } from './types.js';

const CORE = 'draft-brand-indicators-for-message-identification-12';
const GUIDANCE = 'draft-brotman-ietf-bimi-guidance-13';
const DMARCBIS = 'draft-ietf-dmarc-dmarcbis-41';

type Policy = 'none' | 'quarantine' | 'reject';

export interface ParsedDmarc {
  /** Tags as published (name → value), in order. */
  tags: Record<string, string>;
  /** True when the record is a well-formed DMARC record with a valid p= (and sp=, when present). */
  valid: boolean;
  messages: DnsMessage[];
  /** p=, lower-cased, or null when absent or not a policy. */
  p: Policy | null;
  /** sp=, lower-cased, or null when absent or not a policy. */
  sp: Policy | null;
  /** np= (DMARCbis non-existent subdomain policy), or null. */
  np: Policy | null;
  /** pct= as a number; null when absent; NaN when not a whole number from 0 to 100. */
  pct: number | null;
  /** True for t=y (DMARCbis test mode). */
  testing: boolean;
  /** psd= (DMARCbis tree walk): 'y', 'n', 'u' or null. */
  psd: 'y' | 'n' | 'u' | null;
  /** Whether rua= holds at least one syntactically valid URI (decides how a bad p= is treated). */
  hasValidRua: boolean;
}

const KNOWN = new Set(['v', 'p', 'sp', 'np', 'pct', 't', 'psd', 'rua', 'ruf', 'adkim', 'aspf', 'fo', 'rf', 'ri']);

/** Whether a TXT record is a DMARC record: it starts with v=DMARC1 (RFC 7489 §6.6.3 step 2; %x-encoded, so case-sensitive). */
export function isDmarcRecord(raw: string): boolean {
  const first = raw.split(';', 1)[0] ?? '';
  const eq = first.indexOf('=');
  return eq > 0 && trim(first.slice(0, eq)) === 'v' && trim(first.slice(eq + 1)) === 'DMARC1';
}

function asPolicy(value: string | undefined): Policy | null {
  // RFC 7489's ABNF writes the policies as quoted strings, which ABNF compares without case.
  const v = value?.toLowerCase();
  return v === 'none' || v === 'quarantine' || v === 'reject' ? v : null;
}

/**
 * Parses one DMARC record. `name` (e.g. "_dmarc.example.com") only makes the messages
 * say where the record is. Never throws.
 *
 * @example parseDmarc('v=DMARC1; p=reject; rua=mailto:d@example.com').p // 'reject'
 */
export function parseDmarc(raw: string, name = 'The DMARC record'): ParsedDmarc {
  const messages: DnsMessage[] = [];
  const push = collector('dmarc', messages);
  let valid = true;
  const error = (code: string, message: string, citation: string): void => {
    valid = false;
    push('error', code, message, citation);
  };

  const tokens: { name: string; value: string }[] = [];
  for (const segment of splitTagList(raw)) {
    if (segment.text === '') {
      if (segment.index === 0) tokens.push({ name: '', value: '' });
      continue;
    }
    tokens.push(segment);
    if (!segment.ok) error('dmarc-syntax', `${name}: "${segment.text}" is not a tag=value pair, so the record is malformed. Fix or remove it.`, 'RFC 7489 §6.4');
  }

  const first = tokens[0];
  if (!first || first.name !== 'v' || first.value !== 'DMARC1') {
    error(
      'dmarc-version',
      first && first.name.toLowerCase() === 'v' && first.value.toLowerCase() === 'dmarc1'
        ? `${name} starts with "${first.name}=${first.value}", but it must be exactly "v=DMARC1"; receivers ignore it otherwise.`
        : `${name} does not start with v=DMARC1, so receivers do not treat it as a DMARC record.`,
      'RFC 7489 §6.4, §6.6.3',
    );
  }

  const tags = tagTable(
    tokens.filter((t) => TAG_NAME.test(t.name)),
    (tag) => error('dmarc-duplicate-tag', `${name} has the tag "${tag}=" more than once, which makes the record invalid. Keep one.`, 'RFC 7489 §6.3; RFC 6376 §3.2'),
  );
  for (const tag of Object.keys(tags)) {
    if (!KNOWN.has(tag)) {
      push('info', 'dmarc-unknown-tag', `${name} has the tag "${tag}=", which DMARC does not define; receivers ignore it.`, 'RFC 7489 §6.3');
    }
  }

  const hasValidRua =
    'rua' in tags &&
    (tags.rua ?? '')
      .split(',')
      .map(trim)
      .some((uri) => /^[A-Za-z][A-Za-z0-9+.-]*:[^\s!]+(![0-9]+[kmgtKMGT]?)?$/.test(uri));

  const p = asPolicy(tags.p);
  if (!('p' in tags)) {
    error(
      'dmarc-p-missing',
      `${name} has no p= tag, so it requests no policy${hasValidRua ? ' (receivers treat it as p=none because it has rua=)' : ''}. Add p=quarantine or p=reject.`,
      `RFC 7489 §6.3, §6.6.3; ${DMARCBIS} §4.7`,
    );
  } else if (!p) {
    error(
      'dmarc-p-invalid',
      `${name} has p=${tags.p}, which is not none, quarantine or reject${hasValidRua ? ' (receivers treat it as p=none because it has rua=)' : ''}. Write p=quarantine or p=reject.`,
      'RFC 7489 §6.3, §6.6.3',
    );
  }
  const sp = asPolicy(tags.sp);
  if ('sp' in tags && !sp) {
    error(
      'dmarc-sp-invalid',
      `${name} has sp=${tags.sp}, which is not none, quarantine or reject; receivers then treat the whole record as p=none (or ignore it). Fix the value or remove sp=.`,
      'RFC 7489 §6.3, §6.6.3',
    );
  }
  const np = asPolicy(tags.np);
  if ('np' in tags && !np) {
    push('warning', 'dmarc-np-invalid', `${name} has np=${tags.np}, which is not none, quarantine or reject; receivers that know np= ignore it.`, `${DMARCBIS} §4.7`);
  }

  let pct: number | null = null;
  if ('pct' in tags) {
    const text = tags.pct ?? '';
    pct = /^\d{1,3}$/.test(text) && Number(text) <= 100 ? Number(text) : Number.NaN;
    if (Number.isNaN(pct)) {
      push('warning', 'dmarc-pct-invalid', `${name} has pct=${text}, which is not a whole number from 0 to 100; receivers may ignore it (RFC 7489 §6.3) or distrust the record. Remove pct= (it means 100) or write pct=100.`, 'RFC 7489 §6.3');
    }
  }

  let testing = false;
  if ('t' in tags) {
    const t = (tags.t ?? '').toLowerCase();
    if (t === 'y') testing = true;
    else if (t !== 'n') push('warning', 'dmarc-t-invalid', `${name} has t=${tags.t}; only t=y and t=n are defined, so receivers ignore it.`, `${DMARCBIS} §4.7`);
  }
  const psdValue = (tags.psd ?? '').toLowerCase();
  const psd = psdValue === 'y' || psdValue === 'n' || psdValue === 'u' ? psdValue : null;

  return { tags, valid, messages, p, sp, np, pct, testing, psd, hasValidRua };
}

interface Fetched {
  kind: 'records' | 'none' | 'temperror';
  code: string | null;
  records: string[];
}

async function fetchDmarc(dns: DnsClient, name: string, queried: string[], push: Push): Promise<Fetched> {
  queried.push(name);
  let outcome;
  try {
    outcome = await dns.txt(name);
  } catch (err) {
    return { kind: 'temperror', code: (err as { code?: string })?.code ?? 'EUNKNOWN', records: [] };
  }
  if (outcome.kind !== 'records') return { kind: outcome.kind, code: outcome.code, records: [] };
  const records = outcome.records.filter(isDmarcRecord);
  for (const raw of outcome.records.filter((r) => !isDmarcRecord(r))) {
    if (/v\s*=\s*dmarc/i.test(raw)) {
      push(
        'warning',
        'dmarc-ignored',
        `Receivers ignore the TXT record "${raw.length > 100 ? `${raw.slice(0, 97)}…` : raw}" at ${name} because it does not start with exactly "v=DMARC1". Fix the version tag.`,
        'RFC 7489 §6.6.3',
      );
    }
  }
  return { kind: 'records', code: null, records };
}

/**
 * The Organizational Domain by the DMARCbis DNS tree walk (draft-ietf-dmarc-dmarcbis-41
 * §4.10, published as RFC 9989): query _dmarc.<name> from the domain towards the root
 * (names of 8 or more labels are first cut to 7); psd=n marks the Organizational Domain,
 * psd=y a public suffix domain (the Organizational Domain is one label below it);
 * otherwise the shortest name with a DMARC record wins, else the domain itself.
 */
export async function treeWalkOrgDomain(
  dns: DnsClient,
  domain: string,
): Promise<{ orgDomain: string; queried: string[]; temperror: string | null }> {
  const labels = domain.toLowerCase().replace(/\.$/, '').split('.');
  const queried: string[] = [];
  const ignore: Push = () => {};
  const candidates: number[] = [labels.length];
  for (let n = Math.min(labels.length - 1, 7); n >= 1; n--) candidates.push(n);
  let shortest: string | null = null;
  for (const n of candidates) {
    const name = labels.slice(-n).join('.');
    const found = await fetchDmarc(dns, `_dmarc.${name}`, queried, ignore);
    if (found.kind === 'temperror') return { orgDomain: domain, queried, temperror: found.code ?? 'EUNKNOWN' };
    if (found.records.length !== 1) continue;
    const parsed = parseDmarc(found.records[0] ?? '');
    if (parsed.psd === 'n') return { orgDomain: name, queried, temperror: null };
    if (parsed.psd === 'y') {
      return { orgDomain: n < labels.length ? labels.slice(-(n + 1)).join('.') : name, queried, temperror: null };
    }
    shortest = name;
  }
  return { orgDomain: shortest ?? labels.join('.'), queried, temperror: null };
}

export interface CheckDmarcOptions {
  /** The Organizational Domain; by default from the Public Suffix List (RFC 7489 §3.2). */
  orgDomain?: string;
  /**
   * How to find the Organizational Domain when orgDomain is not given: 'psl' (RFC 7489,
   * the default, what the BIMI draft cites) or 'treewalk' (DMARCbis). With 'treewalk'
   * a message says when the two disagree.
   */
  orgDomainMethod?: 'psl' | 'treewalk';
}

function lowered(policy: Policy, testing: boolean): Policy {
  if (!testing) return policy;
  return policy === 'reject' ? 'quarantine' : 'none';
}

function describe(parsed: ParsedDmarc, tag: 'p' | 'sp'): string {
  const parts = [`${tag}=${parsed.tags[tag]}`];
  if (parsed.testing) parts.push(`t=${parsed.tags.t}`);
  if (parsed.pct !== null) parts.push(`pct=${parsed.tags.pct}`);
  return parts.join('; ');
}

/**
 * Whether the domain's DMARC policy lets receivers show a BIMI logo.
 *
 * Finds the DMARC record for the domain (_dmarc.<domain>, else _dmarc.<org domain>) and
 * the Organizational Domain's record, then applies the draft's rules: effective policy
 * (own p=, or the inherited sp= / p=) and the organizational p= must be quarantine or
 * reject (after t=y lowers them one level), no sp=none, and pct absent or 100 where
 * quarantine governs. Never throws; DNS failures make the domain not eligible with a
 * message saying so.
 *
 * @example
 * const { dmarc } = await checkDmarc(createDnsClient(), 'example.com');
 * dmarc.eligible; // true when p=quarantine (pct=100) or p=reject
 */
export async function checkDmarc(
  dns: DnsClient,
  domain: string,
  options: CheckDmarcOptions = {},
): Promise<{ dmarc: DmarcResult; messages: DnsMessage[] }> {
  const messages: DnsMessage[] = [];
  const push = collector('dmarc', messages);
  const queried: string[] = [];
  const normalized = normalizeDomain(domain);
  if (!normalized.ok) {
    push('error', 'dmarc-domain-invalid', normalized.message, 'RFC 1035 §2.3.1');
    const orgDomain = domain.trim().toLowerCase();
    return { dmarc: { eligible: false, policy: null, record: null, recordName: null, orgDomain, reasons: [normalized.message] }, messages };
  }
  const author = normalized.domain;

  let org = options.orgDomain?.toLowerCase().replace(/\.$/, '');
  if (!org) {
    const psl = organizationalDomain(author);
    org = psl;
    if (options.orgDomainMethod === 'treewalk') {
      const walk = await treeWalkOrgDomain(dns, author);
      if (walk.temperror) {
        push('warning', 'dmarc-org-domain', `The DNS tree walk for the Organizational Domain failed (${walk.temperror}); using ${psl} from the Public Suffix List instead.`, `${DMARCBIS} §4.10`);
      } else {
        org = walk.orgDomain;
        if (walk.orgDomain !== psl) {
          push(
            'info',
            'dmarc-org-domain',
            `The DNS tree walk (DMARCbis) gives ${walk.orgDomain} as the Organizational Domain, while the Public Suffix List (RFC 7489, which the BIMI draft cites) gives ${psl}. Receivers differ; this check uses ${walk.orgDomain}.`,
            `${DMARCBIS} §4.10; RFC 7489 §3.2`,
          );
        }
      }
    }
  }
  const orgDomain = org;
  const reasons: string[] = [];
  const result = (eligible: boolean, policy: string | null, record: string | null, recordName: string | null) => ({
    dmarc: { eligible, policy, record, recordName, orgDomain, reasons },
    messages,
  });

  const temperror = (name: string, code: string | null) => {
    const reason = `The DNS lookup of ${name} failed (${code ?? 'unknown error'}), so the DMARC policy is unknown; receivers show no logo until DNS answers.`;
    reasons.push(reason);
    push('error', 'dmarc-temperror', `${reason} This is a DNS problem, not a weak policy: check the domain's name servers (dig TXT ${name}) and try again.`, 'RFC 7489 §6.6.3');
    return result(false, null, null, null);
  };
  const multiple = (name: string, records: string[]) => {
    const reason = `${name} has ${records.length} DMARC records, so DMARC discovery stops and no policy applies; receivers then show no logo.`;
    reasons.push(reason);
    push('error', 'dmarc-multiple', `${reason} Delete all but one.`, `RFC 7489 §6.6.3; ${CORE} §7.1`);
    return result(false, null, null, name);
  };

  const authorName = `_dmarc.${author}`;
  const orgName = `_dmarc.${orgDomain}`;
  const first = await fetchDmarc(dns, authorName, queried, push);
  if (first.kind === 'temperror') return temperror(authorName, first.code);
  if (first.records.length > 1) return multiple(authorName, first.records);

  let recordA: string | null = first.records[0] ?? null;
  let recordAName: string | null = recordA !== null ? authorName : null;
  let inherited = false;
  let orgFetched: Fetched | null = orgDomain === author ? first : null;
  if (recordA === null && orgDomain !== author) {
    orgFetched = await fetchDmarc(dns, orgName, queried, push);
    if (orgFetched.kind === 'temperror') return temperror(orgName, orgFetched.code);
    if (orgFetched.records.length > 1) return multiple(orgName, orgFetched.records);
    recordA = orgFetched.records[0] ?? null;
    if (recordA !== null) {
      recordAName = orgName;
      inherited = true;
    }
  }
  if (recordA === null || recordAName === null) {
    const reason =
      orgDomain === author
        ? `${authorName} has no DMARC record; BIMI requires a DMARC policy of quarantine or reject (draft §1, §7.1).`
        : `Neither ${authorName} nor ${orgName} has a DMARC record; BIMI requires a DMARC policy of quarantine or reject on both (draft §1, §7.1).`;
    reasons.push(reason);
    push('error', 'dmarc-missing', `${reason} Publish one at ${orgName}, e.g. v=DMARC1; p=quarantine; rua=mailto:dmarc@${orgDomain}`, `${CORE} §1, §7.1`);
    return result(false, null, null, null);
  }

  const parsedA = parseDmarc(recordA, recordAName);
  messages.push(...parsedA.messages);

  let parsedO: ParsedDmarc | null = null;
  let recordOName = orgName;
  if (inherited || orgDomain === author) {
    parsedO = parsedA;
    recordOName = recordAName;
  } else {
    if (!orgFetched) {
      orgFetched = await fetchDmarc(dns, orgName, queried, push);
      if (orgFetched.kind === 'temperror') return temperror(orgName, orgFetched.code);
    }
    if (orgFetched.records.length > 1) return multiple(orgName, orgFetched.records);
    const rawO = orgFetched.records[0];
    if (rawO !== undefined) {
      parsedO = parseDmarc(rawO, orgName);
      messages.push(...parsedO.messages);
    }
  }

  let eligible = true;
  const fail = (code: string, reason: string, advice: string, citation: string): void => {
    eligible = false;
    reasons.push(reason);
    push('error', code, `${reason} ${advice}`, citation);
  };

  // Effective policy for the domain: its own p=, or the organizational record's sp= (else p=).
  const governingTag: 'p' | 'sp' = inherited && parsedA.sp ? 'sp' : 'p';
  let policy: Policy | null = null;
  if (!parsedA.valid) {
    // RFC 7489 §6.6.3 step 6: a bad p= or sp= reads as p=none when rua= is usable, else no DMARC.
    policy = parsedA.hasValidRua && (parsedA.p === null || ('sp' in parsedA.tags && parsedA.sp === null)) ? 'none' : null;
    fail(
      'dmarc-invalid',
      `${recordAName} is not a valid DMARC record${policy === 'none' ? ', so receivers treat it as p=none' : ', so receivers apply no DMARC policy'}; BIMI needs an enforced policy.`,
      'Fix the errors reported for it.',
      `RFC 7489 §6.6.3; ${CORE} §7.1`,
    );
  } else {
    const base = (governingTag === 'sp' ? parsedA.sp : parsedA.p) ?? 'none';
    policy = lowered(base, parsedA.testing);
    const where = inherited
      ? `${author} has no DMARC record of its own and inherits ${governingTag}=${parsedA.tags[governingTag]} from ${recordAName}`
      : `${recordAName} has ${describe(parsedA, 'p')}`;
    if (inherited) {
      push('info', 'dmarc-inherited', `${where} (${governingTag === 'sp' ? 'its subdomain policy' : 'it publishes no sp=, so its p= applies'}).`, 'RFC 7489 §6.6.3');
    }
    if (parsedA.testing) {
      push(
        'warning',
        'dmarc-testing',
        `${recordAName} has t=y (test mode): receivers apply the next weaker policy, so ${base} acts as ${policy}. ${policy === 'none' ? 'That is not enforcement, and BIMI needs enforcement.' : 'Remove t=y once testing is over.'}`,
        `${DMARCBIS} §4.7; ${CORE} §7.1`,
      );
    }
    if (policy === 'none') {
      fail(
        governingTag === 'sp' && base === 'none' ? 'dmarc-sp-none' : 'dmarc-policy-none',
        `${where}${parsedA.testing && base !== 'none' ? ', which t=y lowers to none' : ''}: receivers do not enforce DMARC for ${author}, and BIMI requires quarantine or reject (draft §1, §7.1 step ${governingTag === 'sp' ? 8 : 7}).`,
        'Move to p=quarantine (with pct=100) or p=reject once DMARC reports show legitimate mail passes.',
        `${CORE} §1, §7.1`,
      );
    } else if (policy === 'quarantine' && parsedA.pct !== null && parsedA.pct !== 100) {
      fail(
        'dmarc-pct',
        Number.isNaN(parsedA.pct)
          ? `${where}: the pct= value is not a number, and BIMI requires a quarantine policy to cover all mail (pct=100, draft §7.1 step 9).`
          : `${where}: receivers apply the policy to only ${parsedA.pct}% of failing mail, and BIMI requires pct=100 for quarantine (draft §7.1 step 9).`,
        'Remove pct= or set pct=100 (or move to p=reject).',
        `${CORE} §2, §7.1; ${GUIDANCE} §3.1`,
      );
    } else {
      reasons.push(
        `${where}: receivers ${policy === 'reject' ? 'reject' : 'quarantine'} mail that fails DMARC, which meets BIMI's requirement (draft §1).`,
      );
    }
    if (policy === 'reject' && parsedA.pct !== null && parsedA.pct !== 100 && !Number.isNaN(parsedA.pct)) {
      push(
        'warning',
        'dmarc-pct-reject',
        `${recordAName} has ${governingTag}=reject with pct=${parsedA.pct}: BIMI allows any pct with reject, but receivers quarantine the rest of failing mail instead. Consider removing pct=.`,
        `${CORE} §2; RFC 7489 §6.3`,
      );
    }
  }

  // The Organizational Domain's own policy must be enforcing too.
  if (!parsedO) {
    fail(
      'dmarc-org-missing',
      `${orgName} has no DMARC record. ${author} has its own, but BIMI requires a strong policy on the Organizational Domain as well (draft §1).`,
      `Publish one at ${orgName} with p=quarantine or p=reject.`,
      `${CORE} §1, §7.1`,
    );
  } else if (parsedO !== parsedA || inherited) {
    const orgPolicy = parsedO.valid && parsedO.p ? lowered(parsedO.p, parsedO.testing) : null;
    if (parsedO !== parsedA && parsedO.testing) {
      push(
        'warning',
        'dmarc-testing',
        `${recordOName} has t=y (test mode): receivers apply the next weaker policy, so p=${parsedO.p} acts as ${orgPolicy}.`,
        `${DMARCBIS} §4.7; ${CORE} §7.1`,
      );
    }
    if (!parsedO.valid) {
      // When it is the same record as the domain's, it was reported above.
      if (parsedO !== parsedA) fail(
        'dmarc-invalid',
        `${recordOName} (the Organizational Domain's record) is not a valid DMARC record, so it enforces nothing; BIMI needs an enforced policy there too (draft §1).`,
        'Fix the errors reported for it.',
        `RFC 7489 §6.6.3; ${CORE} §1`,
      );
    } else if (orgPolicy === 'none' || orgPolicy === null) {
      fail(
        'dmarc-policy-none',
        `${recordOName} has ${describe(parsedO, 'p')}, so the Organizational Domain ${orgDomain} does not enforce DMARC; BIMI requires quarantine or reject there too (draft §1, §7.1 step 7).`,
        'Set p=quarantine (with pct=100) or p=reject at the Organizational Domain.',
        `${CORE} §1, §7.1`,
      );
    } else if (orgPolicy === 'quarantine' && parsedO.pct !== null && parsedO.pct !== 100 && !(parsedO === parsedA && governingTag === 'p')) {
      fail(
        'dmarc-pct',
        `${recordOName} has ${describe(parsedO, 'p')}: receivers apply the Organizational Domain's quarantine policy to only part of its mail, and BIMI requires pct=100 for quarantine (draft §7.1 step 9).`,
        'Remove pct= or set pct=100.',
        `${CORE} §2, §7.1; ${GUIDANCE} §3.1`,
      );
    }
  }

  // A published sp=none disqualifies, in either record (draft §2, §7.1 step 8).
  for (const [parsed, name] of parsedO && parsedO !== parsedA ? ([[parsedA, recordAName], [parsedO, recordOName]] as const) : ([[parsedA, recordAName]] as const)) {
    if (parsed.sp !== 'none') continue;
    if (parsed === parsedA && inherited && governingTag === 'sp') continue; // already the reason above
    fail(
      'dmarc-sp-none',
      `${name} publishes sp=none: BIMI requires that a published subdomain policy is not none (draft §2, §7.1 step 8).`,
      'Remove sp= (subdomains then inherit p=) or set sp=quarantine or sp=reject.',
      `${CORE} §2, §7.1`,
    );
  }

  // np= is not in the BIMI draft; np=none leaves non-existent subdomains unprotected.
  for (const [parsed, name] of parsedO && parsedO !== parsedA ? ([[parsedA, recordAName], [parsedO, recordOName]] as const) : ([[parsedA, recordAName]] as const)) {
    if (parsed.np === 'none') {
      push(
        'warning',
        'dmarc-np-none',
        `${name} has np=none: receivers that follow DMARCbis do not enforce DMARC for mail from non-existent subdomains, which attackers can use. The BIMI draft does not mention np=, but set np=quarantine or np=reject.`,
        `${DMARCBIS} §4.7; RFC 9091 §4.1`,
      );
    }
  }
  if (parsedO && parsedO !== parsedA && parsedO.pct !== null && parsedO.p === 'reject' && parsedO.pct !== 100 && !Number.isNaN(parsedO.pct) && !parsedO.testing) {
    push(
      'warning',
      'dmarc-pct-reject',
      `${recordOName} has p=reject with pct=${parsedO.pct}: BIMI allows any pct with reject, but receivers quarantine the rest of failing mail instead. Consider removing pct=.`,
      `${CORE} §2; RFC 7489 §6.3`,
    );
  }

  if (eligible) {
    push('info', 'dmarc-eligible', `DMARC allows BIMI for ${author}: ${reasons.join(' ')}`, `${CORE} §1, §7.1`);
  }
  return result(eligible, policy, recordA, recordAName);
}
