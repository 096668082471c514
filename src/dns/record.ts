/**
 * The BIMI Assertion Record: parsing one TXT record, and finding the record that
 * receivers would use for a domain and selector.
 *
 * Rules follow draft-brand-indicators-for-message-identification-12 (the "core draft"):
 * tag-value syntax of RFC 6376 §3.2 (§4.3), the tags of §4.3, declination (§4.3.1),
 * formats (§4.3.2), local-part selectors (§4.5) and discovery (§7.2).
 */
import { isIP } from 'node:net';
import { cnameChain } from './resolver.js';
import { normalizeDomain, organizationalDomain } from './org-domain.js';
import { collector, splitTagList, tagTable, trim, type Push } from './tag-list.js';
import type { DnsClient, DnsMessage, RecordResult } from './types.js';

const CORE = 'draft-brand-indicators-for-message-identification-12';
const VMC_DRAFT = 'draft-fetch-validation-vmc-wchuang-11';
const DKIM_TAGS = 'RFC 6376 §3.2';

export interface ParsedBimiRecord {
  /** Tags as published (name → value, values trimmed of surrounding white space), in order. */
  tags: Record<string, string>;
  /** True when the record is well formed (a declination record is valid). */
  valid: boolean;
  /** True when both l= and a= are empty: an explicit refusal to take part in BIMI (§4.3.1). */
  declined: boolean;
  /** The l= value: null when the tag is absent, '' when empty. */
  l: string | null;
  /** The a= value: null when the tag is absent, '' when empty. */
  a: string | null;
  /** The lps= prefixes: null when absent, [] when empty (any local part). */
  lps: string[] | null;
  /** The avp= value when it is one receivers honour (personal or brand); null otherwise (receivers then use brand). */
  avp: string | null;
  messages: DnsMessage[];
}

/** Tags the current draft defines, each with where it is defined. */
const KNOWN_TAGS = new Set(['v', 'l', 'a', 'lps', 'avp']);

/** Tags from earlier drafts that some generators and receivers still use. */
const OLD_TAGS: Record<string, string> = {
  p: 'p= was the avatar-preference tag of 2024 drafts (values personal/bimi); the current draft calls it avp= with the values personal or brand',
  s: 's= was briefly the avatar-preference tag (January 2025); the current draft calls it avp= with the values personal or brand',
  z: 'z= was a logo-size tag in early drafts; it has no meaning now',
};

/** Image suffixes other than SVG; an l= URI ending with one is a permanent error (§4.3.2). */
const OTHER_IMAGE_SUFFIXES = new Set([
  'png', 'apng', 'jpg', 'jpeg', 'jpe', 'jfif', 'pjpeg', 'pjp', 'gif', 'webp', 'bmp', 'dib', 'ico', 'cur',
  'tif', 'tiff', 'avif', 'heic', 'heif', 'jxl', 'jp2', 'j2k', 'jpx', 'eps', 'ai', 'psd', 'emf', 'wmf', 'xbm', 'pcx', 'tga',
]);
const CERT_SUFFIXES = new Set(['pem', 'crt', 'cer', 'der', 'p7b', 'p7c']);

interface Token {
  name: string;
  value: string;
  /** False for a part without "=" or with a malformed name: it is not a tag. */
  ok: boolean;
}

/**
 * Whether a TXT record is a BIMI record in the sense of discovery: its first tag is
 * v=BIMI1, exactly (§4.3: "The value of this tag MUST match precisely"; §7.2 keeps only
 * records "starting with the v=BIMI1 tag").
 */
export function isBimiRecord(raw: string): boolean {
  const first = raw.split(';', 1)[0] ?? '';
  const eq = first.indexOf('=');
  return eq > 0 && trim(first.slice(0, eq)) === 'v' && trim(first.slice(eq + 1)) === 'BIMI1';
}

