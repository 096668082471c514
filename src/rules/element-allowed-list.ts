import { defineRule } from './define.js';
import { schema } from './citations.js';
import { ELEMENT_HINTS, FOREIGN_NAMESPACE_HINTS } from '../profile/hints.js';
import { ELEMENTS, SVG_NS, elementSpec } from '../profile/schema.js';
import { elementOwner } from './ownership.js';

/** A table entry, never an inherited property: <constructor> must not find Object.prototype.constructor. */
function lookup(table: Readonly<Record<string, string>>, key: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

export default defineRule({
  id: 'element-allowed-list',
  meta: {
    description: 'Only the elements of the Tiny PS schema may appear: svg, title, desc, metadata, g, defs, use, the basic shapes, path, text, textArea, gradients, stop and solidColor.',
    tier: 'schema',
    citations: [schema('element definitions (start = svg)')],
    rationale:
      'The official schema lists every element a Tiny PS document may contain; everything else, including common export output such as <style>, <clipPath>, <mask>, <filter>, <symbol>, <tspan> and editor elements in other namespaces, makes validators and receivers reject the logo. Elements inside a rejected element are not reported again.',
    howToFix: 'Remove the element or rewrite it with allowed elements; `bimi-svg convert` handles styles, clip paths that change nothing, editor data and more.',
    messages: {
      unknown: '<{{name}}> is not allowed in SVG Tiny PS{{hint}}.',
      unreachable: '<{{name}}> is not allowed in SVG Tiny PS{{hint}}.',
      foreign: '<{{name}}> is in the foreign namespace {{ns}}, which a Tiny PS document may not contain{{hint}}.',
      noNamespace: '<{{name}}> has no namespace (xmlns=""), so it is not an SVG element and is not allowed.',
    },
  },
  create(context) {
    return {
      'element:enter'(el, state) {
        if (state.depth === 0 || state.insideUnknown) return;
        const spec = elementSpec(el);
        if (spec && spec.reachable) return;
        const owner = elementOwner(el);
        if (owner && context.isEnabled(owner)) return;
        const hintText = lookup(ELEMENT_HINTS, el.localName ?? '');
        let hint = hintText ? `: ${hintText}` : '';
        if (spec && !hintText) hint = ': the schema defines it, but no element may contain it';
        if (!spec && !hintText && el.namespaceURI === SVG_NS) {
          // HTML sanitizers and some CMSs lowercase names: <lineargradient>, <textarea>.
          const lower = (el.localName ?? '').toLowerCase();
          const meant = Object.keys(ELEMENTS).find((name) => name.toLowerCase() === lower && ELEMENTS[name]!.reachable);
          if (meant) hint = `: element names are case-sensitive; write <${meant}>`;
        }
        if (spec) context.report({ node: el, messageId: 'unreachable', data: { name: el.nodeName, hint } });
        else if (el.namespaceURI === SVG_NS) context.report({ node: el, messageId: 'unknown', data: { name: el.nodeName, hint } });
        else if (!el.namespaceURI) context.report({ node: el, messageId: 'noNamespace', data: { name: el.nodeName } });
        else {
          const nsHint = lookup(FOREIGN_NAMESPACE_HINTS, el.namespaceURI) ?? hintText;
          context.report({ node: el, messageId: 'foreign', data: { name: el.nodeName, ns: el.namespaceURI, hint: nsHint ? `: ${nsHint}` : '' } });
        }
      },
    };
  },
});
