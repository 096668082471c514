import type { Element } from '@xmldom/xmldom';
import type { ConvertContext, Pass } from '../context.js';
import { elements, idIndex, isSvgElement, num } from '../dom.js';
import { dict } from '../../dict.js';
import { parseColor, parsePaint, TINY_KEYWORDS, toHex, type Rgb } from '../../profile/color.js';

const PAINT = new Set(['fill', 'stroke']);
const COLOR = new Set(['color', 'stop-color', 'solid-color', 'viewport-fill']);
const OPACITY_FOR: Readonly<Record<string, string>> = dict({
  fill: 'fill-opacity',
  stroke: 'stroke-opacity',
  'stop-color': 'stop-opacity',
  'solid-color': 'solid-opacity',
  'viewport-fill': 'viewport-fill-opacity',
});
/** Elements that paint with the inherited fill and stroke. */
const PAINTERS = new Set(['path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon', 'text', 'textArea', 'use']);
const PAINT_SERVERS = new Set(['linearGradient', 'radialGradient', 'solidColor', 'pattern']);

/** A colour rewritten into Tiny 1.2 syntax. */
type Converted =
  | { kind: 'color'; text: string; rgb: Rgb; alpha: number; what: string | null }
  | { kind: 'transparent' }
  | { kind: 'empty' }
  | { kind: 'fail'; why: string };

/** Rewrites a <color> (no paint keywords) into #rrggbb or a Tiny form, with its alpha. */
function convertColor(raw: string): Converted {
  // SVG 1.1 allows an ICC colour after the sRGB one; renderers without ICC use the sRGB one.
  const value = raw.replace(/\s+icc-color\([^)]*\)\s*$/i, '').trim();
  const what = value === raw.trim() ? null : 'icc-color()';
  if (value === '') return { kind: 'empty' };
  const c = parseColor(value);
  if (c.ok) {
    const lower = value.toLowerCase();
    const keyword = Object.prototype.hasOwnProperty.call(TINY_KEYWORDS, lower);
    return { kind: 'color', text: keyword ? lower : value, rgb: c.rgb, alpha: 1, what: what ?? (keyword && lower !== value ? 'upper-case keyword' : null) };
  }
  const p = c.problem;
  switch (p.kind) {
    case 'hex-alpha':
      return { kind: 'color', text: toHex(p.rgb), rgb: p.rgb, alpha: p.alpha, what: 'hex colours with alpha' };
    case 'named':
      return { kind: 'color', text: toHex(p.rgb), rgb: p.rgb, alpha: 1, what: 'CSS colour names' };
    case 'transparent':
      return { kind: 'transparent' };
    case 'rgb-mixed':
      // Invalid in CSS too (legacy rgb() takes all numbers or all percentages): renderers ignore it.
      return { kind: 'fail', why: 'rgb() mixes numbers and percentages, so renderers ignore it' };
    case 'css-function': {
      // The shared parser reads hue as degrees; other angle units would give a wrong colour.
      if ((p.fn === 'hsl' || p.fn === 'hsla') && /^[^(]*\(\s*[-+.\d]+(?:e[-+]?\d+)?(rad|grad|turn)\b/i.test(value)) {
        return { kind: 'fail', why: `${p.fn}() with a hue in ${/(rad|grad|turn)/i.exec(value)![1]} cannot be converted` };
      }
      if (!p.rgb) return { kind: 'fail', why: `${p.fn}() colours cannot be converted into sRGB hex` };
      return { kind: 'color', text: toHex(p.rgb), rgb: p.rgb, alpha: p.alpha ?? 1, what: `${p.fn}() colours` };
    }
    default:
      return { kind: 'fail', why: 'it is not a colour' };
  }
}

function parentElement(el: Element): Element | null {
  return el.parentNode && el.parentNode.nodeType === 1 ? (el.parentNode as Element) : null;
}

/** An opacity value (number or percentage), clamped; null when it is not one. */
function parseOpacity(value: string | null): number | null {
  if (value === null) return null;
  const m = /^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?)(%?)\s*$/i.exec(value);
  if (!m) return null;
  const n = Number(m[1]) / (m[2] ? 100 : 1);
  return Math.max(0, Math.min(1, n));
}

