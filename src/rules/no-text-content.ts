import { defineRule } from './define.js';
import { schema } from './citations.js';
import { elementSpec } from '../profile/schema.js';
import { excerpt } from './util.js';

const isXmlSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;

/** Names of characters that look like whitespace but are not XML white space. */
const INVISIBLE: Readonly<Record<number, string>> = {
  0x00a0: 'no-break space',
  0x1680: 'ogham space mark',
  0x2000: 'en quad',
  0x2001: 'em quad',
  0x2002: 'en space',
  0x2003: 'em space',
  0x2009: 'thin space',
  0x200a: 'hair space',
  0x200b: 'zero-width space',
  0x200c: 'zero-width non-joiner',
  0x200d: 'zero-width joiner',
  0x2060: 'word joiner',
  0x2028: 'line separator',
  0x2029: 'paragraph separator',
  0x202f: 'narrow no-break space',
  0x205f: 'medium mathematical space',
  0x3000: 'ideographic space',
  0xfeff: 'zero-width no-break space (byte order mark)',
};

/** The characters of `data` that are neither XML white space nor visible in an excerpt. */
function describeInvisible(data: string): string {
  const seen = new Set<number>();
  for (const ch of data) {
    const c = ch.codePointAt(0)!;
    if (!isXmlSpace(c)) seen.add(c);
  }
  return [...seen]
    .slice(0, 3)
    .map((c) => `U+${c.toString(16).toUpperCase().padStart(4, '0')}${INVISIBLE[c] ? ` ${INVISIBLE[c]}` : ''}`)
    .join(', ');
}

export default defineRule({
  id: 'no-text-content',
  meta: {
    description: 'Text may only appear inside <title>, <desc>, <metadata>, <text> and <textArea>.',
    tier: 'schema',
    citations: [schema('only title, desc, metadata, text and textArea have text content')],
    rationale:
      'Stray characters between elements (often from a broken edit or a copy-paste) are not allowed by the schema; only whitespace may separate elements. Only the space, tab and line breaks count as whitespace in XML: a no-break space (&#160;) copied from a web page is text.',
    howToFix: 'Delete the stray text, or move it into a <desc> if it is a description.',
    messages: {
      text: 'Text "{{text}}" is not allowed inside <{{parent}}>.',
      invisible: 'Invisible text ({{chars}}) is not allowed inside <{{parent}}>: only spaces, tabs and line breaks may separate elements.',
    },
  },
  create(context) {
    /** Where the first non-whitespace character of a text node is (the node itself starts at the end of the previous tag). */
    const firstCharacter = (node: import('@xmldom/xmldom').Text): { line: number; column: number } => {
      const doc = context.document;
      const source = doc.source;
      let offset = doc.offsetAt(doc.position(node));
      while (offset < source.length && isXmlSpace(source.charCodeAt(offset))) offset++;
      return doc.positionAt(offset);
    };
    return {
      text(node, state) {
        if (state.insideUnknown) return;
        const data = node.data;
        if (!/[^\t\n\r ]/.test(data)) return;
        const parent = node.parentNode as import('@xmldom/xmldom').Element | null;
        if (!parent || parent.nodeType !== 1) return;
        const spec = elementSpec(parent);
        if (!spec || !spec.reachable || spec.text) return;
        const at = node.nodeType === 3 ? firstCharacter(node) : node;
        const text = excerpt(data, 30);
        // Zero-width characters are not \s in JavaScript but are just as invisible in a message.
        if (text.replace(/[\u200b-\u200d\u2060]/g, '') === '') context.report({ node: at, messageId: 'invisible', data: { chars: describeInvisible(data), parent: parent.nodeName } });
        else context.report({ node: at, messageId: 'text', data: { text, parent: parent.nodeName } });
      },
    };
  },
});
