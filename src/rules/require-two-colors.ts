import { defineRule } from './define.js';
import { draft } from './citations.js';
import { getRenderModel, visibleColors } from '../profile/render-model.js';
import { isSvgRoot } from './util.js';

export default defineRule({
  id: 'require-two-colors',
  meta: {
    description: 'The rendered logo must use at least two colours.',
    tier: 'must',
    citations: [draft('2.4', 'R18: "MUST include at least two colors when rendered"')],
    rationale:
      'A single-colour logo on a transparent background is a silhouette that may vanish against the mail client\'s background (black on dark mode). bimi-svg counts the colours actually painted: inherited fills, the default black fill, currentColor, gradient stops and solidColor, through <use>; shapes with fill="none" or zero opacity and everything in <defs> that is not used do not count. A transparent background is not a colour.',
    howToFix: 'Add a second colour, typically an opaque background shape (e.g. a white or brand-coloured square behind the mark).',
    messages: {
      none: 'The logo paints nothing visible, so it has no colours; it must render at least two.',
      one: 'The logo renders only one colour ({{color}}, from {{origin}}); it must render at least two, e.g. add a solid background.',
    },
  },
  create(context) {
    return {
      'document:exit'(doc) {
        if (!isSvgRoot(doc.root)) return;
        const model = getRenderModel(doc);
        if (!model.complete) return;
        const colors = visibleColors(model);
        if (colors.size >= 2) return;
        if (colors.size === 0) return context.report({ node: doc.root, messageId: 'none' });
        const [color, origin] = [...colors][0]!;
        context.report({ node: doc.root, messageId: 'one', data: { color, origin } });
      },
    };
  },
});
