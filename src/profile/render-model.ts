/**
 * What a document paints, as far as colour counting and background detection
 * need it: every rendered shape with its effective fill and stroke (inheritance,
 * the default black fill, currentColor, gradients and solidColor resolved, `use`
 * followed), its transform and, for simple shapes, its bounding box.
 *
 * Computed once per document and shared by the rules that need it.
 */
import type { Element } from '@xmldom/xmldom';
import type { SvgDocument } from '../types.js';
import { parseColorProperty, parsePaint, toHex, type Paint, type Rgb } from './color.js';
import { checkPlainNumber, parsePoints, parseViewBox, parseRootLength, toPixels } from './numbers.js';
import { parsePathData } from './pathdata.js';
import { SVG_NS, XLINK_NS } from './schema.js';
import { applyToPoint, IDENTITY, multiply, parseTransform, type Matrix } from './transform.js';

export interface SolidPaint {
  readonly kind: 'solid';
  readonly rgb: Rgb;
  /** Effective alpha of the paint (paint opacity × *-opacity). */
  readonly alpha: number;
  /** Where the colour comes from, for messages: an attribute, a stop, or the default. */
  readonly origin: string;
}

export interface GradientPaint {
  readonly kind: 'gradient';
  readonly stops: readonly SolidPaint[];
}

export type ResolvedPaint = SolidPaint | GradientPaint | { readonly kind: 'none' };

export interface PaintedShape {
  readonly element: Element;
  readonly fill: ResolvedPaint;
  readonly stroke: ResolvedPaint;
  /** User space → root viewport coordinates. */
  readonly matrix: Matrix;
  /** Axis-aligned box in the shape's user space, when the shape is a rectangle. */
  readonly rect: { x: number; y: number; width: number; height: number; rounded: boolean } | null;
}

export interface RenderModel {
  readonly shapes: readonly PaintedShape[];
  /** False when the walk stopped at its budget; consumers should then not conclude anything. */
  readonly complete: boolean;
  /** The canvas: the viewBox, or 0 0 width height; null when unknown. */
  readonly canvas: { x: number; y: number; width: number; height: number } | null;
}

interface Props {
  visible: boolean;
  fill: string;
  stroke: string;
  fillOpacity: number;
  strokeOpacity: number;
  strokeWidth: number;
  color: string;
}

const INITIAL: Props = { visible: true, fill: 'black', stroke: 'none', fillOpacity: 1, strokeOpacity: 1, strokeWidth: 1, color: 'black' };
const NOT_RENDERED = new Set(['title', 'desc', 'metadata', 'defs', 'linearGradient', 'radialGradient', 'solidColor', 'stop', 'symbol', 'clipPath', 'mask', 'pattern', 'marker', 'filter', 'style', 'script', 'font', 'font-face', 'foreignObject']);
const CONTAINERS = new Set(['svg', 'g', 'a', 'switch']);
const BUDGET = 100_000;
const cache = new WeakMap<SvgDocument, RenderModel>();

/** Reads presentation attributes, and declarations of a `style` attribute when present. */
function declared(el: Element, name: string): string | null {
  const style = el.getAttribute('style');
  if (style && style.includes(name)) {
    const m = new RegExp(`(?:^|;)\\s*${name}\\s*:\\s*([^;!]+)(!important)?`, 'i').exec(style);
    if (m) return m[1]!.trim();
  }
  return el.hasAttribute(name) ? el.getAttribute(name) : null;
}

function opacity(value: string | null, inherited: number): number {
  if (value === null) return inherited;
  if (value.trim() === 'inherit') return inherited;
  const n = checkPlainNumber(value);
  return n.ok ? Math.max(0, Math.min(1, n.value)) : inherited;
}

function hrefOf(el: Element): string | null {
  return el.getAttribute('href') || el.getAttributeNS(XLINK_NS, 'href') || null;
}

export function getRenderModel(doc: SvgDocument): RenderModel {
  let model = cache.get(doc);
  if (!model) {
    model = buildRenderModel(doc);
    cache.set(doc, model);
  }
  return model;
}

