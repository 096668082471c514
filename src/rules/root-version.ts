import { defineRule } from './define.js';
import { bimiGroup, draft, schema } from './citations.js';
import { collapseWhitespace, isSvgRoot } from './util.js';

export default defineRule({
  id: 'root-version',
  meta: {
    description: 'The root <svg> must have version="1.2".',
    tier: 'schema',
    citations: [draft('2.1', 'R1'), schema('attribute version { "1.2" }'), bimiGroup('The “version” attribute set to “1.2”')],
    rationale:
      'version="1.2" declares the document as SVG Tiny 1.2, which Tiny PS profiles. Design tools write version="1.1" or omit it; receivers that validate against the schema reject both.',
    howToFix: 'Set version="1.2" on the root <svg>.',
    messages: {
      missing: 'The root <svg> has no version attribute: add version="1.2".',
      wrong: 'version="{{value}}" must be version="1.2".',
    },
  },
  create(context) {
    return {
      'document:enter'(doc) {
        const root = doc.root;
        if (!isSvgRoot(root)) return;
        const attr = root.getAttributeNode('version');
        if (!attr) context.report({ node: root, messageId: 'missing' });
        else if (collapseWhitespace(attr.value) !== '1.2') context.report({ node: attr, messageId: 'wrong', data: { value: attr.value } });
      },
    };
  },
});
