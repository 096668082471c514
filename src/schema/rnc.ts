/**
 * A parser for the RELAX NG Compact syntax, enough of it to read the official
 * SVG Tiny PS schema (and to fail loudly on anything it does not understand).
 *
 * It is used at build time only (scripts/generate-tables.mjs and the staleness
 * test); nothing on the `check` path imports it.
 */

export interface QName {
  /** Namespace URI; `''` for no namespace. */
  ns: string;
  local: string;
  /** The name as written in the schema, for messages. */
  written: string;
}

export interface DatatypeRef {
  library: string;
  name: string;
}

export type Pattern =
  | { t: 'element'; name: QName; p: Pattern }
  | { t: 'attribute'; name: QName; p: Pattern }
  | { t: 'text' }
  | { t: 'empty' }
  | { t: 'notAllowed' }
  | { t: 'ref'; name: string }
  | { t: 'group' | 'choice' | 'interleave'; items: Pattern[] }
  | { t: 'optional' | 'zeroOrMore' | 'oneOrMore'; p: Pattern }
  | { t: 'value'; type: DatatypeRef; value: string }
  | { t: 'data'; type: DatatypeRef; params: Array<{ name: string; value: string }> }
  | { t: 'list' | 'mixed'; p: Pattern };

export interface Grammar {
  start: Pattern;
  defines: Map<string, Pattern>;
}

