import { defineRule } from './define.js';
import { tiny } from './citations.js';
import { parseTransform } from '../profile/transform.js';
import { NUMBER_SOURCE } from '../profile/numbers.js';
import { SVG_NS } from '../profile/schema.js';
import { excerpt } from './util.js';

/**
 * SVG Tiny 1.2 §7.7: ref(svg) or ref(svg, x, y). Checked here because the shared
 * parser's ref() pattern accepts one number (it splits "10" into 1 and 0) and
 * non-numbers such as "e-".
 */
const WSP = '[\\t\\n\\r ]';
const COMMA_WSP = `(?:${WSP}+,?${WSP}*|,${WSP}*)`;
const REF = new RegExp(`ref${WSP}*\\(${WSP}*svg(?:${COMMA_WSP}${NUMBER_SOURCE}${COMMA_WSP}${NUMBER_SOURCE})?${WSP}*\\)`, 'y');

/** The problem with the first malformed ref() in a value the shared parser accepted, or null. */
function refProblem(value: string): string | null {
  for (let i = value.indexOf('ref'); i !== -1; i = value.indexOf('ref', i + 3)) {
    REF.lastIndex = i;
    if (!REF.test(value)) return 'ref() takes "svg" and optionally two numbers: ref(svg) or ref(svg, x, y)';
  }
  return null;
}

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
        const detail = !r.ok ? r.message : r.usesRef ? refProblem(attr.value) : null;
        if (detail !== null) context.report({ node: attr, messageId: 'invalid', data: { value: excerpt(attr.value), detail } });
      },
    };
  },
});
