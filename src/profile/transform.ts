/**
 * SVG Tiny 1.2 transform lists (§7.5 The 'transform' attribute, §7.7 constrained
 * transformations): matrix, translate, scale, rotate, skewX, skewY and `ref(svg …)`,
 * separated by whitespace and/or commas; `none` is the identity.
 */
import { dict } from '../dict.js';
import { NUMBER_SOURCE } from './numbers.js';

/** An affine matrix [a b c d e f]. */
export type Matrix = readonly [number, number, number, number, number, number];

export const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

export function multiply(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[2] * n[1],
    m[1] * n[0] + m[3] * n[1],
    m[0] * n[2] + m[2] * n[3],
    m[1] * n[2] + m[3] * n[3],
    m[0] * n[4] + m[2] * n[5] + m[4],
    m[1] * n[4] + m[3] * n[5] + m[5],
  ];
}

export function applyToPoint(m: Matrix, x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

const ARITY: Readonly<Record<string, readonly number[]>> = dict({
  matrix: [6],
  translate: [1, 2],
  scale: [1, 2],
  rotate: [1, 3],
  skewX: [1],
  skewY: [1],
});

export type TransformResult =
  | { ok: true; matrix: Matrix; usesRef: boolean }
  | { ok: false; offset: number; message: string };

const WSP = /[\t\n\r ]*/y;
const NAME = /(matrix|translate|scale|rotate|skewX|skewY|ref)[\t\n\r ]*\(/y;
const NUM = new RegExp(NUMBER_SOURCE, 'y');
/** `svg`, optionally followed by two numbers, each after a comma and/or whitespace. */
const REF_ARGS = new RegExp(`^svg(?:(?:[\\t\\n\\r ]*,[\\t\\n\\r ]*|[\\t\\n\\r ]+)${NUMBER_SOURCE}(?:[\\t\\n\\r ]*,[\\t\\n\\r ]*|[\\t\\n\\r ]+)${NUMBER_SOURCE})?$`);

/** Parses a transform list into one matrix (ref() counts as identity). */
export function parseTransform(value: string): TransformResult {
  if (value.trim() === 'none') return { ok: true, matrix: IDENTITY, usesRef: false };
  let i = 0;
  let matrix: Matrix = IDENTITY;
  let usesRef = false;
  const skip = (re: RegExp) => {
    re.lastIndex = i;
    const m = re.exec(value);
    if (m) i = re.lastIndex;
    return m;
  };
  skip(WSP);
  if (i >= value.length) return { ok: false, offset: 0, message: 'empty transform (use "none" or remove the attribute)' };
  let first = true;
  while (i < value.length) {
    if (!first) {
      const before = i;
      skip(WSP);
      if (value[i] === ',') {
        i++;
        skip(WSP);
      }
      if (i >= value.length) {
        if (value.slice(before).includes(',')) return { ok: false, offset: before, message: 'trailing comma' };
        break;
      }
    }
    first = false;
    const at = i;
    const m = skip(NAME);
    if (!m) {
      return { ok: false, offset: at, message: `expected matrix(), translate(), scale(), rotate(), skewX() or skewY(), found ${JSON.stringify(value.slice(at, at + 12))}` };
    }
    const name = m[1]!;
    if (name === 'ref') {
      const close = value.indexOf(')', i);
      if (close === -1) return { ok: false, offset: at, message: 'ref( is not closed' };
      const inner = value.slice(i, close).trim();
      if (!REF_ARGS.test(inner)) {
        return { ok: false, offset: at, message: 'ref() takes "svg" and optionally two numbers' };
      }
      usesRef = true;
      i = close + 1;
      continue;
    }
    const args: number[] = [];
    skip(WSP);
    while (value[i] !== ')') {
      if (args.length > 0) {
        skip(WSP);
        if (value[i] === ',') {
          i++;
          skip(WSP);
        }
      }
      NUM.lastIndex = i;
      const num = NUM.exec(value);
      if (!num) {
        return { ok: false, offset: i, message: `${name}() expects numbers, found ${i >= value.length ? 'the end' : JSON.stringify(value.slice(i, i + 8))}` };
      }
      args.push(Number(num[0]));
      i = NUM.lastIndex;
      skip(WSP);
      if (i >= value.length) return { ok: false, offset: at, message: `${name}( is not closed` };
    }
    i++;
    if (!ARITY[name]!.includes(args.length)) {
      return { ok: false, offset: at, message: `${name}() takes ${ARITY[name]!.join(' or ')} number${ARITY[name]!.at(-1) === 1 ? '' : 's'}, found ${args.length}` };
    }
    matrix = multiply(matrix, toMatrix(name, args));
  }
  return { ok: true, matrix, usesRef };
}

function toMatrix(name: string, a: number[]): Matrix {
  switch (name) {
    case 'matrix':
      return [a[0]!, a[1]!, a[2]!, a[3]!, a[4]!, a[5]!];
    case 'translate':
      return [1, 0, 0, 1, a[0]!, a[1] ?? 0];
    case 'scale':
      return [a[0]!, 0, 0, a[1] ?? a[0]!, 0, 0];
    case 'rotate': {
      const r = (a[0]! * Math.PI) / 180;
      const cos = Math.cos(r);
      const sin = Math.sin(r);
      const rot: Matrix = [cos, sin, -sin, cos, 0, 0];
      if (a.length === 3) {
        const [cx, cy] = [a[1]!, a[2]!];
        return multiply(multiply([1, 0, 0, 1, cx, cy], rot), [1, 0, 0, 1, -cx, -cy]);
      }
      return rot;
    }
    case 'skewX':
      return [1, 0, Math.tan((a[0]! * Math.PI) / 180), 1, 0, 0];
    case 'skewY':
      return [1, Math.tan((a[0]! * Math.PI) / 180), 0, 1, 0, 0];
    default:
      return IDENTITY;
  }
}
