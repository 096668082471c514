import type { Attr, Element } from '@xmldom/xmldom';
import type { ConvertContext, Pass } from '../context.js';
import { attributes, children, isSvgElement, num, remove } from '../dom.js';
import { artBoxOf } from './square.js';
import { numericSyntax } from '../../profile/attribute-syntax.js';
import { checkPlainNumber, parseViewBox, splitList, trimXml } from '../../profile/numbers.js';

const STEP = 'units';

/** CSS absolute units in px (user units), at 96 px to the inch. */
const ABSOLUTE: Readonly<Record<string, number>> = { px: 1, in: 96, cm: 96 / 2.54, mm: 96 / 25.4, q: 96 / 101.6, pt: 96 / 72, pc: 16 };
/** CSS font-size keywords (CSS Fonts 3, medium = 16px); larger/smaller depend on the user agent. */
const FONT_KEYWORDS: Readonly<Record<string, number>> = { 'xx-small': 9, 'x-small': 10, small: 13, medium: 16, large: 18, 'x-large': 24, 'xx-large': 32 };
const DEFAULT_FONT_SIZE = 16;

/** Percentages of these resolve against the viewport's width, of those against its height; others against its normalised diagonal. */
const X_AXIS = new Set(['x', 'cx', 'x1', 'x2', 'width', 'rx', 'dx']);
const Y_AXIS = new Set(['y', 'cy', 'y1', 'y2', 'height', 'ry', 'dy']);
const OPACITIES = new Set(['fill-opacity', 'stroke-opacity', 'stop-opacity', 'solid-opacity', 'viewport-fill-opacity']);
/** Plain numbers, never lengths: a unit makes them invalid. */
const NUMBERS_ONLY = new Set(['stroke-miterlimit', 'pathLength', 'offset']);
/** CSS properties: an invalid value is ignored (the inherited or initial value applies), exactly as if the attribute were absent. */
const PROPERTIES = new Set(['stroke-width', 'stroke-dashoffset', 'stroke-dasharray', 'stroke-miterlimit', 'font-size', 'line-increment', ...OPACITIES]);
/** Left to other passes: gradients resolve their own percentages (objectBoundingBox fractions), definitions are removed or refused. */
const SKIPPED = new Set(['linearGradient', 'radialGradient', 'stop', 'clipPath', 'mask', 'pattern', 'marker', 'filter', 'symbol', 'title', 'desc', 'metadata']);

interface Viewport {
  readonly width: number;
  readonly height: number;
}

interface Frame {
  readonly el: Element;
  /** The parent's computed font size, or null when it cannot be known (larger, smaller, ex …). */
  readonly parentFont: number | null;
  readonly viewport: Viewport | null;
}

type Converted = { ok: true; value: number; unit: string } | { ok: false; kind: 'invalid' } | { ok: false; kind: 'unknown'; reason: string };

/** The computed font size of an element from its font-size attribute and its parent's. */
function fontSizeOf(el: Element, parentFont: number | null, rootFont: number, viewport: Viewport | null): number | null {
  const v = el.getAttribute('font-size');
  if (v === null || trimXml(v) === '' || trimXml(v) === 'inherit') return parentFont;
  const lower = trimXml(v).toLowerCase();
  const keyword = FONT_KEYWORDS[lower];
  if (keyword !== undefined) return keyword;
  // The step of larger and smaller is up to the user agent.
  if (lower === 'larger' || lower === 'smaller') return null;
  const r = toUserUnits(trimXml(v), 'font-size', parentFont, rootFont, viewport);
  // An invalid font-size is ignored: the inherited size applies.
  if (!r.ok) return r.kind === 'invalid' ? parentFont : null;
  return r.value >= 0 && Number.isFinite(r.value) ? r.value : parentFont;
}

