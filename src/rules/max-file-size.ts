import { defineRule } from './define.js';
import { bimiGroup, draft, gmail } from './citations.js';

export default defineRule({
  id: 'max-file-size',
  meta: {
    description: 'The uncompressed document should not exceed 32 KB (32,768 bytes; configurable with maxBytes).',
    tier: 'should',
    citations: [draft('2.4', 'R17'), bimiGroup('32KB (32,768 bytes)'), gmail('32 KB or smaller')],
    rationale:
      'The draft says a Tiny PS document SHOULD NOT exceed 32 kilobytes, measured uncompressed. BIMI Group reads that as 32,768 bytes and Gmail as "32 KB or smaller"; receivers may refuse larger logos. Compression (.svgz) does not help: the size is measured after decompression.',
    howToFix: 'Simplify the artwork (fewer nodes, fewer decimals) or run `bimi-svg convert`, which optimises the file and lowers precision only while it still looks the same.',
    messages: {
      tooBig: 'The document is {{bytes}} bytes{{compressed}}, over the {{max}}-byte limit {{source}}.',
    },
  },
  create(context) {
    return {
      source(info) {
        if (info.bytes === null || info.bytes <= context.options.maxBytes) return;
        context.report({
          node: { line: 1, column: 1 },
          messageId: 'tooBig',
          data: {
            bytes: info.bytes.toLocaleString('en-US'),
            compressed: info.compressed ? ' after decompression' : '',
            max: context.options.maxBytes.toLocaleString('en-US'),
            // Only the default is the limit receivers apply; say so when maxBytes changed it.
            source: context.options.maxBytes === 32_768 ? 'that receivers apply (draft: 32 KB)' : 'set with maxBytes (receivers apply 32,768 bytes)',
          },
        });
      },
    };
  },
});