/** The opacity an element uses: its own, or inherited (fill/stroke opacities), else 1. */
function effectiveOpacity(el: Element, name: string, inherited: boolean): number {
  for (let e: Element | null = el; e; e = inherited ? parentElement(e) : null) {
    const v = parseOpacity(e.getAttribute(name));
    if (v !== null) return v;
  }
  return 1;
}

function isKeyword(value: string | null, keyword: string): boolean {
  return value !== null && value.trim().toLowerCase() === keyword;
}

/**
 * The elements that paint with `name` as declared on `el`: `el` itself when it paints,
 * and descendants that inherit it (no nearer declaration), walked iteratively.
 */
function inheritors(el: Element, name: string): Element[] {
  const out: Element[] = [];
  const stack: Element[] = [el];
  while (stack.length > 0) {
    const e = stack.pop()!;
    if (e !== el && e.hasAttribute(name) && !isKeyword(e.getAttribute(name), 'inherit')) continue;
    if (PAINTERS.has(e.localName ?? '')) out.push(e);
    if (isSvgElement(e, 'use', 'text', 'textArea')) continue;
    for (let c = e.lastChild; c; c = c.previousSibling) if (c.nodeType === 1) stack.push(c as Element);
  }
  return out;
}

/** Multiplies `alpha` into the *-opacity of every element that paints with `name` from `el`. */
function applyAlpha(el: Element, name: string, alpha: number): void {
  if (alpha >= 1) return;
  const opacity = OPACITY_FOR[name]!;
  const inherited = PAINT.has(name);
  const targets = inherited ? inheritors(el, name) : [el];
  for (const t of targets) t.setAttribute(opacity, num(alpha * effectiveOpacity(t, opacity, inherited), 3));
}

function describe(ctx: ConvertContext, what: string | null, alpha: number): void {
  if (!what) return;
  const text =
    what === 'upper-case keyword'
      ? 'wrote colour keywords in lower case'
      : what === 'icc-color()'
        ? 'removed ICC colours (icc-color()), keeping their sRGB colour'
        : `rewrote ${what} as #rrggbb${alpha < 1 ? ' with the alpha in *-opacity' : ''}`;
  ctx.change('colors', text, { ruleId: 'color-syntax' });
}

/**
 * [C2] `color` has no opacity attribute: where its colour is translucent, every
 * currentColor that uses it is replaced by the colour itself, with the alpha in that
 * paint's own *-opacity.
 */
function resolveTranslucentColor(ctx: ConvertContext, el: Element): void {
  const c = convertColor(el.getAttribute('color') ?? '');
  const transparent = c.kind === 'transparent';
  if (!transparent && (c.kind !== 'color' || c.alpha >= 1)) return;
  const alpha = c.kind === 'color' ? c.alpha : 0;
  const users: Array<[Element, string]> = [];
  const stack: Element[] = [el];
  while (stack.length > 0) {
    const e = stack.pop()!;
    if (e !== el && e.hasAttribute('color') && !isKeyword(e.getAttribute('color'), 'inherit')) continue;
    for (const name of ['fill', 'stroke']) if (PAINTERS.has(e.localName ?? '') && usesCurrentColor(e, name, true)) users.push([e, name]);
    if (isSvgElement(e, 'stop') && usesCurrentColor(e, 'stop-color', false)) users.push([e, 'stop-color']);
    if (isSvgElement(e, 'solidColor') && usesCurrentColor(e, 'solid-color', false)) users.push([e, 'solid-color']);
    for (let k = e.lastChild; k; k = k.previousSibling) if (k.nodeType === 1) stack.push(k as Element);
  }
  for (const [user, name] of users) {
    if (isSvgElement(user, 'use')) {
      ctx.refuse('colors', 'color-syntax', `color="${el.getAttribute('color')}" is translucent and used through currentColor inside a <use>: SVG Tiny has no opacity for color`, el);
      return;
    }
  }
  for (const [user, name] of users) {
    if (transparent && PAINT.has(name)) {
      user.setAttribute(name, 'none');
      continue;
    }
    user.setAttribute(name, c.kind === 'color' ? c.text : '#000000');
    user.setAttribute(OPACITY_FOR[name]!, num(alpha * effectiveOpacity(user, OPACITY_FOR[name]!, PAINT.has(name)), 3));
  }
  if (c.kind === 'color') el.setAttribute('color', c.text);
  else el.removeAttribute('color');
  ctx.change('colors', 'replaced currentColor by the colour where color is translucent (color has no opacity in SVG Tiny)', { ruleId: 'color-syntax' });
}

