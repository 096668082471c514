import { defineRule } from './define.js';
import { bimiGroup } from './citations.js';
import { SVG_NS } from '../profile/schema.js';
import { excerpt } from './util.js';

export default defineRule({
  id: 'no-text',
  meta: {
    description: 'Text should be converted to outlines (paths) instead of using <text> or <textArea>.',
    tier: 'policy',
    citations: [
      { text: 'Red Sift, PowerDMARC, bimivalidator.com: convert text to outlines ("Create Outlines")' },
      bimiGroup('Illustrator export recipe'),
    ],
    rationale:
      'Receivers render the logo without your fonts, so <text> is drawn in whatever font the client has, and the draft\'s font embedding is unreachable in the schema. Text is allowed by the draft, but several receivers and vendors require outlines in practice.',
    howToFix: 'In your design tool, convert text to outlines (Illustrator: Type › Create Outlines; Inkscape: Path › Object to Path; Figma: Outline Stroke / Flatten) and export again.',
    messages: {
      text: '<{{name}}> "{{text}}" will be drawn in the mail client\'s fonts: convert the text to outlines.',
      empty: '<{{name}}> has no text to draw: remove it.',
    },
  },
  create(context) {
    return {
      'element:enter'(el) {
        if (el.namespaceURI === SVG_NS && (el.localName === 'text' || el.localName === 'textArea')) {
          const text = el.textContent ?? '';
          if (/\S/.test(text)) context.report({ node: el, messageId: 'text', data: { name: el.nodeName, text: excerpt(text, 30) } });
          else context.report({ node: el, messageId: 'empty', data: { name: el.nodeName } });
        }
      },
    };
  },
});
