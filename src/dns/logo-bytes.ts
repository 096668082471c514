/**
 * Comparing two copies of a logo byte for byte, as receivers compare the served logo
 * with the one in the mark certificate (core draft §7.9), and as `--compare` compares
 * it with a local file: the same bytes, a difference in line endings only (RFC 6170
 * §5.2 normalises them), or different files, with where they first differ.
 */
import { LineIndex } from '../parse/positions.js';

/** CR LF and lone CR as LF (RFC 6170 §5.2). */
export function normalizeEol(bytes: Buffer): Buffer {
  if (!bytes.includes(0x0d)) return bytes;
  return Buffer.from(bytes.toString('latin1').replace(/\r\n?/g, '\n'), 'latin1');
}

export type LogoComparison =
  | { readonly kind: 'same' }
  | { readonly kind: 'line-endings' }
  /** `where` says, in words, where `first` departs from `second` (line endings aside). */
  | { readonly kind: 'different'; readonly where: string };

/** Compares two logos; `firstName` names the first in `where` (e.g. "the served file"). */
export function compareLogoBytes(first: Buffer, second: Buffer, firstName: string): LogoComparison {
  if (first.equals(second)) return { kind: 'same' };
  const a = normalizeEol(first);
  const b = normalizeEol(second);
  if (a.equals(b)) return { kind: 'line-endings' };
  const n = Math.min(a.length, b.length);
  let k = 0;
  while (k < n && a[k] === b[k]) k++;
  if (k === n) return { kind: 'different', where: a.length < b.length ? `${firstName} is a shortened copy` : `${firstName} has extra bytes at its end` };
  // latin1 keeps one character per byte, so the offset is the byte offset.
  const { line, column } = new LineIndex(a.toString('latin1')).position(k);
  return { kind: 'different', where: `they first differ at line ${line}, column ${column} of ${firstName} (line endings aside)` };
}