function usesCurrentColor(el: Element, name: string, inherited: boolean): boolean {
  for (let e: Element | null = el; e; e = inherited ? parentElement(e) : null) {
    const v = e.getAttribute(name);
    if (v !== null && !isKeyword(v, 'inherit')) return isKeyword(v, 'currentcolor');
  }
  return false;
}

/** Rewrites a colour-valued attribute (color, stop-color, solid-color, viewport-fill). */
function rewriteColor(ctx: ConvertContext, el: Element, name: string, value: string): void {
  const lower = value.trim().toLowerCase();
  if (lower === 'inherit') return;
  if (lower === 'currentcolor') {
    if (value !== 'currentColor') el.setAttribute(name, 'currentColor');
    return;
  }
  if (lower === 'none' && name === 'viewport-fill') {
    if (value !== 'none') el.setAttribute(name, 'none');
    return;
  }
  const c = convertColor(value);
  if (c.kind === 'color') {
    if (c.text !== value) el.setAttribute(name, c.text);
    if (name !== 'color') applyAlpha(el, name, c.alpha);
    describe(ctx, c.what, c.alpha);
  } else if (c.kind === 'transparent') {
    if (name === 'viewport-fill') {
      el.setAttribute(name, 'none');
    } else if (name === 'color') {
      // Its uses were resolved first; nothing paints with it any more.
      el.removeAttribute(name);
    } else {
      // stop-color and solid-color cannot be none: transparent is black at opacity 0.
      el.setAttribute(name, '#000000');
      el.setAttribute(OPACITY_FOR[name]!, '0');
    }
    ctx.change('colors', 'rewrote transparent colours', { ruleId: 'color-syntax' });
  } else if (c.kind === 'empty') {
    el.removeAttribute(name);
    ctx.change('colors', 'removed empty colour attributes, which renderers ignore', { ruleId: 'color-syntax' });
  } else {
    ctx.refuse('colors', 'color-syntax', `${name}="${value.slice(0, 40)}": ${c.why}; use #rrggbb`, el.getAttributeNode(name) ?? el);
  }
}

/** The paint a replaced url() leaves: its fallback colour, or none. */
function fallbackPaint(ctx: ConvertContext, el: Element, name: string, fallback: string | null): void {
  if (fallback === null) {
    el.setAttribute(name, 'none');
    return;
  }
  el.setAttribute(name, fallback);
  rewritePaint(ctx, el, name, fallback, null);
}

