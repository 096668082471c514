import type { Element, Node } from '@xmldom/xmldom';
import type { Box, ConvertContext, Pass } from '../context.js';
import { attributes, children, elements, href, isSvgElement, num, remove, SVG_NS, XLINK_NS, XML_NS } from '../dom.js';
import { bbox, contains, isEmpty, transformOf, union, type BBox } from '../geometry.js';
import { IDENTITY, multiply, parseTransform, type Matrix } from '../../profile/transform.js';
import { artBoxOf } from './square.js';
import { attached, DEFINITIONS, inheritedValue, Remover } from './hidden.js';
import { idOf, isIdAttribute, referencesIn, resolveId, rewriteReferences, setValue } from './ids.js';
import { formatMatrix, parseAspectRatio, resolveLength, viewBoxOf, viewBoxTransform } from '../viewport.js';

/** At most this many elements are created by expanding <use>: nested uses multiply (a "use bomb"). */
export const MAX_CREATED = 50_000;

/** What a <use> may draw (SVG 1.1 §5.6); a reference to anything else draws nothing. */
const USABLE = new Set(['g', 'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon', 'text', 'textArea', 'image', 'use', 'svg', 'symbol', 'switch', 'a', 'foreignObject']);

/** What a <use> inside a <clipPath> may refer to (SVG 1.1 §14.3.5). */
const CLIP_USABLE = new Set(['path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon', 'text']);

/** Attributes of <use> that position or name its content (or mean nothing on it), not inherited by it. */
const USE_ONLY = new Set(['x', 'y', 'width', 'height', 'href', 'viewBox', 'preserveAspectRatio']);

/** Attributes of <svg>/<symbol> that define the viewport; they become the group's transform. */
const VIEWPORT_ONLY = new Set(['x', 'y', 'width', 'height', 'viewBox', 'preserveAspectRatio', 'overflow', 'clip', 'transform', 'version', 'baseProfile', 'zoomAndPan', 'contentScriptType', 'contentStyleType', 'enable-background', 'refX', 'refY']);

/** Length attributes that a percentage of the viewport can size. */
const WIDTHS = ['x', 'cx', 'x1', 'x2', 'width', 'rx', 'dx'];
const HEIGHTS = ['y', 'cy', 'y1', 'y2', 'height', 'ry', 'dy'];
const DIAGONALS = ['r', 'stroke-width', 'stroke-dashoffset'];

/** A viewport turned into a group, to be checked for content outside it once all uses are expanded. */
interface ViewportCheck {
  /** The element whose children are the viewport's content. */
  readonly content: Element;
  /** Maps the content's coordinates into the coordinate system of `rect`. */
  readonly toViewport: Matrix;
  readonly rect: Box;
  /** The element named in a refusal (the input's <symbol> or <svg>). */
  readonly origin: Element;
  readonly what: string;
}

const isXlink = (ns: string | null) => ns === XLINK_NS;

/** Copies an attribute onto another element, keeping its namespace. */
function copyAttribute(to: Element, a: import('@xmldom/xmldom').Attr): void {
  if (a.namespaceURI) to.setAttributeNS(a.namespaceURI, a.name, a.value);
  else to.setAttribute(a.name, a.value);
}

/** A transform attribute's text when browsers accept it, '' for none, null when invalid (browsers ignore it). */
function transformText(el: Element): string | null {
  const t = el.getAttribute('transform');
  if (t === null || t.trim() === '' || t.trim() === 'none') return '';
  return parseTransform(t).ok ? t.trim().replace(/[\t\n\r ]+/g, ' ') : null;
}

function joinTransforms(...parts: string[]): string {
  return parts.filter((p) => p !== '').join(' ');
}

/**
 * The user-space size of the viewport an element lives in: the root's drawing area,
 * then for each nested <svg> on the way down its viewBox, or its own size when it
 * has none. Null when a size cannot be resolved (em units).
 */
