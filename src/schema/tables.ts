/**
 * Reduces the official RNC to per-element tables and renders them as a TypeScript
 * module. The reduction is exact for the shapes this schema uses and throws on any
 * construct it cannot represent, so a changed schema can never be reduced silently
 * into something weaker.
 */
import { createHash } from 'node:crypto';
import type { AttributeSpec, ElementSpec } from '../profile/schema-types.js';
import { NAMESPACES, parseRnc, type Grammar, type Pattern } from './rnc.js';

export const SVG_NS = 'http://www.w3.org/2000/svg';

export interface ProfileTables {
  root: string;
  elements: Record<string, ElementSpec>;
}

export class SchemaReductionError extends Error {
  override name = 'SchemaReductionError';
}

interface MutableAttr {
  required?: true;
  values?: string[];
  types?: string[];
  pattern?: string;
  emptyOk?: true;
}

const SUPPORTED_TYPES = new Set(['string', 'NCName', 'NMTOKENS', 'language', 'anyURI', 'token']);

function attributeKey(ns: string, local: string, where: string): string {
  if (ns === '') return local;
  if (ns === NAMESPACES.XML) return `xml:${local}`;
  throw new SchemaReductionError(`${where}: attribute in namespace ${ns} cannot be tabled`);
}

/** Collapses XML whitespace the way the RELAX NG `token` type does. */
function tokenNormalise(s: string): string {
  return s.replace(/[ \t\n\r]+/g, ' ').trim();
}

function reduceValue(p: Pattern, where: string): MutableAttr {
  const out: MutableAttr = {};
  const visit = (q: Pattern, optional: boolean): void => {
    switch (q.t) {
      case 'choice':
        for (const item of q.items) visit(item, optional);
        return;
      case 'optional':
        out.emptyOk = true;
        visit(q.p, true);
        return;
      case 'empty':
        out.emptyOk = true;
        return;
      case 'text':
        (out.types ??= []).push('text');
        return;
      case 'value': {
        if (q.type.name !== 'token' && q.type.name !== 'string') {
          throw new SchemaReductionError(`${where}: value of type ${q.type.name} is not supported`);
        }
        if (q.type.name === 'string' || q.type.library !== '') {
          throw new SchemaReductionError(`${where}: only token-typed literal values are supported`);
        }
        (out.values ??= []).push(tokenNormalise(q.value));
        return;
      }
      case 'data': {
        if (!(q.type.library === NAMESPACES.XSD_LIBRARY || q.type.library === '') || !SUPPORTED_TYPES.has(q.type.name)) {
          throw new SchemaReductionError(`${where}: datatype ${q.type.name} is not supported`);
        }
        for (const param of q.params) {
          if (param.name !== 'pattern' || q.type.name !== 'string') {
            throw new SchemaReductionError(`${where}: datatype parameter ${param.name} is not supported`);
          }
          if (out.pattern !== undefined) throw new SchemaReductionError(`${where}: two patterns`);
          out.pattern = param.value;
        }
        (out.types ??= []).push(q.type.name);
        void optional;
        return;
      }
      default:
        throw new SchemaReductionError(`${where}: attribute value pattern "${q.t}" is not supported`);
    }
  };
  visit(p, false);
  if (out.pattern !== undefined && (out.types ?? []).filter((t) => t === 'string' || t === 'text').length > 1) {
    throw new SchemaReductionError(`${where}: a pattern next to an unrestricted string cannot be tabled`);
  }
  if (out.values) out.values = [...new Set(out.values)].sort();
  if (out.types) out.types = [...new Set(out.types)].sort();
  return out;
}

interface ElementDef {
  define: string;
  local: string;
  content: Pattern;
}

function elementDefs(grammar: Grammar): Map<string, ElementDef> {
  const defs = new Map<string, ElementDef>();
  for (const [name, body] of grammar.defines) {
    if (body.t !== 'element') continue;
    if (body.name.ns !== SVG_NS) {
      throw new SchemaReductionError(`element ${body.name.written} is not in the SVG namespace`);
    }
    defs.set(name, { define: name, local: body.name.local, content: body.p });
  }
  return defs;
}