/** One number with an optional unit, in user units for the attribute `name`. */
function toUserUnits(item: string, name: string, font: number | null, rootFont: number, viewport: Viewport | null): Converted {
  const r = checkPlainNumber(item);
  if (r.ok) return { ok: true, value: r.value, unit: '' };
  if (r.problem.kind !== 'unit') return { ok: false, kind: 'invalid' };
  const unit = r.problem.unit.toLowerCase();
  const n = r.problem.number;
  if (OPACITIES.has(name)) return unit === '%' ? { ok: true, value: n / 100, unit } : { ok: false, kind: 'invalid' };
  if (NUMBERS_ONLY.has(name)) return { ok: false, kind: 'invalid' };
  const factor = ABSOLUTE[unit];
  if (factor !== undefined) return { ok: true, value: n * factor, unit };
  switch (unit) {
    case 'em':
      return font === null ? { ok: false, kind: 'unknown', reason: 'the font size it is relative to is not known (larger, smaller or ex above it)' } : { ok: true, value: n * font, unit };
    case 'rem':
      return { ok: true, value: n * rootFont, unit };
    case 'ex':
      return { ok: false, kind: 'unknown', reason: "ex is the font's x-height, which depends on the font the receiver has" };
    case 'ch':
      return { ok: false, kind: 'unknown', reason: "ch is the width of the font's \"0\", which depends on the font the receiver has" };
    case '%': {
      if (name === 'font-size') return font === null ? { ok: false, kind: 'unknown', reason: 'the parent font size is not known' } : { ok: true, value: (n / 100) * font, unit };
      if (!viewport) return { ok: false, kind: 'unknown', reason: 'the viewport it is relative to is not known' };
      const base = X_AXIS.has(name) ? viewport.width : Y_AXIS.has(name) ? viewport.height : Math.sqrt((viewport.width ** 2 + viewport.height ** 2) / 2);
      return { ok: true, value: (n / 100) * base, unit };
    }
    default:
      // vw, vh, vmin, vmax: the mail client's viewport, not the logo's.
      return { ok: false, kind: 'unknown', reason: `${unit} depends on the window the logo is shown in` };
  }
}

/** A nested viewport's size (its viewBox, else plain width and height), or null. */
function nestedViewport(svg: Element): Viewport | null {
  const vb = parseViewBox(svg.getAttribute('viewBox') ?? '');
  if (vb && vb.width > 0 && vb.height > 0) return { width: vb.width, height: vb.height };
  const w = checkPlainNumber(svg.getAttribute('width') ?? '');
  const h = checkPlainNumber(svg.getAttribute('height') ?? '');
  return w.ok && h.ok && w.value > 0 && h.value > 0 ? { width: w.value, height: h.value } : null;
}

function describeUnit(unit: string): string {
  if (unit === 'px') return 'removed "px" from lengths (1px is 1 user unit)';
  if (unit === '%') return 'converted percentages into user units (against the viewBox, or the font size for font-size)';
  if (unit === 'em' || unit === 'rem') return `converted ${unit} lengths into user units (from the font size)`;
  return `converted lengths in ${unit} into user units (96 per inch)`;
}

/**
 * [F2, F3, F6, F7] SVG Tiny 1.2 lengths are plain numbers in user units everywhere
 * except on the root's width and height (the square pass sets those). Absolute
 * units convert at 96 px to the inch, em from the computed font size, percentages
 * against the viewport (the root's viewBox). Invalid values of CSS properties are
 * removed, since renderers ignore them anyway; shapes with negative sizes, which are
 * never drawn, are removed. What cannot be known (ex, vw …) is refused.
 */
const pass: Pass = {
  id: 'units',
  description: 'Converts units and percentages into user units [F2, F3, F6, F7].',
  run(ctx) {
    const root = ctx.root;
    const { box } = artBoxOf(root);
    const rootViewport: Viewport = { width: box.width, height: box.height };
    const rootFont = fontSizeOf(root, DEFAULT_FONT_SIZE, DEFAULT_FONT_SIZE, rootViewport) ?? DEFAULT_FONT_SIZE;
    const stack: Frame[] = [{ el: root, parentFont: DEFAULT_FONT_SIZE, viewport: rootViewport }];
    while (stack.length > 0) {
      const { el, parentFont, viewport } = stack.pop()!;
      if (!isSvgElement(el) || SKIPPED.has(el.localName ?? '')) continue;
      const font = fontSizeOf(el, parentFont, rootFont, viewport);
      const inner = el !== root && isSvgElement(el, 'svg') ? nestedViewport(el) : viewport;
      for (const attr of attributes(el)) convertAttribute(ctx, el, attr, attr.name === 'font-size' ? parentFont : font, rootFont, viewport);
      if (el.parentNode && el !== root && removeNeverDrawn(ctx, el)) continue;
      const kids = children(el);
      for (let k = kids.length - 1; k >= 0; k--) stack.push({ el: kids[k]!, parentFont: font, viewport: inner });
    }
  },
};
export default pass;

