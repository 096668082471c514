import type { Element, Node } from '@xmldom/xmldom';
import { compile, type Options as SelectOptions } from 'css-select';
// The small part of css-tree this pass uses is typed below (narrower than @types/css-tree).
import * as csstreeUntyped from 'css-tree';
// csso computes selector specificity on css-tree ASTs (the same function svgo uses).
import { specificity as cssoSpecificity } from 'csso/syntax';
import type { ConvertContext, Pass } from '../context.js';
import { attributes, elements, href, idIndex, isSvgElement, num, remove } from '../dom.js';
import { dict } from '../../dict.js';
import { parseTransform } from '../../profile/transform.js';

// ---------------------------------------------------------------------------
// css-tree, as far as this pass uses it.

interface CssList {
  toArray(): CssNode[];
}
interface CssNode {
  type: string;
  name?: string;
  value?: string | CssNode;
  unit?: string;
  property?: string;
  important?: boolean | string;
  prelude?: CssNode | null;
  block?: CssNode | null;
  children?: CssList | null;
  loc?: { start: { offset: number }; end: { offset: number } } | null;
}
interface CssTree {
  parse(text: string, options: Record<string, unknown>): CssNode;
  generate(node: CssNode): string;
  walk(node: CssNode, fn: (node: CssNode) => void): void;
  lexer: { matchProperty(property: string, value: CssNode): { error: { name: string } | null } };
}
const csstree = csstreeUntyped as unknown as CssTree;
const specificityOf = cssoSpecificity as (selector: CssNode) => [number, number, number];

const list = (l: CssList | null | undefined): CssNode[] => (l ? l.toArray() : []);

// ---------------------------------------------------------------------------
// Properties.

interface PropertyInfo {
  readonly inherited: boolean;
  /** The initial value, or null when it depends on the user agent (font-family). */
  readonly initial: string | null;
}
const P = (inherited: boolean, initial: string | null): PropertyInfo => ({ inherited, initial });

/**
 * Properties that have an SVG presentation attribute (SVG 1.1, Tiny 1.2, SVG 2), plus
 * mix-blend-mode and isolation: they have none, but they change the drawing, so they
 * are written as attributes for the prune pass to refuse rather than silently dropped.
 */
const PROPERTIES: Readonly<Record<string, PropertyInfo>> = dict({
  'alignment-baseline': P(false, 'auto'),
  'audio-level': P(false, '1'),
  'baseline-shift': P(false, 'baseline'),
  'buffered-rendering': P(false, 'auto'),
  clip: P(false, 'auto'),
  'clip-path': P(false, 'none'),
  'clip-rule': P(true, 'nonzero'),
  color: P(true, 'black'),
  'color-interpolation': P(true, 'sRGB'),
  'color-interpolation-filters': P(true, 'linearRGB'),
  'color-profile': P(true, 'auto'),
  'color-rendering': P(true, 'auto'),
  cursor: P(true, 'auto'),
  direction: P(true, 'ltr'),
  display: P(false, 'inline'),
  'display-align': P(true, 'auto'),
  'dominant-baseline': P(false, 'auto'),
  'enable-background': P(false, 'accumulate'),
  fill: P(true, 'black'),
  'fill-opacity': P(true, '1'),
  'fill-rule': P(true, 'nonzero'),
  filter: P(false, 'none'),
  'flood-color': P(false, 'black'),
  'flood-opacity': P(false, '1'),
  'font-family': P(true, null),
  'font-size': P(true, 'medium'),
  'font-size-adjust': P(true, 'none'),
  'font-stretch': P(true, 'normal'),
  'font-style': P(true, 'normal'),
  'font-variant': P(true, 'normal'),
  'font-weight': P(true, 'normal'),
  'glyph-orientation-horizontal': P(true, '0deg'),
  'glyph-orientation-vertical': P(true, 'auto'),
  'image-rendering': P(true, 'auto'),
  isolation: P(false, 'auto'),
  kerning: P(true, 'auto'),
  'letter-spacing': P(true, 'normal'),
  'lighting-color': P(false, 'white'),
  'line-increment': P(true, 'auto'),
  'marker-end': P(true, 'none'),
  'marker-mid': P(true, 'none'),
  'marker-start': P(true, 'none'),
  mask: P(false, 'none'),
  'mask-type': P(false, 'luminance'),
  'mix-blend-mode': P(false, 'normal'),
  opacity: P(false, '1'),
  overflow: P(false, 'visible'),
  'paint-order': P(true, 'normal'),
  'pointer-events': P(true, 'visiblePainted'),
  'shape-rendering': P(true, 'auto'),
  'solid-color': P(false, 'black'),
  'solid-opacity': P(false, '1'),
  'stop-color': P(false, 'black'),
  'stop-opacity': P(false, '1'),
  stroke: P(true, 'none'),
  'stroke-dasharray': P(true, 'none'),
  'stroke-dashoffset': P(true, '0'),
  'stroke-linecap': P(true, 'butt'),
  'stroke-linejoin': P(true, 'miter'),
  'stroke-miterlimit': P(true, '4'),
  'stroke-opacity': P(true, '1'),
  'stroke-width': P(true, '1'),
  'text-align': P(true, 'start'),
  'text-anchor': P(true, 'start'),
  'text-decoration': P(false, 'none'),
  'text-overflow': P(false, 'clip'),
  'text-rendering': P(true, 'auto'),
  'unicode-bidi': P(false, 'normal'),
  'vector-effect': P(false, 'none'),
  'viewport-fill': P(false, 'none'),
  'viewport-fill-opacity': P(false, '1'),
  visibility: P(true, 'visible'),
  'white-space': P(true, 'normal'),
  'word-spacing': P(true, 'normal'),
  'writing-mode': P(true, 'lr-tb'),
});

