import type { Element, Node } from '@xmldom/xmldom';
import svgpath from 'svgpath';
import type { ConvertContext, Pass } from '../context.js';
import { attributes, children, elements, isSvgElement, remove, SVG_NS } from '../dom.js';
import { checkPlainNumber, parsePoints } from '../../profile/numbers.js';
import { idOf, isIdAttribute, referencesIn, resolveId } from './ids.js';

/** Elements that never render by themselves; they are drawn only where something refers to them. */
export const DEFINITIONS = new Set(['linearGradient', 'radialGradient', 'solidColor', 'clipPath', 'mask', 'pattern', 'marker', 'filter', 'symbol']);

/** Definitions whose content inherits properties from the definition's own ancestors (not from the referencing element). */
const INHERITS_FROM_ANCESTORS = new Set(['linearGradient', 'radialGradient', 'solidColor', 'clipPath', 'mask', 'pattern', 'marker', 'filter']);

/** Inherited properties (SVG 1.1 property index, plus Tiny 1.2's text properties). */
export const INHERITED = new Set([
  'clip-rule', 'color', 'color-interpolation', 'color-interpolation-filters', 'color-profile', 'color-rendering', 'cursor', 'direction',
  'display-align', 'fill', 'fill-opacity', 'fill-rule', 'font-family', 'font-size', 'font-size-adjust', 'font-stretch', 'font-style',
  'font-variant', 'font-weight', 'glyph-orientation-horizontal', 'glyph-orientation-vertical', 'image-rendering', 'kerning',
  'letter-spacing', 'line-increment', 'marker-start', 'marker-mid', 'marker-end', 'paint-order', 'pointer-events', 'shape-rendering',
  'stroke', 'stroke-dasharray', 'stroke-dashoffset', 'stroke-linecap', 'stroke-linejoin', 'stroke-miterlimit', 'stroke-opacity',
  'stroke-width', 'text-align', 'text-anchor', 'text-rendering', 'visibility', 'word-spacing', 'writing-mode',
]);

/** Parents under which a <defs> may be placed without changing what renders. */
const DEFS_PARENTS = new Set(['svg', 'g', 'defs', 'symbol', 'mask', 'pattern', 'marker', 'a', 'switch']);

/** Never removed by this pass: the root's title and descriptions belong to the `title` pass. */
const PROTECTED = new Set(['title', 'desc', 'metadata']);

/** The computed value of an inherited property: the nearest ancestor-or-self that sets it (skipping "inherit"), or null. */
export function inheritedValue(el: Element, name: string): string | null {
  for (let n: Node | null = el; n && n.nodeType === 1; n = n.parentNode) {
    const v = (n as Element).getAttribute(name);
    if (v !== null && v.trim() !== '' && v.trim() !== 'inherit') return v.trim();
  }
  return null;
}

/** True when `el` is still in the document under `root`. */
export function attached(el: Element, root: Element): boolean {
  for (let n: Node | null = el; n; n = n.parentNode) if (n === root) return true;
  return false;
}

/**
 * Removes subtrees without breaking references into them: a gradient, clip path or
 * other element inside a removed subtree that something else still refers to is
 * moved into a <defs> where the subtree was (definitions render only where
 * referenced, so the move changes nothing; inherited properties they took from the
 * removed ancestors are written on them). Reference counts are kept for the whole
 * document, so each removal costs only the size of its subtree.
 */
export class Remover {
  /** How many reference values in the document name each id. */
  private readonly counts = new Map<string, number>();

  constructor(private readonly ctx: ConvertContext) {
    for (const el of elements(ctx.root)) this.add(el, 1, this.counts);
  }

  private add(el: Element, sign: number, into: Map<string, number>): void {
    for (const a of attributes(el)) {
      for (const id of referencesIn(a)) {
        into.set(id, (into.get(id) ?? 0) + sign);
        // A percent-encoded reference (url(#a%20b)) may name the decoded id: count both (keeping too much is harmless).
        const decoded = decodedId(id);
        if (decoded !== null) into.set(decoded, (into.get(decoded) ?? 0) + sign);
      }
    }
  }

  /** True when some attribute in the document refers to `id`. */
  isReferenced(id: string): boolean {
    return (this.counts.get(id) ?? 0) > 0;
  }

