import { defineRule } from './define.js';
import { bimiGroup, draft, tiny } from './citations.js';
import { XML_NS } from '../profile/schema.js';
import { excerpt } from './util.js';
import { elementOwner } from './ownership.js';

const URL_FN = /url\(\s*(['"]?)(.*?)\1\s*\)/gi;
const IMPORT = /@import\s+(?:url\()?\s*['"]?([^'")\s;]+)[^;]*;?/gi;

function isLocal(target: string): boolean {
  return target.trim().startsWith('#');
}

export default defineRule({
  id: 'no-external-reference',
  meta: {
    description: 'All references must be local (#id): no links to other files or URLs in href, url(…), xml:base, style sheets or javascript: URIs.',
    tier: 'must',
    citations: [draft('2.3', 'R10: Tiny 1.2 §14 Linking removed'), draft('3.1', 'self-contained'), bimiGroup('no "external links or references"'), tiny('11.2', 'painting', 'SpecifyingPaint')],
    rationale:
      'A BIMI logo must be self-contained: anything it loads from elsewhere could track readers, change after certification, or fail to load. The schema accepts href="https://…" and url(https://…) because it treats values as free text; receivers and the draft do not.',
    howToFix: 'Copy the referenced content into the document and point to it with a local reference such as href="#shape" or fill="url(#gradient)"; remove xml:base.',
    messages: {
      href: '{{name}}="{{value}}" refers to something outside the document; only local references (#id) are allowed.',
      javascript: '{{name}}="{{value}}" is a javascript: URI; scripts are forbidden.',
      url: '{{name}} refers to "{{value}}" outside the document; only url(#id) is allowed.',
      xmlBase: 'xml:base="{{value}}" changes how references resolve; a self-contained logo needs none: remove it.',
      import: 'The style sheet imports "{{value}}" from outside the document.',
    },
  },
  create(context) {
    return {
      'element:enter'(el) {
        // An element that another rule forbids outright (<a>, <image>, <script>,
        // <audio> …) is reported there; removing it removes its reference too.
        const owner = elementOwner(el);
        const owned = owner !== undefined && context.isEnabled(owner);
        const attrs = owned ? null : el.attributes;
        for (let i = 0; attrs !== null && i < attrs.length; i++) {
          const a = attrs.item(i)!;
          const local = a.localName ?? a.name;
          const value = a.value;
          if (a.namespaceURI === XML_NS && local === 'base') {
            if (value.trim() !== '') context.report({ node: a, messageId: 'xmlBase', data: { value: excerpt(value) } });
            continue;
          }
          if (local === 'href' && (a.namespaceURI === null || a.namespaceURI === 'http://www.w3.org/1999/xlink' || a.namespaceURI === '')) {
            const v = value.trim();
            if (/^javascript:/i.test(v)) context.report({ node: a, messageId: 'javascript', data: { name: a.name, value: excerpt(v) } });
            else if (v !== '' && !isLocal(v) && !/^data:/i.test(v)) context.report({ node: a, messageId: 'href', data: { name: a.name, value: excerpt(v) } });
            continue;
          }
          // CSS function names are case-insensitive: URL(…) and Url(…) fetch too.
          if (/url\(/i.test(value)) {
            for (const m of value.matchAll(URL_FN)) {
              const target = m[2]!.trim();
              if (!isLocal(target) && !/^data:/i.test(target)) {
                context.report({ node: a, messageId: 'url', data: { name: a.name, value: excerpt(target) } });
                break;
              }
            }
          }
        }
        if (el.localName === 'style') {
          let text = el.textContent ?? '';
          for (const imp of text.matchAll(IMPORT)) {
            if (/^data:/i.test(imp[1]!)) continue;
            context.report({ node: el, messageId: 'import', data: { value: excerpt(imp[1]!) } });
            break;
          }
          // An @import url(…) is reported once, as an import.
          text = text.replace(IMPORT, ' ');
          for (const m of text.matchAll(URL_FN)) {
            const target = m[2]!.trim();
            if (!isLocal(target) && !/^data:/i.test(target)) {
              context.report({ node: el, messageId: 'url', data: { name: '<style>', value: excerpt(target) } });
              break;
            }
          }
        }
      },
    };
  },
});
