import type { Element, Node } from '@xmldom/xmldom';
import svgpath from 'svgpath';
import type { ConvertContext, Pass } from '../context.js';
import { children, elements, get, href, idIndex, isSvgElement, num, remove, SVG_NS, XML_NS } from '../dom.js';
import { bbox, isEmpty, transformOf, type BBox } from '../geometry.js';
import {
  applyToPoint,
  bakeLinear,
  bboxMatrix,
  ellipseCarrier,
  expandSpread,
  invert,
  linearT,
  multiply,
  normalizeOffsets,
  parseOffset,
  periods,
  similarityScale,
  tidyStops,
  type Point,
} from '../gradient-math.js';
import { artBoxOf } from './square.js';
import { parsePaint } from '../../profile/color.js';
import { checkPlainNumber, parsePoints, toPixels } from '../../profile/numbers.js';
import { IDENTITY, parseTransform, type Matrix } from '../../profile/transform.js';

const STEP = 'gradients';
type Kind = 'linear' | 'radial';
type Prop = 'fill' | 'stroke';

/** Coordinates of each kind; SVG inheritance copies them only between gradients of the same kind. */
const GEOMETRY: Readonly<Record<Kind, readonly string[]>> = { linear: ['x1', 'y1', 'x2', 'y2'], radial: ['cx', 'cy', 'r', 'fx', 'fy', 'fr'] };
/** Defaults (SVG 1.1 §13.2): percentages, which mean the same in both unit systems only for objectBoundingBox. */
const DEFAULTS: Readonly<Record<string, string>> = { x1: '0%', y1: '0%', x2: '100%', y2: '0%', cx: '50%', cy: '50%', r: '50%', fr: '0%' };
/** Elements that paint with the fill and stroke they inherit. */
const PAINTERS = new Set(['path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon', 'text', 'textArea', 'use']);
/** Shapes whose geometry can be rewritten through an affine map exactly. */
const RESHAPEABLE = new Set(['path', 'rect', 'circle', 'ellipse', 'polygon', 'polyline']);
/** Paint servers this pass leaves to others (solidColor is Tiny; the rest is refused by prune). */
const OTHER_SERVERS = new Set(['solidColor', 'pattern', 'hatch', 'meshgradient', 'meshGradient']);
/** Reflect/repeat is expanded into at most this many periods; beyond, the spread is dropped (lossy). */
const MAX_PERIODS = 32;

interface Note {
  readonly text: string;
  readonly ruleId?: string;
  readonly lossy?: boolean;
}

interface StopData {
  readonly offset: number;
  /** The original <stop>, copied for the output (its other attributes travel with it). */
  readonly source: Element;
  /** stop-color with inherit and currentColor resolved where the stop is; null = the initial black. */
  readonly color: string | null;
  readonly opacity: number;
}

interface Resolved {
  readonly el: Element;
  readonly id: string;
  readonly kind: Kind;
  readonly user: boolean;
  readonly transform: Matrix | null;
  readonly transformText: string | null;
  readonly spread: 'pad' | 'reflect' | 'repeat' | null;
  /** Geometry attributes found along the href chain (raw values). */
  readonly attrs: ReadonlyMap<string, string>;
  readonly stops: readonly StopData[];
  /** Notes that every output of this gradient carries (href resolved, offsets normalised …). */
  readonly notes: readonly Note[];
  /** Already a Tiny gradient: left exactly as it is. */
  readonly clean: boolean;
  readonly error: { ruleId: string; message: string } | null;
}

interface Spec {
  readonly kind: Kind;
  readonly user: boolean;
  readonly coords: ReadonlyArray<readonly [string, string]>;
  readonly stops: readonly StopData[];
}

type Outcome =
  | { kind: 'none'; note: Note }
  | { kind: 'color'; color: string | null; opacity: number; note: Note }
  | { kind: 'gradient'; spec: Spec; notes: Note[]; carrier?: Matrix }
  | { kind: 'per-shape' }
  | { kind: 'refuse'; ruleId: string; message: string };

/** The shape a gradient paints, when the result depends on it. */
interface Use {
  readonly shape: Element;
  readonly prop: Prop;
  /** Geometry box in the shape's user space; null when unknown. */
  readonly box: BBox | null;
}

interface Viewport {
  readonly width: number;
  readonly height: number;
}

const attr = (el: Element, name: string): string | null => {
  const v = get(el, name);
  return v === null ? null : v.trim();
};

function idOf(el: Element): string | null {
  return el.getAttribute('id') || el.getAttributeNS(XML_NS, 'id') || null;
}

/** Stops at the first element child (children() would list them all, for every removal). */
function hasElementChild(el: Element): boolean {
  for (let c = el.firstChild; c; c = c.nextSibling) if (c.nodeType === 1) return true;
  return false;
}

function isGradient(el: Node | null | undefined): el is Element {
  return isSvgElement(el, 'linearGradient', 'radialGradient');
}

function isLength(v: string): boolean {
  const r = checkPlainNumber(v);
  return r.ok || r.problem.kind === 'unit';
}

/** The value of an inheritable property at `el`, walking up past `inherit` and undeclared ancestors. */
function inherited(el: Element, name: string): string | null {
  for (let e: Node | null = el; e && e.nodeType === 1; e = e.parentNode) {
    const v = attr(e as Element, name);
    if (v !== null && v.toLowerCase() !== 'inherit') return v;
  }
  return null;
}

/** A non-inherited property (stop-color, stop-opacity): `inherit` takes the parent's value, absence the initial value. */
function ownOrInherit(el: Element, name: string): { value: string | null; holder: Element } {
  let e: Element = el;
  let v = attr(e, name);
  while (v !== null && v.toLowerCase() === 'inherit') {
    const p = e.parentNode;
    if (!p || p.nodeType !== 1) return { value: null, holder: e };
    e = p as Element;
    v = attr(e, name);
  }
  return { value: v, holder: e };
}

function opacityValue(raw: string | null, fallback = 1): number {
  if (raw === null) return fallback;
  const o = parseOffset(raw);
  return o.valid && raw.trim() !== '' ? Math.max(0, Math.min(1, o.value)) : fallback;
}

function snapshotStop(stop: Element, offset: number): StopData {
  const sc = ownOrInherit(stop, 'stop-color');
  let color = sc.value;
  // currentColor is the `color` where the stop is, not where a copy will be: resolve it now.
  if (color !== null && color.toLowerCase() === 'currentcolor') color = inherited(sc.holder, 'color') ?? 'black';
  const so = ownOrInherit(stop, 'stop-opacity');
  return { offset, source: stop, color, opacity: opacityValue(so.value) };
}

