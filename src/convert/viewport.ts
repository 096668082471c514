/**
 * Viewports of nested <svg> and <symbol> as plain transforms: the viewBox algorithm
 * of SVG 1.1 §7.8 (preserveAspectRatio alignment, meet and slice), and the lengths
 * that place a viewport (x, y, width, height with units or percentages).
 */
import type { Matrix } from '../profile/transform.js';
import { parseViewBox, parseRootLength, toPixels } from '../profile/numbers.js';
import type { Box } from './context.js';
import { num } from './dom.js';

export type Align = 'none' | `x${'Min' | 'Mid' | 'Max'}Y${'Min' | 'Mid' | 'Max'}`;

export interface AspectRatio {
  readonly align: Align;
  readonly slice: boolean;
}

export const DEFAULT_ASPECT_RATIO: AspectRatio = { align: 'xMidYMid', slice: false };

const ALIGN = /^(none|x(?:Min|Mid|Max)Y(?:Min|Mid|Max))$/;

/**
 * Parses preserveAspectRatio ("[defer] <align> [meet|slice]"). An invalid value is
 * ignored by browsers, which then use the default, so it gives the default here too.
 */
export function parseAspectRatio(value: string | null): AspectRatio {
  if (value === null) return DEFAULT_ASPECT_RATIO;
  const parts = value.trim().split(/[\t\n\r ]+/);
  if (parts[0] === 'defer') parts.shift();
  const align = parts[0] ?? '';
  if (!ALIGN.test(align) || parts.length > 2) return DEFAULT_ASPECT_RATIO;
  const mos = parts[1] ?? 'meet';
  if (mos !== 'meet' && mos !== 'slice') return DEFAULT_ASPECT_RATIO;
  return { align: align as Align, slice: mos === 'slice' };
}

export interface ViewBoxRect {
  readonly minX: number;
  readonly minY: number;
  readonly width: number;
  readonly height: number;
}

/**
 * The viewBox of an element: a box, `null` when absent or invalid (browsers ignore an
 * unparsable or negative-sized viewBox), or 'disabled' when a side is zero, which
 * disables rendering of the element.
 */
export function viewBoxOf(value: string | null): ViewBoxRect | null | 'disabled' {
  if (value === null) return null;
  const vb = parseViewBox(value);
  if (!vb || !Number.isFinite(vb.width) || !Number.isFinite(vb.height) || vb.width < 0 || vb.height < 0) return null;
  if (vb.width === 0 || vb.height === 0) return 'disabled';
  return vb;
}

/** The transform that maps viewBox coordinates into the viewport (SVG 1.1 §7.8). */
export function viewBoxTransform(vb: ViewBoxRect, viewport: Box, par: AspectRatio = DEFAULT_ASPECT_RATIO): Matrix {
  let sx = viewport.width / vb.width;
  let sy = viewport.height / vb.height;
  if (par.align !== 'none') {
    const s = par.slice ? Math.max(sx, sy) : Math.min(sx, sy);
    sx = s;
    sy = s;
  }
  let tx = viewport.x - vb.minX * sx;
  let ty = viewport.y - vb.minY * sy;
  if (par.align !== 'none') {
    const ax = par.align.slice(1, 4);
    const ay = par.align.slice(5, 8);
    const freeX = viewport.width - vb.width * sx;
    const freeY = viewport.height - vb.height * sy;
    if (ax === 'Mid') tx += freeX / 2;
    else if (ax === 'Max') tx += freeX;
    if (ay === 'Mid') ty += freeY / 2;
    else if (ay === 'Max') ty += freeY;
  }
  return [sx, 0, 0, sy, tx, ty];
}

/**
 * A transform list for a matrix: translate/scale when there is no rotation or skew
 * (readable, and what a viewport mapping always is), matrix() otherwise; '' for the
 * identity. Six decimals keep small scales exact enough for later rounding.
 */
export function formatMatrix(m: Matrix): string {
  const f = (v: number) => num(v, 6);
  if (f(m[1]) === '0' && f(m[2]) === '0') {
    const parts: string[] = [];
    if (f(m[4]) !== '0' || f(m[5]) !== '0') parts.push(f(m[5]) === '0' ? `translate(${f(m[4])})` : `translate(${f(m[4])} ${f(m[5])})`);
    if (f(m[0]) !== '1' || f(m[3]) !== '1') parts.push(f(m[0]) === f(m[3]) ? `scale(${f(m[0])})` : `scale(${f(m[0])} ${f(m[3])})`);
    return parts.join(' ');
  }
  return `matrix(${m.map(f).join(' ')})`;
}

/**
 * A length that places or sizes a viewport (x, y, width, height of <svg>/<use>), in
 * user units: plain numbers, absolute units (px, mm, pt …) and percentages of
 * `reference` (the parent viewport's width or height). Returns `fallback` when the
 * attribute is absent or 'auto', null when it cannot be resolved (em, ex, syntax).
 */
export function resolveLength(value: string | null, reference: number, fallback: number): number | null {
  if (value === null) return fallback;
  const v = value.trim();
  if (v === '' || v === 'auto') return fallback;
  const l = parseRootLength(v);
  if (!l) return null;
  if (l.unit === '%') return (l.value / 100) * reference;
  const px = toPixels(l);
  return px === null || !Number.isFinite(px) ? null : px;
}