/** SVG 2 geometry properties, and the elements they apply to (elsewhere they do nothing). */
const GEOMETRY: Readonly<Record<string, readonly string[]>> = dict({
  x: ['rect', 'image', 'use', 'svg', 'foreignObject', 'symbol'],
  y: ['rect', 'image', 'use', 'svg', 'foreignObject', 'symbol'],
  width: ['rect', 'image', 'use', 'svg', 'foreignObject', 'symbol'],
  height: ['rect', 'image', 'use', 'svg', 'foreignObject', 'symbol'],
  cx: ['circle', 'ellipse'],
  cy: ['circle', 'ellipse'],
  r: ['circle'],
  rx: ['rect', 'ellipse'],
  ry: ['rect', 'ellipse'],
  d: ['path'],
});

/** CSS-only properties that move the art: refused unless they hold their do-nothing value. */
const MOVING: Readonly<Record<string, readonly string[]>> = dict({
  translate: ['none'],
  rotate: ['none'],
  scale: ['none'],
  zoom: ['normal', '1', '100%'],
  'offset-path': ['none'],
});

/** CSS-only properties whose loss may change how the logo looks somewhere (HTML-like boxes). */
const VISIBLE_CSS_ONLY = new Set(['background', 'background-color', 'background-image', 'box-shadow', 'border', 'outline', 'backdrop-filter']);

/** Dropped when they hold their initial value: they only add work for later passes. */
const NO_OP_WHEN_INITIAL = new Set(['mix-blend-mode', 'isolation', 'clip-path', 'mask', 'filter']);

const CSS_WIDE = new Set(['inherit', 'initial', 'unset', 'revert', 'revert-layer']);
const DYNAMIC_PSEUDO = new Set(['hover', 'active', 'focus', 'focus-visible', 'focus-within', 'visited', 'target', 'target-within', 'user-invalid', 'current', 'past', 'future', 'playing', 'paused']);
const SHAPES = new Set(['path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon']);
const MAX_VALUE = 4096;

// ---------------------------------------------------------------------------
// css-select on xmldom.

