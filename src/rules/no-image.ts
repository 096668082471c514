import { defineRule } from './define.js';
import { draft, schema, tiny } from './citations.js';
import { excerpt, isSvg } from './util.js';

export default defineRule({
  id: 'no-image',
  meta: {
    description: 'The document must not contain <image> elements (embedded or linked raster images).',
    tier: 'schema',
    citations: [draft('2.3', 'R10: Tiny 1.2 §5.7 image MUST NOT be present'), schema('no image element'), tiny('5.7', 'struct', 'ImageElement')],
    rationale:
      'A BIMI logo must be vector artwork. An <image> either fetches an external file or embeds a bitmap (often a base64 PNG) inside an SVG wrapper, which "does not match the guidelines" of any receiver and cannot be certified.',
    howToFix: 'Recreate the logo as vector shapes (from the original design file). Tracing a bitmap automatically rarely gives a faithful logo.',
    messages: {
      embedded: '<image> embeds a raster image ({{kind}}): a BIMI logo must be vector shapes only.',
      embeddedSvg: '<image> embeds another SVG document as a picture: draw its shapes directly in the logo instead.',
      linked: '<image> displays the image file "{{href}}": a BIMI logo must be vector shapes only, with nothing loaded from elsewhere.',
      noSource: '<image> displays a raster image: a BIMI logo must be vector shapes only.',
    },
  },
  create(context) {
    return {
      'element:enter'(el) {
        if (!isSvg(el, 'image')) return;
        const href = el.getAttribute('href') ?? el.getAttributeNS('http://www.w3.org/1999/xlink', 'href') ?? '';
        const data = /^\s*data:([^;,]*)/i.exec(href);
        if (data && /^\s*image\/svg\+xml\s*$/i.test(data[1]!)) context.report({ node: el, messageId: 'embeddedSvg' });
        else if (data) context.report({ node: el, messageId: 'embedded', data: { kind: data[1]!.trim() || 'data: URI' } });
        else if (href.trim() !== '') context.report({ node: el, messageId: 'linked', data: { href: excerpt(href) } });
        else context.report({ node: el, messageId: 'noSource' });
      },
    };
  },
});
