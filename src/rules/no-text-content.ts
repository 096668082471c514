import { defineRule } from './define.js';
import { schema } from './citations.js';
import { elementSpec } from '../profile/schema.js';
import { excerpt } from './util.js';

export default defineRule({
  id: 'no-text-content',
  meta: {
    description: 'Text may only appear inside <title>, <desc>, <metadata>, <text> and <textArea>.',
    tier: 'schema',
    citations: [schema('only title, desc, metadata, text and textArea have text content')],
    rationale: 'Stray characters between elements (often from a broken edit or a copy-paste) are not allowed by the schema; only whitespace may separate elements.',
    howToFix: 'Delete the stray text, or move it into a <desc> if it is a description.',
    messages: {
      text: 'Text "{{text}}" is not allowed inside <{{parent}}>.',
    },
  },
  create(context) {
    return {
      text(node, state) {
        if (state.insideUnknown) return;
        const data = node.data;
        if (!/[^\t\n\r ]/.test(data)) return;
        const parent = node.parentNode as import('@xmldom/xmldom').Element | null;
        if (!parent || parent.nodeType !== 1) return;
        const spec = elementSpec(parent);
        if (!spec || !spec.reachable || spec.text) return;
        context.report({ node, messageId: 'text', data: { text: excerpt(data, 30), parent: parent.nodeName } });
      },
    };
  },
});
