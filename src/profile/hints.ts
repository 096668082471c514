/**
 * Plain-English explanations for what the schema rejects. These are advice, not a
 * second copy of the schema: whether something is allowed always comes from the
 * generated tables.
 */
import { dict } from '../dict.js';

export const ELEMENT_HINTS: Readonly<Record<string, string>> = dict({
  style: 'SVG Tiny 1.2 has no style sheets; move each declaration into presentation attributes (fill="…"), which `bimi-svg convert` does for you',
  clipPath: 'clipping is not part of Tiny PS; remove the clip when it changes nothing, or bake it into the shapes',
  mask: 'masks are not part of Tiny PS; flatten the masked artwork into plain shapes',
  filter: 'filters (blur, shadows) are not part of Tiny PS; remove them',
  pattern: 'pattern fills are not part of Tiny PS; expand the pattern into shapes',
  marker: 'markers are not part of Tiny PS; draw the arrowheads as shapes',
  symbol: 'symbols are not part of Tiny PS; inline the referenced content where it is used',
  foreignObject: 'foreign content (HTML) cannot appear in a BIMI logo',
  tspan: '<text> may contain only characters; better still, convert the text to outlines (paths)',
  tbreak: '<textArea> may contain only characters in Tiny PS',
  textPath: 'text on a path is not part of Tiny PS; convert the text to outlines',
  font: 'embedded fonts are defined in the schema but can appear nowhere; convert the text to outlines',
  'font-face': 'embedded fonts are defined in the schema but can appear nowhere; convert the text to outlines',
  glyph: 'embedded fonts are defined in the schema but can appear nowhere; convert the text to outlines',
  hkern: 'embedded fonts are defined in the schema but can appear nowhere; convert the text to outlines',
  svg: 'nested <svg> elements are not allowed; move their content into a <g> with a transform',
  view: 'views are not part of Tiny PS',
  cursor: 'cursors are interactive and not part of Tiny PS',
  prefetch: 'prefetching external resources is not part of Tiny PS',
  namedview: 'this is editor data (Inkscape/Sodipodi), not part of the drawing; remove it',
  RDF: '<metadata> may contain only text; RDF/XML from editors must be removed',
});

export const ATTRIBUTE_HINTS: Readonly<Record<string, string>> = dict({
  style: 'Tiny PS has no CSS; write each declaration as a presentation attribute (fill="#c00"), which `bimi-svg convert` does for you',
  opacity: 'use fill-opacity and stroke-opacity instead (group opacity cannot be expressed in Tiny PS)',
  'clip-path': 'clipping is not part of Tiny PS',
  'clip-rule': 'clipping is not part of Tiny PS',
  mask: 'masks are not part of Tiny PS',
  filter: 'filters are not part of Tiny PS',
  'marker-start': 'markers are not part of Tiny PS',
  'marker-mid': 'markers are not part of Tiny PS',
  'marker-end': 'markers are not part of Tiny PS',
  display: 'remove hidden elements instead of hiding them (display is only allowed on <title> and <desc>)',
  visibility: 'remove hidden elements instead of hiding them (visibility is only allowed on <title> and <desc>)',
  overflow: 'overflow is not part of Tiny PS; remove it',
  'enable-background': 'this is an obsolete editor attribute; remove it',
  gradientTransform: 'Tiny PS gradients cannot be transformed; bake the transform into the gradient coordinates (`bimi-svg convert` does)',
  spreadMethod: 'Tiny PS gradients only pad; remove it',
  fx: 'Tiny PS radial gradients have no focal point; remove fx/fy',
  fy: 'Tiny PS radial gradients have no focal point; remove fx/fy',
  href: 'gradients cannot inherit from other gradients in Tiny PS; copy the stops and attributes',
  requiredFeatures: 'conditional processing on features is not part of Tiny PS',
  requiredExtensions: 'conditional processing on extensions is not part of Tiny PS',
  'pointer-events': 'interactivity is not allowed (draft §2.3)',
  cursor: 'interactivity is not allowed (draft §2.3)',
  'shape-rendering': 'rendering hints are only allowed on <title> and <desc> in the schema; remove it',
  'image-rendering': 'rendering hints are only allowed on <title> and <desc> in the schema; remove it',
  'text-rendering': 'rendering hints are only allowed on <title> and <desc> in the schema; remove it',
  'letter-spacing': 'not an SVG Tiny 1.2 property; convert the text to outlines',
  'word-spacing': 'not an SVG Tiny 1.2 property; convert the text to outlines',
  'font-stretch': 'not an SVG Tiny 1.2 property',
  'text-decoration': 'not an SVG Tiny 1.2 property',
  'dominant-baseline': 'not an SVG Tiny 1.2 property',
  'alignment-baseline': 'not an SVG Tiny 1.2 property',
  'mix-blend-mode': 'blend modes are not part of Tiny PS',
  isolation: 'not part of Tiny PS',
  'color-interpolation-filters': 'filters are not part of Tiny PS',
  'stroke-alignment': 'not part of SVG',
  'paint-order': 'not part of Tiny PS; reorder the shapes instead',
});

