/**
 * Exact bounding boxes of SVG geometry, for passes that must know where things are
 * (objectBoundingBox gradients, clip paths that only frame the art, group opacity
 * over shapes that do not overlap). Path data is normalised with svgpath (absolute,
 * no arcs, no shorthand); curve extrema are found analytically.
 */
import type { Element } from '@xmldom/xmldom';
import svgpath from 'svgpath';
import { checkPlainNumber, parsePoints } from '../profile/numbers.js';
import { applyToPoint, IDENTITY, multiply, parseTransform, type Matrix } from '../profile/transform.js';
import { children, isSvgElement } from './dom.js';

export interface BBox {
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
}

const EMPTY: BBox = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };

export function isEmpty(b: BBox): boolean {
  return !(b.minX <= b.maxX && b.minY <= b.maxY);
}

export function union(a: BBox, b: BBox): BBox {
  return { minX: Math.min(a.minX, b.minX), minY: Math.min(a.minY, b.minY), maxX: Math.max(a.maxX, b.maxX), maxY: Math.max(a.maxY, b.maxY) };
}

/** True when `outer` contains `inner`, with a tolerance in user units. */
export function contains(outer: BBox, inner: BBox, tolerance = 1e-6): boolean {
  return inner.minX >= outer.minX - tolerance && inner.minY >= outer.minY - tolerance && inner.maxX <= outer.maxX + tolerance && inner.maxY <= outer.maxY + tolerance;
}

/** True when the boxes share interior area (touching edges do not count). */
export function overlaps(a: BBox, b: BBox, tolerance = 1e-9): boolean {
  return a.minX < b.maxX - tolerance && b.minX < a.maxX - tolerance && a.minY < b.maxY - tolerance && b.minY < a.maxY - tolerance;
}

class Accumulator {
  minX = Infinity;
  minY = Infinity;
  maxX = -Infinity;
  maxY = -Infinity;
  constructor(private readonly m: Matrix) {}
  add(x: number, y: number): void {
    const [tx, ty] = applyToPoint(this.m, x, y);
    if (tx < this.minX) this.minX = tx;
    if (tx > this.maxX) this.maxX = tx;
    if (ty < this.minY) this.minY = ty;
    if (ty > this.maxY) this.maxY = ty;
  }
  box(): BBox {
    return { minX: this.minX, minY: this.minY, maxX: this.maxX, maxY: this.maxY };
  }
}

/** Parameters t in (0,1) where a cubic Bézier coordinate has an extremum. */
function cubicExtrema(p0: number, p1: number, p2: number, p3: number): number[] {
  const a = -p0 + 3 * p1 - 3 * p2 + p3;
  const b = 2 * (p0 - 2 * p1 + p2);
  const c = p1 - p0;
  const out: number[] = [];
  if (Math.abs(a) < 1e-12) {
    if (Math.abs(b) > 1e-12) out.push(-c / b);
  } else {
    const disc = b * b - 4 * a * c;
    if (disc >= 0) {
      const s = Math.sqrt(disc);
      out.push((-b + s) / (2 * a), (-b - s) / (2 * a));
    }
  }
  return out.filter((t) => t > 0 && t < 1);
}

function cubicAt(p0: number, p1: number, p2: number, p3: number, t: number): number {
  const u = 1 - t;
  return u * u * u * p0 + 3 * u * u * t * p1 + 3 * u * t * t * p2 + t * t * t * p3;
}

/** Exact bounding box of path data, after a transform (transforming before taking extrema keeps it exact). */
export function pathBBox(d: string, m: Matrix = IDENTITY): BBox {
  const acc = new Accumulator(IDENTITY);
  let cx = 0;
  let cy = 0;
  let sx = 0;
  let sy = 0;
  const tp = (x: number, y: number) => applyToPoint(m, x, y);
  const p = svgpath(d).abs().unarc().unshort();
  const segments = (p as unknown as { segments: Array<Array<string | number>> }).segments;
  for (const seg of segments) {
    const cmd = seg[0] as string;
    const a = seg.slice(1) as number[];
    switch (cmd) {
      case 'M':
        cx = sx = a[0]!;
        cy = sy = a[1]!;
        acc.add(...tp(cx, cy));
        break;
      case 'L':
        cx = a[0]!;
        cy = a[1]!;
        acc.add(...tp(cx, cy));
        break;
      case 'H':
        cx = a[0]!;
        acc.add(...tp(cx, cy));
        break;
      case 'V':
        cy = a[0]!;
        acc.add(...tp(cx, cy));
        break;
      case 'Q': {
        // Elevate to a cubic, which has the same curve.
        const [qx, qy, x, y] = a as [number, number, number, number];
        const c1 = [cx + (2 / 3) * (qx - cx), cy + (2 / 3) * (qy - cy)] as const;
        const c2 = [x + (2 / 3) * (qx - x), y + (2 / 3) * (qy - y)] as const;
        addCubic(acc, tp(cx, cy), tp(c1[0], c1[1]), tp(c2[0], c2[1]), tp(x, y));
        cx = x;
        cy = y;
        break;
      }
      case 'C': {
        const [x1, y1, x2, y2, x, y] = a as [number, number, number, number, number, number];
        addCubic(acc, tp(cx, cy), tp(x1, y1), tp(x2, y2), tp(x, y));
        cx = x;
        cy = y;
        break;
      }
      case 'Z':
      case 'z':
        cx = sx;
        cy = sy;
        break;
      default:
        break;
    }
  }
  return acc.box();
}

