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

/**
 * Whether a title is a file name. ".ai" is also a top-level domain and brands are
 * called "Northwind.ai", so an .ai name only counts when its stem looks like a file:
 * a space or underscore, the word "logo", or a trailing number ("Untitled-1.ai").
 */
function looksLikeFileName(text: string): boolean {
  if (/\.(svgz?|eps|pdf|png)$/i.test(text)) return true;
  const ai = /^(.+)\.ai$/i.exec(text);
  return ai !== null && /[\s_]|\blogo\b|-\d+$/i.test(ai[1]!);
}

/** Default object and document names of design tools ("Untitled-2", "Layer 3", "Frame 12", "Artboard 1 copy"). */
const EDITOR_DEFAULT = /^(untitled|layer|artboard|frame|group|rectangle|vector|path|shape|symbol|logo|icon)(?:[ _-]?\d+)?(?: copy(?: \d+)?)?$/i;

const sets = new WeakMap<readonly string[], { placeholders: ReadonlySet<string>; builtIn: boolean }>();

/** The placeholder set for a list, computed once per list. */
function placeholderSet(list: readonly string[]): { placeholders: ReadonlySet<string>; builtIn: boolean } {
  let entry = sets.get(list);
  if (!entry) {
    // A configured list replaces the built-in one, editor default names included
    // (compared by content: options may have crossed a worker boundary).
    const builtIn = list.length === DEFAULT_PLACEHOLDER_TITLES.length && list.every((t, k) => t === DEFAULT_PLACEHOLDER_TITLES[k]);
    entry = { placeholders: new Set(list.map((t) => t.trim().toLowerCase())), builtIn };
    sets.set(list, entry);
  }
  return entry;
}

export default defineRule({
  id: 'no-placeholder-title',
  meta: {
    description: 'The title should be the brand name, not a placeholder left by a template or converter.',
    tier: 'policy',
    citations: [bimiGroup('a <title> element … that reflects the company name')],
    rationale:
      'Templates and converters insert placeholder titles such as "bimi-svg-tiny-12-ps"; real certified logos have shipped with them. The title is what clients announce for the logo, and some checkers compare it with the name on the mark certificate.',
    howToFix: 'Write the brand name, as on the mark certificate, in the <title>. The placeholder list is configurable (placeholderTitles); a configured list replaces the built-in one, including its editor default names such as "Untitled-2", "Layer 3" or "Frame 12".',
    messages: {
      placeholder: 'The title "{{title}}" looks like a placeholder: use the brand name.',
      fileName: 'The title "{{title}}" looks like a file name: use the brand name.',
    },
  },
  create(context) {
    const { placeholders, builtIn } = placeholderSet(context.options.placeholderTitles);
    return {
      'document:enter'(doc) {
        if (!isSvgRoot(doc.root)) return;
        const title = elementChildren(doc.root).find((c) => isSvg(c, 'title'));
        if (!title) return;
        const text = directText(title).replace(/\s+/g, ' ').trim();
        if (text === '') return;
        if (placeholders.has(text.toLowerCase()) || (builtIn && EDITOR_DEFAULT.test(text))) context.report({ node: title, messageId: 'placeholder', data: { title: text } });
        else if (looksLikeFileName(text)) context.report({ node: title, messageId: 'fileName', data: { title: text } });
      },
    };
  },
});