export class RncSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${message} at ${line}:${column}`);
    this.name = 'RncSyntaxError';
  }
}

const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const XSD_LIBRARY = 'http://www.w3.org/2001/XMLSchema-datatypes';
const BUILTIN_LIBRARY = '';

const KEYWORDS = new Set([
  'attribute', 'default', 'datatypes', 'div', 'element', 'empty', 'external', 'grammar',
  'include', 'inherit', 'list', 'mixed', 'namespace', 'notAllowed', 'parent', 'start',
  'string', 'text', 'token',
]);

type Token =
  | { k: 'ident'; v: string; escaped: boolean; line: number; col: number }
  | { k: 'cname'; v: string; line: number; col: number }
  | { k: 'literal'; v: string; line: number; col: number }
  | { k: 'op'; v: string; line: number; col: number }
  | { k: 'eof'; v: ''; line: number; col: number };

const NAME_START = /[A-Za-z_\u00C0-\uFFFF]/;
const NAME_CHAR = /[A-Za-z0-9_.\-\u00B7\u00C0-\uFFFF]/;

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const col = (at: number) => at - lineStart + 1;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '\n') {
      i++;
      line++;
      lineStart = i;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    const start = i;
    if (c === '"' || c === "'") {
      const triple = src.startsWith(c.repeat(3), i);
      const quote = triple ? c.repeat(3) : c;
      const end = src.indexOf(quote, i + quote.length);
      if (end < 0) throw new RncSyntaxError('unterminated literal', line, col(start));
      const value = src.slice(i + quote.length, end);
      if (!triple && value.includes('\n')) throw new RncSyntaxError('newline in literal', line, col(start));
      tokens.push({ k: 'literal', v: value, line, col: col(start) });
      for (const ch of value) if (ch === '\n') line++;
      i = end + quote.length;
      continue;
    }
    if (c === '\\' || NAME_START.test(c)) {
      const escaped = c === '\\';
      let j = escaped ? i + 1 : i;
      if (!NAME_START.test(src[j] ?? '')) throw new RncSyntaxError('bad identifier', line, col(start));
      while (j < src.length && NAME_CHAR.test(src[j]!)) j++;
      let name = src.slice(escaped ? i + 1 : i, j);
      if (!escaped && src[j] === ':' && NAME_START.test(src[j + 1] ?? '')) {
        let k = j + 1;
        while (k < src.length && NAME_CHAR.test(src[k]!)) k++;
        name = src.slice(i, k);
        tokens.push({ k: 'cname', v: name, line, col: col(start) });
        i = k;
        continue;
      }
      tokens.push({ k: 'ident', v: name, escaped, line, col: col(start) });
      i = j;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (two === '|=' || two === '&=') {
      tokens.push({ k: 'op', v: two, line, col: col(start) });
      i += 2;
      continue;
    }
    if ('{}()=,|&?*+-~'.includes(c)) {
      tokens.push({ k: 'op', v: c, line, col: col(start) });
      i++;
      continue;
    }
    throw new RncSyntaxError(`unexpected character ${JSON.stringify(c)}`, line, col(start));
  }
  tokens.push({ k: 'eof', v: '', line, col: col(i) });
  return tokens;
}

/** Parses a RELAX NG Compact schema into a grammar of named patterns. */
export function parseRnc(src: string): Grammar {
  const tokens = tokenize(src);
  let pos = 0;
  const namespaces = new Map<string, string>([['xml', XML_NS]]);
  const datatypes = new Map<string, string>([['xsd', XSD_LIBRARY]]);
  let defaultNs = '';
  const defines = new Map<string, Pattern>();
  let start: Pattern | undefined;

  const peek = (offset = 0): Token => tokens[Math.min(pos + offset, tokens.length - 1)]!;
  const next = (): Token => tokens[pos++]!;
  const err = (message: string, tok: Token = peek()): RncSyntaxError =>
    new RncSyntaxError(message, tok.line, tok.col);
  const isOp = (v: string, tok = peek()) => tok.k === 'op' && tok.v === v;
  const isKeyword = (v: string, tok = peek()) => tok.k === 'ident' && !tok.escaped && tok.v === v;
  const expectOp = (v: string) => {
    if (!isOp(v)) throw err(`expected "${v}"`);
    return next();
  };
  const literal = (): string => {
    const tok = next();
    if (tok.k !== 'literal') throw err('expected a literal', tok);
    let value = tok.v;
    while (isOp('~')) {
      next();
      const more = next();
      if (more.k !== 'literal') throw err('expected a literal after "~"', more);
      value += more.v;
    }
    return value;
  };

  // Declarations come first.
  for (;;) {
    if (isKeyword('default') && isKeyword('namespace', peek(1))) {
      next();
      next();
      let prefix: string | undefined;
      if (peek().k === 'ident') prefix = next().v;
      expectOp('=');
      defaultNs = literal();
      if (prefix) namespaces.set(prefix, defaultNs);
    } else if (isKeyword('namespace') && peek(1).k === 'ident') {
      next();
      const prefix = next().v;
      expectOp('=');
      namespaces.set(prefix, literal());
    } else if (isKeyword('datatypes')) {
      next();
      const prefix = next().v;
      expectOp('=');
      datatypes.set(prefix, literal());
    } else {
      break;
    }
  }

  const qname = (tok: Token, forAttribute: boolean): QName => {
    if (tok.k === 'cname') {
      const [prefix, local] = tok.v.split(':') as [string, string];
      const ns = namespaces.get(prefix);
      if (ns === undefined) throw err(`undeclared prefix "${prefix}"`, tok);
      return { ns: ns!, local, written: tok.v };
    }
    if (tok.k === 'ident') {
      return { ns: forAttribute ? '' : defaultNs, local: tok.v, written: tok.v };
    }
    throw err('expected a name', tok);
  };

  const datatypeName = (tok: Token): DatatypeRef => {
    if (tok.k === 'cname') {
      const [prefix, name] = tok.v.split(':') as [string, string];
      const library = datatypes.get(prefix);
      if (library === undefined) throw err(`undeclared datatype prefix "${prefix}"`, tok);
      return { library: library!, name };
    }
    return { library: BUILTIN_LIBRARY, name: tok.v };
  };

  const params = (): Array<{ name: string; value: string }> => {
    const out: Array<{ name: string; value: string }> = [];
    if (!isOp('{')) return out;
    next();
    while (!isOp('}')) {
      const name = next();
      if (name.k !== 'ident') throw err('expected a parameter name', name);
      expectOp('=');
      out.push({ name: name.v, value: literal() });
    }
    next();
    return out;
  };

  const primary = (): Pattern => {
    const tok = peek();
    if (isOp('(')) {
      next();
      const p = pattern();
      expectOp(')');
      return p;
    }
    if (tok.k === 'literal') {
      return { t: 'value', type: { library: BUILTIN_LIBRARY, name: 'token' }, value: literal() };
    }
    if (tok.k === 'cname') {
      next();
      const type = datatypeName(tok);
      if (peek().k === 'literal') return { t: 'value', type, value: literal() };
      const ps = params();
      if (isOp('-')) throw err('datatype "-" exceptions are not supported');
      return { t: 'data', type, params: ps };
    }
    if (tok.k === 'ident' && !tok.escaped && KEYWORDS.has(tok.v)) {
      next();
      switch (tok.v) {
        case 'element':
        case 'attribute': {
          const isAttr = tok.v === 'attribute';
          const nameTok = next();
          if (nameTok.k !== 'ident' && nameTok.k !== 'cname') throw err('name classes other than a single name are not supported', nameTok);
          const name = qname(nameTok, isAttr);
          expectOp('{');
          const p = pattern();
          expectOp('}');
          return isAttr ? { t: 'attribute', name, p } : { t: 'element', name, p };
        }
        case 'text':
          return { t: 'text' };
        case 'empty':
          return { t: 'empty' };
        case 'notAllowed':
          return { t: 'notAllowed' };
        case 'list':
        case 'mixed': {
          expectOp('{');
          const p = pattern();
          expectOp('}');
          return { t: tok.v, p };
        }
        case 'string':
        case 'token': {
          const type = { library: BUILTIN_LIBRARY, name: tok.v };
          if (peek().k === 'literal') return { t: 'value', type, value: literal() };
          return { t: 'data', type, params: params() };
        }
        default:
          throw err(`"${tok.v}" is not supported here`, tok);
      }
    }
    if (tok.k === 'ident') {
      next();
      return { t: 'ref', name: tok.v };
    }
    throw err('expected a pattern', tok);
  };

  const particle = (): Pattern => {
    const p = primary();
    if (isOp('?')) {
      next();
      return { t: 'optional', p };
    }
    if (isOp('*')) {
      next();
      return { t: 'zeroOrMore', p };
    }
    if (isOp('+')) {
      next();
      return { t: 'oneOrMore', p };
    }
    return p;
  };

  const pattern = (): Pattern => {
    const first = particle();
    const op = peek();
    if (!(op.k === 'op' && (op.v === ',' || op.v === '|' || op.v === '&'))) return first;
    const items = [first];
    const kind = op.v === ',' ? 'group' : op.v === '|' ? 'choice' : 'interleave';
    while (isOp(op.v)) {
      next();
      items.push(particle());
    }
    const after = peek();
    if (after.k === 'op' && (after.v === ',' || after.v === '|' || after.v === '&')) {
      throw err('mixing ",", "|" and "&" without parentheses');
    }
    return { t: kind, items };
  };

  while (peek().k !== 'eof') {
    const nameTok = next();
    if (nameTok.k !== 'ident') throw err('expected a definition', nameTok);
    const op = next();
    if (!(op.k === 'op' && op.v === '=')) throw err('only "=" definitions are supported', op);
    const body = pattern();
    if (!nameTok.escaped && nameTok.v === 'start') {
      start = body;
    } else {
      if (defines.has(nameTok.v)) throw err(`"${nameTok.v}" is defined twice`, nameTok);
      defines.set(nameTok.v, body);
    }
  }
  if (!start) throw new RncSyntaxError('the schema has no start pattern', 1, 1);
  return { start, defines };
}

export const NAMESPACES = { XML: XML_NS, XSD_LIBRARY } as const;
