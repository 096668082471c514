import { defineRule } from './define.js';
import { draft, schema } from './citations.js';
import { elementChildren, isSvg, isSvgRoot } from './util.js';

export default defineRule({
  id: 'no-extra-title',
  meta: {
    description: 'The <svg> element must have exactly one <title>.',
    tier: 'schema',
    citations: [draft('2.1', 'R3'), schema('svgTitle occurs once')],
    rationale: 'The draft says the title element MUST occur only once as a child of <svg>; receivers would otherwise have to guess which one names the brand.',
    howToFix: 'Keep one <title> (the brand name) and delete the others, or turn extra text into a <desc>.',
    messages: {
      extra: 'Extra <title> in <svg>: only one is allowed (the first is on line {{line}}).',
    },
  },
  create(context) {
    return {
      'document:enter'(doc) {
        if (!isSvgRoot(doc.root)) return;
        const titles = elementChildren(doc.root).filter((c) => isSvg(c, 'title'));
        for (const extra of titles.slice(1)) {
          context.report({ node: extra, messageId: 'extra', data: { line: doc.position(titles[0]!).line } });
        }
      },
    };
  },
});
