/**
 * Bytes to text: size cap, gzip (.svgz), BOM and declared encoding, binary sniffing.
 * Every failure is a located problem, never an exception.
 */
import { dict } from '../dict.js';
import { isUtf8 } from 'node:buffer';
import { gunzipSync } from 'node:zlib';

export const DEFAULT_MAX_INPUT_BYTES = 10 * 1024 * 1024;

export type InputProblemKind = 'too-large' | 'not-text' | 'encoding' | 'gzip';

export interface InputProblem {
  readonly kind: InputProblemKind;
  readonly message: string;
  /** Offset in the decoded text where the problem is, when there is text before it. */
  readonly textBefore?: string;
}

export type DecodedInput =
  | { readonly ok: true; readonly text: string; readonly bytes: number; readonly compressed: boolean; readonly encoding: string }
  | { readonly ok: false; readonly problem: InputProblem; readonly bytes: number | null; readonly compressed: boolean };

const MAGIC: ReadonlyArray<[number[], string]> = [
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive'],
  [[0x52, 0x49, 0x46, 0x46], 'a RIFF file (WebP, WAV …)'],
  [[0x7f, 0x45, 0x4c, 0x46], 'an executable (ELF)'],
];

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  if (bytes.length < magic.length) return false;
  for (let k = 0; k < magic.length; k++) if (bytes[k] !== magic[k]) return false;
  return true;
}

