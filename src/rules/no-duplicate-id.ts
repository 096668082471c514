import { defineRule } from './define.js';
import { tiny, xml } from './citations.js';
import { XML_NS } from '../profile/schema.js';

export default defineRule({
  id: 'no-duplicate-id',
  meta: {
    description: 'id values must be unique in the document.',
    tier: 'must',
    citations: [xml('3.3.1, validity constraint "ID"'), tiny('5.10.1', 'struct', 'IDAttribute')],
    rationale: 'References such as fill="url(#g)" or href="#a" must point at exactly one element. With duplicates, renderers disagree about which one is meant, so the logo can look different from one client to another.',
    howToFix: 'Rename one of the elements and update the references that meant it.',
    messages: {
      duplicate: 'The id "{{id}}" is already used on line {{line}}; ids must be unique.',
    },
  },
  create(context) {
    const seen = new Map<string, { line: number; element: unknown }>();
    return {
      'element:enter'(el) {
        const attrs = el.attributes;
        for (let i = 0; i < attrs.length; i++) {
          const a = attrs.item(i)!;
          const isId = (a.namespaceURI === null && a.name === 'id') || (a.namespaceURI === XML_NS && a.localName === 'id');
          if (!isId) continue;
          const id = a.value.trim();
          if (id === '') continue;
          const first = seen.get(id);
          // id and xml:id with the same value on one element name one element (no-id-and-xml-id reports the pair).
          if (first === undefined) seen.set(id, { line: context.document.position(a).line, element: el });
          else if (first.element !== el) context.report({ node: a, messageId: 'duplicate', data: { id, line: first.line } });
        }
      },
    };
  },
});
