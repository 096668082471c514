import type { Attr, Element, Node } from '@xmldom/xmldom';
import svgpath from 'svgpath';
import { boxArea, bounds, containsPoint, edgeBoxes, emptyArea, intersect as intersectAreas, normalized, pathArea, pathData, size, subtract, transformed, unite, type Area, type FillRule } from '../clip-geometry.js';
import type { ConvertContext, Pass } from '../context.js';
import { attributes, children, elements, href, idIndex, isSvgElement, num, remove, SVG_NS } from '../dom.js';
import { bbox, isEmpty, overlaps, transformOf, type BBox } from '../geometry.js';
import { bakeLinear, bboxMatrix, ellipseCarrier, similarityScale } from '../gradient-math.js';
import { artBoxOf, squareOf } from './square.js';
import { parseColor, parsePaint, type Rgb } from '../../profile/color.js';
import { checkPlainNumber, parsePoints } from '../../profile/numbers.js';
import { applyToPoint, IDENTITY, multiply, type Matrix } from '../../profile/transform.js';

const STEP = 'clip-mask';
const FLATTEN = 'Tiny PS has no clipping or masking, so flatten it in your editor (Illustrator: Object › Clipping Mask › Release, then Pathfinder › Crop; Inkscape: Path › Intersection; Figma: Flatten)';

/** Elements whose content is a definition, not drawing: never part of what an element draws. */
const NON_RENDERING = new Set(['title', 'desc', 'metadata', 'defs', 'linearGradient', 'radialGradient', 'solidColor', 'clipPath', 'mask', 'filter', 'pattern', 'marker', 'symbol', 'style', 'script']);
/** Definitions whose descendants are not processed as drawing (their attributes belong to the definition). */
const DEFINITIONS = new Set(['clipPath', 'mask', 'pattern', 'marker', 'filter', 'symbol']);
const SHAPES = new Set(['rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon', 'path']);

type Outcome = { keep: false } | { keep: true; reason: string };
type Point = readonly [number, number];

/** The id of a same-document `url(#id)`, '' for `none`, null for anything else (external URLs, CSS shapes). */
function urlTarget(value: string): string | null {
  const v = value.trim();
  if (v === 'none') return '';
  const m = /^url\([\t\n\r ]*(['"]?)#([^'")]+)\1[\t\n\r ]*\)$/.exec(v);
  return m ? m[2]!.trim() : null;
}

/** A coordinate attribute as a number (plain or px); `fallback` when absent; null when unreadable. */
function length(el: Element, name: string, fallback: number | null): number | null {
  const v = el.getAttribute(name);
  if (v === null || v.trim() === '') return fallback;
  const r = checkPlainNumber(v);
  if (r.ok) return r.value;
  return r.problem.kind === 'unit' && r.problem.unit.toLowerCase() === 'px' ? r.problem.number : null;
}

function invert(m: Matrix): Matrix | null {
  const det = m[0] * m[3] - m[1] * m[2];
  if (!Number.isFinite(det) || Math.abs(det) < 1e-12) return null;
  return [m[3] / det, -m[1] / det, -m[2] / det, m[0] / det, (m[2] * m[5] - m[3] * m[4]) / det, (m[1] * m[4] - m[0] * m[5]) / det];
}

/** The largest factor by which the matrix stretches a length (its largest singular value). */
function maxScale(m: Matrix): number {
  const s = (m[0] * m[0] + m[1] * m[1] + m[2] * m[2] + m[3] * m[3]) / 2;
  const det = m[0] * m[3] - m[1] * m[2];
  return Math.sqrt(s + Math.sqrt(Math.max(0, s * s - det * det)));
}

function corners(b: BBox): Point[] {
  return [
    [b.minX, b.minY],
    [b.maxX, b.minY],
    [b.maxX, b.maxY],
    [b.minX, b.maxY],
  ];
}

function intersect(a: BBox, b: BBox): BBox {
  return { minX: Math.max(a.minX, b.minX), minY: Math.max(a.minY, b.minY), maxX: Math.min(a.maxX, b.maxX), maxY: Math.min(a.maxY, b.maxY) };
}

/** The inherited value of a property, from `el` up (an `inherit` value defers to the parent). */
function inherited(el: Element | null, name: string): string | null {
  for (let n: Element | null = el; n && n.nodeType === 1; n = n.parentNode as Element | null) {
    const v = n.getAttribute(name);
    if (v !== null && v.trim() !== '' && v.trim() !== 'inherit') return v.trim();
  }
  return null;
}

function numberOr(value: string | null, fallback: number): number {
  if (value === null) return fallback;
  const r = checkPlainNumber(value);
  if (r.ok) return r.value;
  return r.problem.kind === 'unit' && r.problem.unit.toLowerCase() === 'px' ? r.problem.number : fallback;
}

/** Geometry attributes that geometry.ts reads as plain numbers. */
const GEOMETRY = ['x', 'y', 'width', 'height', 'rx', 'ry', 'cx', 'cy', 'r', 'x1', 'y1', 'x2', 'y2'];
const ABSOLUTE_UNITS: Readonly<Record<string, number>> = { px: 1, in: 96, cm: 96 / 2.54, mm: 96 / 25.4, q: 96 / 101.6, pt: 96 / 72, pc: 16 };

/** A stroke width in user units (plain, or an absolute CSS unit), or null when it depends on more (em, %). */
function strokeWidth(value: string): number | null {
  const r = checkPlainNumber(value);
  if (r.ok) return r.value;
  if (r.problem.kind !== 'unit') return null;
  const factor = ABSOLUTE_UNITS[r.problem.unit.toLowerCase()];
  return factor === undefined ? null : r.problem.number * factor;
}

interface StrokeState {
  readonly paint: string | null;
  readonly width: string | null;
  readonly join: string | null;
  readonly cap: string | null;
  readonly miter: string | null;
}

const STROKE_PROPS: ReadonlyArray<[keyof StrokeState, string]> = [
  ['paint', 'stroke'],
  ['width', 'stroke-width'],
  ['join', 'stroke-linejoin'],
  ['cap', 'stroke-linecap'],
  ['miter', 'stroke-miterlimit'],
];

function strokeOf(el: Element, parent: StrokeState): StrokeState {
  let s = parent;
  for (const [key, attr] of STROKE_PROPS) {
    const v = el.getAttribute(attr);
    if (v !== null && v.trim() !== '' && v.trim() !== 'inherit') s = { ...s, [key]: v.trim() };
  }
  return s;
}

function inheritedStroke(el: Element): StrokeState {
  const chain: Element[] = [];
  for (let n = el.parentNode; n && n.nodeType === 1; n = n.parentNode) chain.push(n as Element);
  let s: StrokeState = { paint: null, width: null, join: null, cap: null, miter: null };
  for (let k = chain.length - 1; k >= 0; k--) s = strokeOf(chain[k]!, s);
  return s;
}

/**
 * Everything `el` draws, fill and stroke, as a box in its own user space (the space
 * its clip-path and mask are in when their units are userSpaceOnUse). Strokes are
 * padded conservatively (miter joins, square caps), so a clip that contains this box
 * contains the drawing. Returns a reason instead when the extent cannot be known.
 */
function drawnExtent(el: Element): BBox | string {
  let box: BBox = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  const add = (b: BBox) => {
    if (!isEmpty(b)) box = { minX: Math.min(box.minX, b.minX), minY: Math.min(box.minY, b.minY), maxX: Math.max(box.maxX, b.maxX), maxY: Math.max(box.maxY, b.maxY) };
  };
  const stack: Array<{ el: Element; m: Matrix; stroke: StrokeState }> = [{ el, m: IDENTITY, stroke: strokeOf(el, inheritedStroke(el)) }];
  while (stack.length > 0) {
    const { el: node, m, stroke } = stack.pop()!;
    const name = node.localName ?? '';
    if (!isSvgElement(node) || NON_RENDERING.has(name)) continue;
    // display="none" draws nothing, whatever its descendants say.
    if (node.getAttribute('display')?.trim() === 'none') continue;
    // Markers draw outside the geometry; the filters pass refuses them anyway.
    for (const marker of ['marker-start', 'marker-mid', 'marker-end', 'marker']) {
      const v = node.getAttribute(marker);
      if (v !== null && v.trim() !== 'none' && v.trim() !== '') return 'it draws markers';
    }
    if (name === 'g' || name === 'a' || name === 'switch' || (name === 'svg' && node === el && node.parentNode?.nodeType !== 1)) {
      for (const c of children(node)) stack.push({ el: c, m: multiply(m, transformOf(c)), stroke: strokeOf(c, stroke) });
      continue;
    }
    if (!SHAPES.has(name)) return `it contains <${node.nodeName}>, whose extent cannot be measured`;
    // The units pass runs later; until then only plain numbers can be measured.
    for (const a of GEOMETRY) {
      const v = node.getAttribute(a);
      if (v !== null && v.trim() !== '' && !checkPlainNumber(v).ok) return `its <${name}> has ${a}="${v.trim().slice(0, 20)}", which is not a plain number`;
    }
    const geometry = bbox(node, m);
    if (geometry === null) return `the extent of a <${name}> cannot be measured`;
    if (isEmpty(geometry)) continue;
    const paint = stroke.paint;
    const width = stroke.width === null ? 1 : strokeWidth(stroke.width);
    if (width === null) return `its stroke width "${stroke.width!.slice(0, 20)}" cannot be measured`;
    if (paint === null || paint === 'none' || !(width > 0)) {
      add(geometry);
      continue;
    }
    if (node.getAttribute('vector-effect')?.trim() === 'non-scaling-stroke') return 'it has a non-scaling stroke, whose width depends on the final scale';
    const half = width / 2;
    if (name === 'rect') {
      // A rectangle's stroke outline lies inside the rectangle grown by half the width, whatever the joins.
      const x = numberOr(node.getAttribute('x'), 0);
      const y = numberOr(node.getAttribute('y'), 0);
      const w = numberOr(node.getAttribute('width'), 0);
      const h = numberOr(node.getAttribute('height'), 0);
      if (!(w > 0 && h > 0)) continue;
      let b: BBox = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
      for (const [px, py] of corners({ minX: x - half, minY: y - half, maxX: x + w + half, maxY: y + h + half })) {
        const [tx, ty] = applyToPoint(m, px, py);
        b = { minX: Math.min(b.minX, tx), minY: Math.min(b.minY, ty), maxX: Math.max(b.maxX, tx), maxY: Math.max(b.maxY, ty) };
      }
      add(b);
      continue;
    }
    // Every stroked point lies within half the width (times the miter or square-cap
    // factor) of the geometry; a transform stretches that by at most its largest scale.
    const smooth = name === 'circle' || name === 'ellipse';
    const joinFactor = !smooth && name !== 'line' && (stroke.join ?? 'miter') === 'miter' ? Math.max(1, numberOr(stroke.miter, 4)) : 1;
    const capFactor = !smooth && stroke.cap === 'square' ? Math.SQRT2 : 1;
    const pad = half * Math.max(joinFactor, capFactor) * maxScale(m);
    add({ minX: geometry.minX - pad, minY: geometry.minY - pad, maxX: geometry.maxX + pad, maxY: geometry.maxY + pad });
  }
  return box;
}

/** A convex region given by a point test in its own coordinates. */
type Region = { contains(p: Point, tolerance: number): boolean; size: number };

/**
 * The convex polygon of straight-segment path data or points, or a reason. Curves,
 * several subpaths and concave or self-intersecting outlines are not handled.
 */
function convexPolygon(points: Point[]): Region | string {
  const pts: Point[] = [];
  for (const p of points) {
    const last = pts[pts.length - 1];
    if (!last || Math.abs(last[0] - p[0]) > 1e-12 || Math.abs(last[1] - p[1]) > 1e-12) pts.push(p);
  }
  if (pts.length > 1 && Math.abs(pts[0]![0] - pts[pts.length - 1]![0]) < 1e-12 && Math.abs(pts[0]![1] - pts[pts.length - 1]![1]) < 1e-12) pts.pop();
  // Drop collinear vertices (a rectangle drawn with extra points on its edges).
  let changed = true;
  while (changed && pts.length >= 3) {
    changed = false;
    for (let i = 0; i < pts.length; i++) {
      const a = pts[(i + pts.length - 1) % pts.length]!;
      const b = pts[i]!;
      const c = pts[(i + 1) % pts.length]!;
      const cross = (b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0]);
      const scale = Math.hypot(b[0] - a[0], b[1] - a[1]) * Math.hypot(c[0] - b[0], c[1] - b[1]);
      if (Math.abs(cross) <= 1e-9 * Math.max(scale, 1e-300)) {
        // Collinear: b is on the line a–c only if it lies between them; a spike back is not convex.
        const dot = (b[0] - a[0]) * (c[0] - b[0]) + (b[1] - a[1]) * (c[1] - b[1]);
        if (dot < 0) return 'its outline doubles back on itself';
        pts.splice(i, 1);
        changed = true;
        break;
      }
    }
  }
  if (pts.length < 3) return 'it has no area';
  let sign = 0;
  let turning = 0;
  for (let i = 0; i < pts.length; i++) {
    const a = pts[i]!;
    const b = pts[(i + 1) % pts.length]!;
    const c = pts[(i + 2) % pts.length]!;
    const cross = (b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0]);
    const s = Math.sign(cross);
    if (sign === 0) sign = s;
    else if (s !== sign) return 'it is not convex';
    turning += Math.atan2(cross, (b[0] - a[0]) * (c[0] - b[0]) + (b[1] - a[1]) * (c[1] - b[1]));
  }
  // A star drawn in one stroke turns the same way at every vertex but winds more than once.
  if (Math.abs(Math.abs(turning) - 2 * Math.PI) > 1e-6) return 'it crosses itself';
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  const size = Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys));
  return {
    size,
    contains(p, tolerance) {
      for (let i = 0; i < pts.length; i++) {
        const a = pts[i]!;
        const b = pts[(i + 1) % pts.length]!;
        const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
        // Signed distance of p from the edge, positive inside.
        const d = (sign * ((b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]))) / len;
        if (d < -tolerance) return false;
      }
      return true;
    },
  };
}

