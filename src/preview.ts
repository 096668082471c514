/** `preview`: a PNG sheet of the logo as inboxes show it, refused for unsafe inputs. */
import { checkResolved } from './check.js';
import { expandEntities } from './convert/entities.js';
import { resolveOptions } from './engine/options.js';
import { decodeInput, DEFAULT_MAX_INPUT_BYTES } from './parse/input.js';
import { parseSvg } from './parse/parse.js';
import { scanXml } from './parse/scan.js';
import { renderPreview } from './render/preview.js';
import { RULES } from './rules/index.js';
import type { Diagnostic } from './types.js';

/** Findings that make rendering an untrusted file unsafe: code, external fetches, DTDs. */
export const UNSAFE_RULES: ReadonlySet<string> = new Set(['no-script', 'no-external-reference', 'no-doctype', 'no-processing-instruction', 'no-image', 'no-link']);

export interface PreviewResult {
  /** The PNG, or null when the input was refused or could not be read. */
  readonly png: Buffer | null;
  /** Why the preview was refused (unsafe or unreadable input). */
  readonly refusedFor: readonly Diagnostic[];
}

export interface PreviewOptions {
  /** Render even when the input has scripts or external references (not recommended for untrusted files). */
  readonly force?: boolean;
  readonly guides?: boolean;
}

export async function preview(input: string | Uint8Array, options: PreviewOptions = {}): Promise<PreviewResult> {
  const result = checkResolved(input, '<input>', resolveOptions({}, RULES));
  const fatal = result.messages.filter((m) => m.ruleId === 'xml-well-formed' || m.ruleId === 'input-limits');
  if (fatal.length > 0) return { png: null, refusedFor: fatal };
  const unsafe = result.messages.filter((m) => UNSAFE_RULES.has(m.ruleId) && m.severity === 'error');
  if (unsafe.length > 0 && !options.force) return { png: null, refusedFor: unsafe };
  const decoded = decodeInput(input, DEFAULT_MAX_INPUT_BYTES);
  if (!decoded.ok) return { png: null, refusedFor: fatal };
  const expanded = expandEntities(decoded.text, scanXml(decoded.text, { maxDepth: 256, maxElements: 200_000 }), DEFAULT_MAX_INPUT_BYTES);
  const parsed = parseSvg(expanded.text);
  if (!parsed.document) return { png: null, refusedFor: fatal };
  return { png: await renderPreview(parsed.document.root, options.guides === undefined ? {} : { guides: options.guides }), refusedFor: [] };
}
