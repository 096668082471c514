import { defineRule } from './define.js';
import { tiny } from './citations.js';
import { numericProblems } from '../profile/attribute-syntax.js';
import { checkPlainNumber, splitList, toPixels } from '../profile/numbers.js';
import { excerpt } from './util.js';

/** A length in user units: plain numbers as they are, absolute units at 96 px to the inch; null for %, em, vw … */
function userUnits(item: string): number | null {
  const r = checkPlainNumber(item);
  if (r.ok) return r.value;
  if (r.problem.kind !== 'unit') return null;
  const unit = r.problem.unit.toLowerCase();
  const px = unit === 'q' ? (r.problem.number * 96) / 101.6 : toPixels({ value: r.problem.number, unit });
  return px === null ? null : +px.toFixed(3);
}

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
      relative: '{{name}}="{{value}}" uses the relative unit "{{unit}}"; SVG Tiny 1.2 only allows plain numbers here: work out the length in user units (pixels).',
      percent: '{{name}}="{{value}}" is a percentage; SVG Tiny 1.2 only allows percentages on the root\'s width and height.',
    },
  },
  create(context) {
    return {
      'element:enter'(el) {
        for (const p of numericProblems(el)) {
          if (p.problem.kind !== 'unit') continue;
          const { unit } = p.problem;
          const base = { name: p.attr.name, value: excerpt(p.attr.value), unit };
          if (unit === '%') {
            context.report({ node: p.attr, messageId: 'percent', data: base });
            continue;
          }
          // Absolute units convert at 96 px to the inch (1 user unit = 1px); em, ex, vw … depend on context.
          // For a list (stroke-dasharray, text x …) the suggestion converts every item.
          const items = splitList(p.attr.value) ?? [p.item];
          const converted = items.map(userUnits);
          if (userUnits(p.item) === null) context.report({ node: p.attr, messageId: 'relative', data: base });
          else if (converted.every((x) => x !== null)) context.report({ node: p.attr, messageId: 'unit', data: { ...base, number: converted.join(' ') } });
          else context.report({ node: p.attr, messageId: 'unit', data: { ...base, number: `${userUnits(p.item)} for ${excerpt(p.item, 20)}` } });
        }
      },
    };
  },
});
