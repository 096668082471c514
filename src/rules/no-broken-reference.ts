import { defineRule } from './define.js';
import { tiny } from './citations.js';
import { parsePaint } from '../profile/color.js';
import { SVG_NS, XLINK_NS } from '../profile/schema.js';

const PAINT_SERVERS = new Set(['linearGradient', 'radialGradient', 'solidColor']);
/** Elements visited per <use> when looking for indirect cycles. */
const CYCLE_BUDGET = 20_000;

type El = import('@xmldom/xmldom').Element;

/** The local target of a <use>, or null. */
function useTarget(el: El, ids: ReadonlyMap<string, El>): El | null {
  const v = (el.getAttribute('href') || el.getAttributeNS(XLINK_NS, 'href') || '').trim();
  return v.startsWith('#') ? (ids.get(v.slice(1)) ?? null) : null;
}

/** Whether expanding `use` (following nested <use>s) comes back to `use` itself. */
function leadsBackTo(use: El, ids: ReadonlyMap<string, El>): boolean {
  const expanded = new Set<El>();
  const pending: El[] = [];
  const first = useTarget(use, ids);
  if (first) pending.push(first);
  let visits = 0;
  while (pending.length > 0) {
    const root = pending.pop()!;
    if (expanded.has(root)) continue;
    expanded.add(root);
    const walk: El[] = [root];
    while (walk.length > 0) {
      if (++visits > CYCLE_BUDGET) return false;
      const e = walk.pop()!;
      if (e === use) return true;
      if (e.localName === 'use' && e.namespaceURI === SVG_NS) {
        const t = useTarget(e, ids);
        if (t) pending.push(t);
      }
      for (let c = e.firstChild; c; c = c.nextSibling) if (c.nodeType === 1) walk.push(c as El);
    }
  }
  return false;
}

export default defineRule({
  id: 'no-broken-reference',
  meta: {
    description: 'Local references (url(#id), href="#id") should point at an element that exists and can be used there.',
    tier: 'should',
    citations: [tiny('11.2', 'painting', 'SpecifyingPaint'), tiny('5.6', 'struct', 'UseElement')],
    rationale:
      'A fill or stroke that points at a missing or unsuitable element paints nothing (or its fallback), and a <use> of a missing element draws nothing: parts of the logo silently disappear. This usually happens when a converter or hand edit drops a gradient but keeps its users.',
    howToFix: 'Restore the referenced element, fix the id, or replace the reference with a colour.',
    messages: {
      missingPaint: '{{name}}="{{value}}" refers to #{{id}}, which does not exist: nothing is painted.',
      notPaintServer: '{{name}}="{{value}}" refers to <{{target}}>, which is not a gradient or solidColor: nothing is painted.',
      missingUse: '<use> refers to #{{id}}, which does not exist: nothing is drawn.',
      selfUse: '<use> refers to itself or an ancestor (#{{id}}), which is an error.',
      cycle: '<use> refers to #{{id}}, which leads back to this <use> through other <use> elements: circular references are an error.',
    },
  },
  create(context) {
    return {
      'element:enter'(el) {
        if (el.namespaceURI !== SVG_NS) return;
        const ids = context.document.ids;
        for (const name of ['fill', 'stroke']) {
          const a = el.getAttributeNode(name);
          if (!a) continue;
          const p = parsePaint(a.value);
          if (p.kind !== 'url' || p.id === null || p.fallback) continue;
          const target = ids.get(p.id);
          if (!target) context.report({ node: a, messageId: 'missingPaint', data: { name, value: a.value.trim(), id: p.id } });
          else if (target.namespaceURI !== SVG_NS || !PAINT_SERVERS.has((target.localName ?? ''))) {
            context.report({ node: a, messageId: 'notPaintServer', data: { name, value: a.value.trim(), target: target.nodeName } });
          }
        }
        if (el.localName === 'use') {
          const a = el.getAttributeNode('href') ?? el.getAttributeNodeNS(XLINK_NS, 'href');
          const v = a?.value.trim() ?? '';
          if (!a || !v.startsWith('#')) return;
          const id = v.slice(1);
          const target = ids.get(id);
          if (!target) context.report({ node: a, messageId: 'missingUse', data: { id } });
          else {
            let ancestor = false;
            for (let e: typeof el | null = el; e && e.nodeType === 1; e = e.parentNode as typeof el | null) {
              if (e === target) {
                context.report({ node: a, messageId: 'selfUse', data: { id } });
                ancestor = true;
                break;
              }
            }
            if (!ancestor && leadsBackTo(el, ids)) context.report({ node: a, messageId: 'cycle', data: { id } });
          }
        }
      },
    };
  },
});
