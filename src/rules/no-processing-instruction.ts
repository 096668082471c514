import { defineRule } from './define.js';
import { bimiGroup, draft } from './citations.js';

export default defineRule({
  id: 'no-processing-instruction',
  meta: {
    description: 'The document must not contain processing instructions (other than the XML declaration).',
    tier: 'security',
    citations: [draft('3.1', 'self-contained'), bimiGroup('no external links or references')],
    rationale:
      'A processing instruction such as <?xml-stylesheet href="…"?> makes a renderer load an external style sheet, which a self-contained BIMI logo must never do; other instructions (Adobe\'s <?xpacket?>) are editor data that only adds bytes. The schema cannot see processing instructions, so jing accepts them.',
    howToFix: 'Delete the processing instruction. The XML declaration <?xml version="1.0"?> at the very start is fine.',
    messages: {
      stylesheet: 'Processing instruction <?xml-stylesheet?> loads an external style sheet: remove it.',
      other: 'Processing instruction <?{{target}}?>: remove it (a BIMI logo needs none).',
    },
  },
  create(context) {
    return {
      source(info) {
        for (const pi of info.scan?.processingInstructions ?? []) {
          const node = info.position(pi.offset);
          if (pi.name === 'xml-stylesheet') context.report({ node, messageId: 'stylesheet' });
          else context.report({ node, messageId: 'other', data: { target: pi.name } });
        }
      },
    };
  },
});