/**
 * Vertices of path data made only of straight segments, or a reason. Subpaths that
 * enclose no area (a lone moveto, a single line) add nothing to a fill, so they are
 * ignored; two subpaths with area are a union, which is not handled.
 */
function pathVertices(d: string): Point[] | string {
  let segments: Array<Array<string | number>>;
  try {
    const p = svgpath(d);
    if ((p as unknown as { err: string }).err) return 'its path data does not parse';
    segments = (p.abs() as unknown as { segments: Array<Array<string | number>> }).segments;
  } catch {
    return 'its path data does not parse';
  }
  const subpaths: Point[][] = [];
  let pts: Point[] = [];
  let cx = 0;
  let cy = 0;
  for (const seg of segments) {
    const cmd = seg[0] as string;
    const a = seg.slice(1) as number[];
    switch (cmd) {
      case 'M':
        pts = [];
        subpaths.push(pts);
        cx = a[0]!;
        cy = a[1]!;
        break;
      case 'L':
        cx = a[0]!;
        cy = a[1]!;
        break;
      case 'H':
        cx = a[0]!;
        break;
      case 'V':
        cy = a[0]!;
        break;
      case 'Z':
      case 'z':
        // After closepath the current point is the subpath's start; a new subpath begins with the next command.
        if (pts.length > 0) [cx, cy] = pts[0]!;
        pts = [[cx, cy]];
        subpaths.push(pts);
        continue;
      default:
        return 'it has curves';
    }
    pts.push([cx, cy]);
  }
  const withArea = subpaths.filter((s) => new Set(s.map(([x, y]) => `${x},${y}`)).size >= 3);
  if (withArea.length > 1) return 'it has several subpaths';
  return withArea[0] ?? [];
}

/** The region a clip or mask shape covers, in the shape's own user space, or a reason. */
function shapeRegion(shape: Element): Region | string {
  const name = shape.localName;
  switch (name) {
    case 'rect': {
      const x = length(shape, 'x', 0);
      const y = length(shape, 'y', 0);
      const w = length(shape, 'width', 0);
      const h = length(shape, 'height', 0);
      let rx = length(shape, 'rx', null);
      let ry = length(shape, 'ry', null);
      if (x === null || y === null || w === null || h === null) return 'its position or size could not be read';
      if (!(w > 0 && h > 0)) return 'it has no area, so it hides everything';
      if ((shape.hasAttribute('rx') && rx === null && shape.getAttribute('rx')!.trim() !== 'auto') || (shape.hasAttribute('ry') && ry === null && shape.getAttribute('ry')!.trim() !== 'auto')) return 'its corner radii could not be read';
      // An unspecified (or auto) radius takes the other's value; both are clamped to half the side.
      if (rx === null || rx < 0) rx = ry !== null && ry >= 0 ? ry : 0;
      if (ry === null || ry < 0) ry = rx;
      rx = Math.min(rx, w / 2);
      ry = Math.min(ry, h / 2);
      const rxx = rx;
      const ryy = ry;
      return {
        size: Math.max(w, h),
        contains([px, py], t) {
          if (px < x - t || px > x + w + t || py < y - t || py > y + h + t) return false;
          if (rxx <= 0 || ryy <= 0) return true;
          // In a corner square, the point must be inside the corner's quarter ellipse.
          const ccx = px < x + rxx ? x + rxx : px > x + w - rxx ? x + w - rxx : null;
          const ccy = py < y + ryy ? y + ryy : py > y + h - ryy ? y + h - ryy : null;
          if (ccx === null || ccy === null) return true;
          return Math.hypot((px - ccx) / (rxx + t), (py - ccy) / (ryy + t)) <= 1;
        },
      };
    }
    case 'circle':
    case 'ellipse': {
      const cx = length(shape, 'cx', 0);
      const cy = length(shape, 'cy', 0);
      const rx = length(shape, name === 'circle' ? 'r' : 'rx', name === 'circle' ? 0 : null);
      const ry = name === 'circle' ? rx : length(shape, 'ry', null);
      // SVG 2: an ellipse radius left out (auto) takes the other one.
      const a = rx ?? ry;
      const b = ry ?? rx;
      if (cx === null || cy === null || a === null || b === null) return 'its centre or radius could not be read';
      if (!(a > 0 && b > 0)) return 'it has no area, so it hides everything';
      return {
        size: 2 * Math.max(a, b),
        contains([px, py], t) {
          return Math.hypot((px - cx) / (a + t), (py - cy) / (b + t)) <= 1;
        },
      };
    }
    case 'polygon':
    case 'polyline': {
      const nums = parsePoints(shape.getAttribute('points') ?? '');
      if (!nums) return 'its points could not be read';
      const pts: Point[] = [];
      for (let k = 0; k + 1 < nums.length; k += 2) pts.push([nums[k]!, nums[k + 1]!]);
      return convexPolygon(pts);
    }
    case 'path': {
      const pts = pathVertices(shape.getAttribute('d') ?? '');
      return typeof pts === 'string' ? pts : convexPolygon(pts);
    }
    default:
      return `it is a <${shape.nodeName}>`;
  }
}

