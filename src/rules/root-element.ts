import { defineRule } from './define.js';
import { draft, schema } from './citations.js';
import { SVG_NS } from '../profile/schema.js';

export default defineRule({
  id: 'root-element',
  meta: {
    description: 'The root element must be <svg> in the SVG namespace (http://www.w3.org/2000/svg).',
    tier: 'schema',
    citations: [draft('2.1', 'R1'), schema('start = svg')],
    rationale:
      'Receivers only render documents whose root is an SVG <svg> element. Without xmlns="http://www.w3.org/2000/svg" the elements are not SVG at all, even if they are named like SVG elements.',
    howToFix: 'Make <svg xmlns="http://www.w3.org/2000/svg" …> the root element.',
    messages: {
      noNamespace: 'The root <svg> is not in the SVG namespace: add xmlns="http://www.w3.org/2000/svg".',
      wrongNamespace: 'The root <{{name}}> is in the namespace "{{ns}}"; it must be in http://www.w3.org/2000/svg.',
      notSvg: 'The root element is <{{name}}>; a BIMI logo must be an <svg> document.',
    },
  },
  create(context) {
    return {
      'document:enter'(doc) {
        const root = doc.root;
        if (root.localName === 'svg' && root.namespaceURI === SVG_NS) return;
        if (root.localName === 'svg' && !root.namespaceURI) context.report({ node: root, messageId: 'noNamespace' });
        else if (root.localName === 'svg') context.report({ node: root, messageId: 'wrongNamespace', data: { name: root.nodeName, ns: root.namespaceURI ?? '' } });
        else context.report({ node: root, messageId: 'notSvg', data: { name: root.nodeName } });
      },
    };
  },
});