  /** Removes `el` and its subtree, keeping referenced definitions inside it; returns how many were kept. */
  remove(el: Element): number {
    const inside = elements(el);
    const insideCounts = new Map<string, number>();
    const ids = new Map<string, Element>();
    for (const e of inside) {
      this.add(e, 1, insideCounts);
      for (const a of attributes(e)) if (isIdAttribute(a) && !ids.has(a.value)) ids.set(a.value, e);
    }
    const rescued = new Set<Element>();
    const fromRescued = new Map<string, number>();
    // A rescued element may refer to others in the subtree (a gradient chain): repeat until stable.
    for (let grew = true; grew; ) {
      grew = false;
      for (const [id, target] of ids) {
        if (rescued.has(target)) continue;
        const outside = (this.counts.get(id) ?? 0) - (insideCounts.get(id) ?? 0) + (fromRescued.get(id) ?? 0);
        if (outside <= 0) continue;
        rescued.add(target);
        for (const e of elements(target)) this.add(e, 1, fromRescued);
        grew = true;
      }
    }
    // The references inside the removed subtree leave the document, except those in kept elements.
    for (const [id, n] of insideCounts) this.counts.set(id, (this.counts.get(id) ?? 0) - n);
    for (const [id, n] of fromRescued) this.counts.set(id, (this.counts.get(id) ?? 0) + n);
    // Outermost kept elements, in document order (the first of duplicate ids stays first).
    const top = inside.filter((e) => rescued.has(e) && !hasAncestorIn(e, rescued, el));
    if (top.length > 0) this.keep(el, top);
    // When `el` itself is referenced it now sits in the <defs>, where it does not render.
    if (!rescued.has(el)) remove(el);
    return top.length;
  }

  /** Moves `kept` (in document order) into a <defs> placed where `removed` is, or above it where a <defs> may not go. */
  private keep(removed: Element, kept: Element[]): void {
    let before: Element = removed;
    while (before.parentNode && before.parentNode.nodeType === 1 && !isSvgElement(before.parentNode, ...DEFS_PARENTS)) {
      before = before.parentNode as Element;
    }
    const parent = before.parentNode as Element | null;
    if (!parent) return;
    const defs = this.ctx.doc.createElementNS(SVG_NS, 'defs');
    parent.insertBefore(defs, before);
    for (const k of kept) {
      if (INHERITS_FROM_ANCESTORS.has(k.localName ?? '')) {
        // Properties it inherited from ancestors that are about to go.
        for (const name of INHERITED) {
          if (k.hasAttribute(name)) continue;
          for (let n = k.parentNode; n && n !== parent && n.nodeType === 1; n = n.parentNode) {
            const v = (n as Element).getAttribute(name);
            if (v !== null && v.trim() !== 'inherit') {
              k.setAttribute(name, v);
              break;
            }
          }
        }
      }
      defs.appendChild(k);
    }
  }
}

function decodedId(id: string): string | null {
  if (!id.includes('%')) return null;
  try {
    const d = decodeURIComponent(id);
    return d === id ? null : d;
  } catch {
    return null;
  }
}

function hasAncestorIn(el: Element, set: ReadonlySet<Element>, stop: Element): boolean {
  for (let n = el.parentNode; n && n !== stop.parentNode; n = n.parentNode) if (set.has(n as Element)) return true;
  return false;
}

function keyword(el: Element, name: string): string | null {
  const v = el.getAttribute(name);
  return v === null ? null : v.trim().toLowerCase();
}

/** True inside a gradient or filter, where display and visibility do not apply (stops, filter primitives). */
function inGradientOrFilter(el: Element): boolean {
  return isSvgElement(el.parentNode, 'linearGradient', 'radialGradient', 'filter');
}

/** A length attribute as a number (units kept as their number: only the sign and zero matter here), or null when unparsable. */
function length(el: Element, name: string): number | null {
  const v = el.getAttribute(name);
  if (v === null || v.trim() === '') return null;
  const r = checkPlainNumber(v);
  if (r.ok) return r.value;
  return r.problem.kind === 'unit' ? r.problem.number : null;
}

