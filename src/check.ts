import { open } from 'node:fs/promises';
import { resolveOptions } from './engine/options.js';
import { runRules } from './engine/run.js';
import { BimiSvgError } from './errors.js';
import { parseSvg } from './parse/parse.js';
import { RULES } from './rules/index.js';
import type { CheckOptions, CheckResult, Diagnostic, ResolvedOptions } from './types.js';

/** Builds a result from diagnostics. */
export function toResult(filePath: string, messages: readonly Diagnostic[], bytes: number | null, strict: boolean): CheckResult {
  let errorCount = 0;
  let warningCount = 0;
  for (const m of messages) {
    if (m.severity === 'error') errorCount++;
    else warningCount++;
  }
  return {
    filePath,
    valid: errorCount === 0 && !(strict && warningCount > 0),
    errorCount,
    warningCount,
    messages,
    bytes,
  };
}

/** Checks with already-resolved options (used by the CLI to resolve once for many files). */
export function checkResolved(input: string | Uint8Array, filePath: string, options: ResolvedOptions, size?: number): CheckResult {
  const parsed = parseSvg(input, { maxInputBytes: options.maxInputBytes, ...(size !== undefined ? { size } : {}) });
  const messages = runRules(parsed, RULES, options);
  return toResult(filePath, messages, parsed.bytes, options.strict);
}

/**
 * Checks one SVG document (text, or bytes which may be gzip-compressed .svgz)
 * against SVG Tiny PS and BIMI receiver policy.
 *
 * @example
 * ```ts
 * import { check } from 'bimi-svg';
 * const result = check('<svg xmlns="http://www.w3.org/2000/svg" version="1.2" baseProfile="tiny-ps">…</svg>');
 * if (!result.valid) for (const m of result.messages) console.log(`${m.line}:${m.column} ${m.message}`);
 * ```
 */
export function check(input: string | Uint8Array, options: CheckOptions = {}): CheckResult {
  return checkResolved(input, options.filePath ?? '<input>', resolvedFor(options));
}

let defaults: ResolvedOptions | undefined;

/** Resolves options, reusing one resolution for the common case of no settings at all. */
function resolvedFor(options: CheckOptions): ResolvedOptions {
  for (const key in options) if (key !== 'filePath' && (options as Record<string, unknown>)[key] !== undefined) return resolveOptions(options, RULES);
  return (defaults ??= resolveOptions({}, RULES));
}

/**
 * Reads and checks a file. Rejects with a {@link BimiSvgError} (code `E_READ`)
 * only when the file cannot be read; every problem with its content is a finding.
 */
export async function checkFile(path: string, options: CheckOptions = {}): Promise<CheckResult> {
  const resolved = resolvedFor(options);
  const { data, size } = await readInput(path, resolved.maxInputBytes);
  return checkResolved(data, options.filePath ?? path, resolved, size);
}

/**
 * Reads a file, but never more than the input limit: for a larger file only its
 * size is returned (and the parser refuses it).
 */
export async function readInput(path: string, maxInputBytes: number): Promise<{ data: Uint8Array; size: number }> {
  let handle;
  try {
    handle = await open(path, 'r');
    const stat = await handle.stat();
    if (stat.isDirectory()) throw new BimiSvgError('E_READ', `${path} is a directory`);
    if (stat.size > maxInputBytes) return { data: new Uint8Array(0), size: stat.size };
    const data = await handle.readFile();
    return { data, size: data.length };
  } catch (e) {
    if (e instanceof BimiSvgError) throw e;
    const err = e as NodeJS.ErrnoException;
    const reason = err.code === 'ENOENT' ? 'no such file' : err.code === 'EACCES' ? 'permission denied' : err.code === 'EISDIR' ? 'is a directory' : err.message;
    throw new BimiSvgError('E_READ', `cannot read ${path}: ${reason}`, { cause: e });
  } finally {
    await handle?.close();
  }
}