function num(el: Element, name: string, fallback = 0): number {
  const v = el.getAttribute(name);
  if (v === null || v === '') return fallback;
  const n = checkPlainNumber(v);
  return n.ok ? n.value : fallback;
}

/** Canvas of the root: viewBox, else width/height in pixels. */
export function canvasOf(root: Element): RenderModel['canvas'] {
  const vb = root.getAttribute('viewBox');
  if (vb) {
    const parsed = parseViewBox(vb);
    if (parsed && parsed.width > 0 && parsed.height > 0) return { x: parsed.minX, y: parsed.minY, width: parsed.width, height: parsed.height };
  }
  const w = parseRootLength(root.getAttribute('width') ?? '');
  const h = parseRootLength(root.getAttribute('height') ?? '');
  const wp = w ? toPixels(w) : null;
  const hp = h ? toPixels(h) : null;
  if (wp && hp && wp > 0 && hp > 0) return { x: 0, y: 0, width: wp, height: hp };
  return null;
}

function buildRenderModel(doc: SvgDocument): RenderModel {
  const shapes: PaintedShape[] = [];
  let visits = 0;
  let complete = true;

  const resolvePaintServer = (id: string, props: Props, seen: Set<string>): ResolvedPaint | null => {
    const target = doc.ids.get(id);
    if (!target || target.namespaceURI !== SVG_NS) return null;
    if (target.localName === 'solidColor') {
      const c = parseColorProperty(declared(target, 'solid-color') ?? 'black', false);
      const rgb = c.kind === 'color' ? c.rgb : c.kind === 'currentColor' ? colorOf(props.color) : null;
      const alpha = opacity(declared(target, 'solid-opacity'), 1);
      return rgb ? { kind: 'solid', rgb, alpha, origin: `solidColor #${id}` } : { kind: 'none' };
    }
    if (target.localName !== 'linearGradient' && target.localName !== 'radialGradient') return null;
    const stops: SolidPaint[] = [];
    for (let c = target.firstChild; c; c = c.nextSibling) {
      if (c.nodeType !== 1) continue;
      const stop = c as Element;
      if (stop.localName !== 'stop' || stop.namespaceURI !== SVG_NS) continue;
      const sc = parseColorProperty(declared(stop, 'stop-color') ?? 'black', false);
      const rgb = sc.kind === 'color' ? sc.rgb : sc.kind === 'currentColor' ? colorOf(inheritedColor(stop)) : sc.kind === 'inherit' ? ([0, 0, 0] as Rgb) : null;
      if (!rgb) continue;
      stops.push({ kind: 'solid', rgb, alpha: opacity(declared(stop, 'stop-opacity'), 1), origin: `stop in #${id}` });
    }
    if (stops.length === 0) {
      // Gradients may inherit stops through href (not Tiny PS, but common in exports).
      const href = hrefOf(target);
      if (href?.startsWith('#') && !seen.has(href)) {
        seen.add(href);
        return resolvePaintServer(href.slice(1), props, seen);
      }
      return { kind: 'none' };
    }
    return { kind: 'gradient', stops };
  };

  const colorOf = (value: string): Rgb | null => {
    const c = parseColorProperty(value, false);
    return c.kind === 'color' ? c.rgb : null;
  };

  const resolve = (value: string, paintOpacity: number, props: Props, origin: string): ResolvedPaint => {
    const p: Paint = parsePaint(value);
    const apply = (q: Paint): ResolvedPaint => {
      switch (q.kind) {
        case 'none':
          return { kind: 'none' };
        case 'color':
          return { kind: 'solid', rgb: q.rgb, alpha: paintOpacity, origin };
        case 'currentColor': {
          const rgb = colorOf(props.color);
          return rgb ? { kind: 'solid', rgb, alpha: paintOpacity, origin: `${origin} (currentColor)` } : { kind: 'none' };
        }
        case 'url': {
          const server = q.id ? resolvePaintServer(q.id, props, new Set()) : null;
          if (server) {
            if (server.kind === 'solid') return { ...server, alpha: server.alpha * paintOpacity };
            if (server.kind === 'gradient') return { kind: 'gradient', stops: server.stops.map((s) => ({ ...s, alpha: s.alpha * paintOpacity })) };
            return server;
          }
          return q.fallback ? apply(q.fallback) : { kind: 'none' };
        }
        case 'invalid': {
          // Not Tiny 1.2 (color-syntax reports it), but the browser engines that
          // receivers use paint it: count the colour they would show.
          const problem = q.problem;
          if ('rgb' in problem && problem.rgb) {
            const alpha = 'alpha' in problem && typeof problem.alpha === 'number' ? problem.alpha : 1;
            return { kind: 'solid', rgb: problem.rgb, alpha: alpha * paintOpacity, origin };
          }
          return { kind: 'none' };
        }
        default:
          return { kind: 'none' };
      }
    };
    return apply(p);
  };

  const propsFor = (el: Element, parent: Props): Props => {
    const pick = (name: string, inherited: string) => {
      const v = declared(el, name);
      if (v === null || v.trim() === 'inherit') return inherited;
      // A value no renderer understands is ignored, so the inherited one applies.
      const p = name === 'color' ? parseColorProperty(v, false) : parsePaint(v);
      if (p.kind === 'invalid' && !('rgb' in p.problem && p.problem.rgb)) return inherited;
      return v;
    };
    const visibility = declared(el, 'visibility')?.trim();
    const sw = declared(el, 'stroke-width');
    const swn = sw === null || sw.trim() === 'inherit' ? parent.strokeWidth : checkPlainNumber(sw);
    return {
      visible: visibility === 'hidden' || visibility === 'collapse' ? false : visibility === 'visible' ? true : parent.visible,
      fill: pick('fill', parent.fill),
      stroke: pick('stroke', parent.stroke),
      color: pick('color', parent.color),
      fillOpacity: opacity(declared(el, 'fill-opacity'), parent.fillOpacity),
      strokeOpacity: opacity(declared(el, 'stroke-opacity'), parent.strokeOpacity),
      strokeWidth: typeof swn === 'number' ? swn : swn.ok ? swn.value : parent.strokeWidth,
    };
  };

  const geometry = (el: Element): { draws: boolean; fillable: boolean; rect: PaintedShape['rect'] } => {
    switch (el.localName) {
      case 'rect': {
        const w = num(el, 'width');
        const h = num(el, 'height');
        // An unspecified rx or ry takes the other's value; corners are square when either is 0.
        const rxAttr = el.getAttribute('rx');
        const ryAttr = el.getAttribute('ry');
        const rx = rxAttr ? num(el, 'rx') : ryAttr ? num(el, 'ry') : 0;
        const ry = ryAttr ? num(el, 'ry') : rxAttr ? num(el, 'rx') : 0;
        const rounded = rx > 0 && ry > 0;
        return { draws: w > 0 && h > 0, fillable: true, rect: w > 0 && h > 0 ? { x: num(el, 'x'), y: num(el, 'y'), width: w, height: h, rounded } : null };
      }
      case 'circle':
        return { draws: num(el, 'r') > 0, fillable: true, rect: null };
      case 'ellipse':
        return { draws: num(el, 'rx') > 0 && num(el, 'ry') > 0, fillable: true, rect: null };
      case 'line':
        return { draws: true, fillable: false, rect: null };
      case 'polyline':
      case 'polygon': {
        const pts = parsePoints(el.getAttribute('points') ?? '') ?? [];
        return { draws: pts.length >= 4, fillable: true, rect: el.localName === 'polygon' ? polygonRect(pts) : null };
      }
      case 'path': {
        const d = el.getAttribute('d') ?? '';
        if (d.trim() === '') return { draws: false, fillable: true, rect: null };
        return { draws: true, fillable: true, rect: pathRect(d) };
      }
      case 'text':
      case 'textArea':
        return { draws: /\S/.test(el.textContent ?? ''), fillable: true, rect: null };
      default:
        return { draws: false, fillable: false, rect: null };
    }
  };

  interface Item {
    el: Element;
    props: Props;
    matrix: Matrix;
    uses: readonly Element[];
  }
  const stack: Item[] = [{ el: doc.root, props: INITIAL, matrix: IDENTITY, uses: [] }];
  // Children are visited in document order by pushing them in reverse.
  while (stack.length > 0) {
    if (++visits > BUDGET) {
      complete = false;
      break;
    }
    const { el, props: parentProps, matrix: parentMatrix, uses } = stack.pop()!;
    if (el.namespaceURI !== SVG_NS) continue;
    const name = el.localName ?? '';
    if (NOT_RENDERED.has(name)) continue;
    if (declared(el, 'display')?.trim() === 'none') continue;
    const props = propsFor(el, parentProps);
    let matrix = parentMatrix;
    const t = el.getAttribute('transform');
    if (t) {
      const parsed = parseTransform(t);
      if (parsed.ok) matrix = multiply(parentMatrix, parsed.matrix);
    }
    if (name === 'use') {
      const href = hrefOf(el);
      const target = href?.startsWith('#') ? doc.ids.get(href.slice(1)) : undefined;
      if (!target || uses.includes(el) || uses.length > 32) continue;
      const m = multiply(matrix, [1, 0, 0, 1, num(el, 'x'), num(el, 'y')]);
      stack.push({ el: target, props, matrix: m, uses: [...uses, el] });
      continue;
    }
    if (CONTAINERS.has(name) && (name !== 'svg' || el === doc.root)) {
      const children: Element[] = [];
      for (let c = el.firstChild; c; c = c.nextSibling) if (c.nodeType === 1) children.push(c as Element);
      const kids = name === 'switch' ? children.filter(switchCandidate).slice(0, 1) : children;
      for (let k = kids.length - 1; k >= 0; k--) stack.push({ el: kids[k]!, props, matrix, uses });
      continue;
    }
    const g = geometry(el);
    if (!g.draws || !props.visible) continue;
    const origin = (attr: string) => (declared(el, attr) !== null ? `${attr} on <${name}>` : `inherited ${attr}`);
    const fillOrigin = props.fill === 'black' && !hasAncestorOrSelf(el, 'fill', uses) ? 'the default black fill' : origin('fill');
    const fill = g.fillable && props.fillOpacity > 0 ? resolve(props.fill, props.fillOpacity, props, fillOrigin) : ({ kind: 'none' } as const);
    const stroke = props.strokeWidth > 0 && props.strokeOpacity > 0 ? resolve(props.stroke, props.strokeOpacity, props, origin('stroke')) : ({ kind: 'none' } as const);
    shapes.push({ element: el, fill, stroke, matrix, rect: g.rect });
  }
  return { shapes, complete, canvas: canvasOf(doc.root) };
}

