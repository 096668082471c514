import { defineRule } from './define.js';
import { gmail } from './citations.js';
import { parseRootLength, toPixels } from '../profile/numbers.js';
import { isSvgRoot } from './util.js';

export default defineRule({
  id: 'root-size',
  meta: {
    description: 'The root <svg> should have absolute width and height of at least 96 pixels (configurable with minPixels).',
    tier: 'policy',
    citations: [gmail('"Image size must be specified in absolute pixels", "Minimum height and width is 96 pixels", no relative dimensions such as width="100%"')],
    rationale:
      'Gmail requires absolute pixel dimensions of at least 96 × 96, and Apple iCloud has been reported to reject percentage sizes ("invalid evidence"). SVG Tiny 1.2 itself allows percentages on the root, so this is receiver policy.',
    howToFix: 'Set width and height in pixels, e.g. width="512" height="512", matching the viewBox ratio.',
    messages: {
      missing: 'The root <svg> has no {{which}}: set width and height in pixels (at least {{min}}).',
      relative: '{{name}}="{{value}}" is relative; receivers require absolute pixel sizes (e.g. {{name}}="512").',
      invalid: '{{name}}="{{value}}" is not a length.',
      small: '{{name}}="{{value}}" is {{px}} px, below the minimum of {{min}} px (Gmail requires at least 96).',
    },
  },
  create(context) {
    return {
      'document:enter'(doc) {
        const root = doc.root;
        if (!isSvgRoot(root)) return;
        const min = context.options.minPixels;
        const missing = ['width', 'height'].filter((n) => !root.hasAttribute(n));
        if (missing.length > 0) context.report({ node: root, messageId: 'missing', data: { which: missing.join(' and '), min } });
        for (const name of ['width', 'height']) {
          const attr = root.getAttributeNode(name);
          if (!attr) continue;
          const len = parseRootLength(attr.value);
          if (!len) {
            context.report({ node: attr, messageId: 'invalid', data: { name, value: attr.value } });
            continue;
          }
          const px = toPixels(len);
          if (px === null) context.report({ node: attr, messageId: 'relative', data: { name, value: attr.value } });
          else if (px < min) context.report({ node: attr, messageId: 'small', data: { name, value: attr.value, px: +px.toFixed(2), min } });
        }
      },
    };
  },
});