function stroked(el: Element): boolean {
  const stroke = inheritedValue(el, 'stroke');
  if (stroke === null || stroke === 'none') return false;
  const w = inheritedValue(el, 'stroke-width');
  if (w === null) return true;
  const r = checkPlainNumber(w);
  return r.ok ? r.value > 0 : r.problem.kind === 'unit' ? r.problem.number > 0 : true;
}

function hasMarkers(el: Element): boolean {
  return ['marker-start', 'marker-mid', 'marker-end'].some((m) => {
    const v = inheritedValue(el, m);
    return v !== null && v !== 'none';
  });
}

/**
 * Why a shape draws nothing, or null when it may draw something. Geometry that
 * disables rendering (a zero-sized rect or circle, no path data, fewer than two
 * points) draws nothing whatever its stroke; geometry without area (a line, a flat
 * path) draws nothing when it has no stroke and no markers.
 */
function drawsNothing(el: Element): string | null {
  switch (el.localName) {
    case 'rect': {
      const w = length(el, 'width');
      const h = length(el, 'height');
      if ((w === null && !el.hasAttribute('width')) || (h === null && !el.hasAttribute('height')) || (w !== null && w <= 0) || (h !== null && h <= 0)) {
        return 'removed rectangles with zero width or height (they draw nothing)';
      }
      return null;
    }
    case 'circle': {
      const r = length(el, 'r');
      return (r === null && !el.hasAttribute('r')) || (r !== null && r <= 0) ? 'removed circles with zero radius (they draw nothing)' : null;
    }
    case 'ellipse': {
      // SVG 2: a missing rx or ry is "auto" (equal to the other one).
      const rx = length(el, 'rx');
      const ry = length(el, 'ry');
      const none = (rx !== null && rx <= 0) || (ry !== null && ry <= 0) || (!el.hasAttribute('rx') && !el.hasAttribute('ry'));
      return none ? 'removed ellipses with a zero radius (they draw nothing)' : null;
    }
    case 'path': {
      const d = el.getAttribute('d') ?? '';
      if (d.trim() === '') return 'removed paths without path data (they draw nothing)';
      let segments: Array<Array<string | number>>;
      try {
        segments = (svgpath(d) as unknown as { segments: Array<Array<string | number>> }).segments;
      } catch {
        return null;
      }
      // Path data is rendered up to its first error; moveto alone draws nothing, not even caps.
      if (segments.every((s) => s[0] === 'M' || s[0] === 'm')) return 'removed paths that only move the pen (they draw nothing)';
      return flat(el) ? 'removed unstroked paths without area (they draw nothing)' : null;
    }
    case 'polyline':
    case 'polygon': {
      const pts = parsePoints(el.getAttribute('points') ?? '');
      if (pts === null) return null;
      if (pts.length < 4) return `removed <${el.localName}> elements with fewer than two points (they draw nothing)`;
      return flat(el) ? `removed unstroked <${el.localName}> elements without area (they draw nothing)` : null;
    }
    case 'line':
      return stroked(el) || hasMarkers(el) ? null : 'removed lines without a stroke (they draw nothing)';
    default:
      return null;
  }
}

/** True for geometry with no area that has no stroke and no markers to show it. */
function flat(el: Element): boolean {
  if (stroked(el) || hasMarkers(el)) return false;
  const pts = el.localName === 'path' ? pathPoints(el.getAttribute('d') ?? '') : parsePoints(el.getAttribute('points') ?? '');
  return pts !== null && collinear(pts);
}

/**
 * The end and control points of path data (arcs as curves). A Bézier curve lies in
 * the convex hull of its points, so when they are all on one line so is the path.
 */
function pathPoints(d: string): number[] | null {
  let segments: Array<Array<string | number>>;
  try {
    segments = (svgpath(d).abs().unarc().unshort() as unknown as { segments: Array<Array<string | number>> }).segments;
  } catch {
    return null;
  }
  const out: number[] = [];
  let x = 0;
  let y = 0;
  for (const seg of segments) {
    const a = seg.slice(1) as number[];
    if (seg[0] === 'H') x = a[0]!;
    else if (seg[0] === 'V') y = a[0]!;
    else if (a.length >= 2) {
      for (let k = 0; k + 1 < a.length; k += 2) out.push(a[k]!, a[k + 1]!);
      x = a[a.length - 2]!;
      y = a[a.length - 1]!;
      continue;
    } else continue;
    out.push(x, y);
  }
  return out;
}