function viewportSize(el: Element, root: Element): { width: number; height: number } | null {
  const nested: Element[] = [];
  for (let n: Node | null = el.parentNode; n && n !== root && n.nodeType === 1; n = n.parentNode) {
    if (isSvgElement(n, 'svg')) nested.push(n as Element);
  }
  const box = artBoxOf(root).box;
  let size = { width: box.width, height: box.height };
  for (let k = nested.length - 1; k >= 0; k--) {
    const svg = nested[k]!;
    const vb = viewBoxOf(svg.getAttribute('viewBox'));
    if (vb && vb !== 'disabled') {
      size = { width: vb.width, height: vb.height };
      continue;
    }
    const w = resolveLength(svg.getAttribute('width'), size.width, size.width);
    const h = resolveLength(svg.getAttribute('height'), size.height, size.height);
    if (w === null || h === null) return null;
    size = { width: w, height: h };
  }
  return size;
}

/**
 * Percentages inside a viewport refer to that viewport; once it is a group they
 * would refer to the root's. They are resolved here against the viewport they were
 * written for (not inside definitions, whose percentages follow the referencing
 * element).
 */
function resolvePercentages(content: Element, width: number, height: number): void {
  const diagonal = Math.sqrt((width * width + height * height) / 2);
  const stack: Element[] = [...children(content)];
  while (stack.length > 0) {
    const el = stack.pop()!;
    if (DEFINITIONS.has(el.localName ?? '')) continue;
    for (const [names, ref] of [[WIDTHS, width], [HEIGHTS, height], [DIAGONALS, diagonal]] as const) {
      for (const name of names) {
        const v = el.getAttribute(name);
        const m = v === null ? null : /^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)%\s*$/.exec(v);
        if (m) el.setAttribute(name, num((Number(m[1]) / 100) * ref, 6));
      }
    }
    // A viewport inside sizes itself by default to 100% of this one, which after
    // flattening would mean the root's: write the size out.
    if (isSvgElement(el, 'use', 'svg')) {
      if (!el.hasAttribute('width') || el.getAttribute('width')!.trim() === 'auto') el.setAttribute('width', num(width, 6));
      if (!el.hasAttribute('height') || el.getAttribute('height')!.trim() === 'auto') el.setAttribute('height', num(height, 6));
    }
    stack.push(...children(el));
  }
}

/**
 * How far a leaf's stroke sticks out of its geometry, in its user units: `certain`
 * is what it surely adds (half the width around rectangles, circles and ellipses;
 * nothing is sure for open paths, whose butt caps add nothing along the path),
 * `possible` what it may add at most (sharp miter joins, square caps).
 */
function strokeOutset(el: Element): { certain: number; possible: number } {
  const stroke = inheritedValue(el, 'stroke');
  if (stroke === null || stroke === 'none') return { certain: 0, possible: 0 };
  const wv = inheritedValue(el, 'stroke-width');
  const w = wv === null ? 1 : Number.parseFloat(wv);
  if (!Number.isFinite(w) || w <= 0) return { certain: 0, possible: 0 };
  // The stroke of a rectangle (right-angled corners), circle or ellipse reaches exactly half the width past each side.
  if (isSvgElement(el, 'rect', 'circle', 'ellipse')) return { certain: w / 2, possible: w / 2 };
  const join = inheritedValue(el, 'stroke-linejoin') ?? 'miter';
  const cap = inheritedValue(el, 'stroke-linecap') ?? 'butt';
  const limit = Number.parseFloat(inheritedValue(el, 'stroke-miterlimit') ?? '4');
  let factor = 1;
  if (join === 'miter' || join === 'miter-clip' || join === 'arcs') factor = Number.isFinite(limit) ? Math.max(1, limit) : 4;
  if (cap === 'square') factor = Math.max(factor, Math.SQRT2);
  return { certain: 0, possible: (w / 2) * factor };
}

/** Elements whose geometry is not computed here: text and images are refused by raster-and-text, and a <use> still here was refused already. */
const REFUSED_ELSEWHERE = new Set(['text', 'textArea', 'image', 'foreignObject', 'use']);

/** Bounds of what a viewport's content surely paints and of what it may paint. */
interface Painted {
  readonly certain: BBox;
  readonly possible: BBox;
}

/**
 * The painted bounds of a viewport's content in the viewport's coordinates
 * (geometry plus stroke), null when nothing is drawn, or the first element whose
 * geometry cannot be known (lengths with units, unknown elements).
 */
