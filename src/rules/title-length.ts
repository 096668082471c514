import { defineRule } from './define.js';
import { draft } from './citations.js';
import { directText, elementChildren, isSvg, isSvgRoot } from './util.js';

export default defineRule({
  id: 'title-length',
  meta: {
    description: 'The title should be at most 64 characters (configurable with titleMaxLength).',
    tier: 'should',
    citations: [draft('2.1', 'R4: "The contents SHOULD be no more 64 characters"')],
    rationale: 'The title is the brand name, not a description. Some vendors reject titles of 65 characters or more; the draft recommends 64 at most.',
    howToFix: 'Shorten the title to the brand name; put longer text in a <desc>.',
    messages: {
      tooLong: 'The title is {{length}} characters long; keep it to {{max}} or fewer (the brand name).',
    },
  },
  create(context) {
    return {
      'document:enter'(doc) {
        if (!isSvgRoot(doc.root)) return;
        const title = elementChildren(doc.root).find((c) => isSvg(c, 'title'));
        if (!title) return;
        const length = [...directText(title).replace(/\s+/g, ' ').trim()].length;
        if (length > context.options.titleMaxLength) {
          context.report({ node: title, messageId: 'tooLong', data: { length, max: context.options.titleMaxLength } });
        }
      },
    };
  },
});