/** True when every corner of the box, mapped into the region's space by `inverse`, lies in the region. */
function covers(region: Region, inverse: Matrix, box: BBox): boolean {
  // A clip edge a hair inside the visible area (exports often place the frame clip a
  // few hundredths of a unit inside the canvas) cuts nothing one can see; 0.2 % of the
  // clip's size is a fraction of a pixel at every size receivers show. The pixel
  // comparison checks the result anyway.
  const tolerance = 0.002 * Math.max(region.size, 1e-9);
  return corners(box).every(([x, y]) => region.contains(applyToPoint(inverse, x, y), tolerance));
}

/**
 * The area that will be visible in the output, in `el`'s user space: the square
 * viewBox the square pass writes (the input's art box centred, plus padding), or
 * with `input` the input's own art box. Drawing outside it is never seen, so a clip
 * that only cuts there changes nothing. Only when every transform down to `el`
 * keeps axes aligned; otherwise null.
 */
function visibleArea(ctx: ConvertContext, el: Element, input = false): BBox | null {
  const { box } = artBoxOf(ctx.root);
  const area = input ? box : squareOf(box, ctx.options.padding);
  const cx = area.x + area.width / 2;
  const cy = area.y + area.height / 2;
  const half = [area.width / 2, area.height / 2];
  const chain: Element[] = [];
  for (let n: Element | null = el; n && n.nodeType === 1; n = n.parentNode as Element | null) chain.push(n);
  let m: Matrix = IDENTITY;
  for (let k = chain.length - 1; k >= 0; k--) {
    const n = chain[k]!;
    const isRoot = k === chain.length - 1;
    if (!isRoot && !isSvgElement(n, 'g', 'a', 'switch', 'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon')) return null;
    m = multiply(m, transformOf(n));
  }
  if (Math.abs(m[1]) > 1e-12 || Math.abs(m[2]) > 1e-12) return null;
  const inv = invert(m);
  if (!inv) return null;
  const [x0, y0] = applyToPoint(inv, cx - half[0]!, cy - half[1]!);
  const [x1, y1] = applyToPoint(inv, cx + half[0]!, cy + half[1]!);
  return { minX: Math.min(x0, x1), minY: Math.min(y0, y1), maxX: Math.max(x0, x1), maxY: Math.max(y0, y1) };
}

/** The part of what `el` draws that can be seen, or a reason why it is unknown. */
function visibleExtent(ctx: ConvertContext, el: Element, input = false): BBox | string {
  const drawn = drawnExtent(el);
  if (typeof drawn === 'string') return drawn;
  const view = visibleArea(ctx, el, input);
  return view ? intersect(drawn, view) : drawn;
}

/**
 * Bounding boxes taken before any clip was applied: objectBoundingBox units refer to
 * an element's geometry, which clipping does not change (getBBox ignores clips),
 * while this pass rewrites inner shapes before the clips of their groups.
 */
let frozenBoxes: Map<Element, BBox | null> | null = null;

/** The object bounding box of `el` (geometry only), the reference for objectBoundingBox units. */
function objectBox(el: Element): Matrix | string {
  const b = frozenBoxes?.has(el) ? frozenBoxes.get(el)! : bbox(el);
  if (b === null) return 'its bounding box cannot be measured';
  if (isEmpty(b) || b.maxX - b.minX <= 0 || b.maxY - b.minY <= 0) return 'its bounding box has no width or height, so objectBoundingBox units are undefined';
  return [b.maxX - b.minX, 0, 0, b.maxY - b.minY, b.minX, b.minY];
}

function hidesItself(el: Element): boolean {
  return el.getAttribute('display')?.trim() === 'none' || ['hidden', 'collapse'].includes(el.getAttribute('visibility')?.trim() ?? '');
}

function describeEl(el: Element): string {
  return `<${el.nodeName}>`;
}

/** Decides whether a clip path changes what `el` shows. */
function checkClip(ctx: ConvertContext, el: Element, clip: Element, content: BBox): Outcome {
  const units = clip.getAttribute('clipPathUnits')?.trim() || 'userSpaceOnUse';
  if (units !== 'userSpaceOnUse' && units !== 'objectBoundingBox') return { keep: true, reason: `its clipPathUnits="${units}" is not a valid value` };
  if (clip.hasAttribute('clip-path') && urlTarget(clip.getAttribute('clip-path')!) !== '') return { keep: true, reason: 'it is itself clipped by another clip path' };
  const shapes = children(clip).filter((c) => !isSvgElement(c, 'title', 'desc', 'metadata'));
  if (shapes.length !== 1) return { keep: true, reason: shapes.length === 0 ? 'it is empty, so it hides everything' : `it is made of ${shapes.length} shapes, not one` };
  const shape = shapes[0]!;
  if (!isSvgElement(shape) || !SHAPES.has(shape.localName ?? '')) return { keep: true, reason: `its content is ${describeEl(shape)}, not a shape` };
  if (hidesItself(shape)) return { keep: true, reason: 'its shape is hidden, so it hides everything' };
  if (shape.hasAttribute('clip-path') && urlTarget(shape.getAttribute('clip-path')!) !== '') return { keep: true, reason: 'its shape is itself clipped' };
  const region = shapeRegion(shape);
  if (typeof region === 'string') return { keep: true, reason: `its ${describeEl(shape)} is not a simple convex shape (${region})` };
  let m: Matrix = IDENTITY;
  if (units === 'objectBoundingBox') {
    const obb = objectBox(el);
    if (typeof obb === 'string') return { keep: true, reason: obb };
    m = obb;
  }
  // The clipPath's own transform, then the shape's, both inside the units' coordinate system.
  m = multiply(multiply(m, transformOf(clip)), transformOf(shape));
  const inverse = invert(m);
  if (!inverse) return { keep: true, reason: 'its transform flattens it to nothing, so it hides everything' };
  return covers(region, inverse, content) ? { keep: false } : { keep: true, reason: 'it cuts the artwork (the clip shape does not contain everything the element draws)' };
}

/** The colour and alpha of a paint value, when it is a plain colour. */
function solidColor(value: string): { rgb: Rgb; alpha: number } | null {
  const c = parseColor(value);
  if (c.ok) return { rgb: c.rgb, alpha: 1 };
  const p = c.problem;
  if (p.kind === 'named') return { rgb: p.rgb, alpha: 1 };
  if (p.kind === 'hex-alpha') return { rgb: p.rgb, alpha: p.alpha };
  if (p.kind === 'css-function' && p.rgb) return { rgb: p.rgb, alpha: p.alpha ?? 1 };
  return null;
}

/** The mask-type of a mask: the attribute, or a declaration left in a style attribute. */
function maskType(mask: Element): string {
  const attr = mask.getAttribute('mask-type')?.trim();
  if (attr) return attr;
  const style = /(?:^|;)\s*mask-type\s*:\s*([a-z]+)/i.exec(mask.getAttribute('style') ?? '');
  return style ? style[1]!.toLowerCase() : 'luminance';
}

/** A mask value (x, y, width, height) as a number in its units: fractions or percentages for objectBoundingBox. */
function maskLength(mask: Element, name: string, fallback: number, obb: boolean, viewport: number): number | null {
  const v = mask.getAttribute(name)?.trim();
  if (!v) return fallback;
  const pct = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)%$/.exec(v);
  if (pct) return obb ? Number(pct[1]) / 100 : (Number(pct[1]) / 100) * viewport;
  return length(mask, name, null);
}

