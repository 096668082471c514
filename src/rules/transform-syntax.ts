import { defineRule } from './define.js';
import { tiny } from './citations.js';
import { parseTransform } from '../profile/transform.js';
import { SVG_NS } from '../profile/schema.js';
import { excerpt } from './util.js';

export default defineRule({
  id: 'transform-syntax',
  meta: {
    description: 'transform values must be SVG Tiny 1.2 transform lists: matrix(), translate(), scale(), rotate(), skewX(), skewY() (or none).',
    tier: 'must',
    citations: [tiny('7.5', 'coords', 'TransformAttribute')],
    rationale: 'A transform that does not parse is unsupported: the renderer ignores it and the shapes end up in the wrong place or size. CSS syntax such as translate(10px, 5px) or rotate(45deg) is a frequent cause.',
    howToFix: 'Use plain numbers separated by spaces or commas, e.g. transform="translate(10 5) rotate(45)".',
    messages: {
      invalid: 'transform="{{value}}" cannot be parsed: {{detail}}.',
    },
  },
  create(context) {
    return {
      'element:enter'(el) {
        if (el.namespaceURI !== SVG_NS) return;
        const attr = el.getAttributeNode('transform');
        if (!attr) return;
        const r = parseTransform(attr.value);
        if (!r.ok) context.report({ node: attr, messageId: 'invalid', data: { value: excerpt(attr.value), detail: r.message } });
      },
    };
  },
});
