import type { Pass } from '../context.js';
import { attributes, elements, isSvgElement, remove, SVG_NS, XML_NS } from '../dom.js';

const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

/**
 * [A12, E10, A13] Removes what editors add that is not drawing: elements and
 * attributes in other namespaces (Inkscape, Sodipodi, Adobe, Sketch, Figma …), RDF
 * metadata, and namespace declarations other than SVG's. xlink attributes are left
 * for the passes that resolve references (use, gradients) to read first.
 */
const pass: Pass = {
  id: 'editor-data',
  description: 'Removes editor data: foreign-namespace elements and attributes, RDF metadata and unused namespace declarations.',
  run(ctx) {
    for (const el of elements(ctx.root)) {
      if (!el.parentNode) continue;
      if (el !== ctx.root && el.namespaceURI !== SVG_NS) {
        remove(el);
        ctx.change('editor-data', `removed <${el.nodeName}> (${el.namespaceURI ? 'editor data' : 'no namespace'})`, { ruleId: 'element-allowed-list' });
        continue;
      }
      if (isSvgElement(el, 'metadata')) {
        remove(el);
        ctx.change('editor-data', 'removed <metadata>', { ruleId: 'element-allowed-list' });
        continue;
      }
      for (const a of attributes(el)) {
        const ns = a.namespaceURI;
        if (ns === XMLNS_NS || a.name === 'xmlns' || a.name.startsWith('xmlns:')) {
          if (a.name !== 'xmlns') el.removeAttributeNode(a);
          continue;
        }
        if (!ns || ns === XML_NS || ns === 'http://www.w3.org/1999/xlink') continue;
        el.removeAttributeNode(a);
        ctx.change('editor-data', `removed ${a.prefix ?? 'foreign'}:* attributes`, { ruleId: 'attribute-allowed-list' });
      }
    }
  },
};
export default pass;