/** Decides whether a mask changes what `el` shows. */
function checkMask(ctx: ConvertContext, el: Element, mask: Element, content: BBox): Outcome {
  const units = mask.getAttribute('maskUnits')?.trim() || 'objectBoundingBox';
  const contentUnits = mask.getAttribute('maskContentUnits')?.trim() || 'userSpaceOnUse';
  for (const u of [units, contentUnits]) if (u !== 'userSpaceOnUse' && u !== 'objectBoundingBox') return { keep: true, reason: `its units "${u}" are not valid` };
  const type = maskType(mask);
  if (type !== 'luminance' && type !== 'alpha') return { keep: true, reason: `its mask-type "${type}" is not valid` };
  if (mask.hasAttribute('transform')) return { keep: true, reason: 'it has a transform, which renderers treat differently' };
  for (const a of ['clip-path', 'mask', 'filter']) if (mask.hasAttribute(a) && urlTarget(mask.getAttribute(a)!) !== '') return { keep: true, reason: `it has its own ${a}` };
  let obb: Matrix | null = null;
  const needObb = () => {
    if (obb) return obb;
    const b = objectBox(el);
    if (typeof b === 'string') return b;
    obb = b;
    return b;
  };
  // The mask region: outside it everything is hidden.
  const vp = artBoxOf(ctx.root).box;
  const isObb = units === 'objectBoundingBox';
  const rx = maskLength(mask, 'x', isObb ? -0.1 : -0.1 * vp.width, isObb, vp.width);
  const ry = maskLength(mask, 'y', isObb ? -0.1 : -0.1 * vp.height, isObb, vp.height);
  const rw = maskLength(mask, 'width', isObb ? 1.2 : 1.2 * vp.width, isObb, vp.width);
  const rh = maskLength(mask, 'height', isObb ? 1.2 : 1.2 * vp.height, isObb, vp.height);
  if (rx === null || ry === null || rw === null || rh === null) return { keep: true, reason: 'its region (x, y, width, height) could not be read' };
  if (!(rw > 0 && rh > 0)) return { keep: true, reason: 'its region has no area, so it hides everything' };
  let regionMatrix: Matrix = IDENTITY;
  if (isObb) {
    const b = needObb();
    if (typeof b === 'string') return { keep: true, reason: b };
    regionMatrix = b;
  }
  const regionInverse = invert(regionMatrix)!;
  const rect: Region = {
    size: Math.max(rw, rh),
    contains: ([px, py], t) => px >= rx - t && px <= rx + rw + t && py >= ry - t && py <= ry + rh + t,
  };
  if (!covers(rect, regionInverse, content)) return { keep: true, reason: 'its region (x, y, width, height) does not contain everything the element draws' };

  // The content: one opaque shape (white for a luminance mask), possibly inside plain groups.
  let node: Element = mask;
  let m: Matrix = IDENTITY;
  if (contentUnits === 'objectBoundingBox') {
    const b = needObb();
    if (typeof b === 'string') return { keep: true, reason: b };
    m = b;
  }
  for (;;) {
    const kids = children(node).filter((c) => !isSvgElement(c, 'title', 'desc', 'metadata'));
    if (kids.length !== 1) return { keep: true, reason: kids.length === 0 ? 'it is empty, so it hides everything' : `it is made of ${kids.length} elements, not one shape` };
    const kid = kids[0]!;
    if (hidesItself(kid)) return { keep: true, reason: 'its content is hidden, so it hides everything' };
    if (opacityOf(kid.getAttribute('opacity')) !== 1) return { keep: true, reason: 'its content is not fully opaque' };
    for (const a of ['clip-path', 'mask', 'filter']) if (kid.hasAttribute(a) && urlTarget(kid.getAttribute(a)!) !== '') return { keep: true, reason: `its content has its own ${a}` };
    m = multiply(m, transformOf(kid));
    if (isSvgElement(kid, 'g')) {
      node = kid;
      continue;
    }
    if (!isSvgElement(kid) || !SHAPES.has(kid.localName ?? '')) return { keep: true, reason: `its content is ${describeEl(kid)}, not a shape` };
    node = kid;
    break;
  }
  // Properties inherit into mask content from the mask's own ancestors (not from the masked element).
  const paintOk = (paint: string | null, opacityName: string, what: string): string | null => {
    const c = paint === null ? { rgb: [0, 0, 0] as Rgb, alpha: 1 } : solidColor(paint);
    if (!c) return `its ${what} is not a plain colour`;
    const opacity = opacityOf(inherited(node, opacityName));
    if (opacity === null || c.alpha * opacity < 1) return `its ${what} is not fully opaque`;
    if (type === 'luminance' && (c.rgb[0] !== 255 || c.rgb[1] !== 255 || c.rgb[2] !== 255)) return `its ${what} is not white, so it darkens the artwork`;
    return null;
  };
  const fill = inherited(node, 'fill');
  if (fill === 'none') return { keep: true, reason: 'its shape has no fill' };
  const fillProblem = paintOk(fill, 'fill-opacity', 'fill');
  if (fillProblem) return { keep: true, reason: fillProblem };
  const stroke = inherited(node, 'stroke');
  if (stroke !== null && stroke !== 'none' && numberOr(inherited(node, 'stroke-width'), 1) > 0) {
    const strokeProblem = paintOk(stroke, 'stroke-opacity', 'stroke');
    if (strokeProblem) return { keep: true, reason: strokeProblem };
  }
  const region = shapeRegion(node);
  if (typeof region === 'string') return { keep: true, reason: `its ${describeEl(node)} is not a simple convex shape (${region})` };
  const inverse = invert(m);
  if (!inverse) return { keep: true, reason: 'its transform flattens it to nothing, so it hides everything' };
  return covers(region, inverse, content) ? { keep: false } : { keep: true, reason: 'it hides part of the artwork (its shape does not cover everything the element draws)' };
}

/** An opacity (absent: 1), clamped to [0, 1], or null when it cannot be read. */
function opacityOf(value: string | null): number | null {
  if (value === null || value.trim() === '') return 1;
  const r = checkPlainNumber(value);
  const v = r.ok ? r.value : r.problem.kind === 'unit' && r.problem.unit === '%' ? r.problem.number / 100 : null;
  return v === null ? null : Math.max(0, Math.min(1, v));
}

function insideDefinition(el: Element): boolean {
  for (let n = el.parentNode; n && n.nodeType === 1; n = n.parentNode) if (isSvgElement(n, ...DEFINITIONS)) return true;
  return false;
}

/**
 * [C4, C5] Tiny PS has no clipping or masking. A clip path or mask is removed
 * without touching the artwork when it provably changes nothing: one simple convex
 * shape (a rectangle above all: Figma's frame clip) that contains everything the
 * element draws, or at least all of it that falls inside the output's square
 * viewBox. Otherwise it is applied exactly: the clip region (or the region of a mask
 * made of opaque shapes, white for luminance masks) is intersected with the fill of
 * every shape it clips (boolean path operations, paper.js), and the shapes it hides
 * entirely are removed. What cannot be done exactly (a stroke crossing the clip's
 * edge, a mask that fades) is refused with the reason. Inner clips go first.
 */
const pass: Pass = {
  id: 'clip-mask',
  description: 'Removes clip paths and masks that do not change the rendering, applies the others by exact path intersection, refuses what cannot be expressed [C4, C5].',
  run(ctx) {
    const root = ctx.root;
    const ids = idIndex(root);
    const targets: Element[] = [];
    for (const el of elements(root)) {
      if (insideDefinition(el) || isSvgElement(el, ...DEFINITIONS)) continue;
      if (el.hasAttribute('clip-path') || el.hasAttribute('mask')) targets.push(el);
    }
    // objectBoundingBox units refer to the geometry before any clip is applied.
    frozenBoxes = new Map();
    const copied = (copiedGradients = new Set());
    for (const el of elements(root)) {
      if (el.hasAttribute('clip-path') || el.hasAttribute('mask')) frozenBoxes.set(el, bbox(el));
    }
    try {
      // Innermost first (reverse document order visits descendants before their
      // ancestors): an outer clip then sees shapes already cut by the inner ones.
      for (let k = targets.length - 1; k >= 0; k--) {
        let el: Element | null = targets[k]!;
        if (!attached(el, root)) continue;
        for (const kind of ['clip-path', 'mask'] as const) {
          const attr: Attr | null = el ? el.getAttributeNode(kind) : null;
          if (!el || !attr) continue;
          el = handle(ctx, el, attr, kind, ids);
        }
      }
    } finally {
      frozenBoxes = null;
      copiedGradients = null;
    }
    removeUnused(ctx);
    removeUnusedGradients(ctx, copied);
    for (const el of elements(root)) {
      if (!el.hasAttribute('clip-rule')) continue;
      // clip-rule only matters for the shapes of a clip path; one that is still here was refused.
      if (isSvgElement(el, 'clipPath') || [...ancestors(el)].some((a) => isSvgElement(a, 'clipPath'))) continue;
      el.removeAttribute('clip-rule');
      ctx.change(STEP, 'removed clip-rule attributes, which only matter inside clip paths', { ruleId: 'attribute-allowed-list' });
    }
  },
};
export default pass;

function* ancestors(el: Element): Generator<Element> {
  for (let n = el.parentNode; n && n.nodeType === 1; n = n.parentNode) yield n as Element;
}

/** True while `el` is still in the document under `root`. */
function attached(el: Element, root: Element): boolean {
  for (let n: Node | null = el; n; n = n.parentNode) if (n === root) return true;
  return false;
}

/**
 * Removes, applies or refuses one clip-path or mask attribute. Returns the element
 * that now stands where `el` was (a shape cut by its own clip becomes a <path>), or
 * null when it was removed (everything it drew was hidden).
 */
