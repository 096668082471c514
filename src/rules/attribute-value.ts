import { defineRule } from './define.js';
import { schema } from './citations.js';
import { VALUE_HINTS } from '../profile/hints.js';
import { attributeKind, elementSpec, isFreeText, valueAccepted, type AttributeSpec } from '../profile/schema.js';
import { excerpt } from './util.js';

const TYPE_NAMES: Readonly<Record<string, string>> = {
  NCName: 'an XML name without colons',
  NMTOKENS: 'space-separated name tokens',
  language: 'a language tag such as "en" or "en-US"',
};

function expected(spec: AttributeSpec): string {
  const parts: string[] = [];
  if (spec.values && spec.values.length > 0) parts.push(spec.values.map((v) => `"${v}"`).join(', '));
  for (const t of spec.types ?? []) {
    if (t === 'string' && spec.pattern) parts.push(`a value matching ${spec.pattern}`);
    else if (TYPE_NAMES[t]) parts.push(TYPE_NAMES[t]!);
  }
  if (spec.emptyOk) parts.push('empty');
  return parts.join(' or ');
}

export default defineRule({
  id: 'attribute-value',
  meta: {
    description: 'Attributes with a fixed set of values (enumerations, id syntax, preserveAspectRatio …) must use a value the schema allows.',
    tier: 'schema',
    citations: [schema('enumerated values, xsd:NCName, xsd:NMTOKENS, xsd:language and the preserveAspectRatio pattern')],
    rationale:
      'Where the schema constrains a value (font-weight, fill-rule, xml:space, the six constrained root attributes, preserveAspectRatio, id syntax …) any other value makes the document invalid. Keyword values are compared after collapsing whitespace, as RELAX NG does.',
    howToFix: 'Use one of the values listed in the message, or remove the attribute to get the default.',
    messages: {
      invalid: 'Value "{{value}}" is not allowed for {{name}} on <{{element}}>; expected {{expected}}{{hint}}.',
    },
  },
  create(context) {
    return {
      'element:enter'(el, state) {
        if (state.insideUnknown) return;
        const spec = elementSpec(el);
        if (!spec || !spec.reachable) return;
        const isRoot = state.depth === 0;
        const attrs = el.attributes;
        for (let i = 0; i < attrs.length; i++) {
          const a = attrs.item(i)!;
          const kind = attributeKind(a);
          if (kind.kind !== 'schema') continue;
          if (isRoot && (kind.key === 'version' || kind.key === 'baseProfile')) continue;
          const aspec = spec.attributes[kind.key];
          if (!aspec || isFreeText(aspec) || valueAccepted(aspec, a.value)) continue;
          const hintText = VALUE_HINTS[kind.key];
          context.report({
            node: a,
            messageId: 'invalid',
            data: { value: excerpt(a.value), name: a.name, element: el.nodeName, expected: expected(aspec), hint: hintText ? ` (${hintText})` : '' },
          });
        }
      },
    };
  },
});
