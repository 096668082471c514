import type { Pass } from '../context.js';
import { attributes, elements, isSvgElement, remove } from '../dom.js';
import { attributeKind, elementSpec, isFreeText, valueAccepted, type AttributeSpec } from '../../profile/schema.js';

/** Attributes whose loss would change the drawing: earlier passes must have resolved them. */
const RENDERING = new Set(['opacity', 'clip-path', 'mask', 'filter', 'display', 'visibility', 'style', 'gradientTransform', 'fx', 'fy', 'fr', 'spreadMethod', 'marker-start', 'marker-mid', 'marker-end', 'paint-order', 'mix-blend-mode']);

const TEXT_ONLY = /^(font-|text-|direction|unicode-bidi|display-align|line-increment|editable)/;

/**
 * Values the schema does not accept. Font weights are mapped (≤ 500 normal, ≥ 600
 * bold, as font matching does); text properties on elements that draw no text are
 * dropped (they change nothing); any other invalid property value is ignored by
 * renderers anyway, so dropping it changes nothing either.
 */
function fixValue(ctx: Parameters<Pass['run']>[0], el: import('@xmldom/xmldom').Element, a: import('@xmldom/xmldom').Attr, spec: AttributeSpec): void {
  if (isFreeText(spec) || valueAccepted(spec, a.value)) return;
  const name = a.localName ?? a.name;
  const drawsText = isSvgElement(el, 'text', 'textArea', 'svg', 'g', 'defs', 'use');
  if (name === 'font-weight' && /^\s*[1-9]00\s*$/.test(a.value) && drawsText) {
    const weight = Number(a.value) <= 500 ? 'normal' : 'bold';
    el.setAttribute('font-weight', weight);
    ctx.change('prune', 'mapped numeric font weights to normal or bold', { ruleId: 'attribute-value' });
    return;
  }
  el.removeAttributeNode(a);
  ctx.change(
    'prune',
    TEXT_ONLY.test(name) && !drawsText ? 'removed text properties from elements that draw no text' : 'removed property values that Tiny PS does not allow (renderers ignore invalid values)',
    { ruleId: 'attribute-value' },
  );
}

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
    // Definitions used by refused elements (their clip path, mask, marker …) are part of
    // that refusal: saying again that they cannot be converted adds nothing.
    const usedByRefused = new Set<string>();
    for (const el of elements(ctx.root)) {
      if (!ctx.isRefused(el)) continue;
      for (const a of attributes(el)) for (const m of a.value.matchAll(/url\(\s*['"]?#([^'")\s]+)/g)) usedByRefused.add(m[1]!);
    }
    for (const el of elements(ctx.root)) {
      if (!el.parentNode || ctx.isRefused(el)) continue;
      const id = el.getAttribute('id');
      if (id && usedByRefused.has(id) && isSvgElement(el, 'clipPath', 'mask', 'marker', 'pattern', 'filter', 'symbol')) continue;
      if (id && usedByRefused.has(id)) {
        let inside = false;
        for (let p: import("@xmldom/xmldom").Node | null = el.parentNode; p && !inside; p = p.parentNode) inside = isSvgElement(p, 'clipPath', 'mask', 'marker', 'pattern');
        if (inside) continue;
      }
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
        if (kind.kind === 'schema' && Object.prototype.hasOwnProperty.call(spec.attributes, key)) {
          fixValue(ctx, el, a, spec.attributes[key]!);
          continue;
        }
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
