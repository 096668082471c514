import { defineRule } from './define.js';
import { tiny } from './citations.js';
import { parseViewBox, trimXml } from '../profile/numbers.js';
import { isSvgRoot, excerpt } from './util.js';

export default defineRule({
  id: 'viewbox-syntax',
  meta: {
    description: 'viewBox must be four numbers (min-x min-y width height) with a positive width and height, or none.',
    tier: 'must',
    citations: [tiny('7.7', 'coords', 'ViewBoxAttribute')],
    rationale: 'A viewBox that does not parse is ignored, and a zero width or height disables rendering of the whole logo; negative sizes are an error. Receivers scale the logo through the viewBox, so it must be right.',
    howToFix: 'Write viewBox="0 0 W H" with the artwork\'s width and height, e.g. viewBox="0 0 512 512".',
    messages: {
      syntax: 'viewBox="{{value}}" must be four numbers: min-x min-y width height.',
      negative: 'viewBox="{{value}}" has a negative {{which}}, which is an error.',
      zero: 'viewBox="{{value}}" has a zero {{which}}, which disables rendering: nothing would be shown.',
    },
  },
  create(context) {
    return {
      'document:enter'(doc) {
        if (!isSvgRoot(doc.root)) return;
        const attr = doc.root.getAttributeNode('viewBox');
        if (!attr) return;
        // SVG Tiny 1.2 §7.7 allows viewBox="none" (no viewBox); require-viewbox reports it.
        if (trimXml(attr.value) === 'none') return;
        const vb = parseViewBox(attr.value);
        const value = excerpt(attr.value);
        if (!vb) return context.report({ node: attr, messageId: 'syntax', data: { value } });
        const which = (test: (n: number) => boolean) => [vb.width, vb.height].map(test).every(Boolean) ? 'width and height' : test(vb.width) ? 'width' : 'height';
        if (vb.width < 0 || vb.height < 0) context.report({ node: attr, messageId: 'negative', data: { value, which: which((n) => n < 0) } });
        else if (vb.width === 0 || vb.height === 0) context.report({ node: attr, messageId: 'zero', data: { value, which: which((n) => n === 0) } });
      },
    };
  },
});
