import { defineRule } from './define.js';
import { schema } from './citations.js';
import { elementChildren, isSvg, isSvgRoot } from './util.js';

export default defineRule({
  id: 'title-first',
  meta: {
    description: 'The <title> must be the first child element of <svg>.',
    tier: 'schema',
    citations: [schema('svg = element svg { …, (svgTitle), (desc | path | …)* }')],
    rationale:
      'The schema requires the title before any other element, including <desc> and <defs>. Validators based on the schema report the misplaced element as "not allowed yet; missing required element title", which confuses many users: it is only an ordering problem.',
    howToFix: 'Move the <title> element so that it is the first child of <svg> (comments and whitespace before it are fine).',
    messages: {
      before: '<{{name}}> comes before the <title>; the <title> (line {{line}}) must be the first child of <svg>.',
      notFirst: 'This <title> must be the first child of <svg>; move it before <{{first}}>.',
    },
  },
  create(context) {
    return {
      'document:enter'(doc) {
        if (!isSvgRoot(doc.root)) return;
        const children = elementChildren(doc.root);
        const first = children[0];
        const title = children.find((c) => isSvg(c, 'title'));
        if (!first || !title || title === first) return;
        context.report({ node: first, messageId: 'before', data: { name: first.nodeName, line: doc.position(title).line } });
        context.report({ node: title, messageId: 'notFirst', data: { first: first.nodeName } });
      },
    };
  },
});
