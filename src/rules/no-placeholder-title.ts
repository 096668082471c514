import { defineRule } from './define.js';
import { bimiGroup } from './citations.js';
import { directText, elementChildren, isSvg, isSvgRoot } from './util.js';

export const DEFAULT_PLACEHOLDER_TITLES: readonly string[] = [
  'bimi-svg-tiny-12-ps',
  'bimi svg tiny 1.2 ps',
  'bimi-svg-tiny-1.2-ps',
  'svg tiny ps',
  'company name',
  'brand name',
  'your company',
  'your brand',
  'your logo',
  'example',
  'logo',
  'bimi logo',
  'bimi',
  'untitled',
  'untitled-1',
  'svg',
  'image',
  'icon',
  'title',
  'layer 1',
  'artboard 1',
  'group',
];

export default defineRule({
  id: 'no-placeholder-title',
  meta: {
    description: 'The title should be the brand name, not a placeholder left by a template or converter.',
    tier: 'policy',
    citations: [bimiGroup('a <title> element … that reflects the company name')],
    rationale:
      'Templates and converters insert placeholder titles such as "bimi-svg-tiny-12-ps"; real certified logos have shipped with them. The title is what clients announce for the logo, and some checkers compare it with the name on the mark certificate.',
    howToFix: 'Write the brand name, as on the mark certificate, in the <title>. The list of placeholders is configurable (placeholderTitles).',
    messages: {
      placeholder: 'The title "{{title}}" looks like a placeholder: use the brand name.',
      fileName: 'The title "{{title}}" looks like a file name: use the brand name.',
    },
  },
  create(context) {
    const placeholders = new Set(context.options.placeholderTitles.map((t) => t.trim().toLowerCase()));
    return {
      'document:enter'(doc) {
        if (!isSvgRoot(doc.root)) return;
        const title = elementChildren(doc.root).find((c) => isSvg(c, 'title'));
        if (!title) return;
        const text = directText(title).replace(/\s+/g, ' ').trim();
        if (text === '') return;
        if (placeholders.has(text.toLowerCase())) context.report({ node: title, messageId: 'placeholder', data: { title: text } });
        else if (/\.(svgz?|ai|eps|pdf|png)$/i.test(text)) context.report({ node: title, messageId: 'fileName', data: { title: text } });
      },
    };
  },
});
