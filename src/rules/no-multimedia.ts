import { defineRule } from './define.js';
import { draft, schema, tiny } from './citations.js';
import { SVG_NS } from '../profile/schema.js';

const MEDIA = new Set(['audio', 'video', 'animation']);

export default defineRule({
  id: 'no-multimedia',
  meta: {
    description: 'The document must not contain <audio>, <video> or <animation> elements.',
    tier: 'schema',
    citations: [draft('2.3', 'R10: Tiny 1.2 §12 Multimedia MUST NOT be present'), schema('no multimedia elements'), tiny('12', 'multimedia')],
    rationale: 'Media elements load external content and play over time; a BIMI logo is a static, self-contained picture.',
    howToFix: 'Delete the media element.',
    messages: {
      element: '<{{name}}> is multimedia: not allowed in a BIMI logo.',
    },
  },
  create(context) {
    return {
      'element:enter'(el) {
        if (el.namespaceURI === SVG_NS && MEDIA.has((el.localName ?? ''))) context.report({ node: el, messageId: 'element', data: { name: el.nodeName } });
      },
    };
  },
});
