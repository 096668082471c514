import { defineRule } from './define.js';
import { draft, schema, tiny } from './citations.js';
import { isSvg } from './util.js';

export default defineRule({
  id: 'no-link',
  meta: {
    description: 'The document must not contain hyperlinks (<a> elements).',
    tier: 'schema',
    citations: [draft('2.3', 'R10: Tiny 1.2 §14 Linking MUST NOT be present'), schema('no a element'), tiny('14', 'linking')],
    rationale: 'A logo next to an email must not be a link: it could send readers anywhere. The draft removes the Linking chapter of SVG Tiny 1.2.',
    howToFix: 'Replace the <a> element by its children (unwrap it); `bimi-svg convert` does this.',
    messages: {
      element: '<{{name}}> is a hyperlink: links are forbidden in a BIMI logo; keep its content and remove the <a>.',
    },
  },
  create(context) {
    return {
      'element:enter'(el) {
        if (isSvg(el, 'a')) context.report({ node: el, messageId: 'element', data: { name: el.nodeName } });
      },
    };
  },
});
