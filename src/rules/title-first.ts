import { defineRule } from './define.js';
import { schema } from './citations.js';
import { isSchemaElement } from '../profile/schema.js';
import { elementChildren, isSvg, isSvgRoot } from './util.js';

export default defineRule({
  id: 'title-first',
  meta: {
    description: 'The <title> must be the first child element of <svg>.',
    tier: 'schema',
    citations: [schema('svg = element svg { …, (svgTitle), (desc | path | …)* }')],
    rationale:
      'The schema requires the title before any other element, including <desc> and <defs>. Validators based on the schema report the misplaced element as "not allowed yet; missing required element title", which confuses many users: it is only an ordering problem.',
    howToFix: 'Move the <title> element so that it is the first child of <svg> (comments and whitespace before it are fine; elements that may not appear at all, such as <style>, are reported by their own rules and do not count).',
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
        // Elements the schema does not know (<style>, editor data …) are reported by
        // element-allowed-list and go away with that fix; they do not displace the title.
        const first = children.find((c) => isSchemaElement(c));
        const title = children.find((c) => isSvg(c, 'title'));
        if (!first || !title || title === first) return;
        context.report({ node: first, messageId: 'before', data: { name: first.nodeName, line: doc.position(title).line } });
        context.report({ node: title, messageId: 'notFirst', data: { first: first.nodeName } });
      },
    };
  },
});