/** Hints for attributes on the root element specifically. */
export const ROOT_ATTRIBUTE_HINTS: Readonly<Record<string, string>> = dict({
  x: 'Illustrator adds x/y to the root; they are not permitted (draft §6.2) and can simply be removed',
  y: 'Illustrator adds x/y to the root; they are not permitted (draft §6.2) and can simply be removed',
  transform: 'the root cannot be transformed; wrap the content in <g transform="…"> instead',
  requiredFonts: 'conditional attributes are not allowed on the root',
  systemLanguage: 'conditional attributes are not allowed on the root',
});

export const FOREIGN_NAMESPACE_HINTS: Readonly<Record<string, string>> = dict({
  'http://www.w3.org/1999/xlink':
    'the Tiny PS schema has no xlink attributes; for <use> write a plain href="#id", and gradients cannot reference each other',
  'http://www.inkscape.org/namespaces/inkscape': 'Inkscape editor data; remove it (Inkscape: save as "Plain SVG")',
  'http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd': 'Inkscape/Sodipodi editor data; remove it',
  'http://ns.adobe.com/AdobeIllustrator/10.0/': 'Adobe Illustrator editor data; remove it',
  'http://ns.adobe.com/Extensibility/1.0/': 'Adobe Illustrator editor data; remove it',
  'http://ns.adobe.com/Graphs/1.0/': 'Adobe Illustrator editor data; remove it',
  'http://ns.adobe.com/SaveForWeb/1.0/': 'Adobe Illustrator editor data; remove it',
  'http://www.serif.com/': 'Affinity editor data; remove it',
  'http://www.bohemiancoding.com/sketch/ns': 'Sketch editor data; remove it',
  'http://www.figma.com/figma/ns': 'Figma editor data; remove it',
  'http://www.w3.org/2000/svg': 'attributes must not be prefixed, even with the SVG namespace; write the plain name',
});

/** Attribute-specific advice for wrong enumerated values. */
export const VALUE_HINTS: Readonly<Record<string, string>> = dict({
  'font-weight': 'Tiny PS has no numeric weights: use normal, bold, bolder or lighter (400 = normal, 700 = bold); better, convert text to outlines',
  preserveAspectRatio: 'Tiny PS allows only "none", "xMidYMid" or "xMidYMid meet"; leave it out for the default',
  zoomAndPan: 'the draft allows only "disable" and recommends leaving the attribute out (§2.3)',
  externalResourcesRequired: 'the draft allows only "false" and recommends leaving the attribute out (§2.3)',
  focusable: 'the draft allows only "false" and recommends leaving the attribute out (§2.3)',
  playbackOrder: 'the draft allows only "all" and recommends leaving the attribute out (§2.3)',
  snapshotTime: 'the draft allows only "none" and recommends leaving the attribute out (§2.3)',
  timelineBegin: 'the draft allows only "onLoad" and recommends leaving the attribute out (§2.3)',
  id: 'an id must be an XML name without colons: start with a letter or "_", then letters, digits, ".", "-" or "_"',
  'xml:id': 'an id must be an XML name without colons: start with a letter or "_", then letters, digits, ".", "-" or "_"',
  class: 'class names must be XML name tokens separated by spaces (and class has no effect in Tiny PS; remove it)',
  'xml:lang': 'use a language tag such as "en" or "en-US"',
});