/** What a gradient has after SVG inheritance through its href chain (raw attribute values). */
interface Inherited {
  readonly units: string | null;
  readonly transform: string | null;
  readonly spread: string | null;
  /** Coordinates per kind: a gradient takes them only from gradients of its own kind. */
  readonly linear: ReadonlyMap<string, string>;
  readonly radial: ReadonlyMap<string, string>;
  /** The first gradient along the chain that has stops. */
  readonly holder: Element | null;
  /** True when a template was used. */
  readonly linked: boolean;
  /** True when some link along the chain was missing, external or not a gradient (ignored, as browsers do). */
  readonly dangling: boolean;
  /** The loop, when the chain runs into one. */
  readonly loop: string | null;
}

const COMMON: ReadonlyArray<readonly [keyof Pick<Inherited, 'units' | 'transform' | 'spread'>, string, (v: string) => boolean]> = [
  ['units', 'gradientUnits', (v) => v === 'userSpaceOnUse' || v === 'objectBoundingBox'],
  ['transform', 'gradientTransform', (v) => parseTransform(v).ok],
  ['spread', 'spreadMethod', (v) => v === 'pad' || v === 'reflect' || v === 'repeat'],
];

/** The template an href points at, or null (and whether a link was there but unusable). */
function templateOf(el: Element, ids: ReadonlyMap<string, Element>): { target: Element | null; dangling: boolean } {
  const h = href(el)?.trim();
  if (!h) return { target: null, dangling: false };
  const target = h.startsWith('#') ? ids.get(h.slice(1)) : undefined;
  return target && isGradient(target) ? { target, dangling: false } : { target: null, dangling: true };
}

/** A gradient's own attributes over its template's inherited ones (SVG 1.1 §13.2.2, §13.2.3). */
function compose(el: Element, parent: Inherited | null, dangling: boolean): Inherited {
  const own = (name: string, valid: (v: string) => boolean): string | null => {
    const v = attr(el, name);
    return v !== null && valid(v) ? v : null;
  };
  const common = Object.fromEntries(COMMON.map(([key, name, valid]) => [key, own(name, valid) ?? parent?.[key] ?? null])) as Pick<Inherited, 'units' | 'transform' | 'spread'>;
  const geometry = (kind: Kind): ReadonlyMap<string, string> => {
    const from = parent?.[kind] ?? new Map<string, string>();
    if ((el.localName === 'linearGradient') !== (kind === 'linear')) return from;
    const out = new Map(from);
    for (const name of GEOMETRY[kind]) {
      const v = own(name, isLength);
      if (v !== null) out.set(name, v);
    }
    return out;
  };
  const hasStops = children(el).some((c) => isSvgElement(c, 'stop'));
  return {
    ...common,
    linear: geometry('linear'),
    radial: geometry('radial'),
    holder: hasStops ? el : (parent?.holder ?? null),
    linked: parent !== null,
    dangling: dangling || (parent?.dangling ?? false),
    loop: null,
  };
}

/**
 * [D1] What every gradient inherits, following href chains of any depth without
 * recursion. Each chain is walked once: a gradient is composed over its template's
 * memoised result, so long chains stay linear. Chains that run into a loop are
 * marked with it.
 */
function inheritance(gradients: readonly Element[], ids: ReadonlyMap<string, Element>): Map<Element, Inherited> {
  const memo = new Map<Element, Inherited>();
  for (const start of gradients) {
    if (memo.has(start)) continue;
    const path: Element[] = [];
    const onPath = new Map<Element, number>();
    let loop: string | null = null;
    let dangling = false;
    for (let cur: Element | null = start; cur && !memo.has(cur); ) {
      const at = onPath.get(cur);
      if (at !== undefined) {
        loop = [...path.slice(at), cur].map((g) => `#${idOf(g) ?? '?'}`).join(' → ');
        break;
      }
      onPath.set(cur, path.length);
      path.push(cur);
      const t = templateOf(cur, ids);
      dangling = t.dangling;
      cur = t.target;
    }
    for (let k = path.length - 1; k >= 0; k--) {
      const el = path[k]!;
      const next = templateOf(el, ids).target;
      const parent = next ? (memo.get(next) ?? null) : null;
      const looped = loop ?? parent?.loop ?? null;
      if (looped !== null) {
        memo.set(el, { units: null, transform: null, spread: null, linear: new Map(), radial: new Map(), holder: null, linked: true, dangling: false, loop: looped });
        continue;
      }
      memo.set(el, compose(el, parent, k === path.length - 1 && dangling));
    }
  }
  return memo;
}

/** The gradients an href chain visits, in order, stopping at a loop. */
function chainOf(el: Element, ids: ReadonlyMap<string, Element>): Element[] {
  const out: Element[] = [];
  const seen = new Set<Element>();
  for (let cur: Element | null = el; cur && !seen.has(cur); cur = templateOf(cur, ids).target) {
    seen.add(cur);
    out.push(cur);
  }
  return out;
}

/**
 * [D1, D7] A gradient after inheritance: the stops of the first gradient in its
 * chain that has any, gradientUnits/gradientTransform/spreadMethod from the first
 * that specifies them, coordinates only from gradients of the same kind; stop
 * offsets as clamped, non-decreasing numbers.
 */
