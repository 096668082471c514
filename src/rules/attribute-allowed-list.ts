import { defineRule } from './define.js';
import { schema } from './citations.js';
import { ATTRIBUTE_HINTS, FOREIGN_NAMESPACE_HINTS, ROOT_ATTRIBUTE_HINTS } from '../profile/hints.js';
import { checkedSpec, forEachAttribute } from './util.js';
import { isEventAttribute } from './ownership.js';

function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  const row = Array.from({ length: b.length + 1 }, (_, k) => k);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

/** A table entry, never an inherited property: `toString="…"` must not find Object.prototype.toString. */
function lookup(table: Readonly<Record<string, string>>, key: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

/** A hint as a sentence of its own: capitalised, ending with a period. */
function sentence(hint: string): string {
  return `${hint.charAt(0).toUpperCase()}${hint.slice(1)}${/[.?!]$/.test(hint) ? '' : '.'}`;
}

export default defineRule({
  id: 'attribute-allowed-list',
  meta: {
    description: 'Each element may only carry the attributes the Tiny PS schema lists for it; no attribute in a foreign namespace (xlink:, inkscape:, sodipodi: …) is allowed.',
    tier: 'schema',
    citations: [schema('attribute lists of each element; no foreign-namespace attributes')],
    rationale:
      'The schema lists the allowed attributes per element. Common export output such as style, opacity, clip-path, mask, filter, x/y and transform on the root, display/visibility on shapes, data-*/aria-* and xlink:href is rejected. Namespace declarations (xmlns:…) are not attributes and are ignored.',
    howToFix: 'Remove the attribute or rewrite it as an allowed one (the message says how); `bimi-svg convert` rewrites style, opacity, xlink:href and editor attributes.',
    messages: {
      notAllowed: 'Attribute {{name}} is not allowed on <{{element}}>{{hint}}',
      foreign: 'Attribute {{name}} (namespace {{ns}}) is not allowed: the schema accepts no attributes in other namespaces.{{hint}}',
    },
  },
  create(context) {
    return {
      'element:enter'(el, state) {
        const spec = checkedSpec(el, state);
        if (!spec) return;
        const isRoot = state.depth === 0;
        // A nested <svg> is rejected as a whole by element-placement (its content belongs in a
        // <g>); checking its x/y against the root's attribute list would only repeat that.
        if (!isRoot && el.localName === 'svg' && context.isEnabled('element-placement')) return;
        forEachAttribute(el, (a, kind) => {
          if (kind.kind === 'declaration') return;
          if (kind.kind === 'foreign') {
            const hint = lookup(FOREIGN_NAMESPACE_HINTS, kind.namespace);
            context.report({ node: a, messageId: 'foreign', data: { name: a.name, ns: kind.namespace, hint: hint ? ` ${sentence(hint)}` : '' } });
            return;
          }
          if (Object.prototype.hasOwnProperty.call(spec.attributes, kind.key)) return;
          if (isEventAttribute(a.name, a.namespaceURI) && context.isEnabled('no-script')) return;
          let hint = (isRoot ? lookup(ROOT_ATTRIBUTE_HINTS, kind.key) : undefined) ?? lookup(ATTRIBUTE_HINTS, kind.key);
          if (!hint && /^(data|aria)-/.test(kind.key)) hint = `${kind.key.slice(0, 4)}-* attributes are not part of Tiny PS; remove them`;
          if (!hint) {
            const close = Object.keys(spec.attributes).find((name) => distance(name, kind.key) <= (kind.key.length > 5 ? 2 : 1));
            if (close) hint = `; did you mean ${close}?`;
          }
          // The hint ends the sentence: "…: advice." or "; did you mean x?" (no period after the question mark).
          const text = !hint ? '.' : hint.startsWith(';') ? hint : `: ${hint}.`;
          context.report({ node: a, messageId: 'notAllowed', data: { name: a.name, element: el.nodeName, hint: text } });
        });
      },
    };
  },
});
