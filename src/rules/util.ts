/** Small DOM helpers shared by rules. */
import type { Element, Node } from '@xmldom/xmldom';
import { SVG_NS } from '../profile/schema.js';

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