function addCubic(acc: Accumulator, p0: [number, number], p1: [number, number], p2: [number, number], p3: [number, number]): void {
  acc.add(p0[0], p0[1]);
  acc.add(p3[0], p3[1]);
  for (const axis of [0, 1] as const) {
    for (const t of cubicExtrema(p0[axis], p1[axis], p2[axis], p3[axis])) {
      const x = cubicAt(p0[0], p1[0], p2[0], p3[0], t);
      const y = cubicAt(p0[1], p1[1], p2[1], p3[1], t);
      acc.add(x, y);
    }
  }
}

/** A plain number attribute (absent = 0); NaN when it has units or is not a number, which makes the box unknown. */
function n(el: Element, name: string): number {
  const v = el.getAttribute(name);
  if (v === null || v === '') return 0;
  const r = checkPlainNumber(v);
  return r.ok ? r.value : NaN;
}

function unknown(b: BBox): boolean {
  return Number.isNaN(b.minX) || Number.isNaN(b.minY) || Number.isNaN(b.maxX) || Number.isNaN(b.maxY);
}

/** The element's own transform, or the identity. */
export function transformOf(el: Element): Matrix {
  const t = el.getAttribute('transform');
  if (!t) return IDENTITY;
  const r = parseTransform(t);
  return r.ok ? r.matrix : IDENTITY;
}

/**
 * Bounding box of an element's geometry in the coordinate system `m` maps its user
 * space into (identity: its own user space, i.e. without its own transform). Returns
 * null when the geometry cannot be known (text, unknown elements).
 */
export function bbox(el: Element, m: Matrix = IDENTITY): BBox | null {
  const b = rawBBox(el, m);
  return b && unknown(b) ? null : b;
}

function rawBBox(el: Element, m: Matrix): BBox | null {
  if (!isSvgElement(el)) return null;
  const acc = new Accumulator(m);
  switch (el.localName) {
    case 'rect': {
      const w = n(el, 'width');
      const h = n(el, 'height');
      if (Number.isNaN(w) || Number.isNaN(h)) return null;
      if (w <= 0 || h <= 0) return EMPTY;
      const x = n(el, 'x');
      const y = n(el, 'y');
      acc.add(x, y);
      acc.add(x + w, y);
      acc.add(x, y + h);
      acc.add(x + w, y + h);
      return acc.box();
    }
    case 'circle':
    case 'ellipse': {
      const rx = el.localName === 'circle' ? n(el, 'r') : n(el, 'rx');
      const ry = el.localName === 'circle' ? n(el, 'r') : n(el, 'ry');
      if (Number.isNaN(rx) || Number.isNaN(ry)) return null;
      if (rx <= 0 || ry <= 0) return EMPTY;
      const cx = n(el, 'cx');
      const cy = n(el, 'cy');
      // An ellipse under an affine map: bounds from the axis vectors.
      const ax = [m[0] * rx, m[1] * rx];
      const ay = [m[2] * ry, m[3] * ry];
      const [tx, ty] = applyToPoint(m, cx, cy);
      const hx = Math.hypot(ax[0]!, ay[0]!);
      const hy = Math.hypot(ax[1]!, ay[1]!);
      return { minX: tx - hx, maxX: tx + hx, minY: ty - hy, maxY: ty + hy };
    }
    case 'line':
      acc.add(n(el, 'x1'), n(el, 'y1'));
      acc.add(n(el, 'x2'), n(el, 'y2'));
      return acc.box();
    case 'polyline':
    case 'polygon': {
      const pts = parsePoints(el.getAttribute('points') ?? '') ?? [];
      for (let k = 0; k + 1 < pts.length; k += 2) acc.add(pts[k]!, pts[k + 1]!);
      return acc.box();
    }
    case 'path': {
      const d = el.getAttribute('d') ?? '';
      try {
        return d.trim() === '' ? EMPTY : pathBBox(d, m);
      } catch {
        return null;
      }
    }
    case 'g':
    case 'svg':
    case 'a':
    case 'switch': {
      let box = EMPTY;
      for (const c of children(el)) {
        if (isSvgElement(c, 'title', 'desc', 'metadata', 'defs', 'linearGradient', 'radialGradient', 'solidColor', 'clipPath', 'mask', 'filter', 'pattern', 'marker', 'symbol', 'style', 'script')) continue;
        const b = bbox(c, multiply(m, transformOf(c)));
        if (b === null) return null;
        if (!isEmpty(b)) box = union(box, b);
      }
      return box;
    }
    default:
      return null;
  }
}

/** The stroke's half width added around a box (conservative for joins and caps). */
export function withStroke(b: BBox, el: Element, scale = 1): BBox {
  const stroke = el.getAttribute('stroke');
  if (!stroke || stroke.trim() === 'none') return b;
  const w = el.hasAttribute('stroke-width') ? n(el, 'stroke-width') : 1;
  const miter = el.hasAttribute('stroke-miterlimit') ? n(el, 'stroke-miterlimit') : 4;
  const pad = (w / 2) * Math.max(1, miter) * scale;
  return { minX: b.minX - pad, minY: b.minY - pad, maxX: b.maxX + pad, maxY: b.maxY + pad };
}