/** Length of the longest valid UTF-8 prefix. */
function validUtf8Prefix(b: Uint8Array): number {
  let i = 0;
  const n = b.length;
  while (i < n) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    if (i + need >= n) return i;
    let cp = c & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= need; k++) {
      const d = b[i + k];
      if (d === undefined || (d & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (d & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return n;
}

const LABELS: Readonly<Record<string, string>> = dict({
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'us-ascii': 'utf-8',
  ascii: 'utf-8',
  'iso-8859-1': 'latin1',
  'iso8859-1': 'latin1',
  latin1: 'latin1',
  'latin-1': 'latin1',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
  'iso-8859-15': 'iso-8859-15',
  'utf-16': 'utf-16',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
});

/** Decodes a document; `data` may be a string (already text) or bytes. */
export function decodeInput(data: Uint8Array | string, maxInputBytes = DEFAULT_MAX_INPUT_BYTES): DecodedInput {
  if (typeof data === 'string') {
    const text = data.charCodeAt(0) === 0xfeff ? data.slice(1) : data;
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > maxInputBytes) {
      return { ok: false, bytes, compressed: false, problem: tooLarge(bytes, maxInputBytes) };
    }
    return { ok: true, text, bytes, compressed: false, encoding: 'utf-8' };
  }
  let bytes = data;
  let compressed = false;
  if (bytes.length > maxInputBytes) {
    return { ok: false, bytes: bytes.length, compressed: false, problem: tooLarge(bytes.length, maxInputBytes) };
  }
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    compressed = true;
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: maxInputBytes + 1 });
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'ERR_BUFFER_TOO_LARGE' || (e instanceof RangeError && /too large|exceeds/i.test(e.message))) {
        return {
          ok: false,
          bytes: null,
          compressed,
          problem: {
            kind: 'too-large',
            message: `the gzip data expands to more than ${formatBytes(maxInputBytes)}, the input limit (a compressed "zip bomb" is refused without being expanded)`,
          },
        };
      }
      return {
        ok: false,
        bytes: null,
        compressed,
        problem: { kind: 'gzip', message: `the file starts like gzip (.svgz) data but cannot be decompressed: ${(e as Error).message}` },
      };
    }
    if (bytes.length > maxInputBytes) {
      return { ok: false, bytes: bytes.length, compressed, problem: tooLarge(bytes.length, maxInputBytes) };
    }
  }
  const size = bytes.length;
  for (const [magic, what] of MAGIC) {
    if (startsWith(bytes, magic)) {
      return {
        ok: false,
        bytes: size,
        compressed,
        problem: { kind: 'not-text', message: `this is ${what}, not an SVG document (a BIMI logo must be SVG markup)` },
      };
    }
  }

  // UTF-16 with or without BOM.
  let encoding = 'utf-8';
  let body = bytes;
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) body = bytes.subarray(3);
  else if (startsWith(bytes, [0xff, 0xfe])) {
    encoding = 'utf-16le';
    body = bytes.subarray(2);
  } else if (startsWith(bytes, [0xfe, 0xff])) {
    encoding = 'utf-16be';
    body = bytes.subarray(2);
  } else if (startsWith(bytes, [0x3c, 0x00, 0x3f, 0x00])) encoding = 'utf-16le';
  else if (startsWith(bytes, [0x00, 0x3c, 0x00, 0x3f])) encoding = 'utf-16be';
  else {
    const head = Buffer.from(body.subarray(0, 256)).toString('latin1');
    const decl = /^<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head);
    if (decl) {
      const label = LABELS[decl[1]!.toLowerCase()];
      if (!label) {
        return {
          ok: false,
          bytes: size,
          compressed,
          problem: { kind: 'encoding', message: `the XML declaration names the encoding "${decl[1]}", which bimi-svg does not read; save the file as UTF-8` },
        };
      }
      if (label === 'utf-16' || label === 'utf-16le' || label === 'utf-16be') {
        return {
          ok: false,
          bytes: size,
          compressed,
          problem: { kind: 'encoding', message: `the XML declaration says "${decl[1]}" but the file is not UTF-16 (no byte order mark); save it as UTF-8` },
        };
      }
      encoding = label;
    }
  }

  if (encoding === 'utf-8') {
    const nul = body.indexOf(0);
    if (nul === -1 && isUtf8(body)) {
      return { ok: true, text: Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'), bytes: size, compressed, encoding };
    }
    const valid = validUtf8Prefix(body);
    if (nul !== -1 && nul < valid) {
      const before = Buffer.from(body.subarray(0, nul)).toString('utf8');
      return {
        ok: false,
        bytes: size,
        compressed,
        problem: { kind: 'not-text', message: 'the file contains NUL bytes: it is binary data, not an SVG document', textBefore: before },
      };
    }
    if (valid < body.length) {
      const before = Buffer.from(body.subarray(0, valid)).toString('utf8');
      const bad = Array.from(body.subarray(valid, Math.min(valid + 4, body.length)))
        .map((b) => b.toString(16).padStart(2, '0'))
        .join(' ');
      const mostlyBinary = countControlBytes(body) > body.length / 20;
      return {
        ok: false,
        bytes: size,
        compressed,
        problem: mostlyBinary
          ? { kind: 'not-text', message: 'this is binary data, not an SVG document', textBefore: before }
          : {
              kind: 'encoding',
              message: `invalid UTF-8 (bytes ${bad}); save the file as UTF-8, or declare its real encoding in <?xml … encoding="…"?>`,
              textBefore: before,
            },
      };
    }
    return { ok: true, text: Buffer.from(body).toString('utf8'), bytes: size, compressed, encoding };
  }
  try {
    const text = new TextDecoder(encoding, { fatal: true }).decode(body);
    return { ok: true, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, bytes: size, compressed, encoding };
  } catch {
    return {
      ok: false,
      bytes: size,
      compressed,
      problem: { kind: 'encoding', message: `the bytes are not valid ${encoding}` },
    };
  }
}

function countControlBytes(b: Uint8Array): number {
  let count = 0;
  const end = Math.min(b.length, 4096);
  for (let k = 0; k < end; k++) {
    const c = b[k]!;
    if (c < 0x09 || (c > 0x0d && c < 0x20)) count++;
  }
  return (count * b.length) / Math.max(end, 1);
}

export function tooLarge(bytes: number, max: number): InputProblem {
  return {
    kind: 'too-large',
    message: `the document is ${formatBytes(bytes)}, over the ${formatBytes(max)} input limit; a BIMI logo should be under 32 KB`,
  };
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(n % (1024 * 1024) === 0 ? 0 : 1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(n % 1024 === 0 ? 0 : 1)} KiB`;
  return `${n} bytes`;
}
