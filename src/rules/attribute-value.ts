import { dict } from '../dict.js';
import { defineRule } from './define.js';
import { schema } from './citations.js';
import { VALUE_HINTS } from '../profile/hints.js';
import { collapseWhitespace, isFreeText, valueAccepted, type AttributeSpec } from '../profile/schema.js';
import { checkedSpec, excerpt, forEachAttribute } from './util.js';

const TYPE_NAMES: Readonly<Record<string, string>> = dict({
  NCName: 'an XML name: a letter or "_" first, then letters, digits, ".", "-" or "_" (no spaces, no colons)',
  NMTOKENS: 'space-separated name tokens',
  language: 'a language tag such as "en" or "en-US"',
});

/** Patterns said in words (the schema's only pattern is on preserveAspectRatio). */
const PATTERN_NAMES: Readonly<Record<string, string>> = dict({
  '\\s*(none|xMidYMid)\\s*(meet)?\\s*': '"none", "xMidYMid" or "xMidYMid meet" (or leave it out: the default is "xMidYMid meet")',
});

/** Attributes whose shared hint only repeats what `expected` already says. */
const HINT_REPEATS_EXPECTED = new Set(['id', 'xml:id', 'xml:lang', 'preserveAspectRatio']);

function orList(parts: readonly string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} or ${parts[parts.length - 1]}`;
}

function expected(spec: AttributeSpec): string {
  const parts: string[] = [];
  if (spec.values && spec.values.length > 0) parts.push(...spec.values.map((v) => `"${v}"`));
  for (const t of spec.types ?? []) {
    if (t === 'string' && spec.pattern) parts.push(PATTERN_NAMES[spec.pattern] ?? `a value matching ${spec.pattern}`);
    else if (TYPE_NAMES[t]) parts.push(TYPE_NAMES[t]!);
  }
  if (spec.emptyOk) parts.push('empty');
  return orList(parts);
}

/** Advice after the list of allowed values, as a sentence, or ''. */
function hint(key: string, value: string, isRoot: boolean): string {
  let text = VALUE_HINTS[key];
  if (key === 'font-weight') {
    // The shared hint is about numeric weights; other wrong values need other advice.
    if (isRoot && collapseWhitespace(value) === 'inherit') text = 'the root has nothing to inherit from; leave the attribute out';
    else if (!/^\s*[0-9]+\s*$/.test(value)) text = undefined;
  }
  if (!text || HINT_REPEATS_EXPECTED.has(key)) return '';
  return ` ${text[0]!.toUpperCase()}${text.slice(1)}.`;
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
      invalid: 'Value "{{value}}" is not allowed for {{name}} on <{{element}}>; expected {{expected}}.{{hint}}',
    },
  },
  create(context) {
    return {
      'element:enter'(el, state) {
        const spec = checkedSpec(el, state);
        if (!spec) return;
        const isRoot = state.depth === 0;
        forEachAttribute(el, (a, kind) => {
          if (kind.kind !== 'schema') return;
          if (isRoot && (kind.key === 'version' || kind.key === 'baseProfile')) return;
          const aspec = spec.attributes[kind.key];
          if (!aspec || isFreeText(aspec) || valueAccepted(aspec, a.value)) return;
          context.report({
            node: a,
            messageId: 'invalid',
            data: { value: excerpt(a.value), name: a.name, element: el.nodeName, expected: expected(aspec), hint: hint(kind.key, a.value, isRoot) },
          });
        });
      },
    };
  },
});
