/**
 * A strict, non-validating XML 1.0 + Namespaces 1.0 well-formedness scanner.
 *
 * @xmldom/xmldom is forgiving (it accepts a bare `&`, `]]>` in text, control
 * characters, bad character references, `<a/ >` …) where every conforming XML
 * parser, jing and the receivers' libxml2 included, stops. This scanner runs first
 * and decides well-formedness; xmldom then only builds the tree. It also finds the
 * DOCTYPE, entity declarations and processing instructions, so they can be refused
 * before any parser sees them. It never expands or fetches anything.
 */

export interface ScanError {
  readonly offset: number;
  readonly message: string;
}

export interface DoctypeInfo {
  readonly offset: number;
  readonly end: number;
  readonly name: string;
  readonly publicId: string | null;
  readonly systemId: string | null;
  readonly hasInternalSubset: boolean;
}

export interface MarkupInfo {
  readonly offset: number;
  readonly name: string;
}

export interface ScanResult {
  /** The first well-formedness error, or null. */
  readonly error: ScanError | null;
  readonly xmlDeclaration: { version: string; encoding: string | null; standalone: string | null } | null;
  readonly doctype: DoctypeInfo | null;
  /** `<!ENTITY` declarations (inside or outside a DOCTYPE). */
  readonly entityDeclarations: readonly MarkupInfo[];
  /** Entity references to entities declared in the (refused) DOCTYPE. */
  readonly declaredEntityReferences: readonly MarkupInfo[];
  /** Processing instructions other than the XML declaration. */
  readonly processingInstructions: readonly MarkupInfo[];
  /** Deepest element nesting seen (root = 1). */
  readonly maxDepth: number;
  readonly elementCount: number;
  /** Every start tag in document order, with its attributes as written. */
  readonly elements: readonly ScannedElement[];
  /** True when scanning stopped at a limit (depth or element count). */
  readonly limitExceeded: { readonly offset: number; readonly kind: 'depth' | 'elements' } | null;
}

export interface ScannedAttribute {
  readonly name: string;
  readonly offset: number;
  readonly value: string;
}

export interface ScannedElement {
  readonly name: string;
  /** Offset of the `<` of the start tag. */
  readonly offset: number;
  /** Offset just after the `>` of the start tag. */
  readonly startTagEnd: number;
  /** Offset just after the end tag (or the self-closing start tag). */
  readonly end: number;
  readonly attributes: readonly ScannedAttribute[];
}

type MutableScannedElement = { -readonly [K in keyof ScannedElement]: ScannedElement[K] };

export interface ScanLimits {
  readonly maxDepth: number;
  readonly maxElements: number;
}

const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';
const PREDEFINED = new Set(['lt', 'gt', 'amp', 'apos', 'quot']);

class WellFormednessError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

function isNameStartCode(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0x41 && c <= 0x5a) ||
    c === 0x5f ||
    c === 0x3a ||
    (c >= 0xc0 && c <= 0xd6) ||
    (c >= 0xd8 && c <= 0xf6) ||
    (c >= 0xf8 && c <= 0x2ff) ||
    (c >= 0x370 && c <= 0x37d) ||
    (c >= 0x37f && c <= 0x1fff) ||
    (c >= 0x200c && c <= 0x200d) ||
    (c >= 0x2070 && c <= 0x218f) ||
    (c >= 0x2c00 && c <= 0x2fef) ||
    (c >= 0x3001 && c <= 0xd7ff) ||
    (c >= 0xf900 && c <= 0xfdcf) ||
    (c >= 0xfdf0 && c <= 0xfffd) ||
    (c >= 0x10000 && c <= 0xeffff)
  );
}

function isNameCode(c: number): boolean {
  return (
    isNameStartCode(c) ||
    (c >= 0x30 && c <= 0x39) ||
    c === 0x2d ||
    c === 0x2e ||
    c === 0xb7 ||
    (c >= 0x300 && c <= 0x36f) ||
    (c >= 0x203f && c <= 0x2040)
  );
}

function isXmlChar(c: number): boolean {
  return (
    c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff)
  );
}