/** Whether a TXT record that is not a BIMI record looks like an attempt at one. */
function looksLikeBimi(raw: string): boolean {
  return /v\s*=\s*["']?\s*bimi/i.test(raw) || /(^|;)\s*[lLaA]\s*=\s*https?:/.test(raw);
}

/** Why a record is not a BIMI record, in plain English; null when it is one. */
function versionProblem(raw: string, tokens: Token[]): string | null {
  const first = tokens[0];
  if (first && first.name === 'v' && first.value === 'BIMI1') return null;
  const text = trim(raw);
  if (/^["'“”]/.test(text) || /["'“”]$/.test(text)) {
    return 'The record contains literal quote characters, so it does not start with v=BIMI1. DNS consoles and zone files add the quotes themselves; remove the quotes you typed.';
  }
  if (text === '') return 'The record is empty; a BIMI record starts with v=BIMI1.';
  if (first && first.name === 'v') {
    if (/^BIMI1[ \t]/.test(first.value)) {
      return `The ";" after v=BIMI1 is missing, so the version reads "${first.value}". Separate the tags with semicolons: v=BIMI1; l=…`;
    }
    if (first.value.toLowerCase() === 'bimi1') {
      return `The version is "v=${first.value}", but it must be exactly "v=BIMI1" in capitals: receivers compare it precisely and ignore the record otherwise.`;
    }
    return `The version is "v=${first.value}", but a BIMI record must start with "v=BIMI1"; receivers ignore records with any other version.`;
  }
  if (first && first.name.toLowerCase() === 'v') {
    return `The record starts with "${first.name}=", but tag names are case-sensitive: write "v=BIMI1" with a lower-case v.`;
  }
  if (tokens.some((t) => t.name === 'v' && t.value === 'BIMI1')) {
    return 'v=BIMI1 is not the first tag. It must come first; receivers ignore a record that starts with anything else. Move v=BIMI1; to the front.';
  }
  return 'The record does not start with v=BIMI1, so receivers do not treat it as a BIMI record.';
}

/**
 * Parses one BIMI Assertion Record (the strings of one TXT RR, joined).
 *
 * Never throws: every problem is a message, and `valid` says whether receivers would
 * accept the record. Unknown tags are ignored (reported as info, or a warning for tags
 * of earlier drafts); duplicate tags make the record invalid.
 *
 * @example
 * const r = parseBimiRecord('v=BIMI1; l=https://example.com/logo.svg; a=https://example.com/vmc.pem');
 * r.valid; // true
 * r.l;     // 'https://example.com/logo.svg'
 */
export function parseBimiRecord(raw: string): ParsedBimiRecord {
  const messages: DnsMessage[] = [];
  const push = collector('record', messages);
  let valid = true;
  const error = (code: string, message: string, citation: string): void => {
    valid = false;
    push('error', code, message, citation);
  };

  const tokens: Token[] = [];
  let emptyTagReported = false;
  for (const segment of splitTagList(raw)) {
    const { index, text, name } = segment;
    if (text === '') {
      // A trailing ';' is allowed (bimi-sep at the end); an empty tag in the middle is not.
      if (segment.trailing) continue;
      if (index === 0) tokens.push({ name: '', value: '', ok: false });
      else if (!emptyTagReported) {
        emptyTagReported = true;
        push(
          'warning',
          'record-empty-tag',
          'The record has an empty tag (two semicolons in a row). The tag-value grammar does not allow it and a strict receiver may reject the record: remove the extra ";".',
          DKIM_TAGS,
        );
      }
      continue;
    }
    tokens.push(segment);
    // A malformed first part is reported as a version problem.
    if (segment.ok || index === 0) continue;
    if (!segment.hasEq) {
      error(
        'record-syntax',
        `"${text}" is not a tag=value pair. Every part of the record between semicolons must be a tag, its "=" and a value; receivers must not guess what was meant, so the record is invalid. Remove it or add the missing tag name.`,
        `${CORE} §4.3`,
      );
    } else {
      error(
        'record-syntax',
        name === ''
          ? `"${text}" has a value but no tag name. Receivers must not guess what was meant, so the record is invalid.`
          : `"${name}" is not a valid tag name (a letter followed by letters, digits or "_"), so the record is invalid.`,
        DKIM_TAGS,
      );
    }
  }

  const problem = versionProblem(String(raw), tokens);
  if (problem) error('record-version', problem, `${CORE} §4.3`);
  if (problem && /^["'“”]/.test(trim(String(raw)))) {
    // A record wrapped in quotes: every other finding would only repeat that.
    return { tags: {}, valid, declined: false, l: null, a: null, lps: null, avp: null, messages };
  }

  const tags = tagTable(
    tokens.filter((t) => t.ok),
    (name) =>
      error(
        'record-duplicate-tag',
        `The tag "${name}=" appears more than once. A duplicate tag makes the whole record invalid, and receivers ignore it: keep one "${name}=".`,
        `${DKIM_TAGS}; ${CORE} §4.3`,
      ),
  );

  for (const name of Object.keys(tags)) {
    if (KNOWN_TAGS.has(name)) continue;
    const lower = name.toLowerCase();
    if (KNOWN_TAGS.has(lower)) {
      push(
        'warning',
        'record-tag-case',
        `The tag "${name}=" is ignored because tag names are case-sensitive: write "${lower}=".`,
        `${DKIM_TAGS}; ${CORE} §4.3`,
      );
    } else if (OLD_TAGS[name]) {
      push('warning', 'record-old-tag', `The tag "${name}=" is ignored: ${OLD_TAGS[name]}. Remove it${name === 'z' ? '' : ' or replace it with avp='}.`, `${CORE} §4.3`);
    } else {
      push('info', 'record-unknown-tag', `The tag "${name}=" is not a BIMI tag; receivers ignore unknown tags, so it does no harm but has no effect.`, `${CORE} §4.3`);
    }
  }

  // l= is required; its value may be empty (declination).
  const l = 'l' in tags ? (tags.l ?? '') : null;
  const a = 'a' in tags ? (tags.a ?? '') : null;
  if (l === null && !problem) {
    error(
      'record-missing-l',
      'The record has no l= tag. l= is required, even when empty: give the HTTPS URL of the SVG logo (l=https://…/logo.svg), or write "l=;" with "a=;" to decline BIMI.',
      `${CORE} §4.3`,
    );
  }
  if (l) {
    const url = checkUri('l', l, error, push);
    if (url) checkLogoSuffix(url, l, error, push);
  }
  if (a) {
    const url = checkUri('a', a, error, push);
    if (url) checkEvidenceSuffix(url, push);
  }

  let lps: string[] | null = null;
  if ('lps' in tags) lps = parseLps(tags.lps ?? '', error, push);

  let avp: string | null = null;
  if ('avp' in tags) {
    const value = tags.avp ?? '';
    if (value === 'personal' || value === 'brand') {
      avp = value;
    } else {
      push(
        'warning',
        'record-avp-value',
        value === ''
          ? 'avp= is empty; receivers ignore it and show the brand logo (the default). Write avp=brand or avp=personal, or remove the tag.'
          : value === 'bimi'
            ? 'avp=bimi is the old name of the default; drafts since -10 call it "brand". Receivers ignore unknown values and use brand, so write avp=brand (or remove the tag).'
            : value.toLowerCase() === 'brand' || value.toLowerCase() === 'personal'
              ? `avp=${value} is ignored because avp= values are case-sensitive: write avp=${value.toLowerCase()}.`
              : `avp=${value} is not personal or brand, so receivers ignore it (and some may treat the record as failing). Use avp=brand or avp=personal.`,
        `${CORE} §4.3`,
      );
    }
  }

  const declined = valid && l === '' && (a === null || a === '');
  if (declined) {
    push(
      'info',
      'record-declined',
      lps && lps.length > 0
        ? `This record declines BIMI for the default logo (l= and a= are empty), but its lps= lists local-part prefixes (${lps.join(', ')}) whose own records receivers may still use.`
        : 'This record declines BIMI: l= and a= are both empty, an explicit refusal to show a logo. Receivers report bimi=declined and do not fall back to the organizational domain.',
      `${CORE} §4.3.1`,
    );
  } else if (valid && l === '' && a) {
    push(
      'warning',
      'record-l-empty-with-a',
      'l= is empty but a= points at an evidence document. The draft is ambiguous here (indicator discovery needs a logo in l=, §7.3, yet a record may carry only a=), and mailbox providers in practice need both: publish the logo URL in l= as well.',
      `${CORE} §4.3, §7.3`,
    );
  }
  if (valid && lps) {
    push(
      'info',
      'record-lps',
      lps.length === 0
        ? 'lps= is empty: receivers may look up a record for the local part of any address (<local-part>._bimi.<domain>) before using this one.'
        : `lps= lists local-part prefixes (${lps.join(', ')}): for addresses whose local part starts with one of them, receivers look up <local-part>._bimi.<domain> first. This check does not know a sender address, so it checks the selector's record only.`,
      `${CORE} §4.5`,
    );
  }

  return { tags, valid, declined, l, a, lps, avp, messages };
}

const URI_CHARS = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]*$/;
const LDH_LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;

/** Checks an l= or a= value is a single HTTPS URI with a fully qualified domain name. */
function checkUri(
  tag: 'l' | 'a',
  value: string,
  error: (code: string, message: string, citation: string) => void,
  push: Push,
): URL | null {
  const cite = `${CORE} §4.3`;
  const what = tag === 'l' ? 'l= (the logo location)' : 'a= (the evidence document location)';
  if (/^["'“”<]|["'“”>]$/.test(value)) {
    error('record-uri-syntax', `${what} is wrapped in quotes or angle brackets: "${value}". Give the bare URL, without the quotes.`, cite);
    return null;
  }
  if (/\s/.test(value)) {
    const many = value.split(/\s+/).filter((part) => /^[a-z][a-z0-9+.-]*:/i.test(part)).length > 1;
    error(
      many ? 'record-uri-multiple' : 'record-uri-syntax',
      many
        ? `${what} holds more than one URL. It takes a single URI; publish one.`
        : `${what} contains white space, which a URI cannot contain: encode spaces as %20 or rename the file.`,
      cite,
    );
    return null;
  }
  if (value.includes(',')) {
    const many = value.split(',').filter((part) => /^[a-z][a-z0-9+.-]*:/i.test(trim(part))).length > 1;
    error(
      'record-uri-multiple',
      many
        ? `${what} holds a comma-separated list of URLs. Early drafts allowed several locations; the current draft allows exactly one URI. Keep one.`
        : `${what} contains a comma. Commas inside the URI must be percent-encoded as %2C (early drafts used commas to separate several URIs).`,
      cite,
    );
    return null;
  }
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(value)?.[1];
  if (!scheme) {
    error(
      'record-uri-scheme',
      `${what} "${value}" is not an absolute URL. Write the full address with the https:// scheme, e.g. https://${tag === 'l' ? 'example.com/bimi/logo.svg' : 'example.com/bimi/vmc.pem'}.`,
      cite,
    );
    return null;
  }
  if (scheme.toLowerCase() !== 'https') {
    error(
      'record-uri-scheme',
      `${what} uses ${scheme.toLowerCase()}:, but BIMI only allows HTTPS; receivers will not fetch it. Serve the file over HTTPS and write https://…`,
      cite,
    );
    return null;
  }
  const bad = [...value].find((ch) => !URI_CHARS.test(ch));
  if (bad !== undefined) {
    error(
      'record-uri-syntax',
      /[^\x00-\x7f]/.test(bad)
        ? `${what} contains "${bad}", which is not allowed in a URI: percent-encode it in the path, or use the punycode (xn--) form of the host name.`
        : `${what} contains "${bad}", which is not allowed in a URI: percent-encode it (e.g. %${bad.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}).`,
      `${cite}; RFC 3986 §2`,
    );
    return null;
  }
  if (/%(?![0-9A-Fa-f]{2})/.test(value)) {
    error('record-uri-syntax', `${what} has a "%" that is not followed by two hex digits; a literal % must be written %25.`, `${cite}; RFC 3986 §2.1`);
    return null;
  }
  if (!/^https:\/\//i.test(value)) {
    error('record-uri-syntax', `${what} "${value}" lacks the "//" after https:. Write https://host/path.`, cite);
    return null;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    error('record-uri-syntax', `${what} "${value}" is not a valid URL. Check it in a browser and publish the exact address of the file.`, cite);
    return null;
  }
  const host = url.hostname;
  if (isIP(host.replace(/^\[|\]$/g, '')) !== 0) {
    error(
      'record-uri-host',
      `${what} uses the IP address ${host} as its host. The URI must contain a fully qualified domain name, so the TLS certificate can be checked against it: use the host name.`,
      cite,
    );
    return null;
  }
  const labels = host.replace(/\.$/, '').split('.');
  if (labels.length < 2 || labels.some((label) => !LDH_LABEL.test(label))) {
    error(
      'record-uri-host',
      labels.length < 2
        ? `${what} uses the host "${host}", which is not a fully qualified domain name. Use the full public host name, e.g. www.example.com.`
        : `${what} uses the host "${host}", which is not a valid host name (letters, digits and hyphens only).`,
      cite,
    );
    return null;
  }
  if (url.username || url.password) {
    push('error', 'record-uri-userinfo', `${what} carries a user name or password ("…@${host}"). HTTPS clients treat credentials in a URI from an untrusted source as an error, and receivers fetch anonymously: publish a public URL without them.`, `${cite}; RFC 9110 §4.2.4`);
  }
  return url;
}

function suffixOf(url: URL, value: string): { path: string | null; end: string | null } {
  let path = url.pathname;
  try {
    path = decodeURIComponent(path);
  } catch {
    // keep the encoded path
  }
  const pathExt = /\.([A-Za-z0-9]+)$/.exec(path)?.[1]?.toLowerCase() ?? null;
  const endExt = /\.([A-Za-z0-9]+)$/.exec(value)?.[1]?.toLowerCase() ?? null;
  return { path: pathExt, end: endExt };
}

function checkLogoSuffix(
  url: URL,
  value: string,
  error: (code: string, message: string, citation: string) => void,
  push: Push,
): void {
  const { path, end } = suffixOf(url, value);
  const image = [path, end].find((ext) => ext !== null && OTHER_IMAGE_SUFFIXES.has(ext));
  if (image) {
    error(
      'record-l-format',
      `l= ends with ".${image}". Only SVG logos (SVG Tiny PS, as .svg or .svgz) are allowed, and a URI ending with another image suffix is a permanent error for receivers. Convert the logo to SVG Tiny PS and publish its .svg URL.`,
      `${CORE} §4.3.2`,
    );
    return;
  }
  if (path === 'svg' || path === 'svgz') return;
  if (path !== null && CERT_SUFFIXES.has(path)) {
    push(
      'warning',
      'record-swapped',
      `l= points at a ".${path}" file, which looks like a certificate. l= is the logo (SVG) and a= is the certificate (PEM): check the two are not swapped.`,
      `${CORE} §4.3`,
    );
    return;
  }
  push(
    'info',
    'record-l-suffix',
    `l= does not end in .svg or .svgz. Receivers judge the format by what they download, so this can work, but a .svg name avoids doubt with receivers and checkers that look at the suffix.`,
    `${CORE} §4.3.2`,
  );
}

function checkEvidenceSuffix(url: URL, push: Push): void {
  const { path } = suffixOf(url, url.href);
  if (path === 'pem') return;
  if (path === 'svg' || path === 'svgz') {
    push(
      'warning',
      'record-swapped',
      `a= points at a ".${path}" file. a= is the mark certificate (VMC or CMC, PEM), and l= is the SVG logo: check the two are not swapped.`,
      `${CORE} §4.3`,
    );
    return;
  }
  push(
    'warning',
    'record-a-suffix',
    `a= does not end in .pem. The evidence document is a PEM file and its URL should end in .pem; receivers may still accept it, but rename it if you can.`,
    `${VMC_DRAFT} §3.3`,
  );
}

/** lps= (§4.3, §4.5): empty, or comma-separated prefixes of 1–63 letters, digits and hyphens. */
function parseLps(
  value: string,
  error: (code: string, message: string, citation: string) => void,
  push: Push,
): string[] | null {
  if (value === '') return [];
  const prefixes = value.split(',').map(trim);
  const bad = prefixes.filter((p) => !/^[A-Za-z0-9-]{1,63}$/.test(p));
  if (bad.length > 0) {
    const first = bad[0] ?? '';
    error(
      'record-lps-syntax',
      first === ''
        ? `lps= "${value}" has an empty entry (a stray comma). List prefixes separated by single commas, e.g. lps=sales,support.`
        : first.length > 63
          ? `lps= has the prefix "${first.slice(0, 20)}…", longer than 63 characters. Each prefix is 1–63 letters, digits or hyphens.`
          : `lps= has the prefix "${first}", which contains characters other than letters, digits and hyphens. Local-part prefixes are normalized (+tags dropped, "." and "_" become "-"), so list them in that form.`,
      `${CORE} §4.3, §4.5`,
    );
    return null;
  }
  if (prefixes.length === 1 && (prefixes[0] === 'true' || prefixes[0] === 'false')) {
    push(
      'warning',
      'record-lps-boolean',
      `lps=${prefixes[0]} follows a 2025 working draft where lps= was true/false. Now lps= is a list of local-part prefixes, so this means "local parts starting with ${prefixes[0]}". Write lps= (empty) to allow any local part, or list the prefixes you use.`,
      `${CORE} §4.3`,
    );
  }
  return prefixes;
}

/** sub-domain *("." sub-domain) from RFC 5321 §4.1.2, with DNS label limits. */
function selectorProblem(selector: string): string | null {
  if (selector === '') return 'The selector is empty; the default selector is "default".';
  if (selector.includes('_bimi')) {
    return `The selector "${selector}" contains "_bimi": give only the selector (e.g. "default"); bimi-svg adds ._bimi.<domain> itself.`;
  }
  const labels = selector.split('.');
  for (const label of labels) {
    if (label === '') return `The selector "${selector}" has an empty label (a dot at the start or end, or two in a row).`;
    if (label.length > 63) return `The selector "${selector}" has a label longer than 63 characters, which DNS does not allow.`;
    if (!LDH_LABEL.test(label)) {
      return `The selector "${selector}" is not a valid DNS name: each dot-separated part must be letters, digits and inner hyphens (e.g. "default" or "brand.2025").`;
    }
  }
  return null;
}

interface Lookup {
  kind: 'records' | 'none' | 'temperror';
  code: string | null;
  bimi: string[];
  other: string[];
}

async function lookupBimi(dns: DnsClient, name: string, queried: string[]): Promise<Lookup> {
  if (!queried.includes(name)) queried.push(name);
  let outcome;
  try {
    outcome = await dns.txt(name);
  } catch (err) {
    // A DnsClient should not reject, but one provided by an embedding tool might.
    return { kind: 'temperror', code: (err as { code?: string })?.code ?? 'EUNKNOWN', bimi: [], other: [] };
  }
  if (outcome.kind === 'records') {
    return {
      kind: 'records',
      code: null,
      bimi: outcome.records.filter(isBimiRecord),
      other: outcome.records.filter((r) => !isBimiRecord(r)),
    };
  }
  return { kind: outcome.kind, code: outcome.code, bimi: [], other: [] };
}

function quote(raw: string): string {
  return raw.length > 120 ? `"${raw.slice(0, 117)}…"` : `"${raw}"`;
}

/** Reports the TXT records at a BIMI name that receivers discard. */
function reportDiscarded(name: string, others: string[], push: Push): void {
  for (const raw of others) {
    if (looksLikeBimi(raw)) {
      const why = parseBimiRecord(raw).messages.find((m) => m.code === 'record-version')?.message ?? '';
      push('warning', 'record-ignored', `Receivers ignore the TXT record ${quote(raw)} at ${name}. ${why}`, `${CORE} §4.3, §7.2`);
    } else if (/^\s*v\s*=\s*spf1/i.test(raw)) {
      push(
        'warning',
        'record-unrelated-txt',
        `An SPF record (${quote(raw)}) answers at ${name}. Receivers skip it because it does not start with v=BIMI1, but it does not belong there; it usually comes from a wildcard TXT record or a record added at the wrong name. Remove it.`,
        `${CORE} §7.2`,
      );
    } else {
      push(
        'warning',
        'record-unrelated-txt',
        `The TXT record ${quote(raw)} at ${name} is not a BIMI record; receivers skip it. If it was meant for another name (or comes from a wildcard record), move or remove it.`,
        `${CORE} §7.2`,
      );
    }
  }
}

export interface DiscoverOptions {
  /** The Organizational Domain to fall back to; by default from the Public Suffix List (org-domain.ts). */
  orgDomain?: string;
}

/**
 * Finds the BIMI record receivers would use for a domain and selector (core draft §7.2):
 * TXT at `<selector>._bimi.<domain>`, keeping only records that start with v=BIMI1;
 * if none is left, the same selector at the Organizational Domain. A broken, duplicated
 * or declining record at the domain itself does not fall back. When nothing is found,
 * common publishing mistakes are looked for and reported as hints.
 *
 * Never throws; DNS failures give status 'temperror'.
 *
 * @example
 * const { record, parsed } = await discoverRecord(createDnsClient(), 'mail.example.com', 'default');
 * record.status; // 'valid' | 'invalid' | 'declined' | 'none' | 'temperror'
 */
export async function discoverRecord(
  dns: DnsClient,
  domain: string,
  selector: string,
  options: DiscoverOptions = {},
): Promise<{ record: RecordResult; parsed: ParsedBimiRecord | null; messages: DnsMessage[] }> {
  const messages: DnsMessage[] = [];
  const push = collector('record', messages);
  const queried: string[] = [];
  const result = (
    status: RecordResult['status'],
    name: string | null = null,
    parsed: ParsedBimiRecord | null = null,
    raw: string | null = null,
    orgFallback = false,
  ) => ({
    record: { name, raw, tags: parsed ? { ...parsed.tags } : {}, status, orgFallback, queried: [...queried] },
    parsed,
    messages,
  });

  const normalized = normalizeDomain(domain);
  if (!normalized.ok) {
    push('error', 'record-domain-invalid', normalized.message, 'RFC 1035 §2.3.1');
    return result('invalid');
  }
  const author = normalized.domain;
  const sel = selector.trim().toLowerCase().replace(/\.$/, '');
  const selProblem = selectorProblem(sel);
  if (selProblem) {
    push('error', 'record-selector-invalid', `${selProblem} No record can be looked up for it.`, `${CORE} §4.4, §5.1`);
    return result('invalid');
  }
  const authorName = `${sel}._bimi.${author}`;
  if (authorName.length > 253) {
    push(
      'error',
      'record-selector-invalid',
      `${authorName.slice(0, 60)}… is ${authorName.length} characters long, more than the 253 DNS allows: use a shorter selector.`,
      `${CORE} §4.4; RFC 1035 §2.3.4`,
    );
    return result('invalid');
  }
  const org = options.orgDomain ? options.orgDomain.toLowerCase().replace(/\.$/, '') : organizationalDomain(author);

  const temperror = (name: string, code: string | null): ReturnType<typeof result> => {
    push(
      'error',
      'record-temperror',
      `The DNS lookup of ${name} failed (${code ?? 'unknown error'}), so it is unknown whether a BIMI record exists. Receivers treat this as a temporary error (bimi=temperror) and show no logo. Check that the domain's name servers answer for this name (e.g. dig TXT ${name}) and try again.`,
      `${CORE} §7.7`,
    );
    return result('temperror');
  };

  const noFallback = (orgFallback: boolean, status: RecordResult['status']): void => {
    if (orgFallback || org === author || status === 'valid') return;
    push(
      'info',
      'record-no-fallback',
      `Receivers do not fall back to ${sel}._bimi.${org} because ${author} publishes its own ${status === 'declined' ? 'declination' : 'record'}; the fallback applies only when the domain has no BIMI record at all.`,
      `${CORE} §7.2`,
    );
  };

  const conclude = async (name: string, records: string[], orgFallback: boolean) => {
    if (records.length > 1) {
      push(
        'error',
        'record-multiple',
        `${name} has ${records.length} TXT records starting with v=BIMI1 (${records.map(quote).join(', ')}). With more than one, receivers stop and show no logo. Delete all but one.`,
        `${CORE} §7.2`,
      );
      noFallback(orgFallback, 'invalid');
      return result('invalid', name, null, null, orgFallback);
    }
    const raw = records[0] ?? '';
    const parsed = parseBimiRecord(raw);
    messages.push(...parsed.messages);
    const chain = await cnameChain(dns, name);
    if (chain.length > 0) {
      push(
        'info',
        'record-cname',
        `${name} is a CNAME: ${[name, ...chain].join(' → ')}. That is fine (the draft recommends CNAMEs for sharing one record across domains), but the record and the certificate must suit every domain that points here.`,
        `${CORE} §6.3`,
      );
    }
    const status: RecordResult['status'] = !parsed.valid ? 'invalid' : parsed.declined ? 'declined' : 'valid';
    noFallback(orgFallback, status);
    return result(status, name, parsed, raw, orgFallback);
  };

  const first = await lookupBimi(dns, authorName, queried);
  reportDiscarded(authorName, first.other, push);
  if (first.kind === 'temperror') return temperror(authorName, first.code);
  if (first.bimi.length > 0) return conclude(authorName, first.bimi, false);

  let orgName: string | null = null;
  if (org !== author) {
    orgName = `${sel}._bimi.${org}`;
    const second = await lookupBimi(dns, orgName, queried);
    reportDiscarded(orgName, second.other, push);
    if (second.kind === 'temperror') return temperror(orgName, second.code);
    if (second.bimi.length > 0) {
      push(
        'info',
        'record-org-fallback',
        `${authorName} has no BIMI record, so receivers use the organizational domain's record at ${orgName}.`,
        `${CORE} §7.2`,
      );
      return conclude(orgName, second.bimi, true);
    }
  }

  // Nothing found: say so, then look for the usual mistakes.
  push(
    'error',
    'record-none',
    `No BIMI record was found at ${authorName}${orgName ? ` or ${orgName}` : ''}. Publish a TXT record at ${sel}._bimi.${org === author ? author : `${author} (or ${org} to cover all its subdomains)`}: v=BIMI1; l=https://…/logo.svg; a=https://…/vmc.pem`,
    `${CORE} §4.3, §7.2`,
  );

  for (const name of orgName ? [authorName, orgName] : [authorName]) {
    const chain = await cnameChain(dns, name);
    if (chain.length > 0) {
      push(
        'error',
        'record-cname-dangling',
        `${name} is a CNAME (${[name, ...chain].join(' → ')}), but ${chain[chain.length - 1]} has no TXT record, so receivers find nothing. Publish the BIMI record at the target, or point the CNAME at a name that has one.`,
        `${CORE} §6.3`,
      );
    }
  }

  // Names looked at only to explain a missing record are not what receivers query, so
  // they stay out of record.queried.
  const hintQueried: string[] = [];
  const hint = async (name: string): Promise<string[]> => {
    if (name.length > 253) return [];
    const found = await lookupBimi(dns, name, hintQueried);
    return found.bimi;
  };

  if ((await hint(`_bimi.${author}`)).length > 0) {
    push(
      'warning',
      'record-no-selector',
      `A BIMI record is published at _bimi.${author}, without a selector. Receivers look at ${sel}._bimi.${author}: move the record there.`,
      `${CORE} §4.4, §7.2`,
    );
  }
  if (sel !== 'default') {
    for (const domainName of org !== author ? [author, org] : [author]) {
      if ((await hint(`default._bimi.${domainName}`)).length > 0) {
        push(
          'warning',
          'record-default-only',
          `There is no record for the selector "${sel}", but default._bimi.${domainName} has one. This check follows §7.2 (and Mail::BIMI): the fallback keeps the selector, so receivers find nothing. §6.4 reads as if receivers fell back to the default record, and some (e.g. mailauth) do: publish ${sel}._bimi.${author} if mail is sent with this selector.`,
          `${CORE} §6.4, §7.2`,
        );
        break;
      }
    }
  }
  // A zone file or DNS console appends the zone's origin to a name written without a final dot.
  for (const origin of org !== author ? [author, org] : [author]) {
    const name = `${authorName}.${origin}`;
    if ((await hint(name)).length > 0) {
      push(
        'warning',
        'record-doubled-name',
        `A BIMI record is published at ${name}: the zone's name was added twice, which happens when the full name is typed without a final dot into a zone file or DNS console. Publish it as "${authorName}." (with the final dot) or as the relative name "${authorName.slice(0, -(origin.length + 1))}".`,
        `${CORE} §7.2`,
      );
      break;
    }
  }
  if ((await hint(author)).length > 0) {
    push(
      'warning',
      'record-at-apex',
      `A BIMI record is published at ${author} itself. Receivers look only at ${sel}._bimi.${author}: move it there.`,
      `${CORE} §4.4, §7.2`,
    );
  }
  return result('none');
}