function paintedBounds(content: Element, toViewport: Matrix): Painted | null | { unknown: Element } {
  let painted: Painted | null = null;
  const stack: Array<{ el: Element; m: Matrix }> = children(content).map((el) => ({ el, m: multiply(toViewport, transformOf(el)) }));
  while (stack.length > 0) {
    const { el, m } = stack.pop()!;
    const local = el.localName ?? '';
    if (!isSvgElement(el) || DEFINITIONS.has(local) || ['defs', 'title', 'desc', 'metadata', 'style', 'script'].includes(local)) continue;
    if (el.getAttribute('display')?.trim() === 'none') continue;
    if (isSvgElement(el, 'g', 'a', 'switch', 'svg')) {
      for (const c of children(el)) stack.push({ el: c, m: multiply(m, transformOf(c)) });
      continue;
    }
    const b = bbox(el, m);
    if (b === null) {
      if (REFUSED_ELSEWHERE.has(local)) continue;
      return { unknown: el };
    }
    if (isEmpty(b)) continue;
    const { certain, possible } = strokeOutset(el);
    // A circle of radius r in user space spans r·|column| along each viewport axis.
    const grow = (r: number): BBox => {
      const hx = r * Math.hypot(m[0], m[2]);
      const hy = r * Math.hypot(m[1], m[3]);
      return { minX: b.minX - hx, minY: b.minY - hy, maxX: b.maxX + hx, maxY: b.maxY + hy };
    };
    const leaf = { certain: grow(certain), possible: grow(possible) };
    painted = painted ? { certain: union(painted.certain, leaf.certain), possible: union(painted.possible, leaf.possible) } : leaf;
  }
  return painted;
}

class Expander {
  private readonly root: Element;
  private readonly index = new Map<string, Element>();
  private readonly usedIds = new Set<string>();
  /** The next suffix to try when renaming a copied id. */
  private readonly suffixes = new Map<string, number>();
  /** For each expansion group, the referenced elements it descends from (cycle detection). */
  private readonly chains = new Map<Element, ReadonlySet<Element>>();
  /** Copies → the input element they were copied from (for positions in refusals). */
  private readonly origins = new Map<Element, Element>();
  readonly checks: ViewportCheck[] = [];
  private created = 0;
  private exhausted = false;
  private readonly refusedCycles = new Set<Element>();

  constructor(private readonly ctx: ConvertContext) {
    this.root = ctx.root;
    for (const el of elements(this.root)) {
      for (const a of attributes(el)) {
        if (!isIdAttribute(a)) continue;
        this.usedIds.add(a.value);
        if (!this.index.has(a.value)) this.index.set(a.value, el);
      }
    }
  }

  private origin(el: Element): Element {
    return this.origins.get(el) ?? el;
  }

  /**
   * How many elements expanding `uses` would create, capped just above MAX_CREATED:
   * the expanded size of every element is memoised in one walk over the input, so a
   * "use bomb" (each level using the previous one several times) is refused before
   * anything is copied. A use in a cycle counts as nothing here; expanding refuses it.
   */
  private expansionSize(uses: readonly Element[]): number {
    const cap = MAX_CREATED + 1;
    const size = new Map<Element, number>();
    const visiting = new Set<Element>();
    const target = (use: Element): Element | undefined => {
      const ref = (href(use) ?? '').trim();
      return ref.startsWith('#') ? resolveId(this.index, ref.slice(1)) : undefined;
    };
    const deps = (el: Element): Element[] => {
      const out = children(el);
      const t = isSvgElement(el, 'use') ? target(el) : undefined;
      if (t) out.push(t);
      return out;
    };
    let created = 0;
    for (const use of uses) {
      const t = target(use);
      if (!t) continue;
      const stack: Array<{ el: Element; exit: boolean }> = [{ el: t, exit: false }];
      while (stack.length > 0) {
        const { el, exit } = stack.pop()!;
        if (exit) {
          // A use becomes a group (two with a viewport) holding a copy of its target.
          let n = isSvgElement(el, 'use') ? 3 : 1;
          for (const d of deps(el)) n += size.get(d) ?? 0;
          size.set(el, Math.min(cap, n));
          visiting.delete(el);
          continue;
        }
        if (size.has(el) || visiting.has(el)) continue;
        visiting.add(el);
        stack.push({ el, exit: true });
        for (const d of deps(el)) if (!size.has(d) && !visiting.has(d)) stack.push({ el: d, exit: false });
      }
      created = Math.min(cap, created + 2 + (size.get(t) ?? 0));
    }
    return created;
  }

