import { defineRule } from './define.js';
import { schema } from './citations.js';
import { checkedSpec, forEachAttribute } from './util.js';

export default defineRule({
  id: 'no-id-and-xml-id',
  meta: {
    description: 'An element may have an id or an xml:id, not both.',
    tier: 'schema',
    citations: [schema('(attribute id | attribute xml:id)?')],
    rationale: 'The schema offers id and xml:id as alternatives; an element with both is invalid, and references could resolve to either.',
    howToFix: 'Keep one of the two attributes (id is the common choice).',
    messages: {
      both: 'Attributes {{names}} cannot appear together on <{{element}}>; keep one.',
    },
  },
  create(context) {
    return {
      'element:enter'(el, state) {
        const spec = checkedSpec(el, state);
        if (!spec) return;
        for (const group of spec.exclusive) {
          const present: import('@xmldom/xmldom').Attr[] = [];
          forEachAttribute(el, (a, kind) => {
            if (kind.kind === 'schema' && group.includes(kind.key)) present.push(a);
          });
          if (present.length > 1) {
            context.report({ node: present[1]!, messageId: 'both', data: { names: present.map((a) => a.name).join(' and '), element: el.nodeName } });
          }
        }
      },
    };
  },
});
