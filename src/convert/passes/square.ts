import type { Element } from '@xmldom/xmldom';
import type { Box, Pass } from '../context.js';
import { children, isSvgElement, num } from '../dom.js';
import { parsePaint } from '../../profile/color.js';
import { checkPlainNumber, parseRootLength, parseViewBox, toPixels } from '../../profile/numbers.js';

/** The drawing area of a root: its viewBox, else 0 0 width height in px, else the browser default 300 × 150. */
export function artBoxOf(root: Element): { box: Box; source: 'viewBox' | 'size' | 'default' } {
  const vb = parseViewBox(root.getAttribute('viewBox') ?? '');
  if (vb && vb.width > 0 && vb.height > 0) return { box: { x: vb.minX, y: vb.minY, width: vb.width, height: vb.height }, source: 'viewBox' };
  const wl = parseRootLength(root.getAttribute('width') ?? '');
  const hl = parseRootLength(root.getAttribute('height') ?? '');
  const w = wl ? toPixels(wl) : null;
  const h = hl ? toPixels(hl) : null;
  if (w && h && w > 0 && h > 0) return { box: { x: 0, y: 0, width: w, height: h }, source: 'size' };
  return { box: { x: 0, y: 0, width: 300, height: 150 }, source: 'default' };
}

/** The square canvas around `box`, with `padding` % of its side as margin, art centred. */
export function squareOf(box: Box, padding: number): Box {
  const p = Math.max(0, Math.min(40, padding));
  const side = Math.max(box.width, box.height) / (1 - (2 * p) / 100);
  return { x: box.x + box.width / 2 - side / 2, y: box.y + box.height / 2 - side / 2, width: side, height: side };
}

/** The first drawn element, when it is a plain opaque rectangle covering exactly the canvas. */
function canvasBackground(root: Element, box: Box): Element | null {
  const firstDrawn = (parent: Element) => children(parent).find((c) => !isSvgElement(c, 'title', 'desc', 'metadata', 'defs', 'linearGradient', 'radialGradient', 'solidColor'));
  let first = firstDrawn(root);
  // Exports often wrap everything in a layer group: look inside groups that do not move things.
  while (first && isSvgElement(first, 'g') && !first.hasAttribute('transform')) first = firstDrawn(first);
  if (!first || !isSvgElement(first, 'rect') || first.hasAttribute('transform') || first.hasAttribute('rx') || first.hasAttribute('ry')) return null;
  const n = (name: string) => {
    const v = first.getAttribute(name);
    const r = v === null ? { ok: true as const, value: 0 } : checkPlainNumber(v);
    return r.ok ? r.value : NaN;
  };
  const eps = 1e-6 * Math.max(box.width, box.height);
  if (Math.abs(n('x') - box.x) > eps || Math.abs(n('y') - box.y) > eps || Math.abs(n('width') - box.width) > eps || Math.abs(n('height') - box.height) > eps) return null;
  const fill = parsePaint(first.getAttribute('fill') ?? 'black');
  const opaque = !first.hasAttribute('fill-opacity') || Number(first.getAttribute('fill-opacity')) >= 1;
  return fill.kind === 'color' && opaque && !first.hasAttribute('opacity') ? first : null;
}

/**
 * [A7, A8] Writes a square viewBox (spaces, not commas) with the art centred, plus
 * the --padding margin, and absolute pixel width and height (equal, at least 96).
 */
const pass: Pass = {
  id: 'square',
  description: 'Makes the viewBox square with the art centred (plus --padding), and sets equal pixel width and height.',
  run(ctx) {
    const root = ctx.root;
    const vbAttr = root.getAttribute('viewBox');
    const vb = vbAttr ? parseViewBox(vbAttr) : null;
    const wl = parseRootLength(root.getAttribute('width') ?? '');
    const hl = parseRootLength(root.getAttribute('height') ?? '');
    const wpx = wl ? toPixels(wl) : null;
    const hpx = hl ? toPixels(hl) : null;
    const { box, source } = artBoxOf(root);
    if (source === 'size') ctx.change('square', 'added a viewBox from width and height', { ruleId: 'require-viewbox' });
    if (source === 'default') {
      ctx.change('square', 'the input has no viewBox and no pixel size: used the browser default canvas, 300 × 150', { ruleId: 'require-viewbox', lossy: true });
    }
    ctx.artBox = box;
    const padding = Math.max(0, Math.min(40, ctx.options.padding));
    let square = squareOf(box, padding);
    if (ctx.keepAspect) {
      square = box;
      ctx.change('square', `kept the ${num(box.width)} × ${num(box.height)} canvas: ${ctx.keepAspect}`);
    }
    const text = [square.x, square.y, square.width, square.height].map((v) => num(v, 4)).join(' ');
    if (vbAttr !== text) {
      root.setAttribute('viewBox', text);
      // A background that filled the old canvas fills the square one too, so that
      // squaring does not leave transparent bands.
      const background = canvasBackground(root, box);
      if (background && (square.width !== box.width || square.height !== box.height)) {
        background.setAttribute('x', num(square.x, 4));
        background.setAttribute('y', num(square.y, 4));
        background.setAttribute('width', num(square.width, 4));
        background.setAttribute('height', num(square.height, 4));
        ctx.change('square', 'extended the background to the square canvas', { ruleId: 'require-background' });
      }
      if (box.width !== box.height) ctx.change('square', `made the ${num(box.width)} × ${num(box.height)} canvas square, art centred`, { ruleId: 'square-viewbox' });
      else if (padding > 0) ctx.change('square', `added ${num(padding)}% padding around the art`);
      else if (vb) ctx.change('square', 'rewrote the viewBox with spaces', { ruleId: 'require-viewbox' });
    }
    // Keep an existing square pixel size of at least 96; otherwise use the requested size.
    const keep = wpx && hpx && Math.abs(wpx - hpx) < 1e-9 && wpx >= 96 && wl!.unit === '' && box.width === box.height && padding === 0 ? wpx : null;
    const side = keep ?? ctx.options.size;
    // A kept non-square canvas gets the size on its longer side, the other in proportion (at least 96).
    const ratio = square.height / square.width;
    const width = num(ratio > 1 ? Math.max(96, side / ratio) : side, 2);
    const height = num(ratio > 1 ? side : Math.max(96, side * ratio), 2);
    if (root.getAttribute('width') !== width || root.getAttribute('height') !== height) {
      root.setAttribute('width', width);
      root.setAttribute('height', height);
      ctx.change('square', width === height ? `set width and height to ${width} px` : `set width and height to ${width} × ${height} px`, { ruleId: 'root-size' });
    }
  },
};
export default pass;
