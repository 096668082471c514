import { defineRule } from './define.js';
import { gmail } from './citations.js';
import { parseViewBox, trimXml } from '../profile/numbers.js';
import { isSvgRoot } from './util.js';

export default defineRule({
  id: 'require-viewbox',
  meta: {
    description: 'The root <svg> should have a viewBox, written with spaces between the numbers.',
    tier: 'policy',
    citations: [gmail('logos are scaled to many sizes'), { text: 'bimivalidator.com: "ViewBox: Space-delimited (not comma-delimited)"' }],
    rationale:
      'Receivers draw the logo at many sizes (from 24 px to several hundred) and crop it to circles; without a viewBox the artwork does not scale with the requested size. The draft\'s own example lacks one, so this is receiver practice, not a MUST. Some validators reject comma-separated viewBox values, although SVG allows them.',
    howToFix: 'Add viewBox="0 0 W H" matching the artwork, e.g. viewBox="0 0 512 512", with single spaces between the numbers.',
    messages: {
      missing: 'The root <svg> has no viewBox: add viewBox="0 0 W H" so that receivers can scale the logo.',
      none: 'viewBox="none" means the logo has no viewBox: write viewBox="0 0 W H" instead so that receivers can scale it.',
      commas: 'viewBox="{{value}}" separates its numbers with commas; some BIMI validators accept only spaces.',
    },
  },
  create(context) {
    return {
      'document:enter'(doc) {
        if (!isSvgRoot(doc.root)) return;
        const attr = doc.root.getAttributeNode('viewBox');
        if (!attr) return context.report({ node: doc.root, messageId: 'missing' });
        // SVG Tiny 1.2 §7.7: "none" is the same as no viewBox.
        if (trimXml(attr.value) === 'none') return context.report({ node: attr, messageId: 'none' });
        const vb = parseViewBox(attr.value);
        if (vb?.commas) context.report({ node: attr, messageId: 'commas', data: { value: attr.value } });
      },
    };
  },
});
