import type { Pass } from '../context.js';
import { attributes, elements, isSvgElement, remove } from '../dom.js';
import { attributeKind, elementSpec } from '../../profile/schema.js';

/** Attributes whose loss would change the drawing: earlier passes must have resolved them. */
const RENDERING = new Set(['opacity', 'clip-path', 'mask', 'filter', 'display', 'visibility', 'style', 'gradientTransform', 'fx', 'fy', 'fr', 'spreadMethod', 'marker-start', 'marker-mid', 'marker-end', 'paint-order', 'mix-blend-mode']);

/**
 * Final clean-up against the schema tables: attributes the schema does not allow and
 * that do not affect the drawing (class, data-*, aria-*, editor leftovers …) are
 * removed; anything that would change the drawing and is still there, and elements
 * the schema does not know, are refused with their rule id.
 */
const pass: Pass = {
  id: 'prune',
  description: 'Removes attributes the schema does not allow and that do not affect the drawing; refuses anything else left over.',
  run(ctx) {
    for (const el of elements(ctx.root)) {
      if (!el.parentNode || ctx.isRefused(el)) continue;
      const spec = elementSpec(el);
      if (!spec || !spec.reachable) {
        ctx.refuse('prune', 'element-allowed-list', `<${el.nodeName}> could not be converted into Tiny PS elements`, el);
        continue;
      }
      const parent = el.parentNode;
      if (parent.nodeType === 1 && el !== ctx.root) {
        const parentSpec = elementSpec(parent as import('@xmldom/xmldom').Element);
        if (parentSpec && parentSpec.first !== el.localName && !parentSpec.children.includes(el.localName ?? '') && !isSvgElement(el, 'title')) {
          remove(el);
          ctx.change('prune', `removed <${el.localName}> from <${parent.nodeName}>, where it is not allowed`, { ruleId: 'element-placement', lossy: true });
          continue;
        }
      }
      for (const a of attributes(el)) {
        const kind = attributeKind(a);
        if (kind.kind === 'declaration') continue;
        const key = kind.kind === 'schema' ? kind.key : a.name;
        if (kind.kind === 'schema' && Object.prototype.hasOwnProperty.call(spec.attributes, key)) continue;
        if (RENDERING.has(a.localName ?? a.name) && !(a.localName === 'display' && a.value.trim() !== 'none') && !(a.localName === 'visibility' && a.value.trim() === 'visible')) {
          ctx.refuse('prune', 'attribute-allowed-list', `${a.name}="${a.value.slice(0, 40)}" on <${el.nodeName}> could not be converted`, a);
          continue;
        }
        el.removeAttributeNode(a);
        const label = /^(data|aria)-/.test(key) ? `${key.slice(0, 4)}-*` : key;
        ctx.change('prune', `removed ${label} attributes, which Tiny PS does not allow and which do not affect the drawing`, { ruleId: 'attribute-allowed-list' });
      }
    }
  },
};
export default pass;