function handle(ctx: ConvertContext, el: Element, attr: Attr, kind: 'clip-path' | 'mask', ids: Map<string, Element>): Element | null {
  const target = urlTarget(attr.value);
  const what = kind === 'clip-path' ? 'clip path' : 'mask';
  if (target === '') {
    el.removeAttribute(kind);
    ctx.change(STEP, `removed ${kind}="none"`, { ruleId: 'attribute-allowed-list' });
    return el;
  }
  if (target === null) {
    ctx.refuse(STEP, 'attribute-allowed-list', `${kind}="${attr.value.slice(0, 40)}" on ${describeEl(el)} is not a reference to a ${what} in this document. ${FLATTEN}`, attr);
    return el;
  }
  const def = ids.get(target);
  const expected = kind === 'clip-path' ? 'clipPath' : 'mask';
  if (!def || !isSvgElement(def, expected)) {
    if (kind === 'clip-path') {
      // CSS Masking: a clip-path reference to nothing (or to a non-clipPath) is ignored.
      el.removeAttribute(kind);
      ctx.change(STEP, 'removed clip-path references to no <clipPath> (renderers ignore them)', { ruleId: 'attribute-allowed-list' });
    } else {
      // A broken mask reference hides the element in some renderers and not in others.
      ctx.refuse(STEP, 'attribute-allowed-list', `mask="${attr.value.slice(0, 40)}" on ${describeEl(el)} refers to no <mask> (#${target}); renderers disagree on whether the element is then drawn: remove the attribute in your editor if the element should show`, attr);
    }
    return el;
  }
  // First the proof that it changes nothing, which leaves the artwork untouched.
  const content = visibleExtent(ctx, el);
  let outcome: Outcome;
  if (typeof content === 'string') {
    outcome = { keep: true, reason: content };
  } else {
    // Nothing visible is drawn: the clip or mask cannot change anything.
    const check = (box: BBox): Outcome => (isEmpty(box) ? { keep: false } : kind === 'clip-path' ? checkClip(ctx, el, def, box) : checkMask(ctx, el, def, box));
    outcome = check(content);
  }
  if (!outcome.keep) {
    el.removeAttribute(kind);
    ctx.change(
      STEP,
      kind === 'clip-path' ? 'removed clip paths that do not cut the artwork (the clip contains everything visible that they clip)' : 'removed masks that leave the artwork unchanged (one opaque shape covering it, white for luminance masks)',
      { ruleId: 'attribute-allowed-list' },
    );
    return el;
  }
  // Then the exact cut: the region intersected with every shape it clips.
  const applied = applyRegion(ctx, el, def, kind, ids);
  if (typeof applied === 'string') {
    // Often the clip only hides artwork that bleeds off a non-square canvas, which
    // squaring would reveal. When it cannot be cut away, the canvas keeps its shape
    // (square is receiver policy, a warning) and the clip changes nothing on it; the
    // square pass reads keepAspect.
    const inside = typeof content === 'string' ? content : visibleExtent(ctx, el, true);
    const cutsInside = (box: BBox) => !isEmpty(box) && (kind === 'clip-path' ? checkClip(ctx, el, def, box) : checkMask(ctx, el, def, box)).keep;
    if (typeof inside !== 'string' && !cutsInside(inside)) {
      ctx.keepAspect = `the ${what} #${target} hides artwork outside the canvas (${applied}), which a square canvas would reveal; pad the artwork in your editor to make it square`;
      el.removeAttribute(kind);
      ctx.change(STEP, kind === 'clip-path' ? 'removed clip paths that only hide artwork off the canvas, keeping the canvas shape' : 'removed masks that only hide artwork off the canvas, keeping the canvas shape', { ruleId: 'attribute-allowed-list' });
      return el;
    }
    ctx.refuse(STEP, 'attribute-allowed-list', `the ${what} #${target} on ${describeEl(el)} cannot be applied: ${applied}. ${FLATTEN}`, attr);
    return el;
  }
  ctx.change(
    STEP,
    applied.cut === 0
      ? kind === 'clip-path'
        ? 'removed clip paths that do not cut the artwork (the clip contains everything visible that they clip)'
        : 'removed masks that leave the artwork unchanged (opaque shapes covering it, white for luminance masks)'
      : kind === 'clip-path'
        ? 'applied clip paths to the shapes they cut (exact path intersection)'
        : 'applied masks made of opaque shapes to the shapes they cut (exact path intersection)',
    { ruleId: 'attribute-allowed-list' },
  );
  return applied.el;
}

// ---------------------------------------------------------------------------
// Applying a clip or mask exactly
// ---------------------------------------------------------------------------

/** Geometry attributes of each shape, which a <path> replacing it leaves out. */
const SHAPE_GEOMETRY: Readonly<Record<string, readonly string[]>> = {
  rect: ['x', 'y', 'width', 'height', 'rx', 'ry'],
  circle: ['cx', 'cy', 'r'],
  ellipse: ['cx', 'cy', 'rx', 'ry'],
  line: ['x1', 'y1', 'x2', 'y2'],
  polyline: ['points'],
  polygon: ['points'],
  path: ['d'],
};

/** Full-precision numbers for path data that is only read back, never written out. */
const full = (v: number) => String(v);

/**
 * The path data of a shape's fill area in its own coordinates: '' when it has no
 * area (a line, a zero radius), or a reason when its geometry cannot be read.
 */
function shapePathData(shape: Element): { d: string } | { reason: string } {
  const name = shape.localName ?? '';
  const unreadable = (what: string) => ({ reason: `the ${what} of its ${describeEl(shape)} could not be read` });
  switch (name) {
    case 'rect': {
      const x = length(shape, 'x', 0);
      const y = length(shape, 'y', 0);
      const w = length(shape, 'width', 0);
      const h = length(shape, 'height', 0);
      if (x === null || y === null || w === null || h === null) return unreadable('position or size');
      if (!(w > 0 && h > 0)) return { d: '' };
      let rx = length(shape, 'rx', null);
      let ry = length(shape, 'ry', null);
      if ((shape.hasAttribute('rx') && rx === null && shape.getAttribute('rx')!.trim() !== 'auto') || (shape.hasAttribute('ry') && ry === null && shape.getAttribute('ry')!.trim() !== 'auto')) return unreadable('corner radii');
      // An unspecified (or auto) radius takes the other's value; both are clamped to half the side.
      if (rx === null || rx < 0) rx = ry !== null && ry >= 0 ? ry : 0;
      if (ry === null || ry < 0) ry = rx;
      rx = Math.min(rx, w / 2);
      ry = Math.min(ry, h / 2);
      if (!(rx > 0 && ry > 0)) return { d: `M${full(x)} ${full(y)}H${full(x + w)}V${full(y + h)}H${full(x)}Z` };
      const arc = (ex: number, ey: number) => `A${full(rx!)} ${full(ry!)} 0 0 1 ${full(ex)} ${full(ey)}`;
      return {
        d:
          `M${full(x + rx)} ${full(y)}H${full(x + w - rx)}${arc(x + w, y + ry)}V${full(y + h - ry)}${arc(x + w - rx, y + h)}` +
          `H${full(x + rx)}${arc(x, y + h - ry)}V${full(y + ry)}${arc(x + rx, y)}Z`,
      };
    }
    case 'circle':
    case 'ellipse': {
      const cx = length(shape, 'cx', 0);
      const cy = length(shape, 'cy', 0);
      const rx0 = length(shape, name === 'circle' ? 'r' : 'rx', name === 'circle' ? 0 : null);
      const ry0 = name === 'circle' ? rx0 : length(shape, 'ry', null);
      // SVG 2: an ellipse radius left out (auto) takes the other one.
      const rx = rx0 ?? ry0;
      const ry = ry0 ?? rx0;
      if (cx === null || cy === null || rx === null || ry === null) return unreadable('centre or radius');
      if (!(rx > 0 && ry > 0)) return { d: '' };
      const arc = (ex: number) => `A${full(rx)} ${full(ry)} 0 1 1 ${full(ex)} ${full(cy)}`;
      return { d: `M${full(cx + rx)} ${full(cy)}${arc(cx - rx)}${arc(cx + rx)}Z` };
    }
    case 'line':
      return { d: '' };
    case 'polyline':
    case 'polygon': {
      const nums = parsePoints(shape.getAttribute('points') ?? '');
      if (!nums) return unreadable('points');
      const pts: string[] = [];
      for (let k = 0; k + 1 < nums.length; k += 2) pts.push(`${full(nums[k]!)} ${full(nums[k + 1]!)}`);
      return { d: pts.length >= 3 ? `M${pts.join('L')}Z` : '' };
    }
    case 'path':
      return { d: shape.getAttribute('d') ?? '' };
    default:
      return { reason: `it contains ${describeEl(shape)}, which is not a shape` };
  }
}

/** The fill area of a shape in its own coordinates (without its transform), under a fill or clip rule. */
function shapeArea(shape: Element, rule: FillRule): Area | string {
  const data = shapePathData(shape);
  if ('reason' in data) return data.reason;
  if (data.d.trim() === '') return emptyArea();
  const area = pathArea(data.d, rule);
  return typeof area === 'string' ? `its ${describeEl(shape)}: ${area}` : normalized(area);
}

function ruleOf(value: string | null): FillRule {
  return value?.trim() === 'evenodd' ? 'evenodd' : 'nonzero';
}

const MAX_CLIP_DEPTH = 16;