/** Rewrites fill or stroke. */
function rewritePaint(ctx: ConvertContext, el: Element, name: string, value: string, ids: Map<string, Element> | null): void {
  const p = parsePaint(value);
  const lower = value.trim().toLowerCase();
  switch (p.kind) {
    case 'none':
      if (value !== 'none') el.setAttribute(name, 'none');
      return;
    case 'inherit':
      return;
    case 'currentColor':
      if (value !== 'currentColor') el.setAttribute(name, 'currentColor');
      return;
    case 'url': {
      const m = /^url\(\s*(['"]?)(.*?)\1\s*\)\s*(.*)$/is.exec(value.trim());
      const fallback = m && m[3]!.trim() !== '' ? m[3]!.trim() : null;
      const target = p.id !== null && ids ? ids.get(p.id) : undefined;
      if (p.id === null) {
        fallbackPaint(ctx, el, name, fallback);
        ctx.change('colors', `replaced paints from other files (url(${p.target.slice(0, 40)})) with their fallback colour or none`, { ruleId: 'no-external-reference', lossy: true });
        return;
      }
      if (ids && (!target || !PAINT_SERVERS.has(target.localName ?? ''))) {
        // What renderers do with a reference to nothing: the fallback, else none.
        fallbackPaint(ctx, el, name, fallback);
        ctx.change('colors', 'replaced paint references to missing paint servers with their fallback colour or none, as renderers do', { ruleId: 'no-broken-reference' });
        return;
      }
      let rest = '';
      if (fallback !== null) {
        const fb = parsePaint(fallback);
        if (fb.kind === 'none' || fb.kind === 'currentColor') {
          rest = fb.kind === 'none' ? ' none' : ' currentColor';
        } else if (fb.kind === 'color') {
          const c = convertColor(fallback);
          rest = ` ${c.kind === 'color' ? c.text : fallback}`;
          if (c.kind === 'color') describe(ctx, c.what, 1);
        } else {
          // The fallback only shows if the paint server fails; its alpha has nowhere to go.
          const c = convertColor(fallback);
          if (c.kind === 'color') rest = ` ${c.text}`;
          else if (c.kind === 'transparent') rest = ' none';
          ctx.change('colors', 'rewrote fallback colours of url() paints', { ruleId: 'color-syntax' });
        }
      }
      const text = `url(#${p.id})${rest}`;
      if (text !== value) el.setAttribute(name, text);
      return;
    }
    case 'color': {
      const c = convertColor(value);
      if (c.kind === 'color' && c.text !== value) {
        el.setAttribute(name, c.text);
        describe(ctx, c.what, 1);
      }
      return;
    }
    default: {
      if (lower === 'transparent') {
        el.setAttribute(name, 'none');
        ctx.change('colors', 'rewrote transparent colours', { ruleId: 'color-syntax' });
        return;
      }
      const c = convertColor(value);
      if (c.kind === 'color') {
        el.setAttribute(name, c.text);
        applyAlpha(el, name, c.alpha);
        describe(ctx, c.what, c.alpha);
      } else if (c.kind === 'empty') {
        el.removeAttribute(name);
        ctx.change('colors', 'removed empty colour attributes, which renderers ignore', { ruleId: 'color-syntax' });
      } else if (c.kind === 'transparent') {
        el.setAttribute(name, 'none');
      } else {
        ctx.refuse('colors', 'color-syntax', `${name}="${value.slice(0, 40)}": ${c.why}; use #rrggbb`, el.getAttributeNode(name) ?? el);
      }
    }
  }
}

/**
 * [C2, C3] Every colour in SVG Tiny 1.2 syntax: rgba(), hsl(), #rgba and #rrggbbaa become
 * #rrggbb with the alpha multiplied into the matching *-opacity (on the elements that
 * paint with it), transparent becomes none, CSS names become hex, keywords lower case;
 * valid forms are kept as written. url() paints to other files or to nothing become
 * their fallback colour or none.
 */
const pass: Pass = {
  id: 'colors',
  description: 'Writes colours in SVG Tiny 1.2 syntax, with alpha in *-opacity [C2].',
  run(ctx) {
    const all = elements(ctx.root).filter((e) => isSvgElement(e));
    for (const el of all) if (el.hasAttribute('color')) resolveTranslucentColor(ctx, el);
    const ids = idIndex(ctx.root);
    for (const el of all) {
      if (!el.parentNode && el !== ctx.root) continue;
      for (const name of [...PAINT, ...COLOR]) {
        const value = el.getAttribute(name);
        if (value === null || !el.hasAttribute(name)) continue;
        if (PAINT.has(name)) rewritePaint(ctx, el, name, value, ids);
        else rewriteColor(ctx, el, name, value);
      }
    }
  },
};
export default pass;
