/**
 * Which attributes take numbers in SVG Tiny 1.2, and in which form. Tiny 1.2 has no
 * units or percentages outside the root's width and height (§4.1 <length>,
 * <coordinate>): every other length is a plain number in user units.
 */
import type { Attr, Element } from '@xmldom/xmldom';
import { checkPlainNumber, splitList, type LengthProblem } from './numbers.js';
import { SVG_NS } from './schema.js';

type Shape = 'one' | 'list';

interface NumericSyntax {
  readonly shape: Shape;
  /** Keywords accepted instead of a number. */
  readonly keywords: readonly string[];
}

const ONE: NumericSyntax = { shape: 'one', keywords: [] };
const PROPERTY: NumericSyntax = { shape: 'one', keywords: ['inherit'] };

const FONT_SIZE_KEYWORDS = ['inherit', 'xx-small', 'x-small', 'small', 'medium', 'large', 'x-large', 'xx-large', 'larger', 'smaller'];

/** Attribute → numeric syntax, by element (undefined = not numeric here). */
export function numericSyntax(el: Element, attr: Attr): NumericSyntax | undefined {
  if (attr.namespaceURI) return undefined;
  const name = attr.name;
  const element = el.localName;
  if (el.namespaceURI !== SVG_NS) return undefined;
  switch (name) {
    case 'x':
    case 'y':
      if (element === 'text') return { shape: 'list', keywords: [] };
      return element === 'svg' ? undefined : ONE;
    case 'rotate':
      return element === 'text' ? { shape: 'list', keywords: [] } : undefined;
    case 'width':
    case 'height':
      if (element === 'svg') return undefined;
      return element === 'textArea' ? { shape: 'one', keywords: ['auto'] } : ONE;
    case 'rx':
    case 'ry':
    case 'cx':
    case 'cy':
    case 'r':
    case 'x1':
    case 'y1':
    case 'x2':
    case 'y2':
    case 'pathLength':
    case 'offset':
      return ONE;
    case 'stroke-width':
    case 'stroke-dashoffset':
    case 'stroke-miterlimit':
    case 'fill-opacity':
    case 'stroke-opacity':
    case 'stop-opacity':
    case 'solid-opacity':
    case 'viewport-fill-opacity':
      return PROPERTY;
    case 'line-increment':
      return { shape: 'one', keywords: ['inherit', 'auto'] };
    case 'font-size':
      return { shape: 'one', keywords: FONT_SIZE_KEYWORDS };
    case 'stroke-dasharray':
      return { shape: 'list', keywords: ['inherit', 'none'] };
    default:
      return undefined;
  }
}

export interface NumericProblem {
  readonly attr: Attr;
  readonly item: string;
  readonly problem: LengthProblem;
}

/** Problems of the numeric attributes of an element (units, percentages, non-numbers). */
export function numericProblems(el: Element): NumericProblem[] {
  const out: NumericProblem[] = [];
  const attrs = el.attributes;
  for (let i = 0; i < attrs.length; i++) {
    const attr = attrs.item(i)!;
    const syntax = numericSyntax(el, attr);
    if (!syntax) continue;
    const value = attr.value.trim();
    if (syntax.keywords.includes(value)) continue;
    if (value === '' ) {
      out.push({ attr, item: value, problem: { kind: 'syntax' } });
      continue;
    }
    const items = syntax.shape === 'list' ? splitList(value) : [value];
    if (!items) {
      out.push({ attr, item: value, problem: { kind: 'syntax' } });
      continue;
    }
    for (const item of items) {
      const r = checkPlainNumber(item);
      if (!r.ok) {
        out.push({ attr, item, problem: r.problem });
        break;
      }
    }
  }
  return out;
}