function resolve(el: Element, inh: Inherited): Resolved {
  const kind: Kind = el.localName === 'linearGradient' ? 'linear' : 'radial';
  const id = idOf(el) ?? '';
  const notes: Note[] = [];
  const error: Resolved['error'] =
    inh.loop === null
      ? null
      : {
          ruleId: 'no-broken-reference',
          message: `the gradient #${id} inherits through a circular href chain (${inh.loop}): a circular reference is an error and renderers disagree on what it paints; remove one of the links`,
        };
  if (inh.dangling) notes.push({ text: 'removed gradient href links to missing, external or non-gradient templates', ruleId: 'attribute-allowed-list' });
  if (inh.linked && !error) notes.push({ text: 'made gradients self-contained: copied the stops and attributes they inherit through href', ruleId: 'attribute-allowed-list' });
  const units = inh.units;
  const transformText = inh.transform;
  const parsed = transformText !== null ? parseTransform(transformText) : null;
  const transform = parsed && parsed.ok ? parsed.matrix : null;
  const spread = inh.spread as Resolved['spread'];
  const attrs = inh[kind];

  // Stops: those of the first gradient in the chain that has any.
  const holder = inh.holder;
  const stopEls = holder ? children(holder).filter((c) => isSvgElement(c, 'stop')) : [];
  const raw = stopEls.map((s) => parseOffset(get(s, 'offset')));
  const offsets = normalizeOffsets(raw.map((o) => o.value));
  if (raw.some((o) => o.percent)) notes.push({ text: 'wrote stop offsets given as percentages as numbers', ruleId: 'no-length-units' });
  if (raw.some((o, k) => o.value !== offsets[k] || !o.valid)) notes.push({ text: 'clamped stop offsets to 0…1 and made them non-decreasing, as renderers do' });
  const stops = stopEls.map((s, k) => snapshotStop(s, offsets[k]!));

  const user = units === 'userSpaceOnUse';
  const own = (name: string) => get(el, name) !== null;
  const clean =
    !error &&
    href(el) === null &&
    !['gradientTransform', 'fx', 'fy', 'fr', 'spreadMethod'].some(own) &&
    (!own('gradientUnits') || units !== null) &&
    GEOMETRY[kind].every((n) => n.startsWith('f') || (own(n) ? checkPlainNumber(get(el, n)!).ok : !user)) &&
    stopEls.length >= 2 &&
    stopEls.every((s, k) => (get(s, 'offset') === null || checkPlainNumber(get(s, 'offset')!).ok) && raw[k]!.value === offsets[k]) &&
    stopEls.every((s) => !/^inherit$/i.test(attr(s, 'stop-color') ?? '') && !/^inherit$/i.test(attr(s, 'stop-opacity') ?? '')) &&
    nonDegenerate(kind, attrs);
  return { el, id, kind, user, transform, transformText, spread, attrs, stops, notes, clean, error };
}

/** For the clean check only: plain-number geometry that does not collapse to one colour. */
function nonDegenerate(kind: Kind, attrs: ReadonlyMap<string, string>): boolean {
  const n = (name: string, dflt: number) => {
    const v = attrs.get(name);
    const r = v === undefined ? null : checkPlainNumber(v);
    return r === null ? dflt : r.ok ? r.value : NaN;
  };
  if (kind === 'linear') return n('x1', 0) !== n('x2', 1) || n('y1', 0) !== n('y2', 0);
  return n('r', 0.5) > 0;
}

/**
 * A gradient coordinate as a number in its unit system (D7): objectBoundingBox
 * percentages are fractions; userSpaceOnUse percentages refer to the viewport's
 * width, height or normalised diagonal (SVG 1.1 §7.10). Absolute units become user
 * units; em and the like cannot be known here (null).
 */
function coordinate(raw: string, axis: 'x' | 'y' | 'r', user: boolean, vp: Viewport): number | null {
  const r = checkPlainNumber(raw);
  let v: number | null;
  if (r.ok) v = r.value;
  else if (r.problem.kind !== 'unit') v = null;
  else if (r.problem.unit === '%') {
    const { number } = r.problem;
    const ref = axis === 'x' ? vp.width : axis === 'y' ? vp.height : Math.sqrt((vp.width ** 2 + vp.height ** 2) / 2);
    v = user ? (number / 100) * ref : number / 100;
  } else v = toPixels({ value: r.problem.number, unit: r.problem.unit.toLowerCase() });
  // 1e999 parses as Infinity: no exact gradient can be written from it.
  return v !== null && Number.isFinite(v) ? v : null;
}

const lastStop = (stops: readonly StopData[]): StopData => stops[stops.length - 1]!;
/** Two stops paint alike (other attributes come from the same source stop). */
const samePaint = (a: StopData, b: StopData): boolean => a.source === b.source || (a.color === b.color && a.opacity === b.opacity);

/** Corners of the area a paint covers, in the gradient's unit system; 'per-shape' when that needs the shape. */
function coveredCorners(prop: Prop, user: boolean, use: Use | null, toUnits: Matrix | null): Point[] | 'per-shape' | null {
  if (!user && prop === 'fill' && toUnits === null) {
    // A fill stays inside its geometry box, which is the unit square in bounding-box units.
    return [
      [0, 0],
      [1, 0],
      [0, 1],
      [1, 1],
    ];
  }
  if (!use) return 'per-shape';
  if (!use.box || isEmpty(use.box)) return null;
  let b = use.box;
  if (prop === 'stroke') {
    // Half the stroke width times the miter limit (at least √2 for square caps) bounds joins and caps.
    const w = Math.abs(checkNumber(inherited(use.shape, 'stroke-width'), 1));
    const miter = Math.max(Math.SQRT2, checkNumber(inherited(use.shape, 'stroke-miterlimit'), 4));
    const pad = (w / 2) * miter;
    b = { minX: b.minX - pad, minY: b.minY - pad, maxX: b.maxX + pad, maxY: b.maxY + pad };
  }
  const corners: Point[] = [
    [b.minX, b.minY],
    [b.maxX, b.minY],
    [b.minX, b.maxY],
    [b.maxX, b.maxY],
  ];
  // The box is in the shape's user space; map it into the gradient's unit system.
  const m = toUnits ?? (user ? IDENTITY : invert(bboxMatrix(use.box.minX, use.box.minY, use.box.maxX - use.box.minX, use.box.maxY - use.box.minY)));
  if (!m) return null;
  return corners.map(([x, y]) => applyToPoint(m, x, y));
}

function checkNumber(raw: string | null, fallback: number): number {
  if (raw === null) return fallback;
  const r = checkPlainNumber(raw);
  return r.ok && Number.isFinite(r.value) ? r.value : fallback;
}

/** Why a shape cannot take an elliptical gradient's transform, or null when it can. */
function reshapeBlocker(use: Use): string | null {
  const s = use.shape;
  if (use.prop !== 'fill') return 'it is used for a stroke, whose width the transform would distort';
  if (!isSvgElement(s) || !RESHAPEABLE.has(s.localName ?? '')) return `it paints a <${s.localName}>, whose geometry cannot be transformed here`;
  const stroke = inherited(s, 'stroke');
  if (stroke !== null && stroke.toLowerCase() !== 'none') return `the <${s.localName}> also has a stroke, which the transform would distort`;
  for (const a of ['clip-path', 'mask', 'filter', 'marker', 'marker-start', 'marker-mid', 'marker-end']) {
    if (get(s, a) !== null) return `the <${s.localName}> has ${a}, which depends on its coordinate system`;
  }
  if (!plainGeometry(s)) return `the <${s.localName}>'s geometry uses units`;
  return null;
}