function convertAttribute(ctx: ConvertContext, el: Element, attr: Attr, font: number | null, rootFont: number, viewport: Viewport | null): void {
  const syntax = numericSyntax(el, attr);
  // Text is refused (it must become outlines); its rotate list holds angles, not lengths.
  if (!syntax || attr.name === 'rotate') return;
  const name = attr.name;
  const value = trimXml(attr.value);
  if (syntax.keywords.includes(value)) return;
  if (name === 'font-size' && FONT_KEYWORDS[value.toLowerCase()] !== undefined) return;
  const items = syntax.shape === 'list' ? splitList(value) : [value];
  const results = items === null || items.length === 0 ? [{ ok: false, kind: 'invalid' } as Converted] : items.map((item) => toUserUnits(item, name, font, rootFont, viewport));
  const unknown = results.find((r): r is { ok: false; kind: 'unknown'; reason: string } => !r.ok && r.kind === 'unknown');
  if (unknown) {
    ctx.refuse(STEP, 'no-length-units', `${name}="${value.slice(0, 40)}" on <${el.nodeName}> cannot be converted into user units: ${unknown.reason}; give it in px in your editor`, attr);
    return;
  }
  const values: number[] = [];
  // A number too large for a double (1e400px) is not a length anyone meant.
  for (const r of results) if (r.ok && Number.isFinite(r.value)) values.push(r.value);
  const invalid = values.length !== results.length;
  const negative = values.some((v) => v < 0);
  // CSS properties ignore an invalid value; dash arrays and widths cannot be negative, miter limits not below 1.
  if (!invalid && negative && name === 'stroke-width') {
    // Browsers ignore it (the inherited width applies); librsvg draws no stroke.
    ctx.refuse(STEP, 'number-syntax', `stroke-width="${value.slice(0, 40)}" on <${el.nodeName}> is negative; renderers disagree on what is drawn then (browsers ignore it, others draw no stroke): correct it in your editor`, attr);
    return;
  }
  const rejected = invalid || (negative && ['stroke-dasharray', 'font-size', 'line-increment'].includes(name)) || (name === 'stroke-miterlimit' && values.some((v) => v < 1));
  if (rejected && PROPERTIES.has(name)) {
    el.removeAttributeNode(attr);
    ctx.change(STEP, `removed invalid ${name} values (renderers ignore them)`, invalid ? { ruleId: 'number-syntax' } : {});
    return;
  }
  if ((name === 'rx' || name === 'ry') && isSvgElement(el, 'rect') && (value === 'auto' || (!invalid && negative))) {
    // SVG 2: auto (and a negative radius, which is ignored) means "the other radius", as a missing attribute does.
    el.removeAttributeNode(attr);
    ctx.change(STEP, `removed rect ${value === 'auto' ? 'auto' : 'negative'} corner radii (the other radius applies, as when the attribute is absent)`, value === 'auto' ? { ruleId: 'number-syntax' } : {});
    return;
  }
  if (invalid) {
    ctx.refuse(STEP, 'number-syntax', `${name}="${value.slice(0, 40)}" on <${el.nodeName}> is not a number; renderers disagree on what is drawn then: correct it in your editor`, attr);
    return;
  }
  const units = new Set(results.map((r) => (r.ok ? r.unit : '')).filter((u) => u !== ''));
  if (units.size === 0) return;
  // Plain numbers in a list are kept as written; converted items are rounded to 4 decimals.
  const text = results.map((r, k) => (r.ok && r.unit === '' ? items![k]! : num((r as { value: number }).value, 4))).join(syntax.shape === 'list' ? ' ' : '');
  el.setAttribute(name, text);
  for (const unit of units) ctx.change(STEP, OPACITIES.has(name) ? 'converted percentage opacities into numbers' : describeUnit(unit), { ruleId: 'no-length-units' });
}

/** Removes shapes that are never drawn because a size is negative or zero; true when removed. */
function removeNeverDrawn(ctx: ConvertContext, el: Element): boolean {
  const size = (name: string): number | null => {
    const v = el.getAttribute(name);
    if (v === null) return null;
    const r = checkPlainNumber(v);
    return r.ok ? r.value : null;
  };
  let why: string | null = null;
  if (isSvgElement(el, 'rect')) {
    const w = size('width');
    const h = size('height');
    if ((w !== null && w <= 0) || (h !== null && h <= 0)) why = 'removed rects with a negative or zero width or height (never drawn)';
  } else if (isSvgElement(el, 'circle')) {
    const r = size('r');
    if (r !== null && r <= 0) why = 'removed circles with a negative or zero radius (never drawn)';
  } else if (isSvgElement(el, 'ellipse')) {
    const rx = size('rx');
    const ry = size('ry');
    if ((rx !== null && rx < 0) || (ry !== null && ry < 0)) {
      // SVG 1.1 makes this an error; SVG 2 ignores the value and uses the other radius.
      ctx.refuse(STEP, 'number-syntax', `<ellipse> has a negative radius; renderers disagree on whether it is drawn: correct it in your editor`, el);
      return false;
    }
    if (rx === 0 || ry === 0) why = 'removed ellipses with a zero radius (never drawn)';
  }
  if (!why) return false;
  remove(el);
  ctx.change(STEP, why);
  return true;
}
