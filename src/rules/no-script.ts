import { defineRule } from './define.js';
import { draft, schema, tiny } from './citations.js';
import { isEventAttribute } from './ownership.js';

const SCRIPT_ELEMENTS = new Set(['script', 'handler', 'listener']);

export default defineRule({
  id: 'no-script',
  meta: {
    description: 'The document must not contain scripts: no <script>, <handler> or <listener> elements and no on… event attributes.',
    tier: 'schema',
    citations: [draft('2.3', 'R10: Tiny 1.2 §15 Scripting MUST NOT be present'), schema('no script, handler, listener or event attributes'), tiny('15', 'script')],
    rationale:
      'A BIMI logo is static artwork shown inside mail clients; running code from a sender\'s logo would be a security hole. The draft removes the whole Scripting chapter of SVG Tiny 1.2, and receivers reject logos that contain any.',
    howToFix: 'Delete the script elements and every on… attribute (onclick, onload …). A logo needs no behaviour.',
    messages: {
      element: '<{{name}}> runs code: scripts are forbidden in a BIMI logo.',
      attribute: 'Event handler attribute {{name}} runs code: scripts are forbidden in a BIMI logo.',
    },
  },
  create(context) {
    return {
      'element:enter'(el) {
        if (SCRIPT_ELEMENTS.has((el.localName ?? ''))) context.report({ node: el, messageId: 'element', data: { name: el.nodeName } });
        const attrs = el.attributes;
        for (let i = 0; i < attrs.length; i++) {
          const a = attrs.item(i)!;
          if (isEventAttribute(a.name, a.namespaceURI)) context.report({ node: a, messageId: 'attribute', data: { name: a.name } });
        }
      },
    };
  },
});
