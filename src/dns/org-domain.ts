/**
 * Domain input and the Organizational Domain.
 *
 * The core draft takes the Organizational Domain "as defined in DMARC [RFC7489]"
 * (draft-brand-indicators-for-message-identification-12 §7.2 step 6), and RFC 7489
 * §3.2 defines it with a Public Suffix List: the longest public suffix plus one label.
 * We use the ICANN section of the list only (tldts' default), as most receivers do:
 * private entries such as blogspot.com are not registries for mail purposes. DMARCbis
 * replaces the list with a DNS tree walk; that variant lives in dmarc.ts
 * (`treeWalkOrgDomain`) for callers who want it.
 */
import { getDomain } from 'tldts';
import { domainToASCII } from 'node:url';
import { isIP } from 'node:net';

/**
 * The Organizational Domain of a (normalized) domain by the Public Suffix List, ICANN
 * section only. Unknown TLDs count as public suffixes, so `sub.example.test` gives
 * `example.test`. A name that is itself a public suffix is its own Organizational Domain.
 *
 * @example organizationalDomain('mail.example.co.uk') // 'example.co.uk'
 */
export function organizationalDomain(domain: string): string {
  const name = domain.toLowerCase().replace(/\.$/, '');
  const org = getDomain(name, {
    allowIcannDomains: true,
    allowPrivateDomains: false,
    extractHostname: false,
    detectIp: true,
    validateHostname: false,
  });
  return org ?? name;
}

export type NormalizedDomain = { ok: true; domain: string } | { ok: false; message: string };

const LDH_LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

/**
 * Turns what a user typed into the domain name to query: trimmed, lower-case, one
 * trailing dot removed, internationalized labels converted to A-labels (punycode).
 * Refuses, with a message saying what to give instead, URLs, e-mail addresses, IP
 * addresses, empty labels, labels over 63 or names over 253 characters, and characters
 * outside letters, digits and hyphens (RFC 1035 §2.3.1, RFC 5890 for A-labels).
 *
 * @example normalizeDomain(' Bücher.Example. ') // { ok: true, domain: 'xn--bcher-kva.example' }
 */
export function normalizeDomain(input: string): NormalizedDomain {
  const fail = (message: string): NormalizedDomain => ({ ok: false, message });
  let text = input.trim();
  if (text === '') return fail('The domain is empty: give a domain name such as example.com.');

  const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? safeUrl(text) : null;
  if (url) {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    return fail(
      host
        ? `"${input.trim()}" is a URL: give the domain, not the URL: ${host}`
        : `"${input.trim()}" is a URL: give the domain name only, such as example.com.`,
    );
  }
  if (/^mailto:/i.test(text)) text = text.slice(7);
  const at = text.lastIndexOf('@');
  if (at >= 0) {
    const after = text.slice(at + 1).replace(/[>\s].*$/, '');
    return fail(
      after
        ? `"${input.trim()}" is an e-mail address: give the domain, not the e-mail address: ${after}`
        : `"${input.trim()}" looks like an e-mail address: give the domain name only, such as example.com.`,
    );
  }
  if (/[/?#]/.test(text)) {
    const host = text.split(/[/?#]/)[0] ?? '';
    return fail(`"${text}" has a path: give the domain, not the URL: ${host || 'example.com'}`);
  }
  if (/\s/.test(text)) return fail(`"${text}" contains spaces: a domain name cannot contain spaces.`);

  if (isIP(text.replace(/^\[|\]$/g, '')) !== 0 || /^\d+(\.\d+)*\.?$/.test(text)) {
    return fail(`"${text}" is an IP address: BIMI records are published under a domain name; give the domain, such as example.com.`);
  }
  const port = /^(.*\.[^.:]+):(\d+)$/.exec(text);
  if (port) return fail(`"${text}" has a port: give the domain only: ${port[1]?.toLowerCase()}`);
  if (text.includes('%')) return fail(`"${text}" contains "%": give the domain name as letters, digits and hyphens.`);

  text = text.toLowerCase();
  if (text.endsWith('.')) text = text.slice(0, -1);
  if (text === '') return fail('The domain is only a dot: give a domain name such as example.com.');
  if (text.startsWith('.') || text.includes('..') || text.endsWith('.')) {
    return fail(`"${input.trim()}" has an empty label (two dots in a row, or a dot at the start): remove the extra dot.`);
  }

  // WHATWG's domainToASCII gives '' for what IDNA refuses (bad punycode, forbidden code points).
  const ascii = /^[\x00-\x7f]*$/.test(text) && !/(^|\.)xn--/.test(text) ? text : domainToASCII(text);
  if (ascii === '') {
    return fail(`"${input.trim()}" is not a valid internationalized domain name: check the spelling, or give its A-label (xn--) form.`);
  }
  const labels = ascii.split('.');
  if (labels.length < 2) {
    return fail(`"${input.trim()}" is a single label: give the full domain name, such as ${ascii}.com or example.${ascii}.`);
  }
  for (const label of labels) {
    if (label === '') return fail(`"${input.trim()}" has an empty label: remove the extra dot.`);
    if (label.length > 63) {
      return fail(`"${input.trim()}" has a label of ${label.length} characters: DNS allows at most 63 per label (RFC 1035 §2.3.4).`);
    }
    if (!LDH_LABEL.test(label)) {
      const bad = [...label].find((ch) => !/[a-z0-9-]/.test(ch));
      return fail(
        bad !== undefined
          ? `"${input.trim()}" contains "${bad}": host names use only letters, digits and hyphens (RFC 1123 §2.1).`
          : `"${input.trim()}" has the label "${label}", which starts or ends with a hyphen: host names cannot (RFC 1123 §2.1).`,
      );
    }
  }
  if (ascii.length > 253) {
    return fail(`"${input.trim()}" is ${ascii.length} characters long: domain names are at most 253 (RFC 1035 §2.3.4).`);
  }
  return { ok: true, domain: ascii };
}

function safeUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}
