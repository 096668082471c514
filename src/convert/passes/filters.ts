import type { Element } from '@xmldom/xmldom';
import type { ConvertContext, Pass } from '../context.js';
import { attributes, children, elements, href, idIndex, isSvgElement, remove } from '../dom.js';

const STEP = 'filters';

/** Definitions whose content is not drawn where it stands; references inside them are judged where they are used. */
const DEFINITIONS = new Set(['clipPath', 'mask', 'pattern', 'marker', 'filter', 'symbol']);
/** Elements that draw a marker's vertices in some renderer (SVG 1.1: path, line, polyline, polygon; SVG 2: every shape). */
const MARKABLE = new Set(['path', 'line', 'polyline', 'polygon', 'rect', 'circle', 'ellipse']);
const MARKER_ATTRS = ['marker-start', 'marker-mid', 'marker-end', 'marker'] as const;

/** The id of `url(#id)` (optionally followed by a fallback), '' for none, null otherwise. */
function reference(value: string): string | null {
  const v = value.trim();
  if (v === 'none' || v === '') return '';
  const m = /^url\([\t\n\r ]*(['"]?)#([^'")]+)\1[\t\n\r ]*\)/.exec(v);
  return m ? m[2]!.trim() : null;
}

function insideDefinition(el: Element): boolean {
  for (let n = el.parentNode; n && n.nodeType === 1; n = n.parentNode) if (isSvgElement(n, ...DEFINITIONS)) return true;
  return false;
}

/** True when the element, or an element inside it that inherits the property, could carry markers. */
function drawsMarkers(el: Element, attr: string): boolean {
  const stack: Element[] = [el];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (!isSvgElement(n) || DEFINITIONS.has(n.localName ?? '') || n.getAttribute('display')?.trim() === 'none') continue;
    // A descendant that sets the property itself is judged on its own.
    if (n !== el && n.hasAttribute(attr)) continue;
    if (MARKABLE.has(n.localName ?? '')) return true;
    stack.push(...children(n));
  }
  return false;
}

/** True when a marker has something to draw. */
function markerHasContent(marker: Element): boolean {
  return children(marker).some((c) => !isSvgElement(c, 'title', 'desc', 'metadata'));
}

/** True when a pattern (or a pattern it inherits its content from) contains an image. */
function patternShowsImage(pattern: Element, ids: Map<string, Element>): boolean {
  const seen = new Set<Element>();
  for (let p: Element | undefined = pattern; p && !seen.has(p); ) {
    seen.add(p);
    for (const el of elements(p)) {
      if (isSvgElement(el, 'image')) return true;
      const target = isSvgElement(el, 'use') ? href(el) : null;
      if (target?.startsWith('#') && isSvgElement(ids.get(target.slice(1)), 'image')) return true;
    }
    const next = href(p);
    p = next?.startsWith('#') ? ids.get(next.slice(1)) : undefined;
  }
  return false;
}

/**
 * [C6–C8] Tiny PS has no filters, patterns or markers. Filters are effects around
 * the artwork (drop shadows, glows, blurs): they are removed, marked as lossy, and
 * the pixel comparison says whether the logo still looks the same. Patterns and
 * markers are artwork themselves; replacing them would be a guess, so the
 * conversion is refused with what to do in the editor.
 */
const pass: Pass = {
  id: 'filters',
  description: 'Removes filters (with a warning); refuses patterns and markers [C6–C8].',
  run(ctx) {
    const root = ctx.root;
    const ids = idIndex(root);
    for (const el of elements(root)) {
      if (el !== root && !el.parentNode) continue;
      filterAttribute(ctx, el, ids);
      if (insideDefinition(el) || isSvgElement(el, ...DEFINITIONS)) continue;
      for (const paint of ['fill', 'stroke'] as const) {
        const value = el.getAttribute(paint);
        if (value === null) continue;
        const id = reference(value);
        const target = id ? ids.get(id) : undefined;
        if (!target || !isSvgElement(target, 'pattern')) continue;
        const image = patternShowsImage(target, ids);
        ctx.refuse(
          STEP,
          'element-allowed-list',
          `${paint}="${value.trim().slice(0, 40)}" on <${el.nodeName}> paints with a <pattern>${image ? ' that shows a raster image' : ' (a repeated tile)'}; Tiny PS has no patterns: ${
            image ? 'replace the image fill with vector artwork' : 'expand the pattern into shapes or use a solid colour'
          } in your editor`,
          el.getAttributeNode(paint)!,
        );
      }
      for (const name of MARKER_ATTRS) markerAttribute(ctx, el, name, ids);
    }
    for (const el of elements(root)) {
      if (!isSvgElement(el, 'filter') || !el.parentNode) continue;
      removeDefinition(ctx, el);
      ctx.change(STEP, 'removed <filter> elements', { ruleId: 'element-allowed-list' });
    }
    removeUnused(ctx);
  },
};
export default pass;

function filterAttribute(ctx: ConvertContext, el: Element, ids: Map<string, Element>): void {
  const value = el.getAttribute('filter');
  if (value === null) return;
  el.removeAttribute('filter');
  const id = reference(value);
  if (id === '') {
    ctx.change(STEP, 'removed filter="none"', { ruleId: 'attribute-allowed-list' });
  } else if (id !== null && !isSvgElement(ids.get(id), 'filter')) {
    // Filter Effects: a reference to no filter is ignored, but older renderers hid the element; the comparison checks.
    ctx.change(STEP, 'removed references to missing filters', { ruleId: 'attribute-allowed-list', lossy: true });
  } else if (id !== null && !usesSourceGraphic(ids.get(id)!)) {
    // The filter draws only an effect made from the element's shape (a shadow from
    // SourceAlpha, an inner shadow): without the filter the element would appear as a
    // plain shape on top of the art, so it goes with its effect.
    el.parentNode?.removeChild(el);
    ctx.change(STEP, 'removed shadow-only elements (their filter draws only a shadow of the shape)', { ruleId: 'attribute-allowed-list', lossy: true });
  } else {
    ctx.change(STEP, 'removed filters (shadows, blurs): Tiny PS has none', { ruleId: 'attribute-allowed-list', lossy: true });
  }
}

/**
 * Whether a filter's result contains the element's own drawing (SourceGraphic). The
 * first primitive without `in` reads SourceGraphic; later ones read the previous
 * result; feMerge reads its nodes. Followed from the last primitive backwards.
 */
function usesSourceGraphic(filter: Element): boolean {
  const primitives = children(filter);
  if (primitives.length === 0) return false;
  const byResult = new Map<string, number>();
  primitives.forEach((p, k) => {
    const r = p.getAttribute('result');
    if (r) byResult.set(r, k);
  });
  const seen = new Set<number>();
  const stack = [primitives.length - 1];
  while (stack.length > 0) {
    const k = stack.pop()!;
    if (seen.has(k)) continue;
    seen.add(k);
    const p = primitives[k]!;
    const inputs = isSvgElement(p, 'feMerge') ? children(p).map((n) => n.getAttribute('in')) : [p.getAttribute('in'), ...(p.hasAttribute('in2') ? [p.getAttribute('in2')] : [])];
    if (isSvgElement(p, 'feFlood', 'feImage', 'feTurbulence')) continue;
    for (const input of inputs) {
      if (input === 'SourceGraphic') return true;
      if (input === null || input === '') {
        if (k === 0) return true;
        stack.push(k - 1);
      } else if (byResult.has(input)) stack.push(byResult.get(input)!);
    }
  }
  return false;
}

function markerAttribute(ctx: ConvertContext, el: Element, name: string, ids: Map<string, Element>): void {
  const attr = el.getAttributeNode(name);
  if (!attr) return;
  const id = reference(attr.value);
  if (id === '') {
    el.removeAttribute(name);
    ctx.change(STEP, 'removed marker properties set to none', { ruleId: 'attribute-allowed-list' });
    return;
  }
  const marker = id === null ? undefined : ids.get(id);
  // SVG: a reference to no marker, or to an empty one, draws nothing.
  if (id !== null && (!isSvgElement(marker, 'marker') || !markerHasContent(marker!))) {
    el.removeAttribute(name);
    ctx.change(STEP, 'removed marker properties that draw nothing (no marker or an empty one)', { ruleId: 'attribute-allowed-list' });
    return;
  }
  if (id !== null && !drawsMarkers(el, name)) {
    el.removeAttribute(name);
    ctx.change(STEP, 'removed marker properties from elements that cannot draw markers', { ruleId: 'attribute-allowed-list' });
    return;
  }
  ctx.refuse(
    STEP,
    'attribute-allowed-list',
    `${name}="${attr.value.trim().slice(0, 40)}" on <${el.nodeName}> draws markers${id ? ` (#${id})` : ''}; Tiny PS has no markers: turn them into shapes in your editor (Inkscape: Path › Object to Path, then Stroke to Path; Illustrator: Object › Expand Appearance)`,
    attr,
  );
}

/** Removes <pattern> and <marker> elements nothing refers to any more (patterns may refer to patterns). */
function removeUnused(ctx: ConvertContext): void {
  for (;;) {
    const used = new Set<string>();
    const defs: Element[] = [];
    for (const el of elements(ctx.root)) {
      if (isSvgElement(el, 'pattern', 'marker')) defs.push(el);
      for (const a of attributes(el)) {
        if (a.namespaceURI && a.localName !== 'href') continue;
        if (['fill', 'stroke', ...MARKER_ATTRS].includes(a.name)) {
          const id = reference(a.value);
          if (id) used.add(id);
        } else if (a.localName === 'href' && isSvgElement(el, 'pattern') && a.value.startsWith('#')) {
          used.add(a.value.slice(1));
        }
      }
    }
    let removed = false;
    for (const d of defs) {
      if (!d.parentNode) continue;
      const id = d.getAttribute('id');
      if (id && used.has(id)) continue;
      removeDefinition(ctx, d);
      removed = true;
      ctx.change(STEP, `removed unused <${d.localName}> elements`, { ruleId: 'element-allowed-list' });
    }
    if (!removed) return;
  }
}

/** Removes a definition, and the <defs> around it when nothing else is left in it. */
function removeDefinition(ctx: ConvertContext, el: Element): void {
  const parent = el.parentNode;
  remove(el);
  if (isSvgElement(parent, 'defs') && children(parent as Element).length === 0 && !/\S/.test(parent!.textContent ?? '')) {
    remove(parent!);
    ctx.change(STEP, 'removed <defs> left empty');
  }
}