const GEOMETRY_ATTRS: Readonly<Record<string, readonly string[]>> = {
  rect: ['x', 'y', 'width', 'height', 'rx', 'ry'],
  circle: ['cx', 'cy', 'r'],
  ellipse: ['cx', 'cy', 'rx', 'ry'],
  line: ['x1', 'y1', 'x2', 'y2'],
};

/** True when the shape's coordinates are plain numbers, so that geometry.ts measures them correctly. */
function plainGeometry(s: Element): boolean {
  for (const a of GEOMETRY_ATTRS[s.localName ?? ''] ?? []) {
    const v = get(s, a);
    if (v !== null && !(checkPlainNumber(v).ok || (a.startsWith('r') && s.localName === 'rect' && v.trim() === 'auto'))) return false;
  }
  if (s.localName === 'polygon' || s.localName === 'polyline') return parsePoints(get(s, 'points') ?? '') !== null;
  return true;
}

/** The exact box of a shape in its own user space, or null when it cannot be known. */
function shapeBox(s: Element): BBox | null {
  if (!PAINTERS.has(s.localName ?? '') || !plainGeometry(s)) return null;
  return bbox(s);
}

/** A shape's geometry as path data in its own user space (arcs kept: the arcs pass converts them). */
function pathData(s: Element): string | null {
  const n = (a: string) => checkNumber(get(s, a), 0);
  switch (s.localName) {
    case 'path':
      return get(s, 'd') ?? '';
    case 'rect': {
      const [x, y, w, h] = [n('x'), n('y'), n('width'), n('height')];
      if (w <= 0 || h <= 0) return '';
      // SVG 1.1 §9.2: a missing or "auto" radius takes the other; both are clamped to half the side.
      const rxRaw = get(s, 'rx');
      const ryRaw = get(s, 'ry');
      const rxGiven = rxRaw !== null && checkPlainNumber(rxRaw).ok && n('rx') >= 0;
      const ryGiven = ryRaw !== null && checkPlainNumber(ryRaw).ok && n('ry') >= 0;
      let rx = rxGiven ? n('rx') : ryGiven ? n('ry') : 0;
      let ry = ryGiven ? n('ry') : rxGiven ? n('rx') : 0;
      rx = Math.min(rx, w / 2);
      ry = Math.min(ry, h / 2);
      if (rx <= 0 || ry <= 0) return `M${x} ${y}H${x + w}V${y + h}H${x}Z`;
      return (
        `M${x + rx} ${y}H${x + w - rx}A${rx} ${ry} 0 0 1 ${x + w} ${y + ry}V${y + h - ry}A${rx} ${ry} 0 0 1 ${x + w - rx} ${y + h}` +
        `H${x + rx}A${rx} ${ry} 0 0 1 ${x} ${y + h - ry}V${y + ry}A${rx} ${ry} 0 0 1 ${x + rx} ${y}Z`
      );
    }
    case 'circle':
    case 'ellipse': {
      const rx = s.localName === 'circle' ? n('r') : n('rx');
      const ry = s.localName === 'circle' ? n('r') : n('ry');
      if (rx <= 0 || ry <= 0) return '';
      const [cx, cy] = [n('cx'), n('cy')];
      return `M${cx - rx} ${cy}A${rx} ${ry} 0 1 0 ${cx + rx} ${cy}A${rx} ${ry} 0 1 0 ${cx - rx} ${cy}Z`;
    }
    default:
      return null;
  }
}

function matrixText(m: Matrix): string {
  return `matrix(${[m[0], m[1], m[2], m[3]].map((v) => num(v, 6)).join(' ')} ${num(m[4], 4)} ${num(m[5], 4)})`;
}

/**
 * [D3] Gives a shape the transform W and the geometry W⁻¹(shape), which draws the
 * same area; its user space then carries the ellipse of the gradient, which becomes
 * a circle there. Returns the element that now paints (a rect or circle becomes a
 * path), or null when the geometry cannot be rewritten.
 */
function reshape(ctx: ConvertContext, s: Element, w: Matrix, digits: number): Element | null {
  const wi = invert(w);
  if (!wi) return null;
  let target = s;
  if (s.localName === 'polygon' || s.localName === 'polyline') {
    const pts = parsePoints(get(s, 'points') ?? '');
    if (!pts) return null;
    const out: string[] = [];
    for (let k = 0; k + 1 < pts.length; k += 2) {
      const [x, y] = applyToPoint(wi, pts[k]!, pts[k + 1]!);
      out.push(`${num(x, digits)},${num(y, digits)}`);
    }
    s.setAttribute('points', out.join(' '));
  } else {
    const d = pathData(s);
    if (d === null) return null;
    let text: string;
    try {
      text = d.trim() === '' ? '' : svgpath(d).abs().matrix([...wi]).round(digits).toString();
    } catch {
      return null;
    }
    if (s.localName !== 'path') {
      target = ctx.doc.createElementNS(SVG_NS, 'path');
      const drop = new Set(GEOMETRY_ATTRS[s.localName ?? ''] ?? []);
      for (let i = 0; i < s.attributes.length; i++) {
        const a = s.attributes.item(i)!;
        if (a.namespaceURI || !drop.has(a.name)) target.setAttributeNode(a.cloneNode(true) as typeof a);
      }
      while (s.firstChild) target.appendChild(s.firstChild);
      s.parentNode?.replaceChild(target, s);
    }
    target.setAttribute('d', text);
  }
  target.setAttribute('transform', matrixText(multiply(transformOf(s), w)));
  return target;
}

/**
 * What a gradient becomes for a paint (D2–D7). With `use` null the result must
 * not depend on the painted shape; 'per-shape' asks to be called again for each.
 */