/** Removes attribute patterns from a content pattern, collecting them. */
function splitAttributes(
  p: Pattern,
  grammar: Grammar,
  defs: Map<string, ElementDef>,
  where: string,
  attrs: Record<string, MutableAttr>,
  exclusive: string[][],
  optional: boolean,
): Pattern {
  const recur = (q: Pattern, opt: boolean) => splitAttributes(q, grammar, defs, where, attrs, exclusive, opt);
  switch (p.t) {
    case 'attribute': {
      const key = attributeKey(p.name.ns, p.name.local, where);
      if (attrs[key]) throw new SchemaReductionError(`${where}: attribute ${key} declared twice`);
      const spec = reduceValue(p.p, `${where}@${key}`);
      if (!optional) spec.required = true;
      attrs[key] = spec;
      return { t: 'empty' };
    }
    case 'optional':
      return simplify({ t: 'optional', p: recur(p.p, true) });
    case 'zeroOrMore':
      return simplify({ t: 'zeroOrMore', p: recur(p.p, true) });
    case 'oneOrMore':
      return simplify({ t: 'oneOrMore', p: recur(p.p, optional) });
    case 'group':
    case 'interleave':
      return simplify({ t: p.t, items: p.items.map((item) => recur(item, optional)) });
    case 'choice': {
      const attrItems = p.items.filter((item) => item.t === 'attribute');
      if (attrItems.length === 0) return simplify({ t: 'choice', items: p.items.map((item) => recur(item, optional)) });
      if (attrItems.length !== p.items.length) {
        throw new SchemaReductionError(`${where}: a choice between attributes and other patterns is not supported`);
      }
      if (!optional) throw new SchemaReductionError(`${where}: a required choice of attributes is not supported`);
      const names: string[] = [];
      for (const item of attrItems) {
        recur(item, true);
        if (item.t === 'attribute') names.push(attributeKey(item.name.ns, item.name.local, where));
      }
      exclusive.push(names);
      return { t: 'empty' };
    }
    case 'ref': {
      if (defs.has(p.name)) return p;
      const body = grammar.defines.get(p.name);
      if (!body) throw new SchemaReductionError(`${where}: reference to undefined pattern ${p.name}`);
      return recur(body, optional);
    }
    case 'element':
      throw new SchemaReductionError(`${where}: inline element definitions are not supported`);
    case 'text':
    case 'empty':
    case 'notAllowed':
      return p;
    default:
      throw new SchemaReductionError(`${where}: pattern "${p.t}" is not supported in element content`);
  }
}

function simplify(p: Pattern): Pattern {
  switch (p.t) {
    case 'group':
    case 'interleave':
    case 'choice': {
      const items = p.items.filter((item) => item.t !== 'empty' || p.t === 'choice');
      if (p.t !== 'choice' && items.length === 0) return { t: 'empty' };
      if (items.length === 1) return items[0]!;
      return { t: p.t, items };
    }
    case 'optional':
    case 'zeroOrMore':
      return p.p.t === 'empty' ? { t: 'empty' } : p;
    case 'oneOrMore':
      return p.p.t === 'empty' ? { t: 'empty' } : p;
    default:
      return p;
  }
}

function refLocal(p: Pattern, defs: Map<string, ElementDef>, where: string): string {
  if (p.t !== 'ref') throw new SchemaReductionError(`${where}: expected an element reference, found "${p.t}"`);
  const def = defs.get(p.name);
  if (!def) throw new SchemaReductionError(`${where}: ${p.name} is not an element`);
  return def.local;
}

function repeatedChoice(p: Pattern, defs: Map<string, ElementDef>, where: string): string[] | null {
  if (p.t !== 'zeroOrMore') return null;
  const inner = p.p;
  const items = inner.t === 'choice' ? inner.items : [inner];
  return items.map((item) => refLocal(item, defs, where));
}

function reduceContent(
  p: Pattern,
  defs: Map<string, ElementDef>,
  where: string,
): { first: string | null; children: string[]; text: boolean } {
  if (p.t === 'empty') return { first: null, children: [], text: false };
  if (p.t === 'text' || ((p.t === 'oneOrMore' || p.t === 'zeroOrMore') && p.p.t === 'text')) {
    return { first: null, children: [], text: true };
  }
  const repeated = repeatedChoice(p, defs, where);
  if (repeated) return { first: null, children: repeated, text: false };
  if (p.t === 'group' && p.items.length === 2) {
    const first = refLocal(p.items[0]!, defs, where);
    const rest = repeatedChoice(p.items[1]!, defs, where);
    if (rest) {
      if (rest.includes(first)) {
        throw new SchemaReductionError(`${where}: the first child may also repeat; not representable`);
      }
      return { first, children: rest, text: false };
    }
  }
  throw new SchemaReductionError(`${where}: content model of shape "${p.t}" is not supported`);
}

