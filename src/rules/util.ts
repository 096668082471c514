/** Small DOM helpers shared by rules. */
import type { Attr, Element, Node } from '@xmldom/xmldom';
import { attributeKind, elementSpec, SVG_NS, type AttributeKind, type ElementSpec } from '../profile/schema.js';
import type { WalkState } from '../types.js';

export { collapseWhitespace } from '../profile/schema.js';

export function isSvgRoot(el: Element): boolean {
  return el.localName === 'svg' && el.namespaceURI === SVG_NS && el.parentNode?.nodeType === 9;
}

export function isSvg(el: Element, localName: string): boolean {
  return el.localName === localName && el.namespaceURI === SVG_NS;
}

/** Element children, in order. */
export function elementChildren(el: Element): Element[] {
  const out: Element[] = [];
  for (let c = el.firstChild; c; c = c.nextSibling) if (c.nodeType === 1) out.push(c as Element);
  return out;
}

/** Concatenated character data of an element's direct text and CDATA children. */
export function directText(el: Element): string {
  let s = '';
  for (let c: Node | null = el.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === 3 || c.nodeType === 4) s += (c as unknown as { data: string }).data;
  }
  return s;
}

/** Attribute value in no namespace, or null. */
export function attr(el: Element, name: string): string | null {
  return el.hasAttribute(name) ? el.getAttribute(name) : null;
}

/** A short, quoted excerpt of a value for messages. */
export function excerpt(value: string, max = 40): string {
  const v = value.replace(/\s+/g, ' ').trim();
  return v.length > max ? `${v.slice(0, max - 1)}…` : v;
}

/**
 * The schema's spec of an element the schema rules look at: known, reachable, and
 * not inside an element the schema rejected (whose content is not checked again).
 */
export function checkedSpec(el: Element, state: WalkState): ElementSpec | undefined {
  if (state.insideUnknown) return undefined;
  const spec = elementSpec(el);
  return spec && spec.reachable ? spec : undefined;
}

/** Calls `fn` for each attribute with its RELAX NG classification (namespace declarations included). */
export function forEachAttribute(el: Element, fn: (attr: Attr, kind: AttributeKind) => void): void {
  const attrs = el.attributes;
  for (let i = 0; i < attrs.length; i++) {
    const a = attrs.item(i)!;
    fn(a, attributeKind(a));
  }
}