/** Regex for characters XML 1.0 forbids anywhere, including lone surrogates. */
const ILLEGAL_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function describeChar(code: number): string {
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Scans `src` (already decoded, BOM removed). Never throws. */
export function scanXml(src: string, limits: ScanLimits): ScanResult {
  const entityDeclarations: MarkupInfo[] = [];
  const declaredEntityReferences: MarkupInfo[] = [];
  const processingInstructions: MarkupInfo[] = [];
  const declaredEntities = new Set<string>();
  let xmlDeclaration: ScanResult['xmlDeclaration'] = null;
  let doctype: DoctypeInfo | null = null;
  let maxDepth = 0;
  let elementCount = 0;
  let limitExceeded: ScanResult['limitExceeded'] = null;
  const elements: MutableScannedElement[] = [];

  let i = 0;
  const n = src.length;
  const fail = (offset: number, message: string): never => {
    throw new WellFormednessError(offset, message);
  };

  const illegal = ILLEGAL_CHAR.exec(src);
  const illegalAt = illegal ? illegal.index : -1;

  const code = (at: number): number => src.codePointAt(at) ?? -1;
  const lineOf = (at: number): number => {
    let line = 1;
    for (let k = 0; k < at; k++) {
      const c = src.charCodeAt(k);
      if (c === 10 || (c === 13 && src.charCodeAt(k + 1) !== 10)) line++;
    }
    return line;
  };
  const isSpace = (at: number): boolean => {
    const c = src.charCodeAt(at);
    return c === 0x20 || c === 0x9 || c === 0xa || c === 0xd;
  };
  const skipSpace = (): boolean => {
    const start = i;
    while (i < n && isSpace(i)) i++;
    return i > start;
  };
  const readName = (what: string): string => {
    const start = i;
    const c = code(i);
    if (c < 0 || !isNameStartCode(c)) {
      fail(i, i >= n ? `unexpected end of document: expected ${what}` : `expected ${what}, found ${quoteChar(i)}`);
    }
    i += c > 0xffff ? 2 : 1;
    for (;;) {
      const d = code(i);
      if (d < 0 || !isNameCode(d)) break;
      i += d > 0xffff ? 2 : 1;
    }
    return src.slice(start, i);
  };
  const quoteChar = (at: number): string => {
    if (at >= n) return 'the end of the document';
    const c = code(at);
    if (c < 0x20 || c === 0x7f) return describeChar(c);
    return JSON.stringify(String.fromCodePoint(c));
  };
  const expect = (literal: string, what = JSON.stringify(literal)): void => {
    if (!src.startsWith(literal, i)) fail(i, `expected ${what}, found ${quoteChar(i)}`);
    i += literal.length;
  };
  const checkQName = (name: string, at: number, what: string): void => {
    const colon = name.indexOf(':');
    if (colon === -1) return;
    if (colon === 0 || colon === name.length - 1 || name.indexOf(':', colon + 1) !== -1) {
      fail(at, `${what} "${name}" is not a valid qualified name (at most one colon, between two names)`);
    }
    const localStart = name.codePointAt(colon + 1)!;
    if (!isNameStartCode(localStart) || localStart === 0x3a) {
      fail(at, `${what} "${name}" has an invalid local part after the colon`);
    }
  };

  // Character and entity references; `inAttribute` changes nothing but the message.
  const readReference = (): void => {
    const start = i;
    i++; // &
    if (src.charCodeAt(i) === 0x23) {
      i++;
      let value: number;
      if (src.charCodeAt(i) === 0x78) {
        i++;
        const m = /^[0-9a-fA-F]+/.exec(src.slice(i, i + 16));
        if (!m) fail(start, 'invalid character reference: expected hexadecimal digits after "&#x"');
        value = parseInt(m![0], 16);
        i += m![0].length;
      } else {
        const m = /^[0-9]+/.exec(src.slice(i, i + 16));
        if (!m) fail(start, 'invalid character reference: expected digits after "&#"');
        value = parseInt(m![0], 10);
        i += m![0].length;
      }
      if (src.charCodeAt(i) !== 0x3b) fail(start, 'character reference is not terminated by ";"');
      i++;
      if (!isXmlChar(value)) fail(start, `character reference ${src.slice(start, i)} refers to ${describeChar(value)}, which XML does not allow`);
      return;
    }
    if (!isNameStartCode(code(i))) {
      fail(start, 'a bare "&" must be written as "&amp;" (it starts an entity reference)');
    }
    const name = readName('an entity name');
    if (src.charCodeAt(i) !== 0x3b) fail(start, `entity reference "&${name}" is not terminated by ";" (a bare "&" must be written as "&amp;")`);
    i++;
    if (PREDEFINED.has(name)) return;
    if (declaredEntities.has(name)) {
      declaredEntityReferences.push({ offset: start, name });
      return;
    }
    fail(start, `reference to undefined entity "&${name};" (only &lt; &gt; &amp; &apos; &quot; and character references exist without a DTD)`);
  };

  const readComment = (): void => {
    const start = i;
    i += 4;
    const end = src.indexOf('--', i);
    if (end === -1) fail(start, 'comment is not closed ("-->" missing)');
    if (src.charCodeAt(end + 2) !== 0x3e) fail(end, 'a comment must not contain "--"');
    i = end + 3;
  };

  const readPI = (inProlog: boolean): void => {
    const start = i;
    i += 2;
    const target = readName('a processing instruction target');
    if (target.toLowerCase() === 'xml') {
      fail(start, start === 0 ? 'malformed XML declaration' : 'the XML declaration "<?xml …?>" is only allowed at the very start of the document');
    }
    if (target.includes(':')) fail(start, `processing instruction target "${target}" must not contain a colon`);
    if (!src.startsWith('?>', i)) {
      if (!skipSpace()) fail(i, 'expected a space or "?>" after the processing instruction target');
    }
    const end = src.indexOf('?>', i);
    if (end === -1) fail(start, 'processing instruction is not closed ("?>" missing)');
    i = end + 2;
    void inProlog;
    processingInstructions.push({ offset: start, name: target });
  };

  const readQuoted = (what: string): string => {
    const q = src[i];
    if (q !== '"' && q !== "'") fail(i, `expected a quoted ${what}`);
    const end = src.indexOf(q!, i + 1);
    if (end === -1) fail(i, `${what} is not closed`);
    const value = src.slice(i + 1, end);
    i = end + 1;
    return value;
  };

  const readXmlDecl = (): void => {
    i = 5; // '<?xml'
    if (!skipSpace()) fail(i, 'expected a space after "<?xml"');
    expect('version', '"version" in the XML declaration');
    skipSpace();
    expect('=');
    skipSpace();
    const versionAt = i;
    const version = readQuoted('version');
    if (!/^1\.[0-9]+$/.test(version)) fail(versionAt, `unsupported XML version "${version}"`);
    let encoding: string | null = null;
    let standalone: string | null = null;
    let spaced = skipSpace();
    if (spaced && src.startsWith('encoding', i)) {
      i += 8;
      skipSpace();
      expect('=');
      skipSpace();
      const at = i;
      encoding = readQuoted('encoding name');
      if (!/^[A-Za-z][A-Za-z0-9._-]*$/.test(encoding)) fail(at, `invalid encoding name "${encoding}"`);
      spaced = skipSpace();
    }
    if (spaced && src.startsWith('standalone', i)) {
      i += 10;
      skipSpace();
      expect('=');
      skipSpace();
      const at = i;
      standalone = readQuoted('standalone value');
      if (standalone !== 'yes' && standalone !== 'no') fail(at, 'standalone must be "yes" or "no"');
      skipSpace();
    }
    if (!src.startsWith('?>', i)) fail(i, 'malformed XML declaration: expected "?>"');
    i += 2;
    xmlDeclaration = { version, encoding, standalone };
  };

  const readDoctype = (): void => {
    const start = i;
    i += 9; // <!DOCTYPE
    if (!skipSpace()) fail(i, 'expected a space after "<!DOCTYPE"');
    const name = readName('the document type name');
    let publicId: string | null = null;
    let systemId: string | null = null;
    let hasInternalSubset = false;
    const spaced = skipSpace();
    if (spaced && src.startsWith('PUBLIC', i)) {
      i += 6;
      skipSpace();
      publicId = readQuoted('public identifier');
      if (skipSpace() && (src[i] === '"' || src[i] === "'")) systemId = readQuoted('system identifier');
    } else if (spaced && src.startsWith('SYSTEM', i)) {
      i += 6;
      skipSpace();
      systemId = readQuoted('system identifier');
    }
    skipSpace();
    if (src[i] === '[') {
      hasInternalSubset = true;
      i++;
      // Walk the internal subset without interpreting it: only find its end and
      // the entity declarations, honouring quotes, comments and PIs.
      for (;;) {
        if (i >= n) fail(start, 'the DOCTYPE internal subset is not closed');
        const c = src[i];
        if (c === ']') {
          i++;
          break;
        }
        if (src.startsWith('<!--', i)) {
          readComment();
          continue;
        }
        if (src.startsWith('<?', i)) {
          const end = src.indexOf('?>', i + 2);
          if (end === -1) fail(i, 'processing instruction is not closed');
          i = end + 2;
          continue;
        }
        if (src.startsWith('<!', i)) {
          const declStart = i;
          const isEntity = src.startsWith('<!ENTITY', i);
          i += 2;
          let entityName: string | null = null;
          if (isEntity) {
            i += 6;
            skipSpace();
            const parameter = src[i] === '%';
            if (parameter) {
              i++;
              skipSpace();
            }
            if (isNameStartCode(code(i))) entityName = readName('an entity name');
            if (entityName && !parameter) declaredEntities.add(entityName);
            entityDeclarations.push({ offset: declStart, name: entityName ?? '' });
          }
          while (i < n && src[i] !== '>') {
            if (src[i] === '"' || src[i] === "'") readQuoted('literal');
            else i++;
          }
          if (i >= n) fail(declStart, 'declaration in the DOCTYPE is not closed');
          i++;
          continue;
        }
        i++;
      }
      skipSpace();
    }
    if (src[i] !== '>') fail(i, 'expected ">" to close the DOCTYPE');
    i++;
    doctype = { offset: start, end: i, name, publicId, systemId, hasInternalSubset };
  };

  // Namespace scope: prefix -> stack of URIs, plus per-element list of declared prefixes.
  const scope = new Map<string, string[]>([
    ['xml', [XML_NS]],
    ['xmlns', [XMLNS_NS]],
  ]);
  const lookup = (prefix: string): string | undefined => {
    const stack = scope.get(prefix);
    return stack && stack.length > 0 ? stack[stack.length - 1] : undefined;
  };

  interface OpenTag {
    name: string;
    offset: number;
    declared: string[];
    record: MutableScannedElement;
  }
  const stack: OpenTag[] = [];

  const readStartTag = (): boolean => {
    const start = i;
    i++; // <
    const name = readName('an element name');
    checkQName(name, start + 1, 'element name');
    const attrs: Array<{ name: string; offset: number; value: string }> = [];
    let selfClosing = false;
    for (;;) {
      const spaced = skipSpace();
      if (src.startsWith('/>', i)) {
        i += 2;
        selfClosing = true;
        break;
      }
      if (src[i] === '>') {
        i++;
        break;
      }
      if (i >= n) fail(start, `start tag of <${name}> is not closed`);
      if (src[i] === '/' && /^\/[\t\n\r ]+>/.test(src.slice(i, i + 8))) fail(i, `there must be no space between "/" and ">" in <${name} … />`);
      if (!spaced) {
        if (src[i] === '/') fail(i, `expected ">" right after "/" in the start tag of <${name}>`);
        fail(i, `expected a space, ">" or "/>" in the start tag of <${name}>, found ${quoteChar(i)}`);
      }
      const attrAt = i;
      const attrName = readName('an attribute name');
      checkQName(attrName, attrAt, 'attribute name');
      skipSpace();
      if (src[i] !== '=') fail(i, `attribute "${attrName}" has no value (expected "=" and a quoted value)`);
      i++;
      skipSpace();
      const q = src[i];
      if (q !== '"' && q !== "'") fail(i, `the value of attribute "${attrName}" must be quoted`);
      i++;
      const valueStart = i;
      for (;;) {
        const c = src.charCodeAt(i);
        if (i >= n) fail(attrAt, `the value of attribute "${attrName}" is not closed`);
        if (c === q!.charCodeAt(0)) break;
        if (c === 0x3c) fail(i, `"<" is not allowed in the value of attribute "${attrName}" (write "&lt;")`);
        if (c === 0x26) {
          readReference();
          continue;
        }
        i++;
      }
      const value = src.slice(valueStart, i);
      i++;
      for (const a of attrs) {
        if (a.name === attrName) fail(attrAt, `attribute "${attrName}" appears twice on <${name}>`);
      }
      attrs.push({ name: attrName, offset: attrAt, value });
    }

    // Namespace declarations first, then resolve every prefix.
    const declared: string[] = [];
    for (const a of attrs) {
      if (a.name === 'xmlns' || a.name.startsWith('xmlns:')) {
        const prefix = a.name === 'xmlns' ? '' : a.name.slice(6);
        const uri = a.value; // references inside are rare; exact text suffices for these checks
        if (prefix === 'xmlns') fail(a.offset, 'the prefix "xmlns" must not be declared');
        if (prefix === 'xml' && uri !== XML_NS) fail(a.offset, `the prefix "xml" can only be bound to ${XML_NS}`);
        if (prefix !== 'xml' && uri === XML_NS) fail(a.offset, `only the prefix "xml" may be bound to ${XML_NS}`);
        if (uri === XMLNS_NS) fail(a.offset, `no prefix may be bound to ${XMLNS_NS}`);
        if (prefix !== '' && uri === '') fail(a.offset, `the prefix "${prefix}" cannot be undeclared with an empty value in XML 1.0`);
        let list = scope.get(prefix);
        if (!list) scope.set(prefix, (list = []));
        list.push(uri);
        declared.push(prefix);
      }
    }
    const record: MutableScannedElement = { name, offset: start, startTagEnd: i, end: i, attributes: attrs };
    const tag: OpenTag = { name, offset: start, declared, record };
    const colon = name.indexOf(':');
    if (colon > 0) {
      const prefix = name.slice(0, colon);
      if (prefix === 'xmlns') fail(start + 1, 'element names must not use the prefix "xmlns"');
      if (lookup(prefix) === undefined) fail(start + 1, `the prefix "${prefix}" of element <${name}> is not declared (add xmlns:${prefix}="…")`);
    }
    const expanded = new Set<string>();
    for (const a of attrs) {
      if (a.name === 'xmlns' || a.name.startsWith('xmlns:')) continue;
      const c = a.name.indexOf(':');
      let key = `|${a.name}`;
      if (c > 0) {
        const prefix = a.name.slice(0, c);
        const uri = lookup(prefix);
        if (uri === undefined) fail(a.offset, `the prefix "${prefix}" of attribute "${a.name}" is not declared (add xmlns:${prefix}="…")`);
        key = `${uri}|${a.name.slice(c + 1)}`;
      }
      if (expanded.has(key)) fail(a.offset, `attribute "${a.name}" duplicates another attribute with the same namespace and local name`);
      expanded.add(key);
    }

    elementCount++;
    elements.push(record);
    if (elementCount > limits.maxElements && !limitExceeded) limitExceeded = { offset: start, kind: 'elements' };
    if (selfClosing) {
      closeScope(tag);
      maxDepth = Math.max(maxDepth, stack.length + 1);
      if (stack.length + 1 > limits.maxDepth && !limitExceeded) limitExceeded = { offset: start, kind: 'depth' };
      return true;
    }
    stack.push(tag);
    if (stack.length > maxDepth) maxDepth = stack.length;
    if (stack.length > limits.maxDepth && !limitExceeded) limitExceeded = { offset: start, kind: 'depth' };
    return false;
  };

  const closeScope = (tag: OpenTag): void => {
    for (const prefix of tag.declared) scope.get(prefix)!.pop();
  };

  const readEndTag = (): void => {
    const start = i;
    i += 2;
    const name = readName('an element name');
    skipSpace();
    if (src[i] !== '>') fail(i, `expected ">" to close the end tag </${name}>`);
    i++;
    const open = stack.pop();
    if (!open) fail(start, `end tag </${name}> has no matching start tag`);
    if (open!.name !== name) fail(start, `end tag </${name}> does not match the start tag <${open!.name}> on line ${lineOf(open!.offset)}`);
    open!.record.end = i;
    closeScope(open!);
  };

  const readContentText = (): void => {
    const start = i;
    for (;;) {
      if (i >= n) return;
      const c = src.charCodeAt(i);
      if (c === 0x3c) return;
      if (c === 0x26) {
        readReference();
        continue;
      }
      if (c === 0x5d && src.startsWith(']]>', i)) fail(i, '"]]>" is not allowed in text (write "]]&gt;")');
      i++;
    }
    void start;
  };

  try {
    if (illegalAt === 0 || (illegalAt > 0 && illegalAt < n)) {
      // Reported in document order with everything else: remember and check at the end.
    }
    if (src.startsWith('<?xml', 0) && (isSpace(5) || src.startsWith('?>', 5))) readXmlDecl();
    // Prolog.
    let seenRoot = false;
    let rootClosed = false;
    for (;;) {
      if (illegalAt >= 0 && illegalAt < i) fail(illegalAt, `the character ${describeChar(src.codePointAt(illegalAt)!)} is not allowed in XML`);
      if (i >= n) break;
      if (seenRoot && !rootClosed) {
        // Content of an element.
        const c = src.charCodeAt(i);
        if (c !== 0x3c) {
          readContentText();
          continue;
        }
        if (src.startsWith('</', i)) {
          readEndTag();
          if (stack.length === 0) rootClosed = true;
          continue;
        }
        if (src.startsWith('<!--', i)) {
          readComment();
          continue;
        }
        if (src.startsWith('<![CDATA[', i)) {
          const end = src.indexOf(']]>', i + 9);
          if (end === -1) fail(i, 'CDATA section is not closed ("]]>" missing)');
          i = end + 3;
          continue;
        }
        if (src.startsWith('<?', i)) {
          readPI(false);
          continue;
        }
        if (src.startsWith('<!DOCTYPE', i)) fail(i, 'a DOCTYPE is only allowed before the root element');
        if (src.startsWith('<!', i)) fail(i, `unexpected markup ${JSON.stringify(src.slice(i, i + 9))}`);
        readStartTag();
        continue;
      }
      // Prolog or epilogue: only whitespace, comments, PIs (and one DOCTYPE before the root).
      if (skipSpace()) continue;
      if (src.startsWith('<!--', i)) {
        readComment();
        continue;
      }
      if (src.startsWith('<?', i)) {
        readPI(!seenRoot);
        continue;
      }
      if (src.startsWith('<!DOCTYPE', i)) {
        if (seenRoot) fail(i, 'a DOCTYPE is only allowed before the root element');
        if (doctype) fail(i, 'a document can have only one DOCTYPE');
        readDoctype();
        continue;
      }
      if (src[i] === '<' && isNameStartCode(code(i + 1))) {
        if (rootClosed) fail(i, 'a document can have only one root element');
        seenRoot = true;
        if (readStartTag()) rootClosed = true;
        continue;
      }
      if (src.startsWith('<!ENTITY', i)) {
        entityDeclarations.push({ offset: i, name: '' });
        fail(i, 'an entity declaration is only allowed inside a DOCTYPE');
      }
      if (rootClosed) fail(i, 'text or markup after the end of the root element');
      fail(i, src[i] === '<' ? `unexpected markup ${JSON.stringify(src.slice(i, i + 9))}` : 'text before the root element');
    }
    if (!seenRoot) fail(n, n === 0 || /^[\s]*$/.test(src) ? 'the document is empty' : 'the document has no root element');
    if (!rootClosed) {
      const open = stack[stack.length - 1]!;
      fail(open.offset, `element <${open.name}> is not closed (the document ends before </${open.name}>)`);
    }
    if (illegalAt >= 0) fail(illegalAt, `the character ${describeChar(src.codePointAt(illegalAt)!)} is not allowed in XML`);
    return result(null);
  } catch (e) {
    if (e instanceof WellFormednessError) {
      // An illegal character earlier than the structural error is the real cause.
      const error = illegalAt >= 0 && illegalAt < e.offset
        ? { offset: illegalAt, message: `the character ${describeChar(src.codePointAt(illegalAt)!)} is not allowed in XML` }
        : { offset: e.offset, message: e.message };
      return result(error);
    }
    throw e;
  }

  function result(error: ScanError | null): ScanResult {
    return {
      error,
      xmlDeclaration,
      doctype,
      entityDeclarations,
      declaredEntityReferences,
      processingInstructions,
      maxDepth,
      elementCount,
      elements,
      limitExceeded,
    };
  }
}
