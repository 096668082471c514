/**
 * The trusted roots for mark certificates (VMC/CMC): the Mark Verifying Authority roots
 * bundled in data/mva-roots/, or a PEM file given with --trust-roots; and a PEM block
 * scanner shared with the certificate check. No dependencies beyond node:fs, so reading
 * roots never loads the ASN.1 libraries.
 */
import { existsSync, openSync, closeSync, fstatSync, readFileSync, readSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BimiSvgError } from '../errors.js';

/** Largest PEM file read for --trust-roots (the five bundled roots together are 24 KB). */
export const MAX_TRUST_ROOTS_BYTES = 4 * 1024 * 1024;

/** One `-----BEGIN <label>-----` … `-----END <label>-----` block. */
export interface PemBlock {
  /** The label, e.g. "CERTIFICATE", "PRIVATE KEY". */
  readonly label: string;
  /** The base64 body with all whitespace removed. */
  readonly base64: string;
  /** False when the block has no matching END line (a truncated file). */
  readonly complete: boolean;
}

const BEGIN = /^-----BEGIN ([\x21-\x7e](?:[\x20-\x7e]{0,62}[\x21-\x7e])?)-----$/;
const END = /^-----END ([\x21-\x7e](?:[\x20-\x7e]{0,62}[\x21-\x7e])?)-----$/;

/**
 * Finds the PEM blocks of a text (RFC 7468), in order. Text outside blocks (such as the
 * `openssl x509 -text` dump before some root files) is skipped. Linear in the input, so
 * hostile input with many BEGIN lines cannot make it slow.
 */
export function pemBlocks(text: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  let label: string | null = null;
  let body: string[] = [];
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const line = raw.trim();
    if (!line.startsWith('-----')) {
      if (label !== null) body.push(line.replace(/\s+/g, ''));
      continue;
    }
    const begin = BEGIN.exec(line);
    if (begin) {
      if (label !== null) blocks.push({ label, base64: body.join(''), complete: false });
      label = begin[1]!;
      body = [];
      continue;
    }
    const end = END.exec(line);
    if (end && label !== null) {
      blocks.push({ label, base64: body.join(''), complete: end[1] === label });
      label = null;
      body = [];
    }
  }
  if (label !== null) blocks.push({ label, base64: body.join(''), complete: false });
  return blocks;
}

/** A certificate block as a PEM text of its own (64-character lines). */
export function toPem(base64: string, label = 'CERTIFICATE'): string {
  return `-----BEGIN ${label}-----\n${base64.replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END ${label}-----\n`;
}

/**
 * The directory of the bundled roots: `<packageRoot>/data/mva-roots`. Without a package
 * root it is found from this module's location, which is src/dns/ (tests), dist/dns/
 * (the library) or dist/cli/ (the bundled CLI, whose import.meta.url is the bundle's),
 * all two levels below the package root; up to three levels are searched.
 */
export function bundledRootsDirectory(packageRoot?: string): string {
  if (packageRoot !== undefined) return join(packageRoot, 'data', 'mva-roots');
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let level = 0; level < 3; level++) {
    const candidate = join(dir, 'data', 'mva-roots');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new BimiSvgError('E_READ', `cannot find the bundled Mark Verifying Authority roots (data/mva-roots) near ${fileURLToPath(import.meta.url)}: reinstall bimi-svg, or pass --trust-roots`);
}

/**
 * Reads the bundled Mark Verifying Authority roots (data/mva-roots/*.pem), one PEM text
 * per file, sorted by file name. Pass the package root when this module is loaded from
 * an unusual place; otherwise it is found from this module's URL.
 *
 * @example
 * ```ts
 * const roots = loadBundledRoots();
 * const { certificate } = evaluateCertificate(pem, url, { trustRoots: roots, … });
 * ```
 */
export function loadBundledRoots(packageRoot?: string): string[] {
  const dir = bundledRootsDirectory(packageRoot);
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.pem')).sort();
  } catch (e) {
    throw new BimiSvgError('E_READ', `cannot read the bundled roots in ${dir}: ${(e as Error).message}`, { cause: e });
  }
  if (names.length === 0) throw new BimiSvgError('E_READ', `no root certificates (*.pem) in ${dir}: reinstall bimi-svg, or pass --trust-roots`);
  return names.map((name) => readFileSync(join(dir, name), 'latin1'));
}

/**
 * Reads a PEM file of trusted certificates (--trust-roots, --ca-file): each CERTIFICATE
 * block as a PEM text of its own; `name` is how messages refer to the file (default: its
 * path). Rejects, with a BimiSvgError E_READ, a file that cannot be read, is larger
 * than 4 MiB, or holds no complete certificate block; other blocks are ignored. Whether
 * each block is a well-formed certificate is reported by the certificate check.
 */
export function readPemFile(path: string, name: string = path): string[] {
  let text: string;
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new BimiSvgError('E_READ', `${name} is a directory, not a PEM file`);
    if (stat.size > MAX_TRUST_ROOTS_BYTES) throw new BimiSvgError('E_READ', `${name} is ${stat.size} bytes; a PEM file of trusted certificates must be at most ${MAX_TRUST_ROOTS_BYTES} bytes`);
    const buffer = Buffer.alloc(stat.size);
    let read = 0;
    while (read < buffer.length) {
      const n = readSync(fd, buffer, read, buffer.length - read, read);
      if (n === 0) break;
      read += n;
    }
    text = buffer.subarray(0, read).toString('latin1');
  } catch (e) {
    if (e instanceof BimiSvgError) throw e;
    const err = e as NodeJS.ErrnoException;
    const reason = err.code === 'ENOENT' ? 'no such file' : err.code === 'EACCES' ? 'permission denied' : err.code === 'EISDIR' ? 'is a directory' : err.message;
    throw new BimiSvgError('E_READ', `cannot read ${name}: ${reason}`, { cause: e });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  const certificates = pemBlocks(text).filter((b) => b.label === 'CERTIFICATE' && b.complete && b.base64.length > 0);
  if (certificates.length === 0) throw new BimiSvgError('E_READ', `${name} holds no PEM certificate (-----BEGIN CERTIFICATE-----): give the certificates to trust, in PEM`);
  return certificates.map((b) => toPem(b.base64));
}
