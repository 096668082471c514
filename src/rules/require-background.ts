import { defineRule } from './define.js';
import { gmail } from './citations.js';
import { getRenderModel, isOpaque, transformedRect } from '../profile/render-model.js';
import { isSvgRoot } from './util.js';

export default defineRule({
  id: 'require-background',
  meta: {
    description: 'The logo should have an opaque background: a solid shape covering the whole canvas.',
    tier: 'policy',
    citations: [gmail('"The logo image should appear on a solid color background"'), { text: 'draft-svg-tiny-ps-abrotman §2.4 (R21: transparency MAY be used, with care)' }],
    rationale:
      'Mail clients put logos on white, grey or dark backgrounds, and crop them to circles. A transparent logo can disappear in dark mode or look different from one client to the next; transparent backgrounds are one of the most common rejections in practice. The draft allows transparency, so this is a warning.',
    howToFix: 'Add a rectangle covering the whole viewBox as the first shape, e.g. <rect width="512" height="512" fill="#ffffff"/> for viewBox="0 0 512 512"; `bimi-svg convert --background "#ffffff"` adds one.',
    messages: {
      transparent: 'No opaque shape covers the whole canvas ({{canvas}}): the background is transparent, so the logo depends on the mail client\'s background colour.',
      rounded: 'The background shape has rounded corners: the corners are transparent where receivers show the logo as a square.',
    },
  },
  create(context) {
    return {
      'document:exit'(doc) {
        if (!isSvgRoot(doc.root)) return;
        const model = getRenderModel(doc);
        if (!model.complete || !model.canvas) return;
        const c = model.canvas;
        const tol = Math.max(c.width, c.height) * 0.005;
        let rounded: import('@xmldom/xmldom').Element | null = null;
        for (const shape of model.shapes) {
          if (!isOpaque(shape.fill)) continue;
          const r = transformedRect(shape);
          if (!r) continue;
          const covers = r.x <= c.x + tol && r.y <= c.y + tol && r.x + r.width >= c.x + c.width - tol && r.y + r.height >= c.y + c.height - tol;
          if (!covers) continue;
          if (!shape.rect!.rounded) return;
          rounded ??= shape.element;
        }
        if (rounded) context.report({ node: rounded, messageId: 'rounded' });
        else context.report({ node: doc.root, messageId: 'transparent', data: { canvas: `${c.x} ${c.y} ${c.width} ${c.height}` } });
      },
    };
  },
});