/**
 * The region a clip path lets through, in the user space of the element that uses
 * it: the union of its shapes (each with its transform and clip-rule, and its own
 * clip path), under the clipPath's transform and units, cut by the clipPath's own
 * clip path.
 */
function clipRegion(clip: Element, user: Element, ids: Map<string, Element>, depth: number): Area | string {
  if (depth > MAX_CLIP_DEPTH) return 'its clip paths refer to each other in a loop';
  const units = clip.getAttribute('clipPathUnits')?.trim() || 'userSpaceOnUse';
  if (units !== 'userSpaceOnUse' && units !== 'objectBoundingBox') return `its clipPathUnits="${units}" is not a valid value`;
  let base: Matrix = IDENTITY;
  if (units === 'objectBoundingBox') {
    const obb = objectBox(user);
    if (typeof obb === 'string') return obb;
    base = obb;
  }
  base = multiply(base, transformOf(clip));
  let region: Area = emptyArea();
  for (const shape of children(clip)) {
    if (isSvgElement(shape, 'title', 'desc', 'metadata')) continue;
    if (!isSvgElement(shape) || !SHAPES.has(shape.localName ?? '')) return `its content is ${describeEl(shape)}, not a shape`;
    if (shape.getAttribute('display')?.trim() === 'none' || ['hidden', 'collapse'].includes(inherited(shape, 'visibility') ?? '')) continue;
    const m = multiply(base, transformOf(shape));
    if (!invert(m)) continue;
    let area = shapeArea(shape, ruleOf(inherited(shape, 'clip-rule')));
    if (typeof area === 'string') return area;
    const own = shape.getAttribute('clip-path');
    if (own !== null) {
      const t = urlTarget(own);
      if (t === null) return `its ${describeEl(shape)} has clip-path="${own.slice(0, 40)}", which is not a reference to a clip path in this document`;
      const inner = t === '' ? undefined : ids.get(t);
      if (inner && isSvgElement(inner, 'clipPath')) {
        const r = clipRegion(inner, shape, ids, depth + 1);
        if (typeof r === 'string') return r;
        area = intersectAreas(area, r);
      }
    }
    region = unite(region, transformed(area, m));
  }
  const own = clip.getAttribute('clip-path');
  if (own !== null) {
    const t = urlTarget(own);
    if (t === null) return `it has clip-path="${own.slice(0, 40)}", which is not a reference to a clip path in this document`;
    const other = t === '' ? undefined : ids.get(t);
    if (other && isSvgElement(other, 'clipPath')) {
      const r = clipRegion(other, user, ids, depth + 1);
      if (typeof r === 'string') return r;
      region = intersectAreas(region, r);
    }
  }
  return region;
}

/**
 * The region a mask lets through unchanged, in the user space of the masked element,
 * when the mask is made of fully opaque shapes (white ones for a luminance mask):
 * the union of their fills, cut to the mask's region (x, y, width, height). Masks that
 * fade (gradients, partial opacity, grey) cannot be expressed: the reason.
 */