  /**
   * True for a use that draws where it is: in the rendered tree, or in a clip path,
   * mask, pattern or marker (used where they are referenced). A use inside <defs> or
   * a <symbol> draws only through the copies other uses make of it.
   */
  private inPlace(use: Element): boolean {
    for (let n: Node | null = use.parentNode; n && n !== this.root && n.nodeType === 1; n = n.parentNode) {
      if (isSvgElement(n, 'clipPath', 'mask', 'pattern', 'marker')) return true;
      if (isSvgElement(n, 'defs', 'symbol')) return false;
    }
    return true;
  }

  /** Expands every <use> that draws in place, including those inside the copies it makes; removes the others. */
  expandAll(): void {
    const all = elements(this.root).filter((e) => isSvgElement(e, 'use'));
    const live = all.filter((u) => this.inPlace(u));
    if (this.expansionSize(live) > MAX_CREATED) {
      this.ctx.refuse(
        'use-symbols',
        'input-limits',
        `expanding the <use> elements would create more than ${MAX_CREATED.toLocaleString('en-US')} elements (uses of uses multiply): flatten the artwork in the design tool`,
        live[0],
      );
      for (const u of all) remove(u);
      return;
    }
    const stack = [...live].reverse();
    while (stack.length > 0) {
      const use = stack.pop()!;
      if (!attached(use, this.root)) continue;
      const created = this.expand(use);
      if (created) {
        const inner = elements(created).filter((e) => isSvgElement(e, 'use'));
        for (let k = inner.length - 1; k >= 0; k--) stack.push(inner[k]!);
      }
    }
    // Uses left in <defs> and symbols have been copied wherever they were used.
    for (const u of all) {
      if (!attached(u, this.root)) continue;
      remove(u);
      this.ctx.change('use-symbols', 'removed <use> elements inside <defs> or <symbol> (they draw only where used, now expanded)', { ruleId: 'element-allowed-list' });
    }
  }

