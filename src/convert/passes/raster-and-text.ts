import type { Pass } from '../context.js';
import { elements, href, isSvgElement } from '../dom.js';

/**
 * [E5, G1] Refuses what cannot be converted automatically without changing the
 * logo: raster images (they need vector artwork) and live text (it needs outlines
 * made with the font, which bimi-svg does not have).
 */
const pass: Pass = {
  id: 'raster-and-text',
  description: 'Refuses raster images and live text, with an explanation of what to do instead.',
  run(ctx) {
    const texts: string[] = [];
    for (const el of elements(ctx.root)) {
      if (isSvgElement(el, 'image')) {
        const src = href(el) ?? '';
        const data = /^\s*data:([^;,]*)/i.exec(src);
        ctx.refuse(
          'raster-and-text',
          'no-image',
          data
            ? `<image> embeds a raster image (${data[1] || 'data URI'}): a BIMI logo must be vector artwork; export the logo from its vector source (bitmap tracing rarely gives a faithful logo)`
            : `<image> shows a raster image${src ? ` (${src.slice(0, 60)})` : ''}: a BIMI logo must be vector artwork; export the logo from its vector source`,
          el,
        );
      } else if (isSvgElement(el, 'text', 'textArea', 'textPath', 'tspan') && !isSvgElement(el.parentNode, 'text', 'textArea')) {
        const content = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
        if (content) texts.push(content);
        ctx.refuse(
          'raster-and-text',
          'no-text',
          `<${el.localName}> "${content.slice(0, 40)}" must be converted to outlines in your design tool (Illustrator: Type › Create Outlines; Inkscape: Path › Object to Path; Figma: Outline stroke / Flatten): receivers do not have your fonts`,
          el,
        );
      }
    }
    void texts;
  },
};
export default pass;
