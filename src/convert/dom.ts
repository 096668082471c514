/** Small DOM operations for conversion passes, iterative so that deep trees are safe. */
import type { Attr, Element, Node } from '@xmldom/xmldom';
import { SVG_NS, XLINK_NS, XML_NS } from '../profile/schema.js';

export { SVG_NS, XLINK_NS, XML_NS };

/** Every element below (and including) `root`, in document order. */
export function elements(root: Element): Element[] {
  const out: Element[] = [];
  const stack: Element[] = [root];
  while (stack.length > 0) {
    const el = stack.pop()!;
    out.push(el);
    for (let c = el.lastChild; c; c = c.previousSibling) if (c.nodeType === 1) stack.push(c as Element);
  }
  return out;
}

export function children(el: Element): Element[] {
  const out: Element[] = [];
  for (let c = el.firstChild; c; c = c.nextSibling) if (c.nodeType === 1) out.push(c as Element);
  return out;
}

export function isSvgElement(node: Node | null | undefined, ...names: string[]): boolean {
  if (!node || node.nodeType !== 1) return false;
  const el = node as Element;
  return el.namespaceURI === SVG_NS && (names.length === 0 || names.includes(el.localName ?? ''));
}

export function remove(node: Node): void {
  node.parentNode?.removeChild(node);
}

/** Replaces an element by its children. */
export function unwrap(el: Element): void {
  const parent = el.parentNode;
  if (!parent) return;
  while (el.firstChild) parent.insertBefore(el.firstChild, el);
  parent.removeChild(el);
}

/** Attributes as a stable array (the live map changes while attributes are removed). */
export function attributes(el: Element): Attr[] {
  const out: Attr[] = [];
  for (let i = 0; i < el.attributes.length; i++) out.push(el.attributes.item(i)!);
  return out;
}

/** An attribute in no namespace, or null. */
export function get(el: Element, name: string): string | null {
  return el.hasAttribute(name) ? el.getAttribute(name) : null;
}

/** href of use/gradients, plain or xlink. */
export function href(el: Element): string | null {
  return el.getAttribute('href') || el.getAttributeNS(XLINK_NS, 'href') || null;
}

export function removeHref(el: Element): void {
  el.removeAttribute('href');
  el.removeAttributeNS(XLINK_NS, 'href');
}

/** The element an `#id` reference points at, searching the whole document (ids may be duplicated in input). */
export function byId(root: Element, id: string): Element | null {
  for (const el of elements(root)) {
    if (el.getAttribute('id') === id || el.getAttributeNS(XML_NS, 'id') === id) return el;
  }
  return null;
}

/** Index of all ids (first occurrence wins, as in browsers). */
export function idIndex(root: Element): Map<string, Element> {
  const map = new Map<string, Element>();
  for (const el of elements(root)) {
    const id = el.getAttribute('id') || el.getAttributeNS(XML_NS, 'id');
    if (id && !map.has(id)) map.set(id, el);
  }
  return map;
}

/** Formats a number compactly for output (no exponent, at most `digits` decimals). */
export function num(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return '0';
  const r = Number(value.toFixed(digits));
  const s = String(Object.is(r, -0) ? 0 : r);
  if (!s.includes('e')) return s;
  return r.toFixed(digits).replace(/\.?0+$/, '');
}

/**
 * Runs `fn` with xmldom's live child lists switched off, then rebuilds them once.
 * xmldom re-indexes a parent's whole `childNodes` on every removal, which makes
 * removing many siblings quadratic (20,000 removals took seconds); the passes only
 * walk firstChild/nextSibling links, so the lists can be rebuilt at the end. This
 * relies on xmldom's internal `_inc` counter (0.9.x), guarded by a test.
 */
export function withBatchedChildLists<T>(doc: import('@xmldom/xmldom').Document, fn: () => T): T {
  const internal = doc as unknown as { _inc?: number };
  const saved = internal._inc;
  if (typeof saved !== 'number') return fn();
  internal._inc = 0;
  try {
    return fn();
  } finally {
    internal._inc = saved + 1;
    const stack: Node[] = [doc];
    while (stack.length > 0) {
      const node = stack.pop()!;
      const list = node.childNodes as unknown as { length: number; [k: number]: Node | undefined };
      let i = 0;
      for (let c = node.firstChild; c; c = c.nextSibling) {
        list[i++] = c;
        if (c.firstChild) stack.push(c);
      }
      for (let k = i; k < list.length; k++) delete list[k];
      list.length = i;
    }
  }
}
