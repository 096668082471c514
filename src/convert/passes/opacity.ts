import type { Element } from '@xmldom/xmldom';
import svgpath from 'svgpath';
import type { ConvertContext, Pass } from '../context.js';
import { elements, isSvgElement, num } from '../dom.js';
import { bbox, isEmpty, overlaps, transformOf, withStroke, type BBox } from '../geometry.js';
import { parsePaint } from '../../profile/color.js';
import { applyToPoint, IDENTITY, multiply, type Matrix } from '../../profile/transform.js';

const RULE = 'attribute-allowed-list';
const SHAPES = new Set(['path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon', 'text', 'textArea']);
const CONTAINERS = new Set(['g', 'svg', 'a', 'switch']);
/** Content that is not drawn where it stands (or is drawn by another pass's rules). */
const NOT_DRAWN = new Set(['defs', 'title', 'desc', 'metadata', 'linearGradient', 'radialGradient', 'solidColor', 'stop', 'style', 'script']);
const OTHER_PASSES = new Set(['clipPath', 'mask', 'pattern', 'marker', 'symbol', 'filter']);

function parentElement(el: Element): Element | null {
  return el.parentNode && el.parentNode.nodeType === 1 ? (el.parentNode as Element) : null;
}

/** A number or percentage clamped to [0, 1]; null when it is neither. */
function parseOpacity(value: string | null): number | null {
  if (value === null) return null;
  const m = /^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?)(%?)\s*$/i.exec(value);
  if (!m) return null;
  return Math.max(0, Math.min(1, Number(m[1]) / (m[2] ? 100 : 1)));
}

/** The value an element uses for an inherited property: its own or an ancestor's. */
function effective(el: Element, name: string): string | null {
  for (let e: Element | null = el; e; e = parentElement(e)) {
    const v = e.getAttribute(name);
    if (v !== null && v.trim().toLowerCase() !== 'inherit') return v.trim();
  }
  return null;
}

function effectiveOpacity(el: Element, name: string): number {
  return parseOpacity(effective(el, name)) ?? 1;
}

/** Whether the fill or the stroke of a shape paints anything. */
function paints(el: Element, which: 'fill' | 'stroke'): boolean {
  if (which === 'fill' && el.localName === 'line') return false;
  const value = effective(el, which) ?? (which === 'fill' ? 'black' : 'none');
  const p = parsePaint(value);
  if (p.kind === 'none') return false;
  if (p.kind === 'invalid') {
    const problem = p.problem;
    if (problem.kind === 'transparent') return false;
    if ('alpha' in problem && problem.alpha === 0) return false;
  }
  if (effectiveOpacity(el, `${which}-opacity`) === 0) return false;
  if (which === 'stroke') {
    const w = effective(el, 'stroke-width');
    if (w !== null && /^\s*[+-]?(?:0+(?:\.0*)?|\.0+)\s*$/.test(w)) return false;
  }
  return true;
}

function label(el: Element): string {
  const id = el.getAttribute('id');
  return `<${el.localName}${id ? ` id="${id.slice(0, 30)}"` : ''}>`;
}

function insideOtherPassContent(el: Element): boolean {
  for (let p = parentElement(el); p; p = parentElement(p)) if (OTHER_PASSES.has(p.localName ?? '')) return true;
  return false;
}

interface Drawn {
  readonly el: Element;
  /** User space of the shape → user space of the group. */
  readonly matrix: Matrix;
}

/** The drawn descendants of a group, with their transforms; null with the first one that cannot be folded. */
function drawnDescendants(group: Element): { shapes: Drawn[]; blocker: Element | null } {
  const shapes: Drawn[] = [];
  const stack: Drawn[] = [];
  for (let c = group.lastChild; c; c = c.previousSibling) if (c.nodeType === 1) stack.push({ el: c as Element, matrix: IDENTITY });
  while (stack.length > 0) {
    const { el, matrix: outer } = stack.pop()!;
    const name = el.localName ?? '';
    if (!isSvgElement(el) || NOT_DRAWN.has(name)) continue;
    const matrix = multiply(outer, transformOf(el));
    if (SHAPES.has(name)) {
      shapes.push({ el, matrix });
    } else if (CONTAINERS.has(name) && name !== 'svg') {
      // (A nested <svg> has its own viewport: it falls through to the blockers.)
      for (let c = el.lastChild; c; c = c.previousSibling) if (c.nodeType === 1) stack.push({ el: c as Element, matrix });
    } else {
      // <use>, <image>, <foreignObject>, clip paths …: the geometry is not known here.
      return { shapes, blocker: el };
    }
  }
  return { shapes, blocker: null };
}

