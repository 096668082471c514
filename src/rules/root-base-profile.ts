import { defineRule } from './define.js';
import { bimiGroup, draft, schema } from './citations.js';
import { collapseWhitespace, isSvgRoot } from './util.js';

export default defineRule({
  id: 'root-base-profile',
  meta: {
    description: 'The root <svg> must have baseProfile="tiny-ps".',
    tier: 'schema',
    citations: [draft('2.1', 'R1'), schema('attribute baseProfile { "tiny-ps" }'), bimiGroup('The “baseProfile” attribute set to “tiny-ps”')],
    rationale:
      'baseProfile="tiny-ps" is how a logo says it follows the Portable/Secure profile; it is the single most common reason BIMI validators reject a logo. Illustrator exports baseProfile="tiny", and some CMSs strip the attribute on upload.',
    howToFix: 'Set baseProfile="tiny-ps" on the root <svg>. If the file is correct locally but the served copy lacks it, your CMS rewrote the upload.',
    messages: {
      missing: 'The root <svg> has no baseProfile attribute: add baseProfile="tiny-ps".',
      wrong: 'baseProfile="{{value}}" must be baseProfile="tiny-ps".',
    },
  },
  create(context) {
    return {
      'document:enter'(doc) {
        const root = doc.root;
        if (!isSvgRoot(root)) return;
        const attr = root.getAttributeNode('baseProfile');
        if (!attr) context.report({ node: root, messageId: 'missing' });
        else if (collapseWhitespace(attr.value) !== 'tiny-ps') context.report({ node: attr, messageId: 'wrong', data: { value: attr.value } });
      },
    };
  },
});