/** Reduces a parsed grammar to per-element tables. */
export function reduceGrammar(grammar: Grammar): ProfileTables {
  const defs = elementDefs(grammar);
  const byLocal = new Map<string, ElementDef>();
  for (const def of defs.values()) {
    if (byLocal.has(def.local)) {
      throw new SchemaReductionError(`element ${def.local} has two definitions; context-dependent tables are not supported`);
    }
    byLocal.set(def.local, def);
  }
  const root = refLocal(grammar.start, defs, 'start');
  const elements: Record<string, ElementSpec> = {};
  const children = new Map<string, string[]>();
  for (const def of [...defs.values()].sort((a, b) => (a.local < b.local ? -1 : 1))) {
    const where = `<${def.local}>`;
    const attrs: Record<string, MutableAttr> = {};
    const exclusive: string[][] = [];
    const content = splitAttributes(def.content, grammar, defs, where, attrs, exclusive, false);
    const model = reduceContent(simplify(content), defs, where);
    children.set(def.local, [...(model.first ? [model.first] : []), ...model.children]);
    const sortedAttrs: Record<string, AttributeSpec> = {};
    for (const key of Object.keys(attrs).sort()) sortedAttrs[key] = attrs[key]!;
    elements[def.local] = {
      first: model.first,
      children: [...new Set(model.children)].sort(),
      text: model.text,
      reachable: false,
      attributes: sortedAttrs,
      exclusive: exclusive.map((group) => [...group].sort()),
    };
  }
  const reachable = new Set<string>([root]);
  const queue = [root];
  while (queue.length > 0) {
    const name = queue.shift()!;
    for (const child of children.get(name) ?? []) {
      if (!reachable.has(child)) {
        reachable.add(child);
        queue.push(child);
      }
    }
  }
  for (const [name, spec] of Object.entries(elements)) {
    elements[name] = { ...spec, reachable: reachable.has(name) };
  }
  return { root, elements };
}

/** Renders the tables as the TypeScript module committed as src/profile/schema.generated.ts. */
export function renderTablesModule(tables: ProfileTables, rncSource: string | Uint8Array): string {
  const sha = createHash('sha256').update(rncSource).digest('hex');
  // Identical attribute specs (the paint properties repeat on every element) are
  // emitted once and shared, which keeps the module small and quick to load.
  const specIds = new Map<string, string>();
  const specOf = (spec: AttributeSpec): string => {
    const json = JSON.stringify(spec);
    let id = specIds.get(json);
    if (!id) specIds.set(json, (id = `A${specIds.size}`));
    return id;
  };
  const body: string[] = [];
  body.push('export const ELEMENTS: Readonly<Record<string, ElementSpec>> = dict({');
  for (const [name, spec] of Object.entries(tables.elements)) {
    body.push(`  ${JSON.stringify(name)}: {`);
    body.push(`    first: ${JSON.stringify(spec.first)},`);
    body.push(`    children: ${JSON.stringify(spec.children)},`);
    body.push(`    text: ${spec.text},`);
    body.push(`    reachable: ${spec.reachable},`);
    body.push(`    exclusive: ${JSON.stringify(spec.exclusive)},`);
    body.push('    attributes: dict({');
    for (const [attr, aspec] of Object.entries(spec.attributes)) body.push(`      ${JSON.stringify(attr)}: ${specOf(aspec)},`);
    body.push('    }),');
    body.push('  },');
  }
  body.push('});');
  const lines: string[] = [];
  lines.push('// Generated from schemas/svg-tiny-ps.rnc by scripts/generate-tables.mjs: do not edit.');
  lines.push('// Run `npm run generate` after changing the schema or the generator.');
  lines.push("import { dict } from '../dict.js';");
  lines.push("import type { AttributeSpec, ElementSpec } from './schema-types.js';");
  lines.push('');
  lines.push(`export const SCHEMA_SHA256 = '${sha}';`);
  lines.push('');
  lines.push(`export const ROOT_ELEMENT = ${JSON.stringify(tables.root)};`);
  lines.push('');
  for (const [json, id] of specIds) lines.push(`const ${id}: AttributeSpec = ${json};`);
  lines.push('');
  lines.push(...body);
  lines.push('');
  return lines.join('\n');
}

/** Parses, reduces and renders in one step. */
export function generateTablesModule(rncSource: string): string {
  return renderTablesModule(reduceGrammar(parseRnc(rncSource)), rncSource);
}