/**
 * How far the stroke may reach past the geometry, in half stroke widths (withStroke()
 * reads it as the miter limit). Round and bevel joins, circles and rectangles stay within
 * one half width; only miter joins (up to the miter limit) and square caps (√2 at a
 * diagonal end) reach further.
 */
function strokeReach(el: Element): number {
  const name = el.localName ?? '';
  if (name === 'circle' || name === 'ellipse' || name === 'rect') return 1;
  const join = (effective(el, 'stroke-linejoin') ?? 'miter').toLowerCase();
  const limit = Number(effective(el, 'stroke-miterlimit') ?? '4');
  const joins = hasJoins(el) && join !== 'round' && join !== 'bevel' ? (Number.isFinite(limit) ? Math.max(1, limit) : 4) : 1;
  const caps = name !== 'polygon' && (effective(el, 'stroke-linecap') ?? 'butt').toLowerCase() === 'square' ? 1.5 : 1;
  return Math.max(joins, caps);
}

/** Whether the outline has a vertex between two segments (where a miter can stick out). */
function hasJoins(el: Element): boolean {
  switch (el.localName) {
    case 'line':
      return false;
    case 'polyline':
      return (el.getAttribute('points') ?? '').trim().split(/[\s,]+/).length > 4;
    case 'path': {
      try {
        const segments = (svgpath(el.getAttribute('d') ?? '') as unknown as { segments: Array<Array<string | number>> }).segments;
        let drawn = 0;
        for (const seg of segments) {
          const cmd = String(seg[0]).toUpperCase();
          if (cmd === 'M') drawn = 0;
          else if (cmd === 'Z' || ++drawn > 1) return true;
        }
        return false;
      } catch {
        return true;
      }
    }
    default:
      return true;
  }
}

/**
 * The area a shape may paint, in the group's user space: the exact geometry box, plus
 * the stroke around it. geometry.withStroke() reads the element's own attributes, so it
 * is given a detached element carrying the inherited stroke values.
 */
function paintedBox(ctx: ConvertContext, d: Drawn, stroked: boolean): BBox | null {
  if (!stroked) return bbox(d.el, d.matrix);
  if ((effective(d.el, 'vector-effect') ?? 'none') !== 'none') return null;
  const local = bbox(d.el, IDENTITY);
  if (local === null || isEmpty(local)) return local;
  const probe = ctx.doc.createElementNS(d.el.namespaceURI, 'path');
  probe.setAttribute('stroke', 'currentColor');
  probe.setAttribute('stroke-width', effective(d.el, 'stroke-width') ?? '1');
  probe.setAttribute('stroke-miterlimit', num(strokeReach(d.el), 6));
  const padded = withStroke(local, probe);
  // The box's corners mapped into the group's space bound the mapped box.
  const corners = [
    applyToPoint(d.matrix, padded.minX, padded.minY),
    applyToPoint(d.matrix, padded.maxX, padded.minY),
    applyToPoint(d.matrix, padded.minX, padded.maxY),
    applyToPoint(d.matrix, padded.maxX, padded.maxY),
  ];
  const xs = corners.map((p) => p[0]);
  const ys = corners.map((p) => p[1]);
  return { minX: Math.min(...xs), minY: Math.min(...ys), maxX: Math.max(...xs), maxY: Math.max(...ys) };
}

/** The first pair of boxes that overlap (sweep over x), or null. */
function firstOverlap(boxes: Array<{ box: BBox; el: Element }>): [Element, Element] | null {
  const sorted = [...boxes].sort((a, b) => a.box.minX - b.box.minX);
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i]!;
    for (let j = i + 1; j < sorted.length && sorted[j]!.box.minX < a.box.maxX; j++) {
      if (overlaps(a.box, sorted[j]!.box)) return [a.el, sorted[j]!.el];
    }
  }
  return null;
}

function multiplyInto(el: Element, name: string, factor: number): void {
  el.setAttribute(name, num(factor * effectiveOpacity(el, name), 3));
}

/** Folds a shape's opacity into its single visible paint; false (with a refusal) when both paint. */
function foldShape(ctx: ConvertContext, el: Element, op: number, source: Element): boolean {
  const fill = paints(el, 'fill');
  const stroke = paints(el, 'stroke');
  if (fill && stroke) {
    const where = source === el ? `on ${label(el)}` : `on ${label(source)} over ${label(el)}`;
    ctx.refuse(
      'opacity',
      RULE,
      `opacity="${source.getAttribute('opacity')}" ${where} cannot be expressed in Tiny PS: the shape has both a fill and a stroke, and where the stroke overlaps the fill the two would blend; flatten the transparency in your design tool (or use a solid colour)`,
      source,
    );
    return false;
  }
  if (fill) multiplyInto(el, 'fill-opacity', op);
  if (stroke) multiplyInto(el, 'stroke-opacity', op);
  return true;
}

