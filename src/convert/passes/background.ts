import type { Pass } from '../context.js';
import { asSvgDocument } from '../adapter.js';
import { children, isSvgElement, num } from '../dom.js';
import { parseColor, toHex } from '../../profile/color.js';
import { parseViewBox } from '../../profile/numbers.js';
import { getRenderModel, visibleColors } from '../../profile/render-model.js';

/**
 * [C9] Adds a solid background behind the art: the --background colour, or, when
 * the logo would otherwise render fewer than the two colours the draft requires, white
 * (black behind an all-white logo). Receivers recommend an opaque background anyway.
 */
const pass: Pass = {
  id: 'background',
  description: 'Adds the --background colour behind the art, or white when the logo has fewer than two colours.',
  run(ctx) {
    const root = ctx.root;
    let color: string | null = null;
    let ruleId: string | undefined;
    const colors = visibleColors(getRenderModel(asSvgDocument(ctx.doc)));
    if (colors.size === 0) {
      // Refused artwork (an image, text) paints nothing the model sees: that refusal says it all.
      if (ctx.refusals.length > 0) return;
      // A background alone would turn an empty picture into a plain square.
      ctx.refuse('background', 'require-two-colors', 'the logo paints nothing visible (every shape is unfilled and unstroked, or paints with something renderers draw as nothing); there is no artwork to convert', root);
      return;
    }
    if (ctx.options.background) {
      color = ctx.options.background;
      ruleId = 'require-background';
    } else {
      if (colors.size < 2) {
        const only = [...colors.keys()][0];
        color = only === '#ffffff' ? '#000000' : '#ffffff';
        ruleId = 'require-two-colors';
      }
    }
    if (!color) return;
    const vb = parseViewBox(root.getAttribute('viewBox') ?? '');
    if (!vb) return;
    const rect = ctx.doc.createElementNS(root.namespaceURI!, 'rect');
    if (vb.minX !== 0) rect.setAttribute('x', num(vb.minX, 4));
    if (vb.minY !== 0) rect.setAttribute('y', num(vb.minY, 4));
    rect.setAttribute('width', num(vb.width, 4));
    rect.setAttribute('height', num(vb.height, 4));
    rect.setAttribute('fill', color);
    const first = children(root).find((c) => !isSvgElement(c, 'title', 'desc'));
    root.insertBefore(rect, first ?? null);
    ctx.addedBackground = color;
    ctx.change(
      'background',
      ruleId === 'require-two-colors' ? `added a ${color} background: the logo had fewer than two colours` : `added a ${color} background`,
      ruleId ? { ruleId } : {},
    );
  },
};
export default pass;

/** Normalises a --background value to #rrggbb, or null when it is not a colour. */
export function backgroundColor(value: string): string | null {
  const c = parseColor(value);
  if (c.ok) return toHex(c.rgb);
  if (c.problem.kind === 'named' || c.problem.kind === 'hex-alpha') return toHex(c.problem.rgb);
  if (c.problem.kind === 'css-function' && c.problem.rgb) return toHex(c.problem.rgb);
  return null;
}
