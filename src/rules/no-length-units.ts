import { defineRule } from './define.js';
import { tiny } from './citations.js';
import { numericProblems } from '../profile/attribute-syntax.js';
import { excerpt } from './util.js';

export default defineRule({
  id: 'no-length-units',
  meta: {
    description: 'Coordinates and lengths must be plain numbers (user units): no px, em, % … except on the root\'s width and height.',
    tier: 'must',
    citations: [tiny('4.1', 'types', 'DataTypeLength'), tiny('7.11 (units)', 'coords')],
    rationale:
      'SVG Tiny 1.2 has no units or percentages except on the outermost <svg>\'s width and height; everywhere else a length is a number in user units. A strict Tiny renderer treats x="10px" or offset="50%" as unsupported and ignores the attribute, so the drawing changes. Browsers accept them, which is why exports are full of them.',
    howToFix: 'Write the number without the unit (px = user units). Percentages need converting to user units (for gradients: fractions of the bounding box); `bimi-svg convert` does both.',
    messages: {
      unit: '{{name}}="{{value}}" uses the unit "{{unit}}"; SVG Tiny 1.2 only allows plain numbers here (write {{number}}).',
      percent: '{{name}}="{{value}}" is a percentage; SVG Tiny 1.2 only allows percentages on the root\'s width and height.',
    },
  },
  create(context) {
    return {
      'element:enter'(el) {
        for (const p of numericProblems(el)) {
          if (p.problem.kind !== 'unit') continue;
          const data = { name: p.attr.name, value: excerpt(p.attr.value), unit: p.problem.unit, number: String(p.problem.number) };
          context.report({ node: p.attr, messageId: p.problem.unit === '%' ? 'percent' : 'unit', data });
        }
      },
    };
  },
});