/** [C1b] Pushes a group's opacity down to its shapes when their painted areas cannot overlap. */
function foldGroup(ctx: ConvertContext, group: Element, op: number): boolean {
  const value = group.getAttribute('opacity');
  const { shapes, blocker } = drawnDescendants(group);
  if (blocker) {
    ctx.refuse('opacity', RULE, `opacity="${value}" on ${label(group)} cannot be folded into its content: it contains ${label(blocker)}, whose painted area is not known here`, group);
    return false;
  }
  const boxes: Array<{ box: BBox; el: Element }> = [];
  for (const d of shapes) {
    const fill = paints(d.el, 'fill');
    const stroke = paints(d.el, 'stroke');
    if (!fill && !stroke) continue;
    if (fill && stroke) return foldShape(ctx, d.el, op, group);
    const box = paintedBox(ctx, d, stroke);
    if (box === null) {
      ctx.refuse('opacity', RULE, `opacity="${value}" on ${label(group)} cannot be folded into its content: the painted area of ${label(d.el)} cannot be computed`, group);
      return false;
    }
    if (!isEmpty(box)) boxes.push({ box, el: d.el });
  }
  const pair = firstOverlap(boxes);
  if (pair) {
    ctx.refuse(
      'opacity',
      RULE,
      `group opacity over overlapping shapes cannot be expressed in Tiny PS: opacity="${value}" on ${label(group)} covers ${label(pair[0])} and ${label(pair[1])}, which overlap; flatten the transparency in your design tool`,
      group,
    );
    return false;
  }
  for (const { el } of boxes) {
    if (paints(el, 'fill')) multiplyInto(el, 'fill-opacity', op);
    else multiplyInto(el, 'stroke-opacity', op);
  }
  return true;
}

/** Opacity 0 hides everything below, whatever overlaps: every paint gets opacity 0. */
function hideAll(ctx: ConvertContext, el: Element): boolean {
  const { shapes: targets, blocker } = SHAPES.has(el.localName ?? '') ? { shapes: [{ el, matrix: IDENTITY }], blocker: null } : drawnDescendants(el);
  if (blocker) {
    ctx.refuse('opacity', RULE, `opacity="0" on ${label(el)} cannot be folded into its content: it contains ${label(blocker)}`, el);
    return false;
  }
  for (const { el: shape } of targets) {
    shape.setAttribute('fill-opacity', '0');
    shape.setAttribute('stroke-opacity', '0');
  }
  return true;
}

/**
 * [C1, C1b] SVG Tiny PS has no `opacity`: it is multiplied into fill-opacity or
 * stroke-opacity where that is exact (a shape that paints only its fill or only its
 * stroke; a group whose shapes cannot overlap), and refused elsewhere.
 */
const pass: Pass = {
  id: 'opacity',
  description: 'Folds opacity into fill-opacity and stroke-opacity where exact; refuses group opacity over overlapping shapes [C1, C1b].',
  run(ctx) {
    for (const el of elements(ctx.root)) {
      if (!el.hasAttribute('opacity') || !isSvgElement(el) || insideOtherPassContent(el)) continue;
      const value = el.getAttribute('opacity')!;
      const op = parseOpacity(value);
      const name = el.localName ?? '';
      if (op === null) {
        el.removeAttribute('opacity');
        ctx.change('opacity', 'removed invalid opacity values, which renderers ignore', { ruleId: RULE });
        continue;
      }
      if (op === 1) {
        el.removeAttribute('opacity');
        ctx.change('opacity', 'removed opacity="1"', { ruleId: RULE });
        continue;
      }
      if (NOT_DRAWN.has(name) || OTHER_PASSES.has(name)) {
        el.removeAttribute('opacity');
        ctx.change('opacity', `removed opacity on elements that are not drawn themselves (<${name}>), where it has no effect`, { ruleId: RULE });
        continue;
      }
      let done = false;
      if (op === 0) done = hideAll(ctx, el);
      else if (SHAPES.has(name)) done = foldShape(ctx, el, op, el);
      else if (CONTAINERS.has(name)) done = foldGroup(ctx, el, op);
      else ctx.refuse('opacity', RULE, `opacity="${value}" on ${label(el)} cannot be folded: its painted area is not known here`, el);
      if (!done) continue;
      el.removeAttribute('opacity');
      ctx.change(
        'opacity',
        op === 0 ? 'replaced opacity="0" by fill-opacity and stroke-opacity 0' : SHAPES.has(name) ? 'folded shape opacity into fill-opacity or stroke-opacity' : 'pushed group opacity down to its shapes, which do not overlap',
        { ruleId: RULE },
      );
    }
  },
};
export default pass;