  /** Replaces one <use>; returns the group that holds the copy, or null when the use was removed. */
  private expand(use: Element): Element | null {
    const ctx = this.ctx;
    const drop = (description: string, ruleId?: string) => {
      remove(use);
      ctx.change('use-symbols', description, ruleId ? { ruleId } : {});
      return null;
    };
    if (this.exhausted) {
      remove(use);
      return null;
    }
    const ref = (href(use) ?? '').trim();
    if (ref === '') return drop('removed <use> elements without a reference (they draw nothing)', 'no-broken-reference');
    if (!ref.startsWith('#')) {
      ctx.refuse('use-symbols', 'no-external-reference', `<use> refers to "${ref.slice(0, 60)}" outside the document: a BIMI logo must be self-contained; copy the referenced artwork into the file`, this.origin(use));
      remove(use);
      return null;
    }
    const target = resolveId(this.index, ref.slice(1));
    if (!target || !attached(target, this.root)) return drop('removed <use> elements whose target does not exist (they draw nothing)', 'no-broken-reference');
    const local = target.localName ?? '';
    const inClip = isSvgElement(use.parentNode, 'clipPath');
    if (!isSvgElement(target) || !USABLE.has(local) || (inClip && !CLIP_USABLE.has(local))) {
      return drop(`removed <use> elements that refer to a <${target.nodeName}>, which they cannot draw`, 'no-broken-reference');
    }

    // A use inside what it copies, or reached again through the uses it led to, never ends.
    let chain: ReadonlySet<Element> | undefined;
    for (let n: Node | null = use; n && n.nodeType === 1; n = n.parentNode) {
      const c = this.chains.get(n as Element);
      if (n === target || (c && c.has(target))) {
        const original = this.origin(target);
        if (!this.refusedCycles.has(original)) {
          this.refusedCycles.add(original);
          ctx.refuse('use-symbols', 'no-broken-reference', `<use> of #${idOf(original) ?? ref.slice(1)} leads back to itself (directly or through other <use> elements): circular references are an error and draw nothing`, this.origin(use));
        }
        remove(use);
        return null;
      }
      if (c && !chain) chain = c;
    }

    // Bound the work before copying: count the elements the copy adds.
    const budget = MAX_CREATED - this.created;
    let size = 0;
    const counting: Element[] = [target];
    while (counting.length > 0 && size <= budget) {
      const e = counting.pop()!;
      size++;
      for (const c of children(e)) counting.push(c);
    }
    if (size + 2 > budget) {
      this.exhausted = true;
      ctx.refuse(
        'use-symbols',
        'input-limits',
        `expanding the <use> elements would create more than ${MAX_CREATED.toLocaleString('en-US')} elements (uses of uses multiply): flatten the artwork in the design tool`,
        this.origin(use),
      );
      remove(use);
      return null;
    }
    this.created += size + 2;

    // The group takes the use's own attributes, so that what the copy inherits does not change.
    const g = ctx.doc.createElementNS(SVG_NS, 'g');
    for (const a of attributes(use)) {
      const name = a.localName ?? a.name;
      if (a.name === 'xmlns' || a.name.startsWith('xmlns:') || isXlink(a.namespaceURI) || (!a.namespaceURI && USE_ONLY.has(name)) || name === 'transform') continue;
      copyAttribute(g, a);
    }
    const useT = transformText(use);
    if (useT === null) ctx.change('use-symbols', 'dropped invalid transforms on <use> (browsers ignore them)', { ruleId: 'transform-syntax' });
    const parentSize = viewportSize(use, this.root);
    const x = resolveLength(use.getAttribute('x'), parentSize?.width ?? 0, 0);
    const y = resolveLength(use.getAttribute('y'), parentSize?.height ?? 0, 0);
    if (x === null || y === null || parentSize === null) {
      ctx.refuse('use-symbols', 'no-length-units', `<use> x="${use.getAttribute('x') ?? ''}" y="${use.getAttribute('y') ?? ''}" cannot be resolved to user units`, this.origin(use));
      remove(use);
      return null;
    }
    const offset: Matrix = [1, 0, 0, 1, x, y];

    if (isSvgElement(target, 'symbol', 'svg')) {
      if (inClip) return drop('removed <use> elements in a <clipPath> that refer to a viewport', 'no-broken-reference');
      const placed = this.placeViewport(target, use, parentSize, g, offset);
      if (placed === 'nothing') return drop(`removed <use> elements of a <${local}> with a zero-sized viewport or viewBox (they draw nothing)`);
      if (placed === 'unresolved') {
        remove(use);
        return null;
      }
      g.setAttribute('transform', joinTransforms(useT ?? '', placed.transform));
      if (g.getAttribute('transform') === '') g.removeAttribute('transform');
      ctx.change('use-symbols', `expanded <use> elements of a <${local}> into groups`, { ruleId: 'element-allowed-list' });
    } else {
      const copy = this.copy(target);
      if (inClip) {
        // A clip path takes shapes, not groups: the use's position and inherited
        // properties go on the copied shape itself.
        copy.setAttribute('transform', joinTransforms(useT ?? '', formatMatrix(offset), transformText(target) ?? ''));
        if (copy.getAttribute('transform') === '') copy.removeAttribute('transform');
        for (const a of attributes(g)) if (!isIdAttribute(a) && !copy.hasAttribute(a.name)) copyAttribute(copy, a);
        use.parentNode!.replaceChild(copy, use);
        ctx.change('use-symbols', 'expanded <use> elements in clip paths into copies of their shapes', { ruleId: 'element-allowed-list' });
        return copy;
      }
      g.appendChild(copy);
      const t = joinTransforms(useT ?? '', formatMatrix(offset));
      if (t !== '') g.setAttribute('transform', t);
      // With xlink:href the use is invalid Tiny PS; with href it is valid, but SVG 2 syntax that Tiny 1.2 receivers may not resolve.
      ctx.change('use-symbols', 'expanded <use> elements into groups holding a copy of their target', use.hasAttributeNS(XLINK_NS, 'href') ? { ruleId: 'attribute-allowed-list' } : {});
    }
    this.chains.set(g, new Set([...(chain ?? []), target]));
    this.origins.set(g, this.origin(use));
    use.parentNode!.replaceChild(g, use);
    // A use of this use now finds the group, which carries its id.
    const id = idOf(g);
    if (id && this.index.get(id) === use) this.index.set(id, g);
    return g;
  }

