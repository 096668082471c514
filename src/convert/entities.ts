/**
 * Convert accepts documents with a DOCTYPE (Illustrator writes one, and old versions
 * use entities such as &ns_svg; for namespaces): internal general entities are
 * expanded once, with bounds on depth and size, and the DOCTYPE is removed. Nothing
 * is ever fetched; references to entities that only an external DTD could define
 * are left for the parser to report.
 */
import type { ScanResult } from '../parse/scan.js';

export interface EntityExpansion {
  readonly text: string;
  readonly expanded: number;
  readonly problems: readonly string[];
}

const MAX_DEPTH = 8;

/** Reads `<!ENTITY name "value">` declarations (internal, general) from a DOCTYPE's text. */
export function readEntityDeclarations(doctype: string): { entities: Map<string, string>; external: string[] } {
  const entities = new Map<string, string>();
  const external: string[] = [];
  const re = /<!ENTITY\s+(%\s+)?([A-Za-z_:][\w.:-]*)\s+(?:"([^"]*)"|'([^']*)'|(SYSTEM|PUBLIC)\b[^>]*)\s*>/g;
  for (const m of doctype.matchAll(re)) {
    if (m[1]) continue; // parameter entities only matter inside the DTD
    if (m[5]) {
      external.push(m[2]!);
      continue;
    }
    if (!entities.has(m[2]!)) entities.set(m[2]!, m[3] ?? m[4] ?? '');
  }
  return { entities, external };
}

/** Expands internal entities in `text` and blanks the DOCTYPE, keeping line breaks. */
export function expandEntities(text: string, scan: ScanResult, maxBytes: number): EntityExpansion {
  const doctype = scan.doctype;
  if (!doctype) return { text, expanded: 0, problems: [] };
  const declared = readEntityDeclarations(text.slice(doctype.offset, doctype.end));
  const problems: string[] = [];
  for (const name of declared.external) problems.push(`the entity &${name}; is external (SYSTEM/PUBLIC) and is never fetched`);
  let expanded = 0;
  let budget = maxBytes;
  let exhausted = false;
  const reported = new Set<string>();
  const report = (message: string) => {
    if (!reported.has(message)) problems.push(message);
    reported.add(message);
  };
  // Every expansion is charged to one budget before its text is built, so an entity
  // bomb stops after `maxBytes` characters instead of growing exponentially.
  const expandValue = (value: string, depth: number, seen: readonly string[]): string =>
    value.replace(/&([A-Za-z_:][\w.:-]*);/g, (ref, name: string) => {
      if (exhausted) return '';
      const v = declared.entities.get(name);
      if (v === undefined) return ref;
      if (seen.includes(name) || depth >= MAX_DEPTH) {
        report(`the entity &${name}; refers to itself or nests more than ${MAX_DEPTH} levels deep; it was not expanded`);
        return '';
      }
      budget -= v.length;
      if (budget < 0) {
        exhausted = true;
        report(`entity expansion would exceed ${maxBytes} bytes (an entity bomb); it was stopped`);
        return '';
      }
      expanded++;
      return expandValue(v, depth + 1, [...seen, name]);
    });
  const before = text.slice(0, doctype.offset);
  const blank = text.slice(doctype.offset, doctype.end).replace(/[^\r\n]/g, ' ');
  const after = text.slice(doctype.end);
  return { text: before + blank + (declared.entities.size > 0 ? expandValue(after, 0, []) : after), expanded, problems };
}
