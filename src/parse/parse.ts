/**
 * Safe parsing: decode → strict well-formedness scan (DOCTYPE and entity
 * declarations found and refused before any parser sees them) → xmldom builds
 * the tree with positions. Never throws for bad input.
 */
import { DOMParser, type Document, type Element, type Node } from '@xmldom/xmldom';
import type { SvgDocument } from '../types.js';
import { decodeInput, DEFAULT_MAX_INPUT_BYTES, tooLarge, type DecodedInput, type InputProblemKind } from './input.js';
import { LineIndex } from './positions.js';
import { scanXml, type ScanResult } from './scan.js';

export const XML_NS = 'http://www.w3.org/XML/1998/namespace';
export const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

/** Nesting deeper than this is refused: no logo needs it, and it protects every later pass. */
export const MAX_DEPTH = 256;
/** More elements than this are refused (a 32 KB logo has at most a few thousand). */
export const MAX_ELEMENTS = 200_000;

export interface ParseProblem {
  readonly ruleId: 'xml-well-formed' | 'input-limits';
  readonly messageId: string;
  readonly data: Readonly<Record<string, string | number>>;
  readonly line: number;
  readonly column: number;
}

export interface ParsedSource {
  /** Decoded text, or null when the input could not be decoded. */
  readonly text: string | null;
  readonly bytes: number | null;
  readonly compressed: boolean;
  readonly lines: LineIndex | null;
  readonly scan: ScanResult | null;
  readonly problems: readonly ParseProblem[];
  /** The tree, or null when the document is not well-formed or over a limit. */
  readonly document: SvgDocument | null;
}

export interface ParseOptions {
  readonly maxInputBytes?: number;
  /** Size of the input when only part of it was read (files over the limit). */
  readonly size?: number;
  readonly maxDepth?: number;
  readonly maxElements?: number;
}

const INPUT_MESSAGE: Readonly<Record<InputProblemKind, string>> = {
  'too-large': 'tooLarge',
  'not-text': 'notText',
  encoding: 'encoding',
  gzip: 'gzip',
};

class PositionedDocument implements SvgDocument {
  readonly ids = new Map<string, Element>();
  private readonly offsets = new WeakMap<object, number>();

  constructor(
    readonly dom: Document,
    readonly root: Element,
    readonly source: string,
    readonly bytes: number,
    readonly compressed: boolean,
    private readonly lines: LineIndex,
  ) {}

  setOffset(node: object, offset: number): void {
    this.offsets.set(node, offset);
  }

  positionAt(offset: number): { line: number; column: number } {
    return this.lines.position(offset);
  }

  offsetAt(position: { line: number; column: number }): number {
    return this.lines.offset(position.line, position.column);
  }

  position(node: Node | object): { line: number; column: number } {
    const offset = this.offsets.get(node);
    if (offset !== undefined) return this.lines.position(offset);
    const n = node as { lineNumber?: number; columnNumber?: number; ownerElement?: Node | null };
    if (typeof n.lineNumber === 'number' && n.lineNumber > 0) {
      return { line: n.lineNumber, column: n.columnNumber ?? 1 };
    }
    if (n.ownerElement) return this.position(n.ownerElement);
    return { line: 1, column: 1 };
  }
}

/** Blanks a range with spaces, keeping line breaks so positions do not move. */
function blank(text: string, start: number, end: number): string {
  return text.slice(0, start) + text.slice(start, end).replace(/[^\r\n]/g, ' ') + text.slice(end);
}