/** True when all points (x0 y0 x1 y1 …) lie on one line, within a tolerance relative to their extent. */
function collinear(pts: readonly number[]): boolean {
  if (pts.length < 4) return true;
  const x0 = pts[0]!;
  const y0 = pts[1]!;
  let extent = 0;
  for (let k = 0; k + 1 < pts.length; k += 2) extent = Math.max(extent, Math.abs(pts[k]! - x0), Math.abs(pts[k + 1]! - y0));
  const tolerance = 1e-9 * Math.max(1, extent);
  let dx = 0;
  let dy = 0;
  for (let k = 2; k + 1 < pts.length; k += 2) {
    const px = pts[k]! - x0;
    const py = pts[k + 1]! - y0;
    if (dx === 0 && dy === 0) {
      if (Math.hypot(px, py) > tolerance) {
        dx = px;
        dy = py;
      }
      continue;
    }
    // Distance of the point from the line through the first two distinct points.
    if (Math.abs(dx * py - dy * px) / Math.hypot(dx, dy) > tolerance) return false;
  }
  return true;
}

/** Elements that visibility can hide: everything that is not a definition, a stop, filter content or document metadata. */
function hideable(el: Element): boolean {
  const local = el.localName ?? '';
  return isSvgElement(el) && !DEFINITIONS.has(local) && !PROTECTED.has(local) && local !== 'defs' && local !== 'style' && local !== 'script' && !inGradientOrFilter(el);
}

/**
 * [E7] Deletes what does not render: display="none" subtrees, parts hidden with
 * visibility (unless a descendant is made visible again), shapes that draw nothing,
 * definitions nothing refers to, and the empty groups and <defs> left behind. Then
 * display and visibility, which Tiny PS does not allow on graphics, are removed:
 * what remains renders, so they no longer mean anything.
 */
/** Elements that draw something themselves (use and text are refused or expanded elsewhere). */
const DRAWING = new Set(['path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon', 'text', 'textArea', 'image', 'use', 'foreignObject', 'video', 'animation']);

/** Whether el sits inside a definition (drawn only when referenced). */
function inDefinition(el: Element, root: Element): boolean {
  for (let p = el.parentNode as Element | null; p && p !== root; p = p.parentNode as Element | null) if (DEFINITIONS.has(p.localName ?? '')) return true;
  return false;
}

