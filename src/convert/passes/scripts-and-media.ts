import type { Pass } from '../context.js';
import { attributes, elements, isSvgElement, remove } from '../dom.js';

const REMOVED: Readonly<Record<string, { ruleId: string; what: string }>> = {
  script: { ruleId: 'no-script', what: 'script' },
  handler: { ruleId: 'no-script', what: 'script' },
  listener: { ruleId: 'no-script', what: 'script' },
  foreignObject: { ruleId: 'element-allowed-list', what: 'foreign content' },
  animate: { ruleId: 'no-animation', what: 'animation' },
  set: { ruleId: 'no-animation', what: 'animation' },
  animateMotion: { ruleId: 'no-animation', what: 'animation' },
  animateColor: { ruleId: 'no-animation', what: 'animation' },
  animateTransform: { ruleId: 'no-animation', what: 'animation' },
  discard: { ruleId: 'no-animation', what: 'animation' },
  mpath: { ruleId: 'no-animation', what: 'animation' },
  audio: { ruleId: 'no-multimedia', what: 'multimedia' },
  video: { ruleId: 'no-multimedia', what: 'multimedia' },
  animation: { ruleId: 'no-multimedia', what: 'multimedia' },
  view: { ruleId: 'element-allowed-list', what: 'view' },
  cursor: { ruleId: 'element-allowed-list', what: 'cursor' },
  prefetch: { ruleId: 'element-allowed-list', what: 'prefetch' },
  title: { ruleId: 'element-placement', what: 'title' },
  desc: { ruleId: 'element-placement', what: 'description' },
};

/**
 * [E6, E8] Deletes scripts, event handlers, animation, multimedia, foreign content,
 * and titles/descriptions that are not direct children of the root (Inkscape layer
 * labels). None of them draws the static logo.
 */
const pass: Pass = {
  id: 'scripts-and-media',
  description: 'Deletes scripts, event handlers, animation, multimedia, foreign content and misplaced titles and descriptions.',
  run(ctx) {
    for (const el of elements(ctx.root)) {
      if (!el.parentNode || el === ctx.root) continue;
      const local = el.localName ?? '';
      if (isSvgElement(el) && Object.prototype.hasOwnProperty.call(REMOVED, local)) {
        if ((local === 'title' || local === 'desc') && el.parentNode === ctx.root) continue;
        const { ruleId, what } = REMOVED[local]!;
        remove(el);
        ctx.change('scripts-and-media', `removed <${local}> (${what})`, { ruleId });
        continue;
      }
      for (const a of attributes(el)) {
        if (!a.namespaceURI && /^on[a-z]/i.test(a.name)) {
          el.removeAttributeNode(a);
          ctx.change('scripts-and-media', 'removed event handler attributes (on…)', { ruleId: 'no-script' });
        }
      }
    }
    for (const a of attributes(ctx.root)) {
      if (!a.namespaceURI && /^on[a-z]/i.test(a.name)) {
        ctx.root.removeAttributeNode(a);
        ctx.change('scripts-and-media', 'removed event handler attributes (on…)', { ruleId: 'no-script' });
      }
    }
  },
};
export default pass;
