import { dict } from '../dict.js';
import { defineRule } from './define.js';
import { draft } from './citations.js';
import { collapseWhitespace } from '../profile/schema.js';
import { isSvgRoot } from './util.js';

export const CONSTRAINED: Readonly<Record<string, string>> = dict({
  zoomAndPan: 'disable',
  externalResourcesRequired: 'false',
  focusable: 'false',
  snapshotTime: 'none',
  playbackOrder: 'all',
  timelineBegin: 'onLoad',
});

export default defineRule({
  id: 'constrained-attributes',
  meta: {
    description: 'zoomAndPan, externalResourcesRequired, focusable, snapshotTime, playbackOrder and timelineBegin should not be present.',
    tier: 'should',
    citations: [draft('2.3', 'R11–R16: "SHOULD NOT be present … If it is present, it MUST be set to …"')],
    rationale:
      'The draft calls out these six attributes because exports often include them: they SHOULD NOT be present, and if present MUST have one fixed value (a wrong value is reported by attribute-value). They only add bytes.',
    howToFix: 'Delete the attribute.',
    messages: {
      present: '{{name}}="{{value}}" should not be present (the draft allows it only with this value); remove it.',
    },
  },
  create(context) {
    return {
      'document:enter'(doc) {
        if (!isSvgRoot(doc.root)) return;
        for (const [name, allowed] of Object.entries(CONSTRAINED)) {
          const attr = doc.root.getAttributeNode(name);
          if (attr && collapseWhitespace(attr.value) === allowed) context.report({ node: attr, messageId: 'present', data: { name, value: attr.value } });
        }
      },
    };
  },
});
