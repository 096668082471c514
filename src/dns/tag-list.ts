/**
 * Tag lists (RFC 6376 §3.2), the syntax of both BIMI assertion records (core draft
 * §4.3) and DMARC records (RFC 7489 §6.4): `tag=value` pairs separated by ';', with
 * white space around tags and values. The split and the first-wins tag table live
 * here; what counts as a finding, and how it is worded, stays with each record type.
 */
import type { DnsMessage, DnsSeverity, DnsStep } from './types.js';

export type Push = (severity: DnsSeverity, code: string, message: string, citation?: string) => void;

/** A Push that appends messages of one step to `messages`. */
export function collector(step: DnsStep, messages: DnsMessage[]): Push {
  return (severity, code, message, citation) => {
    messages.push(citation ? { step, severity, code, message, citation } : { step, severity, code, message });
  };
}

/** White space that may surround tags and values (WSP, plus the FWS of bimi-uri). */
export const trim = (s: string): string => s.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');

/** RFC 6376 §3.2: tag-name = ALPHA *ALNUMPUNC. */
export const TAG_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/** One ';'-separated part of a tag list. */
export interface TagSegment {
  /** Position among the parts (0: the first). */
  readonly index: number;
  /** The part, trimmed; '' for an empty part. */
  readonly text: string;
  /** Whether the part has an '='. */
  readonly hasEq: boolean;
  /** Before the first '=', trimmed; the whole text when there is no '='. */
  readonly name: string;
  /** After the first '=', trimmed; '' when there is no '='. */
  readonly value: string;
  /** A well-formed pair: an '=' after a valid tag name. */
  readonly ok: boolean;
  /** An empty part followed only by empty parts (a final ';' is allowed). */
  readonly trailing: boolean;
}

/** Splits a tag list into its parts. */
export function splitTagList(raw: string): TagSegment[] {
  const parts = String(raw).split(';');
  const texts = parts.map(trim);
  let lastNonEmpty = texts.length - 1;
  while (lastNonEmpty >= 0 && texts[lastNonEmpty] === '') lastNonEmpty--;
  return texts.map((text, index) => {
    const eq = text.indexOf('=');
    const name = eq < 0 ? text : trim(text.slice(0, eq));
    return { index, text, hasEq: eq >= 0, name, value: eq < 0 ? '' : trim(text.slice(eq + 1)), ok: eq >= 0 && TAG_NAME.test(name), trailing: index > lastNonEmpty };
  });
}

/**
 * The tag table of a list of pairs: the first value of each name wins, and
 * `onDuplicate` is called once for each name that appears again (a duplicate makes
 * either kind of record invalid).
 */
export function tagTable(pairs: readonly { readonly name: string; readonly value: string }[], onDuplicate: (name: string) => void): Record<string, string> {
  const tags: Record<string, string> = {};
  const reported = new Set<string>();
  for (const { name, value } of pairs) {
    if (!Object.hasOwn(tags, name)) tags[name] = value;
    else if (!reported.has(name)) {
      reported.add(name);
      onDuplicate(name);
    }
  }
  return tags;
}
