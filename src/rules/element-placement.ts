import { defineRule } from './define.js';
import { schema } from './citations.js';
import { ELEMENTS, elementSpec } from '../profile/schema.js';
import { isSvgRoot } from './util.js';

let parentsOf: Map<string, string[]> | undefined;
function allowedParents(name: string): string[] {
  if (!parentsOf) {
    parentsOf = new Map();
    for (const [parent, spec] of Object.entries(ELEMENTS)) {
      if (!spec.reachable) continue;
      for (const child of [...(spec.first ? [spec.first] : []), ...spec.children]) {
        const list = parentsOf.get(child) ?? [];
        list.push(parent);
        parentsOf.set(child, list);
      }
    }
  }
  return parentsOf.get(name) ?? [];
}

export default defineRule({
  id: 'element-placement',
  meta: {
    description: 'Each Tiny PS element may only appear inside the parents the schema allows (e.g. <stop> only in gradients, <desc> and <metadata> only in <svg>).',
    tier: 'schema',
    citations: [schema('content models of svg, g, defs, linearGradient, radialGradient')],
    rationale:
      'The schema fixes where each element may appear: <title>, <desc> and <metadata> only directly in <svg>, <stop> only in gradients, and shapes, text and <use> cannot contain elements at all. Validators report a misplaced element as "not allowed here".',
    howToFix: 'Move the element to an allowed parent (listed in the message) or remove it.',
    messages: {
      misplaced: '<{{name}}> is not allowed inside <{{parent}}>; it may appear in: {{parents}}.',
      noChildren: '<{{parent}}> cannot contain elements, so <{{name}}> is not allowed here.',
      titleNotFirst: '<title> is only allowed once, as the first child of <svg>; not inside <{{parent}}>.',
      rootOnly: '<{{name}}> is only allowed as the root element, not inside <{{parent}}>: move its content into a <g> (with a transform if needed).',
    },
  },
  create(context) {
    return {
      'element:enter'(el, state) {
        if (state.depth === 0 || state.insideUnknown) return;
        const spec = elementSpec(el);
        if (!spec || !spec.reachable) return;
        const parent = el.parentNode as typeof el | null;
        if (!parent || parent.nodeType !== 1) return;
        const parentSpec = elementSpec(parent);
        if (!parentSpec) return;
        if (el.localName === 'title' && isSvgRoot(parent)) return;
        const allowed = parentSpec.first === (el.localName ?? '') || parentSpec.children.includes((el.localName ?? ''));
        if (allowed) return;
        if (el.localName === 'title') {
          context.report({ node: el, messageId: 'titleNotFirst', data: { parent: parent.nodeName } });
        } else if (parentSpec.children.length === 0 && parentSpec.first === null) {
          context.report({ node: el, messageId: 'noChildren', data: { name: el.nodeName, parent: parent.nodeName } });
        } else {
          const parents = allowedParents((el.localName ?? '')).map((p) => `<${p}>`).join(', ');
          if (parents === '') {
            context.report({ node: el, messageId: 'rootOnly', data: { name: el.nodeName, parent: parent.nodeName } });
            return;
          }
          context.report({ node: el, messageId: 'misplaced', data: { name: el.nodeName, parent: parent.nodeName, parents } });
        }
      },
    };
  },
});
