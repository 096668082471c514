import { defineRule } from './define.js';
import { gmail, receiverGuidance } from './citations.js';
import { parseRootLength, parseViewBox, toPixels } from '../profile/numbers.js';
import { isSvgRoot } from './util.js';

const fmt = (n: number) => String(+n.toFixed(3));

export default defineRule({
  id: 'square-viewbox',
  meta: {
    description: 'The logo should be square: a 1:1 viewBox (and width/height).',
    tier: 'policy',
    citations: [receiverGuidance('Indicators "should be constructed to display in a 1:1 aspect ratio"'), gmail('"The logo image should be centered in a square"')],
    rationale:
      'Mail clients show logos in squares and circles. A non-square logo is scaled to fit and padded, distorted or cropped (Gmail converts it to a square raster). This is a recommendation, not a MUST: certificates have been issued for non-square logos.',
    howToFix: 'Make the viewBox square and centre the artwork in it, with some margin for circular crops; `bimi-svg convert --padding 10` does this.',
    messages: {
      viewBox: 'The viewBox is {{width}} × {{height}} (ratio {{ratio}}), not square: receivers crop or pad non-square logos.',
      size: 'width and height are {{width}} × {{height}}, not square.',
    },
  },
  create(context) {
    return {
      'document:enter'(doc) {
        if (!isSvgRoot(doc.root)) return;
        const attr = doc.root.getAttributeNode('viewBox');
        const vb = attr ? parseViewBox(attr.value) : null;
        if (attr && vb && vb.width > 0 && vb.height > 0 && Math.abs(vb.width - vb.height) > 1e-6 * Math.max(vb.width, vb.height)) {
          context.report({ node: attr, messageId: 'viewBox', data: { width: fmt(vb.width), height: fmt(vb.height), ratio: fmt(vb.width / vb.height) } });
          return;
        }
        // A square viewBox in a non-square viewport is still shown non-square (letterboxed or stretched).
        const w = doc.root.getAttributeNode('width');
        const h = doc.root.getAttributeNode('height');
        const wl = w ? parseRootLength(w.value) : null;
        const hl = h ? parseRootLength(h.value) : null;
        const wp = wl ? toPixels(wl) : null;
        const hp = hl ? toPixels(hl) : null;
        if (w && wp && hp && Math.abs(wp - hp) > 1e-6 * Math.max(wp, hp)) {
          context.report({ node: w, messageId: 'size', data: { width: w.value, height: h!.value } });
        }
      },
    };
  },
});
