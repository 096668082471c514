import { defineRule } from './define.js';
import { draft } from './citations.js';
import { directText, isSvg } from './util.js';

export default defineRule({
  id: 'no-empty-desc',
  meta: {
    description: 'A <desc>, when present, must not be empty.',
    tier: 'must',
    citations: [draft('2.1', 'R5: desc MAY be present; if present its contents MUST NOT be empty')],
    rationale: 'An empty description gives assistive technology nothing to read and only adds bytes; the draft allows <desc> but not an empty one.',
    howToFix: 'Describe the logo in a sentence, or delete the empty <desc>.',
    messages: {
      empty: 'The <desc> is empty: describe the logo or remove the element.',
    },
  },
  create(context) {
    return {
      'element:enter'(el) {
        if (isSvg(el, 'desc') && directText(el).trim() === '' && el.getElementsByTagName('*').length === 0) {
          context.report({ node: el, messageId: 'empty' });
        }
      },
    };
  },
});
