import { dict } from '../dict.js';
import { defineRule } from './define.js';
import { tiny } from './citations.js';
import { parseColorProperty, parsePaint, toHex, type ColorProblem, type Paint } from '../profile/color.js';
import { SVG_NS } from '../profile/schema.js';
import { excerpt } from './util.js';

const PAINT = new Set(['fill', 'stroke']);
const COLOR = new Set(['color', 'stop-color', 'solid-color', 'viewport-fill']);
const OPACITY_FOR: Readonly<Record<string, string>> = dict({
  fill: 'fill-opacity',
  stroke: 'stroke-opacity',
  'stop-color': 'stop-opacity',
  'solid-color': 'solid-opacity',
  'viewport-fill': 'viewport-fill-opacity',
});

/** What to write instead of "transparent" where the opacity attribute is not the answer. */
const TRANSPARENT_INSTEAD: Readonly<Record<string, string>> = dict({
  fill: '"none"',
  stroke: '"none"',
  'viewport-fill': '"none"',
  // color has no opacity of its own (and opacity is not allowed in Tiny PS).
  color: 'a colour, and fill-opacity="0" or stroke-opacity="0" where currentColor is used',
});

export default defineRule({
  id: 'color-syntax',
  meta: {
    description: 'Colours must use SVG Tiny 1.2 syntax: #rgb, #rrggbb, rgb(…) or one of the 16 keywords; no rgba(), hsl(), #rrggbbaa, transparent or other CSS names.',
    tier: 'must',
    citations: [tiny('11.13', 'painting', 'colorSyntax'), tiny('11.2', 'painting', 'SpecifyingPaint')],
    rationale:
      'SVG Tiny 1.2 knows only #rgb, #rrggbb, rgb() with integers or percentages and 16 colour keywords (black, silver, gray, white, maroon, red, purple, fuchsia, green, lime, olive, yellow, navy, blue, teal, aqua). Anything else is unsupported: a strict renderer ignores the value and paints the inherited or default colour (black), so the logo changes colour. Transparency is written with the separate *-opacity attributes.',
    howToFix: 'Use the hex value given in the message; for transparency add fill-opacity / stroke-opacity / stop-opacity. `bimi-svg convert` rewrites colours for you.',
    messages: {
      alpha: '{{name}}="{{value}}" uses {{what}}, which SVG Tiny 1.2 does not have: write {{name}}="{{hex}}" {{opacity}}="{{alpha}}".',
      noAlpha: '{{name}}="{{value}}" uses {{what}}, which SVG Tiny 1.2 does not have: write {{name}}="{{hex}}".',
      transparent: '{{name}}="transparent" is not an SVG Tiny 1.2 colour: use {{instead}}.',
      named: '{{name}}="{{value}}": "{{color}}" is not one of the 16 SVG Tiny 1.2 colour keywords; write {{hex}}.',
      mixed: '{{name}}="{{value}}": rgb() must use either integers or percentages for all three components.',
      syntax: '{{name}}="{{value}}" is not a valid SVG Tiny 1.2 {{kind}}.',
    },
  },
  create(context) {
    const report = (attr: import('@xmldom/xmldom').Attr, problem: ColorProblem, kind: string) => {
      const name = attr.name;
      const value = excerpt(attr.value);
      const opacity = OPACITY_FOR[name] ?? 'opacity';
      switch (problem.kind) {
        case 'css-function': {
          // Tiny 1.2 has rgb() too, but only with three comma-separated components.
          const what = problem.fn === 'rgb' ? 'the CSS Color 4 form of rgb() (spaces or an alpha value)' : `${problem.fn}()`;
          if (problem.rgb && problem.alpha !== null && problem.alpha < 1 && OPACITY_FOR[name]) {
            context.report({ node: attr, messageId: 'alpha', data: { name, value, what, hex: toHex(problem.rgb), opacity, alpha: +problem.alpha.toFixed(3) } });
          } else if (problem.rgb) {
            context.report({ node: attr, messageId: 'noAlpha', data: { name, value, what, hex: toHex(problem.rgb) } });
          } else {
            context.report({ node: attr, messageId: 'syntax', data: { name, value, kind } });
          }
          return;
        }
        case 'hex-alpha':
          if (problem.alpha < 1 && OPACITY_FOR[name]) {
            context.report({ node: attr, messageId: 'alpha', data: { name, value, what: 'a hex colour with alpha', hex: toHex(problem.rgb), opacity, alpha: +problem.alpha.toFixed(3) } });
          } else {
            context.report({ node: attr, messageId: 'noAlpha', data: { name, value, what: 'a hex colour with alpha', hex: toHex(problem.rgb) } });
          }
          return;
        case 'transparent':
          context.report({ node: attr, messageId: 'transparent', data: { name, instead: TRANSPARENT_INSTEAD[name] ?? `a colour with ${opacity}="0"` } });
          return;
        case 'named':
          context.report({ node: attr, messageId: 'named', data: { name, value, color: problem.name, hex: toHex(problem.rgb) } });
          return;
        case 'rgb-mixed':
          context.report({ node: attr, messageId: 'mixed', data: { name, value } });
          return;
        default:
          context.report({ node: attr, messageId: 'syntax', data: { name, value, kind } });
      }
    };
    return {
      'element:enter'(el) {
        if (el.namespaceURI !== SVG_NS) return;
        const attrs = el.attributes;
        for (let i = 0; i < attrs.length; i++) {
          const a = attrs.item(i)!;
          if (a.namespaceURI) continue;
          let paint: Paint | null = null;
          if (PAINT.has(a.name)) {
            paint = parsePaint(a.value);
            if (paint.kind === 'url' && paint.fallback?.kind === 'invalid') paint = paint.fallback;
          } else if (COLOR.has(a.name)) paint = parseColorProperty(a.value, a.name === 'viewport-fill');
          if (paint?.kind === 'invalid') report(a, paint.problem, PAINT.has(a.name) ? 'paint (colour, none, currentColor or url(#id))' : 'colour');
        }
      },
    };
  },
});
