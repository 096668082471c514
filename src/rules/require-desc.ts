import { defineRule } from './define.js';
import { bimiGroup, gmail } from './citations.js';
import { elementChildren, isSvg, isSvgRoot } from './util.js';

export default defineRule({
  id: 'require-desc',
  meta: {
    description: 'The logo should have a <desc> for accessibility.',
    tier: 'policy',
    citations: [bimiGroup('<desc> "is not required, but this should be included to support accessibility"'), gmail('"SVG file should include the <desc> element"')],
    rationale: 'Screen readers announce the description; BIMI Group and Google both recommend one. The draft makes it optional.',
    howToFix: 'Add <desc>Logo of Example Inc.</desc> right after the <title>.',
    messages: {
      missing: 'The logo has no <desc>: add a short description after the <title> for accessibility.',
    },
  },
  create(context) {
    return {
      'document:enter'(doc) {
        if (!isSvgRoot(doc.root)) return;
        if (!elementChildren(doc.root).some((c) => isSvg(c, 'desc'))) context.report({ node: doc.root, messageId: 'missing' });
      },
    };
  },
});
