import type { Attr, Element } from '@xmldom/xmldom';
import type { Pass } from '../context.js';
import { attributes, elements, XLINK_NS, XML_NS } from '../dom.js';
import { isNCName } from '../../profile/schema.js';

/** url(#id) with optional quotes; CSS function names are case-insensitive. */
const URL_REF = /url\(\s*(['"]?)\s*#(.*?)\s*\1\s*\)/gi;

/** True for href and xlink:href, whose whole value is a reference. */
export function isHrefAttribute(a: Attr): boolean {
  return (a.localName ?? a.name) === 'href' && (!a.namespaceURI || a.namespaceURI === XLINK_NS);
}

/** True for id and xml:id. */
export function isIdAttribute(a: Attr): boolean {
  return (!a.namespaceURI && a.name === 'id') || (a.namespaceURI === XML_NS && a.localName === 'id');
}

/** The local ids an attribute refers to: "#id" in href/xlink:href, url(#id) in any other attribute. */
export function referencesIn(a: Attr): string[] {
  const value = a.value;
  if (isHrefAttribute(a)) {
    const v = value.trim();
    return v.startsWith('#') && v.length > 1 ? [v.slice(1)] : [];
  }
  if (!value.includes('#')) return [];
  const out: string[] = [];
  for (const m of value.matchAll(URL_REF)) if (m[2]) out.push(m[2]);
  return out;
}

/**
 * Rewrites the references in an attribute value with `rename` (which returns the new
 * id, or undefined to leave a reference alone). Returns the new value, or null when
 * nothing changed.
 */
export function rewriteReferences(a: Attr, rename: (id: string) => string | undefined): string | null {
  if (isHrefAttribute(a)) {
    const v = a.value.trim();
    if (!v.startsWith('#')) return null;
    const to = rename(v.slice(1));
    return to === undefined || to === v.slice(1) ? null : `#${to}`;
  }
  if (!a.value.includes('#')) return null;
  let changed = false;
  const out = a.value.replace(URL_REF, (whole, _q: string, id: string) => {
    const to = rename(id);
    if (to === undefined || to === id) return whole;
    changed = true;
    return `url(#${to})`;
  });
  return changed ? out : null;
}

/** Sets an attribute's value through its element (xmldom keeps value and nodeValue apart). */
export function setValue(el: Element, a: Attr, value: string): void {
  if (a.namespaceURI) el.setAttributeNS(a.namespaceURI, a.name, value);
  else el.setAttribute(a.name, value);
}

/** The id of an element (id, else xml:id), or null. */
export function idOf(el: Element): string | null {
  return el.getAttribute('id') || el.getAttributeNS(XML_NS, 'id') || null;
}

/**
 * Resolves a reference as a browser does: the first element in document order with
 * that id; a percent-encoded fragment is decoded when the raw one names nothing.
 */
export function resolveId(index: ReadonlyMap<string, Element>, id: string): Element | undefined {
  const direct = index.get(id);
  if (direct || !id.includes('%')) return direct;
  try {
    return index.get(decodeURIComponent(id));
  } catch {
    return undefined;
  }
}

/** Every id (id and xml:id) → its elements in document order. */
function allIds(root: Element): Map<string, Element[]> {
  const map = new Map<string, Element[]>();
  for (const el of elements(root)) {
    for (const a of attributes(el)) {
      if (!isIdAttribute(a)) continue;
      const list = map.get(a.value);
      if (list) {
        if (!list.includes(el)) list.push(el);
      } else map.set(a.value, [el]);
    }
  }
  return map;
}

/** A valid NCName close to `id`: invalid characters become "_", and a name must start with a letter or "_". */
function ncName(id: string): string {
  let out = '';
  for (const ch of id.trim()) out += isNCName(`a${ch}`) ? ch : '_';
  if (out === '' || !isNCName(out)) out = `_${out}`;
  return out;
}

/**
 * [E9] Leaves ids only where something refers to them (url(#…) in any attribute,
 * href/xlink:href="#…"), each a valid, unique NCName, with every reference updated.
 * A reference means what a browser resolves it to: the first element in document
 * order with that id. xml:id becomes id (the schema wants one of them; id is what
 * renderers and svgo understand).
 */
const pass: Pass = {
  id: 'ids',
  description: 'Makes ids valid NCNames and unique, and drops unused ids [E9].',
  run(ctx) {
    const root = ctx.root;
    const byId = allIds(root);
    const first = new Map<string, Element>();
    for (const [id, list] of byId) first.set(id, list[0]!);

    // Which elements are referenced, by which reference values.
    const all = elements(root);
    const targets = new Set<Element>();
    for (const el of all) {
      for (const a of attributes(el)) {
        for (const ref of referencesIn(a)) {
          const target = resolveId(first, ref);
          if (target) targets.add(target);
        }
      }
    }

    // Final ids. A referenced element is the first with its id, so valid ids of
    // referenced elements are unique already and are reserved before invalid ones
    // are renamed around them.
    const reserved = new Set<string>();
    for (const el of targets) {
      const current = idOf(el) ?? '';
      if (isNCName(current)) reserved.add(current);
    }
    const finalId = new Map<Element, string>();
    const taken = new Set<string>();
    for (const el of all) {
      if (!targets.has(el)) continue;
      const current = idOf(el) ?? '';
      let name = current;
      if (!isNCName(current) || taken.has(current)) {
        const base = ncName(current);
        name = base;
        for (let k = 2; taken.has(name) || reserved.has(name); k++) name = `${base}_${k}`;
        if (isNCName(current)) ctx.change('ids', 'renamed ids that two referenced elements shared', { ruleId: 'no-duplicate-id' });
        else ctx.change('ids', 'renamed ids that are not XML names (NCName: a letter or "_" first, no colons or spaces)', { ruleId: 'attribute-value' });
      }
      taken.add(name);
      finalId.set(el, name);
    }

    // Only the first element with an id can be referenced; the others lose it.
    const duplicates = new Set<Element>();
    for (const list of byId.values()) for (let k = 1; k < list.length; k++) duplicates.add(list[k]!);

    // Drop every id, then give referenced elements their final id.
    for (const el of all) {
      const hasId = el.hasAttribute('id');
      const hasXmlId = el.hasAttributeNS(XML_NS, 'id');
      if (!hasId && !hasXmlId) continue;
      const keep = finalId.get(el);
      if (hasXmlId) {
        el.removeAttributeNS(XML_NS, 'id');
        if (hasId) ctx.change('ids', 'removed xml:id where the element also has an id', { ruleId: 'no-id-and-xml-id' });
        else if (keep !== undefined) {
          // Renderers resolve references by id only (librsvg and Blink ignore xml:id),
          // so the reference did not work before; now it does, as its author meant.
          ctx.change('ids', 'replaced a referenced xml:id by id: references to it now resolve in browsers, which ignored them before', { lossy: true });
        }
      }
      if (keep === undefined) {
        if (hasId) el.removeAttribute('id');
        if (duplicates.has(el)) ctx.change('ids', 'removed duplicate ids (references resolve to the first element with the id, as in browsers)', { ruleId: 'no-duplicate-id' });
        else ctx.change('ids', 'removed ids that nothing refers to');
        continue;
      }
      if (el.getAttribute('id') !== keep) el.setAttribute('id', keep);
    }

    // Point every reference at the final id of the element it resolved to.
    const rename = (ref: string): string | undefined => {
      const target = resolveId(first, ref);
      return target ? finalId.get(target) : undefined;
    };
    for (const el of all) {
      for (const a of attributes(el)) {
        if (isIdAttribute(a)) continue;
        const v = rewriteReferences(a, rename);
        if (v !== null) setValue(el, a, v);
      }
    }
  },
};
export default pass;
