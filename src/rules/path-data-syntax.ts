import { defineRule } from './define.js';
import { tiny } from './citations.js';
import { parsePoints } from '../profile/numbers.js';
import { validatePathData } from '../profile/pathdata.js';
import { SVG_NS } from '../profile/schema.js';
import { excerpt } from './util.js';

export default defineRule({
  id: 'path-data-syntax',
  meta: {
    description: 'Path data (d) and point lists (points) must follow the SVG Tiny 1.2 grammar.',
    tier: 'must',
    citations: [tiny('8.3', 'paths', 'PathDataBNF'), tiny('9.7', 'shapes', 'PolylineElement')],
    rationale:
      'Path data that does not match the grammar is unsupported: renderers draw the path only up to the error, or not at all. Point lists need pairs of numbers. The schema treats both as free text.',
    howToFix: 'Fix the data at the reported character, or re-export the shape from your editor.',
    messages: {
      path: 'Path data error at character {{at}}: {{detail}} (in "{{context}}").',
      points: 'points="{{value}}" must be pairs of numbers separated by spaces or commas.',
      oddPoints: 'points has an odd number of coordinates ({{count}}); every point needs an x and a y.',
    },
  },
  create(context) {
    return {
      'element:enter'(el) {
        if (el.namespaceURI !== SVG_NS) return;
        if (el.localName === 'path') {
          const attr = el.getAttributeNode('d');
          if (!attr) return;
          const error = validatePathData(attr.value);
          if (error) {
            const start = Math.max(0, error.offset - 12);
            context.report({
              node: attr,
              messageId: 'path',
              data: { at: error.offset + 1, detail: error.message, context: excerpt(attr.value.slice(start, error.offset + 12), 30) },
            });
          }
        } else if (el.localName === 'polyline' || el.localName === 'polygon') {
          const attr = el.getAttributeNode('points');
          if (!attr) return;
          const points = parsePoints(attr.value);
          if (points === null) context.report({ node: attr, messageId: 'points', data: { value: excerpt(attr.value) } });
          else if (points.length % 2 === 1) context.report({ node: attr, messageId: 'oddPoints', data: { count: points.length } });
        }
      },
    };
  },
});