function plan(res: Resolved, prop: Prop, use: Use | null, vp: Viewport): Outcome {
  if (res.error) return { kind: 'refuse', ...res.error };
  const stops = res.stops;
  if (stops.length === 0) return { kind: 'none', note: { text: 'replaced gradients without stops by none (they paint nothing)' } };
  if (stops.length === 1) {
    const s = stops[0]!;
    return { kind: 'color', color: s.color, opacity: s.opacity, note: { text: 'replaced one-stop gradients by their solid colour' } };
  }
  const last = lastStop(stops);
  const lastColor = (why: string): Outcome => ({
    kind: 'color',
    color: last.color,
    opacity: last.opacity,
    // SVG 1.1 says the last stop's colour; some renderers (librsvg) paint something else.
    note: { text: `${why}: painted with the last stop's colour, as SVG specifies (renderers disagree)`, lossy: true },
  });
  const notes: Note[] = [...res.notes];
  const value = (name: string, axis: 'x' | 'y' | 'r'): number | null => coordinate(res.attrs.get(name) ?? DEFAULTS[name]!, axis, res.user, vp);
  const named = (names: readonly string[]) => names.filter((n) => res.attrs.has(n));
  const unknown = (names: readonly string[]): Outcome => ({
    kind: 'refuse',
    ruleId: 'no-length-units',
    message: `the gradient #${res.id} has ${names.map((n) => `${n}="${res.attrs.get(n) ?? DEFAULTS[n]}"`).join(', ')}, which cannot be resolved to user units here (a relative unit such as em, or a number out of range); use plain numbers`,
  });
  if ([...res.attrs.values()].some((v) => !checkPlainNumber(v).ok && /%\s*$/.test(v))) {
    notes.push({ text: 'resolved percentages in gradient coordinates', ruleId: 'no-length-units' });
  }
  if (res.user && GEOMETRY[res.kind].some((n) => !n.startsWith('f') && !res.attrs.has(n))) {
    // Tiny 1.2's defaults for userSpaceOnUse are user units (x2=1, r=0.5), SVG 1.1's are percentages of the viewport.
    notes.push({ text: 'wrote default userSpaceOnUse gradient coordinates explicitly (SVG Tiny 1.2 defaults differ)' });
  }
  const m = res.transform ?? IDENTITY;
  const spreadNote = (expanded: 'inside' | 'expanded' | 'dropped' | 'pad'): void => {
    const sm = `spreadMethod="${res.spread}"`;
    if (expanded === 'pad') notes.push({ text: 'removed spreadMethod="pad" (the default; Tiny gradients always pad)', ruleId: 'attribute-allowed-list' });
    else if (expanded === 'inside') notes.push({ text: `removed ${sm}: the painted area lies within one period of the gradient`, ruleId: 'attribute-allowed-list' });
    else if (expanded === 'expanded') notes.push({ text: `expanded ${sm} into repeated stops over the painted area`, ruleId: 'attribute-allowed-list' });
    else notes.push({ text: `removed ${sm} (Tiny gradients pad; the painted area is unknown or needs too many repetitions)`, ruleId: 'attribute-allowed-list', lossy: true });
  };
  const digits = (user: boolean) => (user ? userDigits(vp) : 4);

  if (res.kind === 'linear') {
    const [x1, y1, x2, y2] = [value('x1', 'x'), value('y1', 'y'), value('x2', 'x'), value('y2', 'y')];
    if (x1 === null || y1 === null || x2 === null || y2 === null) return unknown(named(['x1', 'y1', 'x2', 'y2']));
    if (x1 === x2 && y1 === y2) return lastColor('linear gradients whose start and end points coincide');
    const baked = bakeLinear([x1, y1], [x2, y2], m);
    if (!baked) {
      return { kind: 'none', note: { text: 'replaced gradients whose gradientTransform cannot be inverted by none (renderers paint nothing)', ruleId: 'attribute-allowed-list', lossy: true } };
    }
    if (res.transform) notes.push({ text: 'baked gradientTransform into the linear gradient vector (exact: iso-colour lines stay parallel)', ruleId: 'attribute-allowed-list' });
    let [p1, p2] = [baked.p1, baked.p2];
    let out = stops;
    if (res.spread === 'reflect' || res.spread === 'repeat') {
      const corners = coveredCorners(prop, res.user, use, null);
      if (corners === 'per-shape') return { kind: 'per-shape' };
      const ts = corners?.map(([x, y]) => linearT(p1, p2, x, y)) ?? [];
      const per = corners ? periods(Math.min(...ts), Math.max(...ts), MAX_PERIODS) : null;
      if (!per) spreadNote('dropped');
      else if (per.k0 === 0 && per.n === 1) spreadNote('inside');
      else {
        const v: Point = [p2[0] - p1[0], p2[1] - p1[1]];
        const a = p1;
        p1 = [a[0] + per.k0 * v[0], a[1] + per.k0 * v[1]];
        p2 = [a[0] + (per.k0 + per.n) * v[0], a[1] + (per.k0 + per.n) * v[1]];
        out = tidyStops(expandSpread(stops, per.k0, per.n, res.spread), samePaint);
        spreadNote('expanded');
      }
    } else if (res.spread === 'pad') spreadNote('pad');
    const dg = digits(res.user);
    const coords: Array<readonly [string, string]> = [
      ['x1', num(p1[0], dg)],
      ['y1', num(p1[1], dg)],
      ['x2', num(p2[0], dg)],
      ['y2', num(p2[1], dg)],
    ];
    if (coords[0]![1] === coords[2]![1] && coords[1]![1] === coords[3]![1]) return lastColor('linear gradients shorter than the output precision');
    return { kind: 'gradient', spec: { kind: 'linear', user: res.user, coords, stops: out }, notes };
  }

  // Radial.
  const [cx, cy, r] = [value('cx', 'x'), value('cy', 'y'), value('r', 'r')];
  if (cx === null || cy === null || r === null) return unknown(named(['cx', 'cy', 'r']));
  const fx = res.attrs.has('fx') ? value('fx', 'x') : cx;
  const fy = res.attrs.has('fy') ? value('fy', 'y') : cy;
  const fr = value('fr', 'r');
  if (fx === null || fy === null || fr === null) return unknown(named(['fx', 'fy', 'fr']));
  if (r < 0) return { kind: 'refuse', ruleId: 'attribute-value', message: `the radial gradient #${res.id} has a negative radius r="${res.attrs.get('r')}", which is an error` };
  if (r === 0) return lastColor('radial gradients with r="0"');

  let user = res.user;
  let map: Matrix = m;
  let s = similarityScale(m);
  let carrier: Matrix | undefined;
  if (s === null) {
    if (!invert(m)) {
      return { kind: 'none', note: { text: 'replaced gradients whose gradientTransform cannot be inverted by none (renderers paint nothing)', ruleId: 'attribute-allowed-list', lossy: true } };
    }
    if (!use) return { kind: 'per-shape' };
    if (!user) {
      if (!use.box) {
        return { kind: 'refuse', ruleId: 'attribute-allowed-list', message: `the radial gradient #${res.id} is elliptical (gradientTransform="${res.transformText}") and the bounding box of the <${use.shape.localName}> it paints cannot be measured` };
      }
      if (isEmpty(use.box) || use.box.maxX === use.box.minX || use.box.maxY === use.box.minY) {
        return { kind: 'none', note: { text: 'replaced objectBoundingBox gradients on shapes without width or height by none (renderers ignore them)' } };
      }
      // The bounding box may turn the ellipse back into a circle (a scale(1 h/w) on a w × h shape).
      map = multiply(bboxMatrix(use.box.minX, use.box.minY, use.box.maxX - use.box.minX, use.box.maxY - use.box.minY), m);
      user = true;
    }
    s = similarityScale(map);
    if (s === null) {
      const blocker = reshapeBlocker(use);
      const car = blocker === null ? ellipseCarrier(map) : null;
      if (!car) {
        return {
          kind: 'refuse',
          ruleId: 'attribute-allowed-list',
          message:
            `the radial gradient #${res.id} is elliptical (gradientTransform="${res.transformText}" scales unevenly or skews${res.user ? '' : ' in the shape\'s bounding box'}), which SVG Tiny gradients cannot express, ` +
            `and the shape cannot take the transform instead: ${blocker ?? 'its transform is singular'}. Make the gradient circular in the design tool${blocker?.includes('stroke') ? ', or draw the outline as a separate shape without the gradient' : ''}`,
        };
      }
      carrier = car.w;
      map = multiply(invert(car.w)!, map);
      s = car.scale;
      notes.push({ text: 'moved elliptical radial gradients\' transforms onto the shapes they fill (geometry inverse-transformed; exact)', ruleId: 'attribute-allowed-list' });
    } else {
      notes.push({ text: 'converted objectBoundingBox radial gradients with an uneven gradientTransform to userSpaceOnUse, per shape (exact)', ruleId: 'attribute-allowed-list' });
    }
  } else if (res.transform) {
    notes.push({ text: 'baked gradientTransform (translation, rotation, uniform scale) into the radial gradient\'s centre and radius', ruleId: 'attribute-allowed-list' });
  }
  const c = applyToPoint(map, cx, cy);
  const f = applyToPoint(map, fx, fy);
  let radius = r * s;
  if (res.attrs.has('fx') || res.attrs.has('fy')) {
    if (Math.hypot(f[0] - c[0], f[1] - c[1]) > 1e-6 * radius) {
      notes.push({ text: 'removed the focal point fx/fy (Tiny radial gradients are centred)', ruleId: 'attribute-allowed-list', lossy: true });
    } else notes.push({ text: 'removed fx/fy (equal to the centre)', ruleId: 'attribute-allowed-list' });
  }
  if (res.attrs.has('fr')) {
    if (fr * s > 1e-6 * radius) notes.push({ text: 'removed the focal radius fr (not in Tiny)', ruleId: 'attribute-allowed-list', lossy: true });
    else notes.push({ text: 'removed fr="0"', ruleId: 'attribute-allowed-list' });
  }
  let out = stops;
  if (res.spread === 'reflect' || res.spread === 'repeat') {
    // Points map into the final unit system: bounding-box units, user space, or the carrier's space.
    const toUnits = carrier ? invert(carrier) : user && !res.user ? IDENTITY : null;
    const corners = coveredCorners(prop, user, use, toUnits);
    if (corners === 'per-shape') return { kind: 'per-shape' };
    const tmax = corners ? Math.max(...corners.map(([x, y]) => Math.hypot(x - c[0], y - c[1]) / radius)) : NaN;
    const per = corners ? periods(0, tmax, MAX_PERIODS) : null;
    if (!per) spreadNote('dropped');
    else if (per.n === 1) spreadNote('inside');
    else {
      radius *= per.n;
      out = tidyStops(expandSpread(stops, 0, per.n, res.spread), samePaint);
      spreadNote('expanded');
    }
  } else if (res.spread === 'pad') spreadNote('pad');
  const dg = digits(user);
  const coords: Array<readonly [string, string]> = [
    ['cx', num(c[0], dg)],
    ['cy', num(c[1], dg)],
    ['r', num(radius, dg)],
  ];
  if (Number(coords[2]![1]) <= 0) return lastColor('radial gradients smaller than the output precision');
  return { kind: 'gradient', spec: { kind: 'radial', user, coords, stops: out }, notes, ...(carrier ? { carrier } : {}) };
}

