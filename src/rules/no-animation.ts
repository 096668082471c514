import { defineRule } from './define.js';
import { draft, schema, tiny } from './citations.js';
import { SVG_NS } from '../profile/schema.js';

const ANIMATION = new Set(['animate', 'set', 'animateMotion', 'animateColor', 'animateTransform', 'discard', 'mpath']);

export default defineRule({
  id: 'no-animation',
  meta: {
    description: 'The document must not contain animation elements.',
    tier: 'schema',
    citations: [draft('2.2–2.3', 'R6–R10: Tiny 1.2 §16 Animation MUST NOT be present'), schema('no animation elements'), tiny('16', 'animate')],
    rationale: 'BIMI logos are static. The draft removes the Animation chapter of SVG Tiny 1.2 and forbids animating paths, shapes, text and paint.',
    howToFix: 'Delete the animation elements; keep the artwork in the state it should be shown in.',
    messages: {
      element: '<{{name}}> animates the logo: animation is forbidden in a BIMI logo.',
    },
  },
  create(context) {
    return {
      'element:enter'(el) {
        if (el.namespaceURI === SVG_NS && ANIMATION.has((el.localName ?? ''))) context.report({ node: el, messageId: 'element', data: { name: el.nodeName } });
      },
    };
  },
});
