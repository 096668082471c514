import { defineRule } from './define.js';
import { receiverGuidance } from './citations.js';

/** Reported by the parser before any tree is built. */
export default defineRule({
  id: 'input-limits',
  meta: {
    description: 'The input must stay within safe limits of size, nesting depth and element count.',
    tier: 'security',
    citations: [receiverGuidance('XML bombs and resource exhaustion'), { text: 'bimi-svg input limits (10 MiB, depth 256, 200,000 elements)' }],
    rationale:
      'A BIMI logo is a few kilobytes. Inputs that are megabytes large, nested thousands of levels deep or that decompress into gigabytes are either mistakes or attacks; refusing them early keeps every later step bounded in time and memory.',
    howToFix: 'Check that this is the logo you meant to validate. A real logo should be well under 32 KB; simplify the artwork or flatten nested groups.',
    messages: {
      tooLarge: 'Refused: {{detail}}.',
      tooDeep: 'Refused: elements are nested more than {{max}} levels deep; no logo needs this, and deep nesting is a common denial-of-service pattern.',
      tooManyElements: 'Refused: the document has more than {{max}} elements; a BIMI logo has at most a few thousand.',
    },
  },
  create() {
    return {};
  },
});