  /**
   * Moves the content of a <symbol> or <svg> (a copy of it for a <use>) into `g`,
   * under a group with the target's own attributes when it has any, and returns the
   * transform for `g` (offset, then the viewport mapping); records the viewport for
   * the overflow check.
   */
  private placeViewport(target: Element, use: Element | null, parentSize: { width: number; height: number }, g: Element, offset: Matrix = IDENTITY): { transform: string } | 'nothing' | 'unresolved' {
    const ctx = this.ctx;
    const isSvg = isSvgElement(target, 'svg');
    // The use's width/height win over the svg's; a symbol is sized by the use alone (librsvg and SVG 1.1; SVG 2's symbol sizes are not used).
    const wAttr = use?.getAttribute('width') ?? null;
    const hAttr = use?.getAttribute('height') ?? null;
    const wValue = wAttr !== null && wAttr.trim() !== 'auto' ? wAttr : isSvg ? target.getAttribute('width') : null;
    const hValue = hAttr !== null && hAttr.trim() !== 'auto' ? hAttr : isSvg ? target.getAttribute('height') : null;
    const width = resolveLength(wValue, parentSize.width, parentSize.width);
    const height = resolveLength(hValue, parentSize.height, parentSize.height);
    const vx = isSvg ? resolveLength(target.getAttribute('x'), parentSize.width, 0) : 0;
    const vy = isSvg ? resolveLength(target.getAttribute('y'), parentSize.height, 0) : 0;
    if (width === null || height === null || vx === null || vy === null) {
      ctx.refuse('use-symbols', 'no-length-units', `the size or position of <${target.localName}${idOf(target) ? ` id="${idOf(target)}"` : ''}> cannot be resolved to user units`, this.origin(target));
      return 'unresolved';
    }
    if (width <= 0 || height <= 0) return 'nothing';
    const vb = viewBoxOf(target.getAttribute('viewBox'));
    if (vb === 'disabled') return 'nothing';
    const rect: Box = { x: vx, y: vy, width, height };
    const toViewport: Matrix = vb ? viewBoxTransform(vb, rect, parseAspectRatio(target.getAttribute('preserveAspectRatio'))) : [1, 0, 0, 1, vx, vy];
    const inner = use ? this.copy(target, false) : target;

    // The target's own presentation attributes apply between the use's and its children's.
    const own = attributes(target).filter((a) => {
      const name = a.localName ?? a.name;
      return !(a.name === 'xmlns' || a.name.startsWith('xmlns:') || isXlink(a.namespaceURI) || isIdAttribute(a) || (!a.namespaceURI && (VIEWPORT_ONLY.has(name) || name === 'class')));
    });
    // One matrix for the use's x/y, an <svg>'s own transform (SVG 2) and the viewBox mapping.
    const svgT = isSvg ? transformText(target) : '';
    const svgM = svgT ? (parseTransform(svgT) as { matrix: Matrix }).matrix : IDENTITY;
    const mapping = formatMatrix(multiply(multiply(offset, svgM), toViewport));
    let content: Element;
    // Without attributes of the use to keep apart (a nested <svg> has no use), the
    // target's attributes go on the one group.
    if (own.length === 0 || use === null || g.attributes.length === 0) {
      for (const a of own) copyAttribute(g, a);
      while (inner.firstChild) g.appendChild(inner.firstChild);
      content = g;
      resolvePercentages(content, vb ? vb.width : width, vb ? vb.height : height);
      this.record(content, toViewport, rect, target);
      return { transform: mapping };
    }
    content = ctx.doc.createElementNS(SVG_NS, 'g');
    for (const a of own) copyAttribute(content, a);
    while (inner.firstChild) content.appendChild(inner.firstChild);
    g.appendChild(content);
    if (mapping !== '') content.setAttribute('transform', mapping);
    resolvePercentages(content, vb ? vb.width : width, vb ? vb.height : height);
    this.record(content, toViewport, rect, target);
    return { transform: '' };
  }

