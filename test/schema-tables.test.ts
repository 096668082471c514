/** The schema tables: derived from the official RNC, checked against an independent reduction. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ELEMENTS, ROOT_ELEMENT, SCHEMA_SHA256 } from '../src/profile/schema.generated.js';
import { valueAccepted, xsdPattern } from '../src/profile/schema.js';
import { parseRnc, RncSyntaxError } from '../src/schema/rnc.js';
import { reduceGrammar, SchemaReductionError } from '../src/schema/tables.js';

const root = new URL('../', import.meta.url);
const rncBytes = readFileSync(new URL('schemas/svg-tiny-ps.rnc', root));

interface RefAttr {
  required?: boolean;
  values?: string[];
  keywords?: string[];
  type?: string;
  pattern?: string;
}
interface RefElement {
  children: string[];
  requiredFirstChild: string | null;
  text: boolean;
  reachableFromRoot: boolean;
  attributes: Record<string, RefAttr>;
}
const reference = JSON.parse(readFileSync(new URL('fixtures/schema/tiny-ps-allowed.reference.json', root), 'utf8')) as Record<string, RefElement>;

describe('schema tables', () => {
  it('ship the official RNC byte for byte', () => {
    const sha = createHash('sha256').update(rncBytes).digest('hex');
    expect(sha).toBe('21aa62ccf4c718c34d816435afec4630981d47490d36b85b96a61529dff82932');
    expect(SCHEMA_SHA256).toBe(sha);
    expect(ROOT_ELEMENT).toBe('svg');
  });

  it('agree with the independent trang-based reduction on every element and attribute', () => {
    const names = Object.keys(reference).filter((k) => k !== '_about').sort();
    expect(Object.keys(ELEMENTS).sort()).toEqual(names);
    for (const name of names) {
      const ref = reference[name]!;
      const ours = ELEMENTS[name]!;
      expect([...(ours.first ? [ours.first] : []), ...ours.children].sort(), `${name} children`).toEqual([...ref.children].sort());
      expect(ours.first, `${name} first`).toBe(ref.requiredFirstChild);
      expect(ours.text, `${name} text`).toBe(ref.text);
      expect(ours.reachable, `${name} reachable`).toBe(ref.reachableFromRoot);
      expect(Object.keys(ours.attributes).sort(), `${name} attributes`).toEqual(Object.keys(ref.attributes).sort());
      for (const [attr, r] of Object.entries(ref.attributes)) {
        const o = ours.attributes[attr]!;
        expect(!!o.required, `${name}@${attr} required`).toBe(!!r.required);
        expect([...(o.values ?? [])].sort(), `${name}@${attr} values`).toEqual([...(r.values ?? r.keywords ?? [])].sort());
        expect(o.pattern, `${name}@${attr} pattern`).toBe(r.pattern);
      }
    }
  });

  it('id and xml:id are exclusive on every element that has them', () => {
    for (const [name, spec] of Object.entries(ELEMENTS)) {
      if ('id' in spec.attributes) expect(spec.exclusive, name).toContainEqual(['id', 'xml:id']);
    }
  });
});

describe('datatypes', () => {
  const svg = ELEMENTS.svg!;
  it('enumerations compare after whitespace normalisation, case-sensitively', () => {
    expect(valueAccepted(svg.attributes.version!, ' 1.2 ')).toBe(true);
    expect(valueAccepted(svg.attributes.version!, '1.20')).toBe(false);
    expect(valueAccepted(svg.attributes.baseProfile!, 'Tiny-PS')).toBe(false);
    expect(valueAccepted(ELEMENTS.path!.attributes['fill-rule']!, '\n evenodd\t')).toBe(true);
  });
  it('preserveAspectRatio follows the XSD pattern, anchored', () => {
    const par = svg.attributes.preserveAspectRatio!;
    for (const ok of ['none', 'xMidYMid', 'xMidYMid meet', '  xMidYMid   meet ', 'xMidYMidmeet', 'none meet']) expect(valueAccepted(par, ok), ok).toBe(true);
    for (const bad of ['', 'meet', 'xMidYMid slice', 'xMinYMin', 'defer xMidYMid']) expect(valueAccepted(par, bad), bad).toBe(false);
    expect(xsdPattern('a\\sb').test('a\tb')).toBe(true);
    expect(xsdPattern('a^b$').test('a^b$')).toBe(true);
  });
  it('NCName, NMTOKENS and language', () => {
    const id = ELEMENTS.rect!.attributes.id!;
    for (const ok of ['a', '_x', 'é1', 'a-b.c', ' a ']) expect(valueAccepted(id, ok), ok).toBe(true);
    for (const bad of ['1a', '-a', 'a:b', '', 'a b']) expect(valueAccepted(id, bad), bad).toBe(false);
    const cls = ELEMENTS.rect!.attributes.class!;
    expect(valueAccepted(cls, 'a b-c st0')).toBe(true);
    expect(valueAccepted(cls, '')).toBe(false);
    expect(valueAccepted(cls, 'a,b')).toBe(false);
    const lang = ELEMENTS.desc!.attributes['xml:lang']!;
    for (const ok of ['en', 'en-US', 'x-klingon', '']) expect(valueAccepted(lang, ok), ok).toBe(true);
    for (const bad of ['en_US', 'toolongsubtag', 'en-']) expect(valueAccepted(lang, bad), bad).toBe(false);
  });
});

describe('RNC parser and reducer', () => {
  it('refuse constructs they cannot represent instead of weakening the schema', () => {
    expect(() => reduceGrammar(parseRnc('start = e\ne = element e { attribute a { text } | element f { empty } }'))).toThrow(SchemaReductionError);
    expect(() => reduceGrammar(parseRnc('start = e\ne = element e { (f, g)* }\nf = element f { empty }\ng = element g { empty }'))).toThrow(SchemaReductionError);
    expect(() => reduceGrammar(parseRnc('start = e\ne = element e { attribute a { xsd:integer } }'))).toThrow(SchemaReductionError);
  });
  it('report syntax errors with a position', () => {
    try {
      parseRnc('start = element e { attribute a { "x" }');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RncSyntaxError);
      expect((e as RncSyntaxError).line).toBe(1);
    }
  });
  it('reduce a small grammar with a first child, a choice of attributes and references', () => {
    const t = reduceGrammar(
      parseRnc(`default namespace = "http://www.w3.org/2000/svg"
start = r
r = element r { (attribute id { xsd:NCName } | attribute xml:id { xsd:NCName })?, attribute v { "1" }, h, (c | \\text)* }
h = element h { text }
c = element c { empty }
\\text = element text { text+ }`),
    );
    expect(t.root).toBe('r');
    expect(t.elements.r).toMatchObject({ first: 'h', children: ['c', 'text'], exclusive: [['id', 'xml:id']] });
    expect(t.elements.r!.attributes.v).toEqual({ required: true, values: ['1'] });
    expect(t.elements.text!.text).toBe(true);
  });
});
