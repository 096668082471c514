/**
 * Writes the converted document: UTF-8, no DOCTYPE, the SVG namespace as the only
 * declaration, attributes in document order. `pretty` indents elements (used for
 * readable golden files); otherwise the output is compact (svgo minifies it further).
 */
import type { Element, Node } from '@xmldom/xmldom';
import { SVG_NS } from './dom.js';

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (s: string) => escapeText(s).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');

export function serialize(root: Element, pretty: boolean): string {
  const out: string[] = [];
  const nl = pretty ? '\n' : '';
  type Frame = { node: Node; depth: number; close?: boolean };
  const stack: Frame[] = [{ node: root, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth, close } = stack.pop()!;
    const indent = pretty ? '  '.repeat(depth) : '';
    if (node.nodeType === 3 || node.nodeType === 4) {
      const data = (node as unknown as { data: string }).data;
      out.push(escapeText(pretty ? data.replace(/\s+/g, ' ') : data));
      continue;
    }
    if (node.nodeType !== 1) continue;
    const el = node as Element;
    const name = el.localName ?? el.nodeName;
    if (close) {
      out.push(`${hasElementChildren(el) ? indent : ''}</${name}>${nl}`);
      continue;
    }
    let tag = `${indent}<${name}`;
    if (el === root) {
      tag += ` xmlns="${SVG_NS}"`;
      // Only refused output keeps xlink attributes; it must still be well-formed.
      if (usesXlink(root)) tag += ' xmlns:xlink="http://www.w3.org/1999/xlink"';
    }
    const attrs = [];
    for (let i = 0; i < el.attributes.length; i++) attrs.push(el.attributes.item(i)!);
    // The root's defining attributes come first, in a fixed order, for readability.
    if (el === root) attrs.sort((a, b) => rootRank(a.name) - rootRank(b.name));
    for (const a of attrs) {
      if (a.name === 'xmlns' || a.name.startsWith('xmlns:')) continue;
      const qname =
        a.namespaceURI === 'http://www.w3.org/XML/1998/namespace' ? `xml:${a.localName}` : a.namespaceURI === 'http://www.w3.org/1999/xlink' ? `xlink:${a.localName}` : a.name;
      tag += ` ${qname}="${escapeAttr(a.value)}"`;
    }
    const kids: Node[] = [];
    for (let c = el.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === 1 || ((c.nodeType === 3 || c.nodeType === 4) && (!hasElementChildren(el) || /\S/.test((c as unknown as { data: string }).data)))) kids.push(c);
    }
    if (kids.length === 0) {
      out.push(`${tag}/>${nl}`);
      continue;
    }
    const elementContent = hasElementChildren(el);
    out.push(`${tag}>${elementContent ? nl : ''}`);
    stack.push({ node: el, depth, close: true });
    for (let k = kids.length - 1; k >= 0; k--) stack.push({ node: kids[k]!, depth: depth + 1 });
  }
  return out.join('');
}

function usesXlink(root: Element): boolean {
  const stack: Element[] = [root];
  while (stack.length > 0) {
    const el = stack.pop()!;
    for (let i = 0; i < el.attributes.length; i++) if (el.attributes.item(i)!.namespaceURI === 'http://www.w3.org/1999/xlink') return true;
    for (let c = el.firstChild; c; c = c.nextSibling) if (c.nodeType === 1) stack.push(c as Element);
  }
  return false;
}

const ROOT_ORDER = ['version', 'baseProfile', 'width', 'height', 'viewBox'];
function rootRank(name: string): number {
  const k = ROOT_ORDER.indexOf(name);
  return k === -1 ? ROOT_ORDER.length : k;
}

function hasElementChildren(el: Element): boolean {
  for (let c = el.firstChild; c; c = c.nextSibling) if (c.nodeType === 1) return true;
  return false;
}
