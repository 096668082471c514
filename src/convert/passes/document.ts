import type { Pass } from '../context.js';

/** [A1, A3] Drops comments and processing instructions (the DOCTYPE is removed while parsing). */
const pass: Pass = {
  id: 'document',
  description: 'Removes comments and processing instructions; the output is UTF-8 without a DOCTYPE.',
  run(ctx) {
    const stack: import('@xmldom/xmldom').Node[] = [ctx.doc];
    while (stack.length > 0) {
      const node = stack.pop()!;
      for (let c = node.firstChild; c; ) {
        const next = c.nextSibling;
        if (c.nodeType === 8) {
          node.removeChild(c);
          ctx.change('document', 'removed comments');
        } else if (c.nodeType === 7) {
          node.removeChild(c);
          const target = (c as unknown as { target: string }).target;
          // The XML declaration is not a processing instruction, although xmldom keeps it as one.
          if (target !== 'xml') ctx.change('document', `removed the processing instruction <?${target}?>`, { ruleId: 'no-processing-instruction' });
        } else if (c.nodeType === 10) {
          node.removeChild(c);
        } else if (c.nodeType === 1) {
          stack.push(c);
        }
        c = next;
      }
    }
  },
};
export default pass;
