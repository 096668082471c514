import { defineRule } from './define.js';
import { bimiGroup, draft, schema } from './citations.js';
import { isSchemaElement } from '../profile/schema.js';
import { elementChildren, isSvg, isSvgRoot } from './util.js';

export default defineRule({
  id: 'require-title',
  meta: {
    description: 'The root <svg> must contain a <title> element (as its first child).',
    tier: 'schema',
    citations: [draft('2.1', 'R2'), schema('svgTitle is the first child of svg'), bimiGroup('a <title> element must be included that reflects the company name')],
    rationale:
      'The title names the brand; mail clients use it as the accessible name of the logo. The draft makes it mandatory and the schema requires it as the first child of <svg>. Missing titles are among the most common rejections.',
    howToFix: 'Add <title>Your Brand</title> as the very first child of <svg>. Use the brand name as it appears on your mark certificate.',
    messages: {
      missing: 'The document has no <title>: add <title>Brand name</title> as the first child of <svg>.',
      missingBefore: '<{{name}}> comes first, but the document has no <title>: add <title>Brand name</title> before it, as the first child of <svg>.',
    },
  },
  create(context) {
    return {
      'document:enter'(doc) {
        if (!isSvgRoot(doc.root)) return;
        const children = elementChildren(doc.root);
        if (children.some((c) => isSvg(c, 'title'))) return;
        // Point where schema validators do: at the first element that the schema
        // knows (it is "not allowed yet"), or at <svg> itself ("incomplete").
        const first = children.find((c) => isSchemaElement(c));
        if (first) context.report({ node: first, messageId: 'missingBefore', data: { name: first.nodeName } });
        else context.report({ node: doc.root, messageId: 'missing' });
      },
    };
  },
});