/** Decimals for user-space coordinates: three for a 100-unit drawing, more for small viewBoxes. */
function userDigits(vp: Viewport): number {
  const size = Math.max(vp.width, vp.height);
  if (!(size > 0) || !Number.isFinite(size)) return 3;
  return Math.max(3, Math.min(8, Math.ceil(3 - Math.log10(size / 100))));
}

function specKey(res: Resolved, spec: Spec): string {
  // Stops are told apart by their source too: other attributes travel with the copy.
  const source = (s: StopData) => res.stops.findIndex((x) => x.source === s.source);
  return JSON.stringify([spec.kind, spec.user, spec.coords, spec.stops.map((s) => [num(s.offset, 4), s.color, num(s.opacity, 4), source(s)])]);
}

function isNcName(id: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9._-]*$/.test(id);
}

/**
 * [D1–D7, C3] Makes every painted gradient a self-contained Tiny 1.2 gradient:
 * href chains resolved (cycles refused), gradientTransform baked exactly (linear:
 * into the vector, in bounding-box units when those are used; radial: similarities
 * into centre and radius, ellipses per shape, either through the shape's box or by
 * moving the transform onto an unstroked shape), reflect/repeat expanded over the
 * painted area, fx/fy/fr dropped (lossy when they mattered), stop offsets and
 * percentages resolved, zero-stop and one-stop gradients replaced by none or a
 * colour, and paint that refers to nothing usable replaced by its fallback.
 * Gradients that are already Tiny are left byte for byte.
 */