type XNode = Node;
const childNodes = (n: XNode): XNode[] => {
  const out: XNode[] = [];
  for (let c = n.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
};
const isElement = (n: XNode): n is Element => n.nodeType === 1;

const ADAPTER: NonNullable<SelectOptions<XNode, Element>['adapter']> = {
  isTag: isElement,
  getAttributeValue: (el, name) => (el.hasAttribute(name) ? (el.getAttribute(name) ?? undefined) : undefined),
  getChildren: childNodes,
  getName: (el) => el.localName ?? el.nodeName,
  // The document node is not an element: the root has no parent for selectors.
  getParent: (el) => (el.parentNode && isElement(el.parentNode) ? el.parentNode : null),
  getSiblings: (n) => (n.parentNode ? childNodes(n.parentNode) : [n]),
  prevElementSibling: (n) => {
    for (let s = n.previousSibling; s; s = s.previousSibling) if (isElement(s)) return s;
    return null;
  },
  getText: (n) => n.textContent ?? '',
  hasAttrib: (el, name) => el.hasAttribute(name),
  removeSubsets: (nodes) => {
    const set = new Set(nodes);
    return [...set].filter((n) => {
      for (let p = n.parentNode; p; p = p.parentNode) if (set.has(p)) return false;
      return true;
    });
  },
};
/** A logo is static: nothing is hovered, focused, visited or targeted (so `:not(:hover)` matches). */
const NEVER = () => false;
const SELECT_OPTIONS: SelectOptions<XNode, Element> = {
  adapter: ADAPTER,
  xmlMode: true,
  cacheResults: false,
  pseudos: Object.fromEntries([...DYNAMIC_PSEUDO].map((name) => [name, NEVER])),
};

// ---------------------------------------------------------------------------
// The cascade.

interface Declaration {
  readonly property: string;
  readonly value: string;
  readonly important: boolean;
  /** From a style attribute (beats sheet rules of the same importance). */
  readonly inline: boolean;
  readonly specificity: readonly [number, number, number];
  /** Source order over all sheets, then over the style attribute. */
  readonly order: number;
}

/** True when `a` wins over `b` (CSS Cascade 4: importance, element-attached, specificity, order). */
function beats(a: Declaration, b: Declaration): boolean {
  const ka = [a.important ? 1 : 0, a.inline ? 1 : 0, ...a.specificity, a.order];
  const kb = [b.important ? 1 : 0, b.inline ? 1 : 0, ...b.specificity, b.order];
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! > kb[i]!;
  return true;
}

interface Rule {
  readonly selector: string;
  readonly specificity: readonly [number, number, number];
  readonly declarations: readonly RawDeclaration[];
}
interface RawDeclaration {
  readonly property: string;
  readonly value: string;
  readonly important: boolean;
}

function parseCss(text: string, context: 'stylesheet' | 'declarationList'): CssNode | null {
  try {
    return csstree.parse(text, { context, parseValue: false, parseAtrulePrelude: false, parseCustomProperty: false, onParseError: () => {} });
  } catch {
    return null;
  }
}

/** Declarations of a block or declaration list; shorthands SVG lacks are expanded. */
function declarationsOf(node: CssNode, ctx: ConvertContext): RawDeclaration[] {
  const out: RawDeclaration[] = [];
  for (const d of list(node.children)) {
    if (d.type !== 'Declaration' || !d.property) continue;
    const property = d.property.startsWith('--') ? d.property : d.property.toLowerCase();
    let value = typeof d.value === 'object' && d.value ? String(d.value.value ?? csstree.generate(d.value)) : String(d.value ?? '');
    if (value.includes('/*')) value = value.replace(/\/\*[\s\S]*?\*\//g, ' ');
    value = value.trim();
    if (value === '' && !property.startsWith('--')) continue;
    // `!ie` and similar hacks make the declaration invalid; only `!important` counts.
    if (typeof d.important === 'string' && d.important !== '') continue;
    const important = d.important === true;
    if (property === 'marker') {
      // The marker shorthand has no attribute; its longhands do.
      for (const p of ['marker-start', 'marker-mid', 'marker-end']) out.push({ property: p, value, important });
      continue;
    }
    if (!property.startsWith('--') && !/var\(/i.test(value) && !validValue(property, value)) {
      ctx.change('styles', `ignored an invalid CSS ${property} value, as renderers do`);
      continue;
    }
    out.push({ property, value, important });
  }
  return out;
}

/** False only when css-tree knows the property and the value does not match its grammar. */
function validValue(property: string, value: string): boolean {
  try {
    const ast = csstree.parse(value, { context: 'value' });
    const r = csstree.lexer.matchProperty(property, ast);
    return !(r.error && r.error.name === 'SyntaxMatchError');
  } catch {
    return false;
  }
}

/** The pseudo-elements and interactive pseudo-classes of a selector. */
function pseudos(selector: CssNode): { element: string | null; dynamic: string | null } {
  let element: string | null = null;
  let dynamic: string | null = null;
  csstree.walk(selector, (n) => {
    if (n.type === 'PseudoElementSelector') element ??= n.name ?? '';
    else if (n.type === 'PseudoClassSelector' && DYNAMIC_PSEUDO.has((n.name ?? '').toLowerCase())) dynamic ??= n.name ?? '';
  });
  return { element, dynamic };
}

function mediaAttributeApplies(el: Element): boolean {
  const media = (el.getAttribute('media') ?? '').trim().toLowerCase();
  return media === '' || media === 'all' || media === 'screen';
}

/**
 * Reads every <style> sheet in document order into rules. The <style> elements stay
 * until the selectors are matched (they count for :first-child and the like).
 */
function collectRules(ctx: ConvertContext, styles: readonly Element[]): Rule[] {
  const rules: Rule[] = [];
  for (const style of styles) {
    const type = (style.getAttribute('type') ?? '').trim().toLowerCase();
    if (type !== '' && type !== 'text/css') {
      ctx.change('styles', `removed a <style type="${type.slice(0, 30)}">, which renderers ignore`, { ruleId: 'element-allowed-list' });
      continue;
    }
    if (!mediaAttributeApplies(style)) {
      ctx.change('styles', 'removed a <style> for other media (print …), which does not apply to the logo', { ruleId: 'element-allowed-list' });
      continue;
    }
    ctx.change('styles', 'moved <style> rules into presentation attributes and removed the <style>', { ruleId: 'element-allowed-list' });
    if (!readSheet(ctx, style.textContent ?? '', style, rules, 0)) ctx.refuse('styles', 'element-allowed-list', 'the <style> sheet could not be parsed', style);
  }
  return rules;
}

/** Reads one sheet's rules (and those it imports from data: URIs, first, as CSS orders them). */
function readSheet(ctx: ConvertContext, text: string, style: Element, rules: Rule[], depth: number): boolean {
  const sheet = parseCss(text, 'stylesheet');
  if (!sheet) return false;
  for (const node of list(sheet.children)) {
    if (node.type === 'Atrule') readAtRule(ctx, node, style, rules, depth);
    else if (node.type === 'Rule') readRule(ctx, node, rules);
  }
  return true;
}

/** The text of a data: URI holding CSS, or null. */
function dataUriText(uri: string): string | null {
  const m = /^data:(?:text\/css)?((?:;[^,;]*)*?)(;base64)?,(.*)$/is.exec(uri.trim());
  if (!m) return null;
  try {
    return m[2] ? Buffer.from(m[3]!, 'base64').toString('utf8') : decodeURIComponent(m[3]!);
  } catch {
    return null;
  }
}

function readAtRule(ctx: ConvertContext, node: CssNode, style: Element, rules: Rule[], depth: number): void {
  const name = (node.name ?? '').toLowerCase();
  const prelude = node.prelude ? csstree.generate(node.prelude) : '';
  if (name === 'import') {
    const m = /^\s*(?:url\(\s*(['"]?)([^'")]*)\1\s*\)|(['"])([^'"]*)\3)\s*(.*)$/is.exec(prelude);
    const target = (m ? (m[2] ?? m[4] ?? '') : prelude).trim();
    const text = /^data:/i.test(target) ? dataUriText(target) : null;
    if (text === null) {
      ctx.refuse('styles', 'no-external-reference', `the style sheet imports "${target.slice(0, 60)}" from outside the document; copy its rules into the logo`, style);
    } else if ((m?.[5] ?? '').trim() !== '' || depth >= 4) {
      ctx.change('styles', 'ignored a conditional or deeply nested @import: the logo is converted as it looks without it', { lossy: true });
    } else {
      readSheet(ctx, text, style, rules, depth + 1);
      ctx.change('styles', 'applied a style sheet imported from a data: URI');
    }
  } else if (name === 'font-face') {
    ctx.change('styles', 'ignored @font-face: a BIMI logo cannot load fonts');
  } else if (name === 'charset' || name === 'namespace') {
    // Nothing to apply.
  } else if (node.block) {
    // Conditional rules (@media, @supports, @layer …): librsvg ignores them and a logo
    // has no media to query, so the logo is converted as it looks without them.
    ctx.change('styles', `ignored @${name} rules: the logo is converted as it looks without them`, { lossy: true });
  }
}

function readRule(ctx: ConvertContext, node: CssNode, rules: Rule[]): void {
  const prelude = node.prelude;
  if (!prelude || prelude.type !== 'SelectorList' || !node.block) {
    ctx.change('styles', 'ignored a CSS rule with an invalid selector, as renderers do');
    return;
  }
  const declarations = declarationsOf(node.block, ctx);
  if (declarations.length === 0) return;
  for (const selector of list(prelude.children)) {
    const text = csstree.generate(selector);
    const { element, dynamic } = pseudos(selector);
    if (element !== null) {
      ctx.change('styles', `ignored CSS rules for the pseudo-element ::${element}, which an SVG shape does not have`);
      continue;
    }
    if (dynamic !== null) ctx.change('styles', `matched :${dynamic} as never true: a logo is static`);
    let spec: [number, number, number];
    try {
      spec = specificityOf(selector);
    } catch {
      spec = [0, 0, 0];
    }
    rules.push({ selector: text, specificity: spec, declarations });
  }
}

/** Every element's declarations from sheets and style attributes, before anything is written. */
function cascadeInput(ctx: ConvertContext, rules: readonly Rule[], all: readonly Element[]): Map<Element, Declaration[]> {
  const byElement = new Map<Element, Declaration[]>();
  const add = (el: Element, d: Declaration) => {
    let ds = byElement.get(el);
    if (!ds) byElement.set(el, (ds = []));
    ds.push(d);
  };
  let order = 0;
  for (const rule of rules) {
    let test: (el: Element) => boolean;
    try {
      test = compile<XNode, Element>(rule.selector, SELECT_OPTIONS) as (el: Element) => boolean;
    } catch {
      ctx.change('styles', `ignored CSS rules with a selector bimi-svg cannot match: ${rule.selector.slice(0, 60)}`);
      continue;
    }
    const first = order;
    order += rule.declarations.length;
    for (const el of all) {
      let hit = false;
      try {
        hit = test(el);
      } catch {
        hit = false;
      }
      if (!hit) continue;
      rule.declarations.forEach((d, k) => add(el, { ...d, inline: false, specificity: rule.specificity, order: first + k }));
    }
  }
  for (const el of all) {
    const style = el.getAttribute('style');
    if (style === null) continue;
    el.removeAttribute('style');
    if (style.trim() === '') continue;
    const parsed = parseCss(style, 'declarationList');
    if (!parsed) {
      ctx.refuse('styles', 'attribute-allowed-list', `style="${style.slice(0, 40)}" could not be parsed`, el);
      continue;
    }
    ctx.change('styles', 'moved style attributes into presentation attributes', { ruleId: 'attribute-allowed-list' });
    declarationsOf(parsed, ctx).forEach((d, k) => add(el, { ...d, inline: true, specificity: [0, 0, 0], order: order + k }));
  }
  return byElement;
}

function winners(ds: readonly Declaration[]): Map<string, Declaration> {
  const out = new Map<string, Declaration>();
  for (const d of ds) {
    const cur = out.get(d.property);
    if (!cur || beats(d, cur)) out.set(d.property, d);
  }
  return out;
}

// ---------------------------------------------------------------------------
// Custom properties (var()).

type Customs = ReadonlyMap<string, string>;

/** Substitutes var() references; null when one cannot be resolved (the declaration is then unset). */
function substitute(value: string, lookup: (name: string) => string | null, depth = 0): string | null {
  if (depth > 16) return null;
  let out = value;
  for (let guard = 0; /var\(/i.test(out); guard++) {
    if (guard > 64 || out.length > MAX_VALUE) return null;
    const at = out.search(/var\(/i);
    const open = at + 4;
    let level = 1;
    let i = open;
    let comma = -1;
    for (; i < out.length && level > 0; i++) {
      const c = out[i];
      if (c === '(') level++;
      else if (c === ')') level--;
      else if (c === ',' && level === 1 && comma < 0) comma = i;
    }
    if (level !== 0) return null;
    const end = i - 1;
    const name = out.slice(open, comma >= 0 ? comma : end).trim();
    let replacement = name.startsWith('--') ? lookup(name) : null;
    if (replacement !== null) replacement = substitute(replacement, lookup, depth + 1);
    if (replacement === null && comma >= 0) replacement = substitute(out.slice(comma + 1, end).trim(), lookup, depth + 1);
    if (replacement === null) return null;
    out = out.slice(0, at) + replacement + out.slice(end + 1);
  }
  return out;
}

/** An element's custom properties: the parent's, overridden by its own winning declarations. */
function customsOf(parent: Customs, own: ReadonlyMap<string, Declaration>): Customs {
  let map: Map<string, string> | null = null;
  for (const [name, d] of own) {
    if (!name.startsWith('--')) continue;
    map ??= new Map(parent);
    map.set(name, d.value);
  }
  if (!map) return parent;
  const raw = map;
  const resolved = new Map<string, string>();
  for (const [name, value] of raw) {
    const r = substitute(value, (n) => (n === name ? null : (raw.get(n) ?? null)));
    if (r !== null) resolved.set(name, r);
  }
  return resolved;
}

// ---------------------------------------------------------------------------
// Writing declarations as attributes.

/** A CSS transform in SVG transform syntax, or null when it has no SVG equivalent. */
function svgTransform(value: string): string | null {
  if (value.trim().toLowerCase() === 'none') return 'none';
  let ast: CssNode;
  try {
    ast = csstree.parse(value, { context: 'value' });
  } catch {
    return null;
  }
  const parts: string[] = [];
  for (const fn of list(ast.children)) {
    if (fn.type === 'WhiteSpace') continue;
    if (fn.type !== 'Function') return null;
    const args: number[] = [];
    const kinds: string[] = [];
    for (const a of list(fn.children)) {
      if (a.type === 'WhiteSpace' || (a.type === 'Operator' && a.value === ',')) continue;
      const v = typeof a.value === 'string' ? Number(a.value) : NaN;
      if (!Number.isFinite(v)) return null;
      if (a.type === 'Number') kinds.push('number');
      else if (a.type === 'Percentage') kinds.push('percent');
      else if (a.type === 'Dimension') kinds.push((a.unit ?? '').toLowerCase());
      else return null;
      args.push(v);
    }
    const t = cssFunction((fn.name ?? '').toLowerCase(), args, kinds);
    if (t === null) return null;
    parts.push(t);
  }
  const text = parts.join(' ');
  return parts.length > 0 && parseTransform(text).ok ? text : null;
}

const ANGLE: Readonly<Record<string, number>> = dict({ deg: 1, rad: 180 / Math.PI, grad: 0.9, turn: 360 });

function cssFunction(name: string, args: number[], kinds: string[]): string | null {
  const length = (k: number): number | null => (kinds[k] === 'px' || (kinds[k] === 'number' && args[k] === 0) ? args[k]! : kinds[k] === 'number' ? args[k]! : null);
  const factor = (k: number): number | null => (kinds[k] === 'number' ? args[k]! : kinds[k] === 'percent' ? args[k]! / 100 : null);
  const angle = (k: number): number | null => (kinds[k] === 'number' && args[k] === 0 ? 0 : ANGLE[kinds[k] ?? ''] !== undefined ? args[k]! * ANGLE[kinds[k]!]! : null);
  const f = (...ns: Array<number | null>): string | null => (ns.some((n) => n === null) ? null : ns.map((n) => num(n!, 6)).join(' '));
  const call = (fn: string, body: string | null) => (body === null ? null : `${fn}(${body})`);
  switch (name) {
    case 'matrix':
      return args.length === 6 && kinds.every((k) => k === 'number') ? call('matrix', f(...args)) : null;
    case 'translate':
      return args.length === 1 ? call('translate', f(length(0))) : args.length === 2 ? call('translate', f(length(0), length(1))) : null;
    case 'translatex':
      return args.length === 1 ? call('translate', f(length(0), 0)) : null;
    case 'translatey':
      return args.length === 1 ? call('translate', f(0, length(0))) : null;
    case 'scale':
      return args.length === 1 ? call('scale', f(factor(0))) : args.length === 2 ? call('scale', f(factor(0), factor(1))) : null;
    case 'scalex':
      return args.length === 1 ? call('scale', f(factor(0), 1)) : null;
    case 'scaley':
      return args.length === 1 ? call('scale', f(1, factor(0))) : null;
    case 'rotate':
      return args.length === 1 ? call('rotate', f(angle(0))) : null;
    case 'skewx':
      return args.length === 1 ? call('skewX', f(angle(0))) : null;
    case 'skewy':
      return args.length === 1 ? call('skewY', f(angle(0))) : null;
    case 'skew': {
      const ax = angle(0);
      const ay = args.length === 2 ? angle(1) : 0;
      if (ax === null || ay === null || args.length > 2) return null;
      if (ay === 0) return call('skewX', f(ax));
      const tan = (deg: number) => Math.tan((deg * Math.PI) / 180);
      return call('matrix', f(1, tan(ay), tan(ax), 1, 0, 0));
    }
    default:
      return null;
  }
}

/** The value a geometry property gives its attribute (CSS needs px and path(); attributes do not). */
function geometryValue(property: string, value: string): string {
  if (property === 'd') {
    const m = /^path\(\s*(['"])([\s\S]*)\1\s*\)$/i.exec(value.trim());
    return m ? m[2]! : value;
  }
  const px = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?)px$/i.exec(value.trim());
  return px ? px[1]! : value;
}

/** Writes an element's winning declarations as presentation attributes. */
function write(ctx: ConvertContext, el: Element, won: ReadonlyMap<string, Declaration>, customs: Customs): void {
  for (const [property, d] of won) {
    if (property.startsWith('--')) continue;
    let value = d.value;
    if (/var\(/i.test(value)) {
      const r = substitute(value, (n) => customs.get(n) ?? null);
      ctx.change('styles', 'resolved CSS custom properties (var())');
      // A var() that cannot be resolved makes the declaration "unset" (CSS Variables §3).
      value = r === null || !validValue(property, r) ? 'unset' : r.trim();
    }
    if (value.length > MAX_VALUE) {
      ctx.refuse('styles', 'attribute-allowed-list', `the CSS ${property} value is too long to convert`, el);
      continue;
    }
    if (Object.prototype.hasOwnProperty.call(PROPERTIES, property)) {
      el.setAttribute(property, value);
    } else if (Object.prototype.hasOwnProperty.call(GEOMETRY, property)) {
      if (el === ctx.root) ctx.change('styles', `ignored CSS ${property} on the root: the square pass sets the size`);
      else if (GEOMETRY[property]!.includes(el.localName ?? '')) el.setAttribute(property, geometryValue(property, value));
    } else if (property === 'transform') {
      writeTransform(ctx, el, value);
    } else if (property === 'transform-origin' || property === 'transform-box') {
      // Kept until every transform is known, then folded (or refused) by foldTransformOrigin.
      el.setAttribute(property, value);
    } else if (Object.prototype.hasOwnProperty.call(MOVING, property)) {
      if (!MOVING[property]!.includes(value.toLowerCase()) && !CSS_WIDE.has(value.toLowerCase())) {
        ctx.refuse('styles', 'attribute-allowed-list', `the CSS property ${property}: ${value.slice(0, 40)} moves the art and has no SVG Tiny equivalent`, el);
      }
    } else {
      const lossy = VISIBLE_CSS_ONLY.has(property) || property.startsWith('border');
      ctx.change('styles', `dropped the CSS-only property ${property}, which has no SVG attribute`, lossy ? { lossy } : {});
    }
  }
}

function writeTransform(ctx: ConvertContext, el: Element, value: string): void {
  const lower = value.toLowerCase();
  if (CSS_WIDE.has(lower)) {
    // transform is not inherited: inherit takes the parent's, which applies again here.
    const parent = el.parentNode && isElement(el.parentNode) ? el.parentNode.getAttribute('transform') : null;
    if (lower === 'inherit' && parent) el.setAttribute('transform', parent);
    else el.removeAttribute('transform');
    return;
  }
  const t = svgTransform(value);
  if (t === null) {
    ctx.refuse('styles', 'attribute-allowed-list', `the CSS transform "${value.slice(0, 40)}" has no SVG transform equivalent (3D, percentages or em units)`, el);
    return;
  }
  // The CSS property overrides the attribute.
  if (t === 'none') el.removeAttribute('transform');
  else el.setAttribute('transform', t);
  ctx.change('styles', 'converted the CSS transform property into a transform attribute');
}

// ---------------------------------------------------------------------------
// After the cascade: CSS-wide keywords, transform-origin, paint-order, no-op values.

function parentElement(el: Element): Element | null {
  return el.parentNode && isElement(el.parentNode) ? el.parentNode : null;
}

/** Elements a <use> draws (and symbols): their content inherits from the <use>, not from the DOM parent. */
function usedContent(root: Element, all: readonly Element[]): Set<Element> {
  const ids = idIndex(root);
  const used = new Set<Element>();
  for (const el of all) {
    if (isSvgElement(el, 'symbol')) used.add(el);
    const ref = isSvgElement(el, 'use') ? href(el) : null;
    const target = ref?.startsWith('#') ? ids.get(ref.slice(1)) : undefined;
    if (target) used.add(target);
  }
  return used;
}

function drawnThroughUse(el: Element, used: ReadonlySet<Element>): boolean {
  if (used.size === 0) return false;
  for (let e: Element | null = el; e; e = parentElement(e)) if (used.has(e)) return true;
  return false;
}

/** The nearest ancestor's value of an attribute, or null. */
function inheritedValue(el: Element, name: string): string | null {
  for (let p = parentElement(el); p; p = parentElement(p)) if (p.hasAttribute(name)) return p.getAttribute(name);
  return null;
}

/**
 * [B4] inherit, initial, unset and revert are resolved into plain values, so that later
 * passes may move elements between groups. Content drawn through <use> is left alone:
 * it inherits from the <use> (not from its DOM parent), which the use-symbols pass handles.
 */
function resolveKeywords(ctx: ConvertContext, all: readonly Element[], used: ReadonlySet<Element>): void {
  for (const el of all) {
    if (!el.parentNode || drawnThroughUse(el, used)) continue;
    for (const a of attributes(el)) {
      if (a.namespaceURI || !Object.prototype.hasOwnProperty.call(PROPERTIES, a.name)) continue;
      const keyword = a.value.trim().toLowerCase();
      if (!CSS_WIDE.has(keyword)) continue;
      const info = PROPERTIES[a.name]!;
      const inherit = keyword === 'inherit' || (keyword !== 'initial' && info.inherited);
      const parent = parentElement(el);
      const from = inherit ? (info.inherited ? inheritedValue(el, a.name) : parent?.getAttribute(a.name) || null) : null;
      if (from !== null) el.setAttribute(a.name, from);
      else if (!inherit && info.inherited && info.initial !== null && inheritedValue(el, a.name) !== null) el.setAttribute(a.name, info.initial);
      else el.removeAttribute(a.name);
      ctx.change('styles', `resolved "${keyword}" values into the values they stand for`);
    }
  }
}

/** transform-origin is folded into the transform (SVG Tiny has neither it nor transform-box). */
function foldTransformOrigin(ctx: ConvertContext, el: Element): void {
  const origin = el.getAttribute('transform-origin');
  const box = el.getAttribute('transform-box');
  if (origin === null && box === null) return;
  el.removeAttribute('transform-origin');
  el.removeAttribute('transform-box');
  const transform = el.getAttribute('transform');
  if (!transform || transform.trim() === 'none') return;
  if (box !== null && !['view-box', 'initial', 'unset', 'revert', 'revert-layer'].includes(box.trim().toLowerCase())) {
    ctx.refuse('styles', 'attribute-allowed-list', `transform-box: ${box.slice(0, 30)} moves the transform origin to the shape's box; SVG Tiny has no equivalent`, el);
    return;
  }
  if (origin === null || ['initial', 'unset', 'revert', 'revert-layer'].includes(origin.trim().toLowerCase())) return;
  const words = origin.trim().toLowerCase().split(/\s+/);
  // One value leaves the other at "center", which depends on the reference box.
  const coord = (w: string | undefined, axis: 'x' | 'y'): number | null => {
    if (w === undefined) return null;
    if ((axis === 'x' && w === 'left') || (axis === 'y' && w === 'top')) return 0;
    const m = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(px)?$/.exec(w);
    return m ? Number(m[1]) : null;
  };
  const x = coord(words[0], 'x');
  const y = coord(words[1], 'y');
  if (x === null || y === null || words.length > 3 || (words[2] !== undefined && coord(words[2], 'x') !== 0)) {
    ctx.refuse('styles', 'attribute-allowed-list', `transform-origin: ${origin.slice(0, 40)} depends on a reference box; use an origin in user units`, el);
    return;
  }
  if (x === 0 && y === 0) return;
  el.setAttribute('transform', `translate(${num(x, 6)} ${num(y, 6)}) ${transform.trim()} translate(${num(-x, 6)} ${num(-y, 6)})`);
  ctx.change('styles', 'folded transform-origin into the transform');
}

function effective(el: Element, name: string, fallback: string): string {
  for (let e: Element | null = el; e; e = parentElement(e)) if (e.hasAttribute(name)) return e.getAttribute(name)!.trim();
  return fallback;
}

/** True when the paint order puts the stroke under the fill (markers are refused elsewhere). */
function strokeFirst(order: string): boolean {
  const words = order.trim().toLowerCase().split(/\s+/);
  if (words[0] === 'normal') return false;
  const rank = (w: string) => {
    const k = words.indexOf(w);
    return k >= 0 ? k : words.length + ['fill', 'stroke', 'markers'].indexOf(w);
  };
  return rank('stroke') < rank('fill');
}

/**
 * paint-order (not in Tiny 1.2): a shape whose stroke is painted under its fill becomes
 * two shapes, the stroke one first: the same paint operations in the same order.
 */
function resolvePaintOrder(ctx: ConvertContext, all: readonly Element[], used: ReadonlySet<Element>): void {
  if (!all.some((e) => e.hasAttribute('paint-order'))) return;
  for (const el of all) {
    if (!el.parentNode || !SHAPES.has(el.localName ?? '') || drawnThroughUse(el, used)) continue;
    const order = effective(el, 'paint-order', 'normal');
    if (!strokeFirst(order)) continue;
    const fill = effective(el, 'fill', 'black').toLowerCase();
    const stroke = effective(el, 'stroke', 'none').toLowerCase();
    if (fill === 'none' || stroke === 'none' || el.localName === 'line') continue;
    // Element opacity or effects apply to fill and stroke together: splitting would change them.
    if (['opacity', 'filter', 'mask', 'marker-start', 'marker-mid', 'marker-end'].some((a) => el.hasAttribute(a) && !/^(1|none)$/.test(el.getAttribute(a)!.trim()))) continue;
    const under = el.cloneNode(true) as Element;
    under.removeAttribute('id');
    under.removeAttribute('paint-order');
    under.setAttribute('fill', 'none');
    el.setAttribute('stroke', 'none');
    el.removeAttribute('paint-order');
    el.parentNode.insertBefore(under, el);
    ctx.change('styles', 'split shapes whose stroke is painted under the fill (paint-order) into a stroke shape and a fill shape', { ruleId: 'attribute-allowed-list' });
  }
  for (const el of all) {
    if (!el.hasAttribute('paint-order') || drawnThroughUse(el, used)) continue;
    // Left in place where it still matters (with opacity or markers): the prune pass refuses it.
    const stillMatters = elements(el).some((e) => SHAPES.has(e.localName ?? '') && strokeFirst(effective(e, 'paint-order', 'normal')) && effective(e, 'fill', 'black') !== 'none' && effective(e, 'stroke', 'none') !== 'none');
    if (stillMatters) continue;
    el.removeAttribute('paint-order');
    ctx.change('styles', 'removed paint-order where it does not change the drawing', { ruleId: 'attribute-allowed-list' });
  }
}

function dropNoOps(all: readonly Element[]): void {
  for (const el of all) {
    for (const name of NO_OP_WHEN_INITIAL) {
      const v = el.getAttribute(name);
      if (v === null) continue;
      if (v.trim().toLowerCase() === PROPERTIES[name]!.initial) el.removeAttribute(name);
    }
  }
}

/**
 * [B1–B4] Applies the CSS cascade (style sheets, style attributes, presentation
 * attributes) and writes the result as presentation attributes.
 */
const pass: Pass = {
  id: 'styles',
  description: 'Moves <style> sheets and style attributes into presentation attributes (full cascade: specificity, order, !important) and removes class [B1–B4].',
  run(ctx) {
    const styles = elements(ctx.root).filter((e) => isSvgElement(e, 'style'));
    const rules = collectRules(ctx, styles);
    const matched = elements(ctx.root).filter((e) => e.namespaceURI === ctx.root.namespaceURI);
    const byElement = cascadeInput(ctx, rules, matched);
    for (const style of styles) remove(style);
    const all = elements(ctx.root).filter((e) => e.namespaceURI === ctx.root.namespaceURI);
    const customs = new Map<Element, Customs>();
    for (const el of all) {
      const parent = parentElement(el);
      const inherited = (parent && customs.get(parent)) || new Map<string, string>();
      const won = winners(byElement.get(el) ?? []);
      const own = customsOf(inherited, won);
      customs.set(el, own);
      if (won.size > 0) write(ctx, el, won, own);
    }
    for (const el of all) {
      if (el.hasAttribute('class')) {
        el.removeAttribute('class');
        ctx.change('styles', 'removed class attributes');
      }
      foldTransformOrigin(ctx, el);
    }
    const used = usedContent(ctx.root, all);
    resolveKeywords(ctx, all, used);
    resolvePaintOrder(ctx, all, used);
    dropNoOps(all);
  },
};
export default pass;
