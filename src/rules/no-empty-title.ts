import { defineRule } from './define.js';
import { draft } from './citations.js';
import { directText, elementChildren, isSvg, isSvgRoot } from './util.js';

export default defineRule({
  id: 'no-empty-title',
  meta: {
    description: 'The <title> must not be empty or whitespace only.',
    tier: 'must',
    citations: [draft('2.1', 'R2: "its contents MUST NOT be empty"')],
    rationale: 'The schema accepts <title></title>, but the draft requires the title to have content: it is the brand name that clients announce for the logo.',
    howToFix: 'Write the brand name inside the title: <title>Example Inc.</title>.',
    messages: {
      empty: 'The <title> is empty: write the brand name in it.',
    },
  },
  create(context) {
    return {
      'document:enter'(doc) {
        if (!isSvgRoot(doc.root)) return;
        // Extra titles are reported by no-extra-title; only the brand title must have content.
        const title = elementChildren(doc.root).find((c) => isSvg(c, 'title'));
        if (title && directText(title).trim() === '' && title.getElementsByTagName('*').length === 0) {
          context.report({ node: title, messageId: 'empty' });
        }
      },
    };
  },
});