const pass: Pass = {
  id: STEP,
  description: 'Makes gradients Tiny 1.2 gradients: resolves href chains, bakes gradientTransform, drops fx/fy and spreadMethod [D1–D7, C3].',
  run(ctx) {
    const root = ctx.root;
    const ids = idIndex(root);
    const vp: Viewport = artBoxOf(root).box;
    const all = elements(root);
    const gradients = all.filter((e) => isGradient(e));
    const resolved = new Map<Element, Resolved>();
    const inheritedBy = inheritance(gradients, ids);
    for (const g of gradients) resolved.set(g, resolve(g, inheritedBy.get(g)!));
    const hasUse = all.some((e) => isSvgElement(e, 'use'));

    // Output gradients per original, keyed by their spec; the first one keeps the original's id.
    const outputs = new Map<Element, Map<string, string>>();
    /** Each output's element and the paints that point at it (to rename it if its original must stay). */
    const written = new Map<string, { el: Element; users: Array<readonly [Element, Prop]> }>();
    const taken = new Set(ids.keys());
    const fresh = (base: string): string => {
      const stem = isNcName(base) ? base : `gradient${base.replace(/[^A-Za-z0-9._-]/g, '')}`;
      for (let k = 2; ; k++) {
        const id = `${stem}-${k}`;
        if (!taken.has(id)) {
          taken.add(id);
          return id;
        }
      }
    };
    const outputFor = (res: Resolved, spec: Spec, notes: readonly Note[]): string => {
      let map = outputs.get(res.el);
      if (!map) outputs.set(res.el, (map = new Map()));
      const key = specKey(res, spec);
      const existing = map.get(key);
      if (existing !== undefined) return existing;
      const id = map.size === 0 && res.id !== '' ? res.id : fresh(res.id || 'gradient');
      map.set(key, id);
      // Written now, before the original, which is removed at the end.
      const out = writeGradient(ctx, spec, id);
      res.el.parentNode?.insertBefore(out, res.el);
      written.set(id, { el: out, users: [] });
      if (map.size > 1) ctx.change(STEP, 'gave shapes that need a different version of a shared gradient their own copy');
      for (const n of notes) ctx.change(STEP, n.text, { ...(n.ruleId ? { ruleId: n.ruleId } : {}), ...(n.lossy ? { lossy: true } : {}) });
      return id;
    };

    const handled = new Map<Element, Set<Prop>>();
    const kept = new Set<Element>();
    const mark = (el: Element, prop: Prop) => {
      let s = handled.get(el);
      if (!s) handled.set(el, (s = new Set()));
      s.add(prop);
    };

    const drawn = (el: Element): boolean => {
      for (let e: Node | null = el.parentNode; e && e.nodeType === 1; e = e.parentNode) {
        if (isSvgElement(e, 'clipPath')) return false;
        if (isSvgElement(e, 'defs', 'symbol') && !hasUse) return false;
      }
      return true;
    };

    /** Applies an outcome to one element's paint (reshaping may replace the element). */
    const apply = (el: Element, prop: Prop, res: Resolved, o: Outcome, isDrawn: boolean): void => {
      switch (o.kind) {
        case 'none':
          el.setAttribute(prop, 'none');
          ctx.change(STEP, o.note.text, { ...(o.note.lossy ? { lossy: true } : {}) });
          return;
        case 'color':
          setColor(el, prop, o.color ?? 'black', o.opacity);
          ctx.change(STEP, o.note.text, { ...(o.note.lossy ? { lossy: true } : {}) });
          return;
        case 'gradient': {
          let target = el;
          if (o.carrier) {
            const t = reshape(ctx, el, o.carrier, userDigits(vp));
            if (!t) {
              refuseOrNone(el, prop, res, `the radial gradient #${res.id} is elliptical and the geometry of the <${el.localName}> it fills could not be transformed`, isDrawn);
              return;
            }
            target = t;
          }
          const id = outputFor(res, o.spec, o.notes);
          target.setAttribute(prop, `url(#${id})`);
          written.get(id)?.users.push([target, prop]);
          mark(target, prop);
          return;
        }
        case 'refuse':
          refuseOrNone(el, prop, res, o.message, isDrawn, o.ruleId);
          return;
        case 'per-shape':
          // Only returned without a shape; callers ask again per shape.
          return;
      }
    };

    const refuseOrNone = (el: Element, prop: Prop, res: Resolved, message: string, isDrawn: boolean, ruleId = 'attribute-allowed-list'): void => {
      if (!isDrawn) {
        el.setAttribute(prop, 'none');
        ctx.change(STEP, 'replaced gradient paint that cannot be converted on elements that are never drawn by none');
        return;
      }
      ctx.refuse(STEP, ruleId, message, res.el);
      // The templates stay with the refused gradient, as refused, so that the output still shows what was refused.
      for (const g of chainOf(res.el, ids)) {
        kept.add(g);
        ctx.refused.add(g);
      }
    };

    /** fill="colour" plus the stop's opacity, multiplied into the fill-/stroke-opacity that applies. */
    const setColor = (el: Element, prop: Prop, color: string, opacity: number): void => {
      el.setAttribute(prop, color);
      if (opacity >= 1) return;
      const name = `${prop}-opacity`;
      const current = opacityValue(inherited(el, name));
      el.setAttribute(name, num(current * opacity, 4));
      // Descendants that inherit this paint but set their own opacity get the stop's opacity too.
      const stack = children(el);
      while (stack.length > 0) {
        const d = stack.pop()!;
        const own = attr(d, prop);
        if (own !== null && own.toLowerCase() !== 'inherit') continue;
        const o = attr(d, name);
        if (o !== null && o.toLowerCase() !== 'inherit') d.setAttribute(name, num(opacityValue(o) * opacity, 4));
        stack.push(...children(d));
      }
    };

    /** [C3] A paint that refers to nothing usable: its fallback colour, else none. */
    const broken = (el: Element, prop: Prop, value: string, external: boolean): void => {
      const fallback = value.replace(/^\s*url\([^)]*\)\s*/i, '').trim();
      el.setAttribute(prop, fallback === '' ? 'none' : fallback);
      ctx.change(
        STEP,
        external
          ? `replaced ${prop} references to other documents by ${fallback === '' ? 'none' : 'their fallback colour'} (receivers load nothing external)`
          : `replaced ${prop} references to missing elements or non-paint-servers by ${fallback === '' ? 'none' : 'their fallback colour'}`,
        // A renderer shows the fallback too; without one SVG 1.1 makes it an error, so the look may change.
        { ruleId: external ? 'no-external-reference' : 'no-broken-reference', ...(fallback === '' ? { lossy: true } : {}) },
      );
    };

    /** Painters that take `prop` from `el` (not crossing elements that set their own). */
    const inheritors = (el: Element, prop: Prop): Element[] => {
      const out: Element[] = [];
      const stack = children(el).reverse();
      while (stack.length > 0) {
        const d = stack.pop()!;
        const own = attr(d, prop);
        if (own !== null && own.toLowerCase() !== 'inherit') continue;
        if (isSvgElement(d, 'defs', 'clipPath', 'mask', 'pattern', 'marker', 'symbol', 'linearGradient', 'radialGradient')) continue;
        if (isSvgElement(d) && PAINTERS.has(d.localName ?? '')) out.push(d);
        else stack.push(...children(d).reverse());
      }
      return out;
    };

    for (const el of all) {
      // Refused elements (live text, for instance) are left as they are for the report.
      if (!el.parentNode || ctx.isRefused(el)) continue;
      for (const prop of ['fill', 'stroke'] as const) {
        if (handled.get(el)?.has(prop)) continue;
        const value = get(el, prop);
        if (value === null || !/url\(/i.test(value)) continue;
        const paint = parsePaint(value);
        if (paint.kind !== 'url') continue;
        const target = paint.id !== null ? ids.get(paint.id) : undefined;
        if (!target) {
          broken(el, prop, value, paint.id === null);
          continue;
        }
        if (isSvgElement(target) && OTHER_SERVERS.has(target.localName ?? '')) continue;
        if (!isGradient(target)) {
          broken(el, prop, value, false);
          continue;
        }
        const res = resolved.get(target)!;
        if (res.clean) continue;
        const isDrawn = drawn(el);
        const o = plan(res, prop, null, vp);
        if (o.kind !== 'per-shape') {
          apply(el, prop, res, o, isDrawn);
          mark(el, prop);
          continue;
        }
        if (!isDrawn) {
          // Gradients on elements that are never drawn need no per-shape copies.
          el.setAttribute(prop, 'none');
          ctx.change(STEP, 'replaced shape-dependent gradient paint on elements that are never drawn by none');
          mark(el, prop);
          continue;
        }
        const painters = isSvgElement(el) && PAINTERS.has(el.localName ?? '') ? [el] : inheritors(el, prop);
        let skipped = false;
        for (const shape of painters) {
          if (ctx.isRefused(shape)) {
            skipped = true;
            continue;
          }
          const use: Use = { shape, prop, box: shapeBox(shape) };
          // A line has no interior: its fill paints nothing, whatever the gradient.
          let po: Outcome = shape.localName === 'line' && prop === 'fill' ? { kind: 'none', note: { text: 'replaced gradient fills of lines (which have no interior) by none' } } : plan(res, prop, use, vp);
          if (po.kind === 'per-shape') po = { kind: 'refuse', ruleId: 'attribute-allowed-list', message: `the gradient #${res.id} could not be converted for the <${shape.localName}> it paints` };
          // Keep the paint on the shape itself, since the declaring group's attribute goes.
          if (shape !== el) shape.setAttribute(prop, value);
          apply(shape, prop, res, po, true);
          mark(shape, prop);
        }
        // The group's paint goes once every shape carries its own (a refused shape keeps inheriting it).
        if (!painters.includes(el) && !skipped) el.removeAttribute(prop);
        if (painters.length > 0 && painters[0] !== el) ctx.change(STEP, 'moved gradient paint from groups onto the shapes, which each need their own version');
      }
    }

    // Originals that were rewritten go (their first output carries the id); gradients nothing paints with go too.
    const referenced = new Set<string>();
    for (const e of elements(root)) {
      for (const prop of ['fill', 'stroke']) {
        const v = get(e, prop);
        if (v === null) continue;
        const p = parsePaint(v);
        if (p.kind === 'url' && p.id !== null) referenced.add(p.id);
      }
    }
    for (const g of kept) {
      // A refused gradient stays with its id, so an output that took that id for other shapes is renamed.
      const res = resolved.get(g);
      const out = res && res.id !== '' ? written.get(res.id) : undefined;
      if (!res || !out || !outputs.get(g)?.size) continue;
      const id = fresh(res.id);
      out.el.setAttribute('id', id);
      for (const [e, prop] of out.users) e.setAttribute(prop, `url(#${id})`);
      written.delete(res.id);
    }
    for (const g of gradients) {
      if (!g.parentNode || ctx.isRefused(g) || kept.has(g)) continue;
      const res = resolved.get(g)!;
      const rewritten = outputs.has(g);
      const used = res.id !== '' && ids.get(res.id) === g && referenced.has(res.id);
      if (rewritten || !used) {
        const parent = g.parentNode;
        remove(g);
        if (!rewritten) ctx.change(STEP, 'removed gradients that nothing paints with (href templates or unused)');
        // A <defs> that only held gradients goes with them.
        if (isSvgElement(parent, 'defs') && !hasElementChild(parent as Element)) remove(parent!);
      }
    }
  },
};
export default pass;