/**
 * Whether a receiver would pick this child of a <switch>: conditions on
 * extensions or features (Illustrator's "preserve editing" <foreignObject>) fail,
 * and foreign content is never rendered.
 */
function switchCandidate(el: Element): boolean {
  if (el.localName === 'foreignObject') return false;
  return !el.hasAttribute('requiredExtensions') && !el.hasAttribute('requiredFeatures');
}

/** The `color` property of an element from its own ancestors (stops inherit from their gradient, not from the shape). */
function inheritedColor(el: Element): string {
  for (let e: Element | null = el; e && e.nodeType === 1; e = e.parentNode as Element | null) {
    const v = declared(e, 'color');
    if (v !== null && v.trim() !== 'inherit') return v;
  }
  return 'black';
}

function hasAncestorOrSelf(el: Element, attr: string, uses: readonly Element[]): boolean {
  for (let e: Element | null = el; e && e.nodeType === 1; e = e.parentNode as Element | null) {
    if (declared(e, attr) !== null) return true;
  }
  return uses.some((u) => hasAncestorOrSelf(u, attr, []));
}

/** The rectangle a path draws, when its data is exactly one closed axis-aligned rectangle. */
function pathRect(d: string): PaintedShape['rect'] {
  // Only short paths made of straight segments can be a rectangle.
  if (d.length > 160 || /[^MmLlHhVvZz0-9.,eE+\-\s]/.test(d)) return null;
  const { commands, error } = parsePathData(d);
  if (error || commands.length < 3 || commands.length > 7) return null;
  const pts: Array<[number, number]> = [];
  let x = 0;
  let y = 0;
  for (const c of commands) {
    const abs = c.command === c.command.toUpperCase();
    const a = c.args;
    switch (c.command.toUpperCase()) {
      case 'M':
      case 'L':
        x = abs ? a[0]! : x + a[0]!;
        y = abs ? a[1]! : y + a[1]!;
        break;
      case 'H':
        x = abs ? a[0]! : x + a[0]!;
        break;
      case 'V':
        y = abs ? a[0]! : y + a[0]!;
        break;
      case 'Z':
        continue;
      default:
        return null;
    }
    pts.push([x, y]);
  }
  return polygonRect(pts.flat());
}