/** Parses bytes or text into a positioned document, or into located problems. */
export function parseSvg(input: Uint8Array | string, options: ParseOptions = {}): ParsedSource {
  const maxInputBytes = options.maxInputBytes ?? DEFAULT_MAX_INPUT_BYTES;
  const decoded: DecodedInput =
    options.size !== undefined && options.size > maxInputBytes
      ? { ok: false, bytes: options.size, compressed: false, problem: tooLarge(options.size, maxInputBytes) }
      : decodeInput(input, maxInputBytes);
  if (!decoded.ok) {
    let line = 1;
    let column = 1;
    if (decoded.problem.textBefore !== undefined) {
      const pos = new LineIndex(decoded.problem.textBefore).position(decoded.problem.textBefore.length);
      line = pos.line;
      column = pos.column;
    }
    return {
      text: null,
      bytes: decoded.bytes,
      compressed: decoded.compressed,
      lines: null,
      scan: null,
      document: null,
      problems: [
        {
          ruleId: decoded.problem.kind === 'too-large' ? 'input-limits' : 'xml-well-formed',
          messageId: INPUT_MESSAGE[decoded.problem.kind],
          data: { detail: decoded.problem.message },
          line,
          column,
        },
      ],
    };
  }
  const text = decoded.text;
  const lines = new LineIndex(text);
  const scan = scanXml(text, {
    maxDepth: options.maxDepth ?? MAX_DEPTH,
    maxElements: options.maxElements ?? MAX_ELEMENTS,
  });
  const base = { text, bytes: decoded.bytes, compressed: decoded.compressed, lines, scan };
  const problems: ParseProblem[] = [];
  if (scan.error) {
    const pos = lines.position(scan.error.offset);
    problems.push({ ruleId: 'xml-well-formed', messageId: 'malformed', data: { detail: scan.error.message }, ...pos });
  }
  if (scan.limitExceeded) {
    const pos = lines.position(scan.limitExceeded.offset);
    problems.push(
      scan.limitExceeded.kind === 'depth'
        ? { ruleId: 'input-limits', messageId: 'tooDeep', data: { max: options.maxDepth ?? MAX_DEPTH }, ...pos }
        : { ruleId: 'input-limits', messageId: 'tooManyElements', data: { max: (options.maxElements ?? MAX_ELEMENTS).toLocaleString('en-US') }, ...pos },
    );
  }
  if (problems.length > 0) return { ...base, problems, document: null };

  const domText = scan.doctype ? blank(text, scan.doctype.offset, scan.doctype.end) : text;
  const refused = new Set(scan.declaredEntityReferences.map((r) => r.name));
  let parserProblem: { message: string; line: number; column: number } | null = null;
  let dom: Document | undefined;
  try {
    dom = new DOMParser({
      onError: (level, message, context) => {
        if (level === 'error' && /^entity not found:&(.+);$/.test(message) && refused.has(message.slice(18, -1))) return;
        if (parserProblem) return;
        const locator = (context as { locator?: { lineNumber?: number; columnNumber?: number } } | undefined)?.locator;
        parserProblem = { message, line: locator?.lineNumber ?? 1, column: locator?.columnNumber ?? 1 };
      },
    }).parseFromString(domText, 'application/xml');
  } catch (e) {
    if (!parserProblem) {
      const locator = (e as { locator?: { lineNumber?: number; columnNumber?: number } }).locator;
      parserProblem = { message: (e as Error).message, line: locator?.lineNumber ?? 1, column: locator?.columnNumber ?? 1 };
    }
  }
  const root = dom?.documentElement;
  if (parserProblem || !dom || !root) {
    const p = parserProblem as { message: string; line: number; column: number } | null;
    problems.push({
      ruleId: 'xml-well-formed',
      messageId: 'malformed',
      data: { detail: p?.message ?? 'the document has no root element' },
      line: p?.line ?? 1,
      column: p?.column ?? 1,
    });
    return { ...base, problems, document: null };
  }

  const doc = new PositionedDocument(dom, root, text, decoded.bytes, decoded.compressed, lines);
  // Pair DOM elements (pre-order) with the scanner's start tags to get exact offsets
  // of elements and of attribute names, and collect ids.
  const scanned = scan.elements;
  let k = 0;
  const stack: Element[] = [root];
  while (stack.length > 0) {
    const el = stack.pop()!;
    const record = scanned[k++];
    if (record && record.name === el.nodeName) {
      doc.setOffset(el, record.offset);
      const attrs = el.attributes;
      for (let a = 0; a < attrs.length; a++) {
        const attr = attrs.item(a)!;
        const match = record.attributes.find((r) => r.name === attr.name);
        if (match) doc.setOffset(attr, match.offset);
      }
    }
    const id = el.getAttribute('id') ?? el.getAttributeNS(XML_NS, 'id');
    if (id && !doc.ids.has(id)) doc.ids.set(id, el);
    for (let c = el.lastChild; c; c = c.previousSibling) {
      if (c.nodeType === 1) stack.push(c as Element);
    }
  }
  return { ...base, problems, document: doc };
}
