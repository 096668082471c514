import type { Pass } from '../context.js';
import { attributes, children, isSvgElement } from '../dom.js';
import { CONSTRAINED } from '../../rules/constrained-attributes.js';

/** Root attributes that carry nothing for a BIMI logo (§6.2, RNC, or inert). */
const DROPPED = new Set(['x', 'y', 'enable-background', 'overflow', 'contentScriptType', 'class', 'xml:space', 'preserveAspectRatio', 'clip', 'zoomAndPan']);

/**
 * [A4, A5, A6, A9, A14] Makes the root a Tiny PS root: version="1.2",
 * baseProfile="tiny-ps", no x/y (Illustrator), no constrained or inert attributes,
 * a root transform moved into a group. width, height and viewBox are set by the
 * `square` pass.
 */
const pass: Pass = {
  id: 'root',
  description: 'Sets version and baseProfile, removes root x/y and inert root attributes, and moves a root transform into a group.',
  run(ctx) {
    const root = ctx.root;
    if (root.getAttribute('version') !== '1.2') {
      root.setAttribute('version', '1.2');
      ctx.change('root', 'set version="1.2"', { ruleId: 'root-version' });
    }
    if (root.getAttribute('baseProfile') !== 'tiny-ps') {
      root.setAttribute('baseProfile', 'tiny-ps');
      ctx.change('root', 'set baseProfile="tiny-ps"', { ruleId: 'root-base-profile' });
    }
    for (const a of attributes(root)) {
      const name = a.name;
      if (DROPPED.has(name) || Object.prototype.hasOwnProperty.call(CONSTRAINED, name) || /^(data|aria)-/.test(name)) {
        root.removeAttributeNode(a);
        const why = name === 'x' || name === 'y' ? 'attribute-allowed-list' : Object.prototype.hasOwnProperty.call(CONSTRAINED, name) ? 'constrained-attributes' : 'attribute-allowed-list';
        ctx.change('root', `removed ${name} from the root`, { ruleId: why });
      }
    }
    const id = root.getAttribute('id');
    if (id !== null) {
      root.removeAttribute('id');
      ctx.change('root', 'removed the root id');
    }
    const transform = root.getAttribute('transform');
    if (transform !== null) {
      root.removeAttribute('transform');
      if (transform.trim() !== '' && transform.trim() !== 'none') {
        const g = ctx.doc.createElementNS(root.namespaceURI!, 'g');
        g.setAttribute('transform', transform);
        for (const c of children(root)) {
          if (isSvgElement(c, 'title', 'desc', 'metadata')) continue;
          g.appendChild(c);
        }
        root.appendChild(g);
        ctx.change('root', 'moved the root transform into a <g>', { ruleId: 'attribute-allowed-list' });
      }
    }
  },
};
export default pass;