function polygonRect(flat: readonly number[]): PaintedShape['rect'] {
  const pts: Array<[number, number]> = [];
  for (let k = 0; k + 1 < flat.length; k += 2) pts.push([flat[k]!, flat[k + 1]!]);
  if (pts.length > 1) {
    const [fx, fy] = pts[0]!;
    const [lx, ly] = pts[pts.length - 1]!;
    if (fx === lx && fy === ly) pts.pop();
  }
  if (pts.length !== 4) return null;
  for (let k = 0; k < 4; k++) {
    const [ax, ay] = pts[k]!;
    const [bx, by] = pts[(k + 1) % 4]!;
    if (ax !== bx && ay !== by) return null;
  }
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  const width = Math.max(...xs) - x;
  const height = Math.max(...ys) - y;
  return width > 0 && height > 0 ? { x, y, width, height, rounded: false } : null;
}

/** Distinct visible colours (hex), with where the first of each came from. */
export function visibleColors(model: RenderModel): Map<string, string> {
  const colors = new Map<string, string>();
  const add = (p: ResolvedPaint) => {
    if (p.kind === 'solid') {
      if (p.alpha > 0 && !colors.has(toHex(p.rgb))) colors.set(toHex(p.rgb), p.origin);
    } else if (p.kind === 'gradient') {
      for (const s of p.stops) if (s.alpha > 0 && !colors.has(toHex(s.rgb))) colors.set(toHex(s.rgb), s.origin);
    }
  };
  for (const s of model.shapes) {
    add(s.fill);
    add(s.stroke);
  }
  return colors;
}

/** Whether a paint is fully opaque everywhere. */
export function isOpaque(p: ResolvedPaint): boolean {
  if (p.kind === 'solid') return p.alpha >= 0.999;
  if (p.kind === 'gradient') return p.stops.every((s) => s.alpha >= 0.999);
  return false;
}

/** The bounding box of a rectangle after a transform that keeps it axis-aligned, or null. */
export function transformedRect(shape: PaintedShape): { x: number; y: number; width: number; height: number } | null {
  const r = shape.rect;
  if (!r) return null;
  const m = shape.matrix;
  const eps = 1e-9;
  // Axis-aligned results only: scale/translate, or a quarter-turn rotation.
  const aligned = (Math.abs(m[1]) < eps && Math.abs(m[2]) < eps) || (Math.abs(m[0]) < eps && Math.abs(m[3]) < eps);
  if (!aligned) return null;
  const corners = [
    applyToPoint(m, r.x, r.y),
    applyToPoint(m, r.x + r.width, r.y),
    applyToPoint(m, r.x, r.y + r.height),
    applyToPoint(m, r.x + r.width, r.y + r.height),
  ];
  const xs = corners.map((c) => c[0]);
  const ys = corners.map((c) => c[1]);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}