/** Writes a Tiny gradient: the spec's coordinates and copies of the stops with plain offsets. */
function writeGradient(ctx: ConvertContext, spec: Spec, id: string): Element {
  const g = ctx.doc.createElementNS(SVG_NS, spec.kind === 'linear' ? 'linearGradient' : 'radialGradient');
  g.setAttribute('id', id);
  if (spec.user) g.setAttribute('gradientUnits', 'userSpaceOnUse');
  const defaults: Readonly<Record<string, string>> = { x1: '0', y1: '0', x2: '1', y2: '0', cx: '0.5', cy: '0.5', r: '0.5' };
  for (const [name, v] of spec.coords) {
    // In bounding-box units the Tiny defaults equal SVG's, so they may be left out.
    if (!spec.user && defaults[name] === v) continue;
    g.setAttribute(name, v);
  }
  for (const s of spec.stops) {
    const stop = s.source.cloneNode(false) as Element;
    stop.removeAttribute('id');
    stop.removeAttributeNS(XML_NS, 'id');
    stop.setAttribute('offset', num(s.offset, 4));
    stop.removeAttribute('stop-color');
    stop.removeAttribute('stop-opacity');
    if (s.color !== null) stop.setAttribute('stop-color', s.color);
    if (s.opacity < 1) stop.setAttribute('stop-opacity', num(s.opacity, 4));
    g.appendChild(stop);
  }
  return g;
}