function maskRegion(ctx: ConvertContext, el: Element, mask: Element): Area | string {
  const units = mask.getAttribute('maskUnits')?.trim() || 'objectBoundingBox';
  const contentUnits = mask.getAttribute('maskContentUnits')?.trim() || 'userSpaceOnUse';
  for (const u of [units, contentUnits]) if (u !== 'userSpaceOnUse' && u !== 'objectBoundingBox') return `its units "${u}" are not valid`;
  const type = maskType(mask);
  if (type !== 'luminance' && type !== 'alpha') return `its mask-type "${type}" is not valid`;
  if (mask.hasAttribute('transform')) return 'it has a transform, which renderers treat differently';
  for (const a of ['clip-path', 'mask', 'filter']) if (mask.hasAttribute(a) && urlTarget(mask.getAttribute(a)!) !== '') return `it has its own ${a}`;
  const vp = artBoxOf(ctx.root).box;
  const isObb = units === 'objectBoundingBox';
  const rx = maskLength(mask, 'x', isObb ? -0.1 : -0.1 * vp.width, isObb, vp.width);
  const ry = maskLength(mask, 'y', isObb ? -0.1 : -0.1 * vp.height, isObb, vp.height);
  const rw = maskLength(mask, 'width', isObb ? 1.2 : 1.2 * vp.width, isObb, vp.width);
  const rh = maskLength(mask, 'height', isObb ? 1.2 : 1.2 * vp.height, isObb, vp.height);
  if (rx === null || ry === null || rw === null || rh === null) return 'its region (x, y, width, height) could not be read';
  // A region without area hides everything.
  if (!(rw > 0 && rh > 0)) return emptyArea();
  let obb: Matrix | null = null;
  if (isObb || contentUnits === 'objectBoundingBox') {
    const b = objectBox(el);
    if (typeof b === 'string') return b;
    obb = b;
  }
  const rect = transformed(boxArea({ minX: rx, minY: ry, maxX: rx + rw, maxY: ry + rh }), isObb ? obb! : IDENTITY);

  let content: Area = emptyArea();
  const stack: Array<{ node: Element; m: Matrix }> = children(mask).map((c) => ({ node: c, m: multiply(contentUnits === 'objectBoundingBox' ? obb! : IDENTITY, transformOf(c)) }));
  while (stack.length > 0) {
    const { node, m } = stack.pop()!;
    if (isSvgElement(node, 'title', 'desc', 'metadata')) continue;
    if (!isSvgElement(node)) return `its content is ${describeEl(node)}, not a shape`;
    if (node.getAttribute('display')?.trim() === 'none') continue;
    const opacity = opacityOf(node.getAttribute('opacity'));
    if (opacity === null || opacity < 1) return 'its content is not fully opaque, so it fades the artwork';
    for (const a of ['clip-path', 'mask', 'filter']) if (node.hasAttribute(a) && urlTarget(node.getAttribute(a)!) !== '') return `its content has its own ${a}`;
    if (isSvgElement(node, 'g')) {
      for (const c of children(node)) stack.push({ node: c, m: multiply(m, transformOf(c)) });
      continue;
    }
    if (!SHAPES.has(node.localName ?? '')) return `its content is ${describeEl(node)}, not a shape`;
    if (['hidden', 'collapse'].includes(inherited(node, 'visibility') ?? '')) continue;
    // Properties inherit into mask content from the mask's own ancestors (not from the masked element).
    const paintProblem = (paint: string | null, opacityName: string, what: string): string | null => {
      if (paint !== null && /^url\(/i.test(paint)) return `its ${what} is a gradient or pattern, so it fades the artwork`;
      const c = paint === null ? { rgb: [0, 0, 0] as Rgb, alpha: 1 } : solidColor(paint);
      if (!c) return `its ${what} "${paint!.slice(0, 30)}" is not a plain colour`;
      const o = opacityOf(inherited(node, opacityName));
      if (o === null || c.alpha * o < 1) return `its ${what} is not fully opaque, so it fades the artwork`;
      if (type === 'luminance' && (c.rgb[0] !== 255 || c.rgb[1] !== 255 || c.rgb[2] !== 255)) return `its ${what} is not white, so it darkens the artwork (a luminance mask)`;
      return null;
    };
    const stroke = inherited(node, 'stroke');
    const width = strokeWidth(inherited(node, 'stroke-width') ?? '1');
    if (stroke !== null && stroke !== 'none' && (width === null || width > 0) && opacityOf(inherited(node, 'stroke-opacity')) !== 0) {
      return `its ${describeEl(node)} has a stroke, whose outline cannot be computed here`;
    }
    const fill = inherited(node, 'fill');
    if (fill === 'none' || node.localName === 'line') continue;
    const problem = paintProblem(fill, 'fill-opacity', 'content\'s fill');
    if (problem) return problem;
    if (!invert(m)) continue;
    const area = shapeArea(node, ruleOf(inherited(node, 'fill-rule')));
    if (typeof area === 'string') return area;
    content = unite(content, transformed(area, m));
  }
  return intersectAreas(content, rect);
}

type Edit =
  | { readonly kind: 'remove'; readonly shape: Element }
  | {
      readonly kind: 'replace';
      readonly shape: Element;
      readonly d: string;
      /** A matrix appended to the shape's transform (elliptical gradients in bounding-box units). */
      readonly carrier: Matrix | null;
      /** A copy of the fill's gradient in userSpaceOnUse units, from the shape's original box. */
      readonly gradient: { readonly source: Element; readonly attrs: ReadonlyArray<readonly [string, string]> } | null;
    };

/**
 * Applies a clip path or mask exactly to everything `el` draws. Nothing is changed
 * unless every shape can be handled; returns the element standing for `el` (null
 * when it was removed) and how many shapes were cut or removed, or the reason.
 */
function applyRegion(ctx: ConvertContext, el: Element, def: Element, kind: 'clip-path' | 'mask', ids: Map<string, Element>): { el: Element | null; cut: number } | string {
  let edits: Edit[];
  try {
    const region = kind === 'clip-path' ? clipRegion(def, el, ids, 0) : maskRegion(ctx, el, def);
    if (typeof region === 'string') return region;
    const planned = planCut(ctx, el, region, kind === 'clip-path' ? 'clip path' : 'mask', ids);
    if (typeof planned === 'string') return planned;
    edits = planned;
  } catch (e) {
    // paper.js can fail on degenerate geometry: this one clip is refused.
    return `the path intersection failed (${(e as Error)?.message ?? String(e)})`;
  }
  return { el: commit(ctx, el, kind, edits, ids), cut: edits.length };
}

/** The transform from `el`'s user space to the root's (its own transform and its ancestors'). */
function ctmOf(el: Element): Matrix {
  const chain: Element[] = [];
  for (let n: Element | null = el; n && n.nodeType === 1 && n.parentNode?.nodeType === 1; n = n.parentNode as Element) chain.push(n);
  let m: Matrix = IDENTITY;
  for (let k = chain.length - 1; k >= 0; k--) m = multiply(m, transformOf(chain[k]!));
  return m;
}

/** Decimals for path data in a shape's coordinates: about 1/100,000 of the art's size, at least 3. */
function digitsFor(ctx: ConvertContext, ctm: Matrix): number {
  const { box } = artBoxOf(ctx.root);
  const tolerance = (Math.max(box.width, box.height) * 1e-5) / Math.max(maxScale(ctm), 1e-300);
  const digits = Math.ceil(-Math.log10(tolerance));
  return Number.isFinite(digits) ? Math.max(3, Math.min(8, digits)) : 3;
}

/** Plans the cut of every shape `el` draws by `region` (in `el`'s user space); nothing is changed yet. */
function planCut(ctx: ConvertContext, el: Element, region: Area, what: string, ids: Map<string, Element>): Edit[] | string {
  const edits: Edit[] = [];
  const ctmEl = ctmOf(el);
  const clip: ClipArea = { area: region, box: bounds(region), edges: edgeBoxes(region) };
  const stack: Array<{ node: Element; m: Matrix }> = [{ node: el, m: IDENTITY }];
  while (stack.length > 0) {
    const { node, m } = stack.pop()!;
    const name = node.localName ?? '';
    if (!isSvgElement(node)) return `it contains ${describeEl(node)}, which cannot be cut`;
    if (NON_RENDERING.has(name)) continue;
    if (node.getAttribute('display')?.trim() === 'none') continue;
    if (ctx.refused.has(node)) return node === el ? 'the element itself could not be converted' : `it contains ${describeEl(node)}, which could not be converted`;
    if (node !== el) {
      for (const a of ['clip-path', 'mask']) {
        const v = node.getAttribute(a);
        if (v !== null && urlTarget(v) !== '') return `it contains ${describeEl(node)} with its own ${a}, which could not be applied`;
      }
    }
    for (const marker of ['marker-start', 'marker-mid', 'marker-end', 'marker']) {
      const v = node.getAttribute(marker)?.trim();
      if (v && v !== 'none') return `its ${describeEl(node)} draws markers, which cannot be cut`;
    }
    if (name === 'g' || name === 'a' || name === 'switch' || (name === 'svg' && node === ctx.root)) {
      const kids = children(node);
      for (let k = kids.length - 1; k >= 0; k--) stack.push({ node: kids[k]!, m: multiply(m, transformOf(kids[k]!)) });
      continue;
    }
    if (!SHAPES.has(name)) return `it contains ${describeEl(node)}, which cannot be cut`;
    const edit = planShape(ctx, node, m, clip, multiply(ctmEl, m), what, ids);
    if (typeof edit === 'string') return edit;
    if (edit) edits.push(edit);
  }
  return edits;
}

/** A region in the clipped element's user space, with what the quick tests need. */
interface ClipArea {
  readonly area: Area;
  readonly box: BBox | null;
  /** Bounding boxes of the curves of its outline. */
  readonly edges: readonly BBox[];
}

/**
 * Where a box (in the clipped element's user space) lies: entirely inside the region,
 * entirely outside it, or possibly across its edge. A box that no curve of the
 * outline comes near is on one side of it, which its centre tells.
 */
function locate(clip: ClipArea, b: BBox): 'inside' | 'outside' | 'edge' {
  if (!clip.box || !overlaps(clip.box, b, 0)) return 'outside';
  const t = 1e-9 * Math.max(clip.box.maxX - clip.box.minX, clip.box.maxY - clip.box.minY);
  for (const e of clip.edges) {
    if (e.minX <= b.maxX + t && b.minX <= e.maxX + t && e.minY <= b.maxY + t && b.minY <= e.maxY + t) return 'edge';
  }
  return containsPoint(clip.area, (b.minX + b.maxX) / 2, (b.minY + b.maxY) / 2) ? 'inside' : 'outside';
}

/** What cutting one shape by the region takes (null: nothing), or the reason it cannot be done. */
function planShape(ctx: ConvertContext, shape: Element, m: Matrix, clip: ClipArea, ctm: Matrix, what: string, ids: Map<string, Element>): Edit | null | string {
  const name = shape.localName ?? '';
  const inverse = invert(m);
  // A transform that flattens the shape draws nothing.
  if (!inverse) return null;
  if (['hidden', 'collapse'].includes(inherited(shape, 'visibility') ?? '')) return null;
  // The region in the shape's own coordinates.
  const local = () => transformed(clip.area, inverse);

  const stroke = strokeOf(shape, inheritedStroke(shape));
  const width = stroke.width === null ? 1 : strokeWidth(stroke.width);
  const strokeOpacity = opacityOf(inherited(shape, 'stroke-opacity'));
  if (stroke.paint !== null && stroke.paint !== 'none' && (width === null || width > 0) && strokeOpacity !== 0) {
    // A stroke cannot be cut without its outline: it must lie entirely inside the
    // region (then the fill does too and nothing changes) or entirely outside it.
    const extent = drawnExtent(shape);
    if (typeof extent === 'string') return `its ${describeEl(shape)} has a stroke and ${extent}`;
    if (isEmpty(extent)) return null;
    const where = locate(clip, bboxUnder(extent, m));
    if (where === 'inside') return null;
    if (where === 'outside') return { kind: 'remove', shape };
    const area = boxArea(extent);
    const tolerance = 1e-6 * (extent.maxX - extent.minX) * (extent.maxY - extent.minY);
    const r = local();
    if (size(subtract(area, r)) <= tolerance) return null;
    if (size(intersectAreas(area, r)) <= tolerance) return { kind: 'remove', shape };
    return `its ${describeEl(shape)} has a stroke that crosses the edge of the ${what}, and a stroke cannot be cut without outlining it (Illustrator: Object › Path › Outline Stroke; Inkscape: Path › Stroke to Path)`;
  }
  const fill = inherited(shape, 'fill');
  if (fill === 'none' || name === 'line') return null;
  const geometry = bbox(shape);
  if (geometry === null) return `the extent of its ${describeEl(shape)} cannot be measured`;
  if (isEmpty(geometry)) return null;
  const where = locate(clip, bboxUnder(geometry, m));
  if (where === 'inside') return null;
  if (where === 'outside') return { kind: 'remove', shape };
  const gw = geometry.maxX - geometry.minX;
  const gh = geometry.maxY - geometry.minY;
  const shapeFill = shapeArea(shape, ruleOf(inherited(shape, 'fill-rule')));
  if (typeof shapeFill === 'string') return shapeFill;
  const whole = size(shapeFill);
  const tolerance = Math.max(1e-6 * whole, 1e-12 * gw * gh);
  if (whole <= tolerance) return null;
  const r = local();
  const inside = intersectAreas(shapeFill, r);
  const kept = size(inside);
  if (kept <= tolerance) return { kind: 'remove', shape };
  if (whole - kept <= tolerance) return null;
  const cut = size(subtract(shapeFill, r));
  // paper.js is checked against itself: what is kept and what is cut make up the shape.
  if (Math.abs(kept + cut - whole) > 1e-4 * whole + tolerance) return `the path intersection of its ${describeEl(shape)} did not add up (paper.js: ${kept} + ${cut} ≠ ${whole})`;

  // A gradient in bounding-box units follows the box, which the cut changes: the
  // shape keeps its original box's gradient, in user space.
  const paint = gradientForBox(shape, fill, geometry, bounds(inside), ids);
  if (typeof paint === 'string') return paint;
  const digits = digitsFor(ctx, paint?.carrier ? multiply(ctm, paint.carrier) : ctm);
  const outline = paint?.carrier ? transformed(inside, invert(paint.carrier)!) : inside;
  return { kind: 'replace', shape, d: pathData(outline, digits), carrier: paint?.carrier ?? null, gradient: paint?.gradient ?? null };
}

/** The box around a box's corners mapped by `m`. */
function bboxUnder(b: BBox, m: Matrix): BBox {
  let out: BBox = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  for (const [x, y] of corners(b)) {
    const [tx, ty] = applyToPoint(m, x, y);
    out = { minX: Math.min(out.minX, tx), minY: Math.min(out.minY, ty), maxX: Math.max(out.maxX, tx), maxY: Math.max(out.maxY, ty) };
  }
  return out;
}

/** A gradient coordinate in bounding-box units: a plain number or a percentage. */
function gradientCoordinate(g: Element, name: string, fallback: number): number | null {
  const v = g.getAttribute(name)?.trim();
  if (!v) return fallback;
  const r = checkPlainNumber(v);
  if (r.ok) return r.value;
  return r.problem.kind === 'unit' && r.problem.unit === '%' ? r.problem.number / 100 : null;
}

/**
 * For a shape filled with a gradient in objectBoundingBox units whose box the cut
 * changes: the same gradient in userSpaceOnUse units computed from the original box
 * (a linear gradient's vector is baked exactly; a radial one stays a circle when the
 * box is square, otherwise the shape gets a carrier matrix under which the ellipse
 * is a circle). Null when nothing needs to change.
 */
function gradientForBox(shape: Element, fill: string | null, original: BBox, after: BBox | null, ids: Map<string, Element>): { gradient: NonNullable<Extract<Edit, { kind: 'replace' }>['gradient']>; carrier: Matrix | null } | null | string {
  if (fill === null) return null;
  const paint = parsePaint(fill);
  if (paint.kind !== 'url' || paint.id === null) return null;
  const g = ids.get(paint.id);
  if (!g || !isSvgElement(g, 'linearGradient', 'radialGradient')) return null;
  if ((g.getAttribute('gradientUnits')?.trim() || 'objectBoundingBox') !== 'objectBoundingBox') return null;
  const w = original.maxX - original.minX;
  const h = original.maxY - original.minY;
  if (after) {
    const t = 1e-6 * Math.max(w, h);
    if (Math.abs(after.minX - original.minX) <= t && Math.abs(after.minY - original.minY) <= t && Math.abs(after.maxX - original.maxX) <= t && Math.abs(after.maxY - original.maxY) <= t) return null;
  }
  if (href(g) !== null || g.hasAttribute('gradientTransform')) return `its ${describeEl(shape)} is filled with the gradient #${paint.id}, which is not a plain SVG Tiny gradient`;
  // Without width or height there is no box: the fill paints nothing (SVG 1.1 §13.2.2), cut or not.
  if (!(w > 0 && h > 0)) return null;
  const c = (name: string, fallback: number) => gradientCoordinate(g, name, fallback);
  const unreadable = `the coordinates of the gradient #${paint.id} could not be read`;
  const B = bboxMatrix(original.minX, original.minY, w, h);
  const f = (v: number) => num(v, 6);
  if (isSvgElement(g, 'linearGradient')) {
    const [x1, y1, x2, y2] = [c('x1', 0), c('y1', 0), c('x2', 1), c('y2', 0)];
    if (x1 === null || y1 === null || x2 === null || y2 === null) return unreadable;
    // A vector of length zero paints the last stop's colour everywhere, whatever the box.
    if (x1 === x2 && y1 === y2) return null;
    const baked = bakeLinear([x1, y1], [x2, y2], B);
    if (!baked) return unreadable;
    return {
      carrier: null,
      gradient: { source: g, attrs: [['x1', f(baked.p1[0])], ['y1', f(baked.p1[1])], ['x2', f(baked.p2[0])], ['y2', f(baked.p2[1])]] },
    };
  }
  const [cx, cy, r] = [c('cx', 0.5), c('cy', 0.5), c('r', 0.5)];
  if (cx === null || cy === null || r === null) return unreadable;
  if (!(r > 0)) return null;
  const centre = applyToPoint(B, cx, cy);
  if (similarityScale(B) !== null) {
    return { carrier: null, gradient: { source: g, attrs: [['cx', f(centre[0])], ['cy', f(centre[1])], ['r', f(r * w)]] } };
  }
  // An ellipse: under the carrier W (determinant 1) the box's map becomes a similarity of scale s.
  const carrier = ellipseCarrier(B);
  const wi = carrier ? invert(carrier.w) : null;
  if (!carrier || !wi) return unreadable;
  const [ux, uy] = applyToPoint(wi, centre[0], centre[1]);
  return { carrier: carrier.w, gradient: { source: g, attrs: [['cx', f(ux)], ['cy', f(uy)], ['r', f(r * carrier.scale)]] } };
}

/** Carries out the planned edits and removes the attribute; returns the element standing for `el`. */
function commit(ctx: ConvertContext, el: Element, kind: 'clip-path' | 'mask', edits: readonly Edit[], ids: Map<string, Element>): Element | null {
  let current: Element | null = el;
  el.removeAttribute(kind);
  for (const edit of edits) {
    const shape = edit.shape;
    if (edit.kind === 'remove') {
      const parent = shape.parentNode;
      remove(shape);
      if (shape === el) current = null;
      // Groups left empty go too (up to and including the clipped element).
      let p = parent as Element | null;
      while (p && p.nodeType === 1 && p !== ctx.root && isSvgElement(p, 'g') && children(p).length === 0 && !/\S/.test(p.textContent ?? '')) {
        const up = p.parentNode as Element | null;
        const stop = p === el;
        if (p === el) current = null;
        remove(p);
        if (stop) break;
        p = up;
      }
      continue;
    }
    let target = shape;
    if (!isSvgElement(shape, 'path')) {
      // The shape becomes a <path> with all its other attributes.
      const path = ctx.doc.createElementNS(SVG_NS, 'path');
      const geometry = new Set(SHAPE_GEOMETRY[shape.localName ?? ''] ?? []);
      for (const a of attributes(shape)) {
        if (!a.namespaceURI && geometry.has(a.name)) continue;
        if (a.namespaceURI) path.setAttributeNS(a.namespaceURI, a.name, a.value);
        else path.setAttribute(a.name, a.value);
      }
      shape.parentNode!.replaceChild(path, shape);
      if (shape === el) current = path;
      target = path;
    }
    target.setAttribute('d', edit.d);
    // The outline no longer crosses itself and is oriented so that both fill rules agree.
    target.removeAttribute('fill-rule');
    if (edit.carrier) {
      const t = target.getAttribute('transform')?.trim();
      const m = edit.carrier;
      target.setAttribute('transform', `${t ? `${t} ` : ''}matrix(${m.map((v) => num(v, 8)).join(' ')})`);
    }
    if (edit.gradient) {
      const copy = edit.gradient.source.cloneNode(true) as Element;
      const id = freshId(ids, `${edit.gradient.source.getAttribute('id') ?? 'gradient'}-cut`);
      copy.setAttribute('id', id);
      copy.setAttribute('gradientUnits', 'userSpaceOnUse');
      for (const [name, value] of edit.gradient.attrs) copy.setAttribute(name, value);
      // Ids inside the copy would be duplicates.
      for (const d of elements(copy)) if (d !== copy) d.removeAttribute('id');
      edit.gradient.source.parentNode!.insertBefore(copy, edit.gradient.source.nextSibling);
      ids.set(id, copy);
      copiedGradients?.add(edit.gradient.source);
      target.setAttribute('fill', `url(#${id})`);
      ctx.change(STEP, 'gave shapes whose outline a clip or mask changed their gradient in user space, from their original bounding box');
    }
  }
  return current;
}

/** An id not used in the document yet. */
function freshId(ids: Map<string, Element>, base: string): string {
  for (let k = 1; ; k++) {
    const id = k === 1 ? base : `${base}-${k}`;
    if (!ids.has(id)) return id;
  }
}

/** Gradients copied for cut shapes in this run: an original nothing uses any more goes. */
let copiedGradients: Set<Element> | null = null;

function removeUnusedGradients(ctx: ConvertContext, copied: ReadonlySet<Element>): void {
  if (copied.size === 0) return;
  const used = new Set<string>();
  for (const el of elements(ctx.root)) {
    for (const a of attributes(el)) for (const m of a.value.matchAll(/url\(\s*['"]?#([^'")\s]+)/g)) used.add(m[1]!);
    const h = href(el);
    if (h?.startsWith('#')) used.add(h.slice(1));
  }
  for (const g of copied) {
    const id = g.getAttribute('id');
    if (!g.parentNode || (id && used.has(id))) continue;
    const parent = g.parentNode as Element;
    remove(g);
    if (isSvgElement(parent, 'defs') && children(parent).length === 0 && !/\S/.test(parent.textContent ?? '')) remove(parent);
  }
}

/** Removes <clipPath> and <mask> elements nothing refers to any more, and <defs> they leave empty. */
function removeUnused(ctx: ConvertContext): void {
  for (;;) {
    const used = new Set<string>();
    const defs: Element[] = [];
    for (const el of elements(ctx.root)) {
      if (isSvgElement(el, 'clipPath', 'mask')) defs.push(el);
      for (const a of attributes(el)) {
        if (a.namespaceURI || (a.name !== 'clip-path' && a.name !== 'mask')) continue;
        const t = urlTarget(a.value);
        if (t) used.add(t);
      }
    }
    let removed = false;
    for (const d of defs) {
      if (!d.parentNode) continue;
      const id = d.getAttribute('id');
      if (id && used.has(id)) continue;
      const parent = d.parentNode as Element;
      remove(d);
      removed = true;
      ctx.change(STEP, `removed unused <${d.localName}> elements`, { ruleId: 'element-allowed-list' });
      if (isSvgElement(parent, 'defs') && children(parent).length === 0 && !/\S/.test(parent.textContent ?? '')) {
        remove(parent);
        ctx.change(STEP, 'removed <defs> left empty');
      }
    }
    if (!removed) return;
  }
}
