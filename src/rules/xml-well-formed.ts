import { defineRule } from './define.js';
import { xml, xmlNames } from './citations.js';

/** Reported by the parser; the rule exists so that findings have an id, a tier and docs. */
export default defineRule({
  id: 'xml-well-formed',
  meta: {
    description: 'The file must be a well-formed XML document in a readable encoding.',
    tier: 'xml',
    citations: [xml('2.1 Well-Formed XML Documents'), xmlNames, { text: 'SVG Tiny 1.2 §1.3 (SVG documents are XML)', url: 'https://www.w3.org/TR/SVGTiny12/intro.html' }],
    rationale:
      'Every receiver parses the logo with a strict XML parser. One stray "&", an unclosed tag or an undeclared prefix and the logo is not shown at all; no other rule can be checked until the file parses.',
    howToFix:
      'Fix the problem at the reported position: escape "&" as "&amp;" and "<" as "&lt;" in text and attribute values, close every element, quote every attribute value, declare every prefix, and save the file as UTF-8.',
    messages: {
      malformed: 'Not well-formed XML: {{detail}}. Nothing else can be checked until this is fixed.',
      notText: 'Cannot check this file: {{detail}}.',
      encoding: 'Cannot read the text: {{detail}}.',
      gzip: 'Cannot decompress: {{detail}}.',
    },
  },
  create() {
    return {};
  },
});