  private record(content: Element, toViewport: Matrix, rect: Box, target: Element): void {
    const overflow = (target.getAttribute('overflow') ?? '').trim();
    // overflow visible or auto: nothing is clipped (UA style sheet: hidden by default).
    if (overflow === 'visible' || overflow === 'auto') return;
    const original = this.origin(target);
    const id = idOf(original);
    this.checks.push({ content, toViewport, rect, origin: original, what: `<${original.localName}${id ? ` id="${id}"` : ''}>` });
  }

  /**
   * A deep copy of `target` with ids renamed to stay unique and references within
   * the copy pointed at the renamed elements. With `whole` false only the children
   * will be used (a symbol's content): the copied root keeps no id, and references
   * to it still name the original (so a symbol using itself is seen as a cycle).
   */
  private copy(target: Element, whole = true): Element {
    const copy = this.clone(target);
    const src = elements(target);
    const dst = elements(copy);
    const renamed = new Map<string, string>();
    for (let k = 0; k < dst.length; k++) {
      const d = dst[k]!;
      this.origins.set(d, this.origin(src[k]!));
      if (k === 0 && !whole) {
        d.removeAttribute('id');
        d.removeAttributeNS(XML_NS, 'id');
        continue;
      }
      for (const a of attributes(d)) {
        if (!isIdAttribute(a)) continue;
        const old = a.value;
        let name = renamed.get(old);
        if (name === undefined) {
          // A counter per id keeps renaming linear when one element is copied thousands of times.
          let n = this.suffixes.get(old) ?? 1;
          while (this.usedIds.has(`${old}_${n}`)) n++;
          name = `${old}_${n}`;
          this.suffixes.set(old, n + 1);
          renamed.set(old, name);
          this.usedIds.add(name);
        }
        setValue(d, a, name);
        if (!this.index.has(name)) this.index.set(name, d);
      }
      // The copy stands for the chain it came from too.
      const c = this.chains.get(src[k]!);
      if (c) this.chains.set(d, c);
    }
    if (renamed.size > 0) {
      for (const d of dst) {
        for (const a of attributes(d)) {
          if (isIdAttribute(a) || referencesIn(a).length === 0) continue;
          const v = rewriteReferences(a, (id) => renamed.get(id));
          if (v !== null) setValue(d, a, v);
        }
      }
    }
    return copy;
  }

  /**
   * A deep copy of elements, attributes and text. xmldom's cloneNode copies every
   * own property of every node and is several times slower, which matters when
   * thousands of copies are made.
   */
  private clone(source: Element): Element {
    const doc = this.ctx.doc;
    const make = (el: Element): Element => {
      const out = doc.createElementNS(el.namespaceURI, el.nodeName);
      for (const a of attributes(el)) copyAttribute(out, a);
      return out;
    };
    const top = make(source);
    const stack: Array<[Element, Element]> = [[source, top]];
    while (stack.length > 0) {
      const [from, to] = stack.pop()!;
      for (let c = from.firstChild; c; c = c.nextSibling) {
        if (c.nodeType === 1) {
          const e = make(c as Element);
          to.appendChild(e);
          stack.push([c as Element, e]);
        } else if (c.nodeType === 3) {
          to.appendChild(doc.createTextNode((c as unknown as { data: string }).data));
        } else if (c.nodeType === 4) {
          to.appendChild(doc.createCDATASection((c as unknown as { data: string }).data));
        }
      }
    }
    return top;
  }

