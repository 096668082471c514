import { defineRule } from './define.js';
import { draft, schema, tiny } from './citations.js';
import { isSvg } from './util.js';

export default defineRule({
  id: 'no-switch',
  meta: {
    description: 'The document must not contain <switch> elements (conditional rendering).',
    tier: 'schema',
    citations: [draft('2.3', 'R10: Tiny 1.2 §5.8.2 switch MUST NOT be present'), schema('no switch element'), tiny('5.8.2', 'struct', 'SwitchElement')],
    rationale: 'With <switch> a logo could look different from one client to the next. Illustrator wraps exports in <switch> with <foreignObject> for its own data.',
    howToFix: 'Keep the one child that should be shown and remove the <switch> around it; `bimi-svg convert` does this.',
    messages: {
      element: '<{{name}}> renders content conditionally: not allowed in a BIMI logo; keep the artwork and remove the <switch>.',
    },
  },
  create(context) {
    return {
      'element:enter'(el) {
        if (isSvg(el, 'switch')) context.report({ node: el, messageId: 'element', data: { name: el.nodeName } });
      },
    };
  },
});
