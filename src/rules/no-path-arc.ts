import { defineRule } from './define.js';
import { tiny } from './citations.js';
import { arcCommands } from '../profile/pathdata.js';
import { isSvg } from './util.js';

export default defineRule({
  id: 'no-path-arc',
  meta: {
    description: 'Path data must not use elliptical arc commands (A/a), which SVG Tiny 1.2 does not have.',
    tier: 'must',
    citations: [tiny('8.3', 'paths', 'PathData')],
    rationale:
      'SVG Tiny 1.2 paths are made of moveto, lineto, cubic and quadratic Bézier curves and closepath; the elliptical arc command of SVG 1.1 is not part of it. Path data that uses it does not match the Tiny 1.2 grammar and is unsupported: a strict Tiny renderer draws nothing for the path. The schema does not parse path data, so schema validators miss this.',
    howToFix: 'Convert each arc into cubic Bézier curves. `bimi-svg convert` does this exactly (arcs are approximated with at most 90° segments).',
    messages: {
      arc: 'Path data uses {{count}} elliptical arc command{{s}} ("{{command}}" at character {{at}}); SVG Tiny 1.2 has no arcs: convert them to curves.',
    },
  },
  create(context) {
    return {
      'element:enter'(el) {
        if (!isSvg(el, 'path')) return;
        const attr = el.getAttributeNode('d');
        if (!attr) return;
        const arcs = arcCommands(attr.value);
        if (arcs.length === 0) return;
        const first = arcs[0]!;
        context.report({
          node: attr,
          messageId: 'arc',
          data: { count: arcs.length, s: arcs.length === 1 ? '' : 's', command: first.command, at: first.offset + 1 },
        });
      },
    };
  },
});