const pass: Pass = {
  id: 'hidden',
  description: 'Removes hidden elements, empty groups and zero-area shapes [E7].',
  run(ctx) {
    const root = ctx.root;
    if (keyword(root, 'display') === 'none') {
      ctx.refuse('hidden', 'attribute-allowed-list', 'the root has display="none": the logo draws nothing', root);
      return;
    }
    const remover = new Remover(ctx);

    // 1. display="none": the element and its subtree do not render. It does not apply
    // to definitions (a gradient with display="none" still paints) nor to stops.
    for (const el of elements(root)) {
      if (el === root || !isSvgElement(el) || PROTECTED.has(el.localName ?? '') || DEFINITIONS.has(el.localName ?? '') || inGradientOrFilter(el)) continue;
      if (keyword(el, 'display') !== 'none' || !attached(el, root)) continue;
      remover.remove(el);
      ctx.change('hidden', 'removed elements with display="none" (they do not render)', { ruleId: 'attribute-allowed-list' });
    }

    // 2. visibility: inherited, and a descendant may set visible again. An element is
    // removed when it and all its descendants are hidden; what stays is visible, so
    // afterwards no visibility attribute is needed.
    const all = elements(root);
    const hidden = new Map<Element, boolean>();
    for (const el of all) {
      const parent = el === root ? null : (el.parentNode as Element);
      const v = keyword(el, 'visibility');
      hidden.set(el, v === 'hidden' || v === 'collapse' ? true : v === 'visible' ? false : parent ? (hidden.get(parent) ?? false) : false);
    }
    // Post-order (reverse pre-order): does the subtree hold a visible hideable element?
    const visibleInside = new Map<Element, boolean>();
    for (let k = all.length - 1; k >= 0; k--) {
      const el = all[k]!;
      let v = hideable(el) && !hidden.get(el);
      if (!v) for (const c of children(el)) if (visibleInside.get(c)) v = true;
      visibleInside.set(el, v);
    }
    for (const el of all) {
      if (el === root || !hideable(el) || !hidden.get(el) || visibleInside.get(el) || !attached(el, root)) continue;
      remover.remove(el);
      ctx.change('hidden', 'removed elements hidden with visibility="hidden" (they do not render)', { ruleId: 'attribute-allowed-list' });
    }

    // 3. Shapes that draw nothing.
    for (const el of elements(root)) {
      if (!isSvgElement(el)) continue;
      const why = drawsNothing(el);
      if (why === null || !attached(el, root)) continue;
      remover.remove(el);
      ctx.change('hidden', why);
    }

    // 4. Definitions nothing refers to.
    removeUnusedDefinitions(ctx);

    // 5. Empty groups and <defs>, innermost first so that emptied parents go too.
    const rest = elements(root);
    for (let k = rest.length - 1; k >= 0; k--) {
      const el = rest[k]!;
      if (el === root || !isSvgElement(el, 'g', 'defs') || children(el).length > 0) continue;
      remove(el);
      ctx.change('hidden', el.localName === 'g' ? 'removed empty groups' : 'removed empty <defs>');
    }

    // 5b. Nothing left to draw: a logo of only hidden or empty shapes is not a logo.
    if (!elements(root).some((el) => el !== root && isSvgElement(el) && DRAWING.has(el.localName ?? '') && !inDefinition(el, root))) {
      ctx.refuse('hidden', 'require-two-colors', 'the logo draws nothing: every shape is hidden (display="none", visibility="hidden") or has no area; export the artwork again with its layers visible', root);
      return;
    }

    // 6. display and visibility now only restate the defaults.
    for (const el of elements(root)) {
      if (PROTECTED.has(el.localName ?? '')) continue;
      for (const name of ['display', 'visibility']) {
        if (!el.hasAttribute(name)) continue;
        el.removeAttribute(name);
        ctx.change('hidden', `removed ${name} attributes (everything left is displayed and visible)`, { ruleId: 'attribute-allowed-list' });
      }
    }
  },
};
export default pass;

/**
 * Mark and sweep: everything that renders (outside <defs> and definitions) is live;
 * what a live element refers to is live, and so is what that refers to (gradient
 * chains, clip paths using gradients …). Definitions with nothing live inside are
 * removed.
 */
function removeUnusedDefinitions(ctx: ConvertContext): void {
  const root = ctx.root;
  const index = new Map<string, Element>();
  for (const el of elements(root)) {
    const id = idOf(el);
    if (id && !index.has(id)) index.set(id, el);
  }
  const live = new Set<Element>();
  const pending: Element[] = [];
  const candidates: Element[] = [];
  // Rendering elements: walk without entering definitions.
  const stack: Element[] = [root];
  while (stack.length > 0) {
    const el = stack.pop()!;
    const local = el.localName ?? '';
    if (el !== root && isSvgElement(el) && (DEFINITIONS.has(local) || isSvgElement(el.parentNode, 'defs'))) {
      candidates.push(el);
      continue;
    }
    pending.push(el);
    for (const c of children(el)) stack.push(c);
  }
  const scanned = new Set<Element>();
  while (pending.length > 0) {
    const el = pending.pop()!;
    if (scanned.has(el)) continue;
    scanned.add(el);
    for (const a of attributes(el)) {
      for (const ref of referencesIn(a)) {
        const target = resolveId(index, ref);
        if (!target || live.has(target)) continue;
        live.add(target);
        // Everything inside a live definition is used with it.
        for (const e of elements(target)) {
          live.add(e);
          pending.push(e);
        }
      }
    }
  }
  for (const el of candidates) {
    if (!attached(el, root) || elements(el).some((e) => live.has(e))) continue;
    remove(el);
    const local = el.localName ?? '';
    ctx.change('hidden', `removed unused <${local}> definitions`, ['clipPath', 'mask', 'pattern', 'marker', 'filter', 'symbol'].includes(local) ? { ruleId: 'element-allowed-list' } : {});
  }
}
