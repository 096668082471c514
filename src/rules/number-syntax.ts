import { defineRule } from './define.js';
import { tiny } from './citations.js';
import { numericProblems } from '../profile/attribute-syntax.js';
import { excerpt } from './util.js';

export default defineRule({
  id: 'number-syntax',
  meta: {
    description: 'Numeric attributes (coordinates, sizes, opacities, stroke widths, offsets) must hold valid SVG Tiny 1.2 numbers.',
    tier: 'must',
    citations: [tiny('4.1', 'types', 'DataTypeNumber')],
    rationale:
      'A value that is not a number (r="", width="auto" on a rect, opacity="50%"…) is unsupported in SVG Tiny 1.2: the renderer ignores it and falls back to the default, so the shape may vanish or change. The schema treats every value as free text and cannot catch this.',
    howToFix: 'Write a plain number such as 10, 0.5, -3 or 1e-3.',
    messages: {
      invalid: '{{name}}="{{value}}" is not a valid number{{list}}.',
    },
  },
  create(context) {
    return {
      'element:enter'(el) {
        for (const p of numericProblems(el)) {
          if (p.problem.kind !== 'syntax') continue;
          const list = p.item !== p.attr.value.trim() && p.item !== '' ? ` ("${excerpt(p.item, 20)}" is not a number)` : '';
          context.report({ node: p.attr, messageId: 'invalid', data: { name: p.attr.name, value: excerpt(p.attr.value), list } });
        }
      },
    };
  },
});