  /** Nested <svg> elements (not the root) become groups, innermost first. */
  flattenNestedSvgs(): void {
    const nested = elements(this.root).filter((e) => e !== this.root && isSvgElement(e, 'svg'));
    let remover: Remover | undefined;
    for (let k = nested.length - 1; k >= 0; k--) {
      const svg = nested[k]!;
      if (!attached(svg, this.root)) continue;
      const parentSize = viewportSize(svg, this.root);
      if (!parentSize) {
        this.ctx.refuse('use-symbols', 'no-length-units', 'the size of a nested <svg> cannot be resolved to user units', this.origin(svg));
        continue;
      }
      const g = this.ctx.doc.createElementNS(SVG_NS, 'g');
      const id = svg.getAttributeNode('id') ?? svg.getAttributeNodeNS(XML_NS, 'id');
      const placed = this.placeViewport(svg, null, parentSize, g);
      if (placed === 'unresolved') continue;
      if (placed === 'nothing') {
        remover ??= new Remover(this.ctx);
        remover.remove(svg);
        this.ctx.change('use-symbols', 'removed nested <svg> elements with a zero-sized viewport or viewBox (they draw nothing)', { ruleId: 'element-allowed-list' });
        continue;
      }
      if (placed.transform !== '') g.setAttribute('transform', placed.transform);
      if (id) copyAttribute(g, id);
      svg.parentNode!.replaceChild(g, svg);
      this.ctx.change('use-symbols', 'replaced nested <svg> elements by groups with the equivalent transform', { ruleId: 'element-allowed-list' });
    }
  }

  /** Refuses viewports whose content reaches outside them: browsers clip it, Tiny PS cannot. */
  checkOverflow(): void {
    for (const check of this.checks) {
      if (!attached(check.content, this.root)) continue;
      const painted = paintedBounds(check.content, check.toViewport);
      if (painted === null) continue;
      if ('unknown' in painted) {
        this.ctx.refuse(
          'use-symbols',
          'element-allowed-list',
          `${check.what} clips its content to its viewport, and whether <${painted.unknown.localName}> stays inside cannot be computed (lengths with units?): Tiny PS cannot clip; make sure the viewBox covers the artwork`,
          check.origin,
        );
        continue;
      }
      const r = check.rect;
      const outer: BBox = { minX: r.x, minY: r.y, maxX: r.x + r.width, maxY: r.y + r.height };
      const tolerance = 1e-6 * Math.max(r.width, r.height, 1);
      const f = (v: number) => num(v, 2);
      if (contains(outer, painted.certain, tolerance)) {
        if (!contains(outer, painted.possible, tolerance)) {
          // Only sharp miter joins or square caps could reach outside: tell, and let the rendering comparison measure it.
          this.ctx.change('use-symbols', 'dropped the clipping of viewports whose strokes may reach outside them at sharp corners or square caps', { ruleId: 'element-allowed-list', lossy: true });
        }
        continue;
      }
      const p = painted.certain;
      this.ctx.refuse(
        'use-symbols',
        'element-allowed-list',
        `${check.what} draws outside its viewport (content ${f(p.minX)},${f(p.minY)} to ${f(p.maxX)},${f(p.maxY)}; viewport ${f(outer.minX)},${f(outer.minY)} to ${f(outer.maxX)},${f(outer.maxY)}), where browsers clip it and Tiny PS cannot: make its viewBox cover the artwork, or set overflow="visible" if the clipping is not wanted`,
        check.origin,
      );
    }
  }
}

/**
 * [E1, E2, A15] Replaces every <use> by a <g> holding a copy of what it refers to:
 * the use's attributes stay on the group (so the copy inherits what it inherited),
 * its transform is followed by translate(x, y), and a <symbol> or <svg> target gets
 * the transform of its viewBox (SVG 1.1 §7.8). Copied ids are renamed. Nested <svg>
 * become groups the same way, and <symbol> definitions are removed. A viewport
 * clips its content in browsers: when the content stays inside, the clip changes
 * nothing and is dropped; otherwise the conversion is refused. Circular references
 * and expansions beyond MAX_CREATED elements are refused, as are uses of other files.
 */
const pass: Pass = {
  id: 'use-symbols',
  description: 'Expands <use>, <symbol> and nested <svg> into groups [E1, E2, A15].',
  run(ctx) {
    const root = ctx.root;
    const expander = new Expander(ctx);
    expander.expandAll();

    // Symbols render only through <use>, and every use is now a copy.
    const symbols = elements(root).filter((e) => isSvgElement(e, 'symbol'));
    if (symbols.length > 0) {
      const remover = new Remover(ctx);
      for (const s of symbols) {
        if (!attached(s, root)) continue;
        remover.remove(s);
        ctx.change('use-symbols', 'removed <symbol> definitions (they render only through <use>, now expanded)', { ruleId: 'element-allowed-list' });
      }
    }

    expander.flattenNestedSvgs();
    expander.checkOverflow();
  },
};
export default pass;
