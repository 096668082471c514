/** Questions answered from the generated schema tables. */
import type { Attr, Element } from '@xmldom/xmldom';
import { ELEMENTS, ROOT_ELEMENT } from './schema.generated.js';
import type { AttributeSpec, ElementSpec } from './schema-types.js';

export { ELEMENTS, ROOT_ELEMENT };
export type { AttributeSpec, ElementSpec };

export const SVG_NS = 'http://www.w3.org/2000/svg';
export const XML_NS = 'http://www.w3.org/XML/1998/namespace';
export const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';
export const XLINK_NS = 'http://www.w3.org/1999/xlink';

/** The schema's definition of an element, when the schema knows it in this namespace. */
export function elementSpec(el: Element): ElementSpec | undefined {
  if (el.namespaceURI !== SVG_NS) return undefined;
  return Object.prototype.hasOwnProperty.call(ELEMENTS, (el.localName ?? '')) ? ELEMENTS[(el.localName ?? '')] : undefined;
}

/** True when the schema can accept this element somewhere in a document. */
export function isSchemaElement(el: Element): boolean {
  const spec = elementSpec(el);
  return spec !== undefined && spec.reachable;
}

export type AttributeKind =
  | { kind: 'declaration' }
  | { kind: 'schema'; key: string }
  | { kind: 'foreign'; namespace: string };

/** Classifies an attribute the way RELAX NG sees it. */
export function attributeKind(attr: Attr): AttributeKind {
  const ns = attr.namespaceURI;
  if (ns === XMLNS_NS || (ns === null && (attr.name === 'xmlns' || attr.name.startsWith('xmlns:')))) {
    return { kind: 'declaration' };
  }
  if (ns === null || ns === '') return { kind: 'schema', key: attr.localName ?? attr.name };
  if (ns === XML_NS) return { kind: 'schema', key: `xml:${attr.localName}` };
  return { kind: 'foreign', namespace: ns };
}

const WS = /[\t\n\r ]+/g;
export function collapseWhitespace(value: string): string {
  return value.replace(WS, ' ').trim();
}

// XML 1.0 (5th edition) name characters, without the colon.
const NAME_START =
  'A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}';
const NAME_CHAR = `${NAME_START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040`;
const NCNAME = new RegExp(`^[${NAME_START}][${NAME_CHAR}]*$`, 'u');
const NMTOKEN = new RegExp(`^[${NAME_CHAR}:]+$`, 'u');
const LANGUAGE = /^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$/;

export function isNCName(value: string): boolean {
  return NCNAME.test(value);
}

const patternCache = new Map<string, RegExp>();

/** Translates an XSD regular expression (the subset the schema uses) into an anchored JS RegExp. */
export function xsdPattern(pattern: string): RegExp {
  let cached = patternCache.get(pattern);
  if (cached) return cached;
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      const d = pattern[++i];
      if (d === 's') out += '[\\t\\n\\r ]';
      else if (d === 'S') out += '[^\\t\\n\\r ]';
      else if (d === 'd') out += '\\p{Nd}';
      else if (d !== undefined && '\\|.-^?*+{}()[]$'.includes(d)) out += `\\${d}`;
      else if (d === 'n' || d === 'r' || d === 't') out += `\\${d}`;
      else throw new Error(`XSD regular expression escape \\${d} is not supported`);
    } else if (c === '^' || c === '$') {
      out += `\\${c}`;
    } else {
      out += c;
    }
  }
  cached = new RegExp(`^(?:${out})$`, 'u');
  patternCache.set(pattern, cached);
  return cached;
}

function typeAccepts(type: string, raw: string, spec: AttributeSpec): boolean {
  switch (type) {
    case 'text':
    case 'anyURI':
      return true;
    case 'string':
      return spec.pattern === undefined || xsdPattern(spec.pattern).test(raw);
    case 'token':
      return true;
    case 'NCName':
      return isNCName(collapseWhitespace(raw));
    case 'NMTOKENS': {
      const v = collapseWhitespace(raw);
      return v !== '' && v.split(' ').every((t) => NMTOKEN.test(t));
    }
    case 'language':
      return LANGUAGE.test(collapseWhitespace(raw));
    default:
      return false;
  }
}

/** Whether the schema accepts `raw` as the value of an attribute with this spec. */
export function valueAccepted(spec: AttributeSpec, raw: string): boolean {
  if (spec.values && spec.values.includes(collapseWhitespace(raw))) return true;
  if (spec.emptyOk && collapseWhitespace(raw) === '') return true;
  if (spec.types) for (const t of spec.types) if (typeAccepts(t, raw, spec)) return true;
  return false;
}

/** True when the attribute accepts any text (so the schema checks nothing about its value). */
export function isFreeText(spec: AttributeSpec): boolean {
  return (spec.types ?? []).some((t) => t === 'text' || t === 'anyURI' || (t === 'string' && spec.pattern === undefined));
}
