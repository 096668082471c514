/**
 * Exact geometry for turning SVG 1.1/2 gradients into SVG Tiny 1.2 gradients
 * (conversion.md D2, D3, D5, D7): baking a gradientTransform into a linear
 * gradient's vector, recognising similarities (the only transforms a circle
 * survives), expanding reflect/repeat spreads into explicit stops, and stop offsets.
 * Pure functions: no DOM, never throw; null means "not possible exactly".
 */
import { applyToPoint, multiply, type Matrix } from '../profile/transform.js';

export type Point = readonly [number, number];

const finite = (...xs: number[]) => xs.every((x) => Number.isFinite(x));

/** The inverse of an affine matrix, or null when it is singular (or not finite). */
export function invert(m: Matrix): Matrix | null {
  const [a, b, c, d, e, f] = m;
  const det = a * d - b * c;
  if (!finite(a, b, c, d, e, f, det)) return null;
  // Relative test: a tiny but well-conditioned scale (e.g. 1e-4) is still invertible.
  const size = Math.max(Math.abs(a), Math.abs(b), Math.abs(c), Math.abs(d));
  if (size === 0 || Math.abs(det) <= 1e-12 * size * size) return null;
  const r: Matrix = [d / det, -b / det, -c / det, a / det, (c * f - d * e) / det, (b * e - a * f) / det];
  return finite(...r) ? r : null;
}

/**
 * The uniform scale factor s of a similarity (rotation, uniform scale, reflection,
 * translation), or null when the matrix distorts circles (non-uniform scale, skew)
 * or is singular. Similarity: the images of the unit vectors are orthogonal and
 * equally long.
 */
export function similarityScale(m: Matrix, tolerance = 1e-9): number | null {
  const [a, b, c, d] = m;
  if (!finite(a, b, c, d)) return null;
  const n1 = a * a + b * b;
  const n2 = c * c + d * d;
  const dot = a * c + b * d;
  const scale = n1 + n2;
  if (scale === 0) return null;
  if (Math.abs(n1 - n2) > tolerance * scale || Math.abs(dot) > tolerance * scale) return null;
  const s = Math.sqrt(Math.abs(a * d - b * c));
  return s > 0 && Number.isFinite(s) ? s : null;
}

/** The objectBoundingBox → user space map of a box. */
export function bboxMatrix(x: number, y: number, width: number, height: number): Matrix {
  return [width, 0, 0, height, x, y];
}

/**
 * Bakes an affine map M into a linear gradient vector p1 → p2 (conversion.md D2).
 * The colour at a point u is t = (M⁻¹u − p1)·d with d = (p2 − p1)/‖p2 − p1‖²,
 * an affine function of u, so iso-colour lines stay parallel and an exact linear
 * gradient exists: p1' = M·p1, a = L⁻ᵀ·d (L the linear part of M), p2' = p1' + a/‖a‖².
 * Mapping p2 through M instead is wrong whenever M is not a similarity. Returns
 * null when the vector has zero length or M is singular.
 */
export function bakeLinear(p1: Point, p2: Point, m: Matrix): { p1: Point; p2: Point } | null {
  const dx = p2[0] - p1[0];
  const dy = p2[1] - p1[1];
  const len2 = dx * dx + dy * dy;
  if (!(len2 > 0) || !Number.isFinite(len2)) return null;
  const inv = invert(m);
  if (!inv) return null;
  const d: Point = [dx / len2, dy / len2];
  // L⁻ᵀ·d: the transpose of the inverse's linear part [ia ic; ib id] is [ia ib; ic id].
  const a: Point = [inv[0] * d[0] + inv[1] * d[1], inv[2] * d[0] + inv[3] * d[1]];
  const alen2 = a[0] * a[0] + a[1] * a[1];
  if (!(alen2 > 0) || !Number.isFinite(alen2)) return null;
  const q1 = applyToPoint(m, p1[0], p1[1]);
  const q2: Point = [q1[0] + a[0] / alen2, q1[1] + a[1] / alen2];
  return finite(q1[0], q1[1], q2[0], q2[1]) ? { p1: q1, p2: q2 } : null;
}

/** The gradient parameter t of a linear gradient p1 → p2 at a point (0 at p1, 1 at p2). */
export function linearT(p1: Point, p2: Point, x: number, y: number): number {
  const dx = p2[0] - p1[0];
  const dy = p2[1] - p1[1];
  return ((x - p1[0]) * dx + (y - p1[1]) * dy) / (dx * dx + dy * dy);
}

/**
 * A matrix W with |det W| = 1 such that W⁻¹·U is a similarity: moving W onto a
 * shape (transform) and W⁻¹ into its geometry lets a circular gradient express
 * the ellipse U makes of it. Returns W and the similarity's scale, or null.
 */
export function ellipseCarrier(u: Matrix): { w: Matrix; scale: number } | null {
  const det = u[0] * u[3] - u[1] * u[2];
  const s = Math.sqrt(Math.abs(det));
  if (!(s > 0) || !Number.isFinite(s)) return null;
  // No translation in W: the shape's new coordinates stay close to its old ones.
  const w: Matrix = [u[0] / s, u[1] / s, u[2] / s, u[3] / s, 0, 0];
  return invert(w) ? { w, scale: s } : null;
}

export { applyToPoint, multiply };

/** A stop as far as the maths is concerned. */
export interface Offset {
  readonly offset: number;
}

/**
 * Parses a stop offset: a number or a percentage (SVG 1.1 §13.2.6). Anything else
 * is invalid and, as in browsers, counts as 0.
 */
export function parseOffset(raw: string | null): { value: number; percent: boolean; valid: boolean } {
  const v = (raw ?? '').trim();
  const m = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)(%?)$/.exec(v);
  if (!m) return { value: 0, percent: false, valid: raw === null };
  const n = Number(m[1]) / (m[2] ? 100 : 1);
  return Number.isFinite(n) ? { value: n, percent: m[2] === '%', valid: true } : { value: 0, percent: false, valid: false };
}

/** Clamps offsets to [0, 1] and makes them non-decreasing, as renderers do (SVG 1.1 §13.2.4). */
export function normalizeOffsets(offsets: readonly number[]): number[] {
  const out: number[] = [];
  let prev = 0;
  for (const o of offsets) {
    const v = Math.max(prev, Math.min(1, Math.max(0, Number.isFinite(o) ? o : 0)));
    out.push(v);
    prev = v;
  }
  return out;
}

/** Adds copies of the first and last stop at 0 and 1, so a period of the spread is fully described. */
function padEnds<T extends Offset>(stops: readonly T[]): T[] {
  const out = [...stops];
  if (out.length === 0) return out;
  if (out[0]!.offset > 0) out.unshift({ ...out[0]!, offset: 0 });
  if (out[out.length - 1]!.offset < 1) out.push({ ...out[out.length - 1]!, offset: 1 });
  return out;
}

/**
 * Rewrites reflect/repeat stops as pad stops over the periods k0 … k0+n−1 of t
 * (conversion.md D5). The new gradient runs from t = k0 to t = k0 + n; each period
 * holds the original stops (reversed in odd periods for reflect), so the colour at
 * every t is unchanged. Offsets stay sorted; equal offsets give the hard edges of
 * repeat.
 */
export function expandSpread<T extends Offset>(stops: readonly T[], k0: number, n: number, method: 'reflect' | 'repeat'): T[] {
  const base = padEnds(stops);
  const reversed = [...base].reverse().map((s) => ({ ...s, offset: 1 - s.offset }));
  const out: T[] = [];
  for (let j = 0; j < n; j++) {
    const k = k0 + j;
    const odd = ((k % 2) + 2) % 2 === 1;
    const period = method === 'reflect' && odd ? reversed : base;
    for (const s of period) out.push({ ...s, offset: (j + s.offset) / n });
  }
  return out;
}

/**
 * Removes stops that change nothing: a repeat of the previous stop at the same
 * offset, and the middle of three stops of the same paint (inside a flat run, or
 * where periods meet). `same` compares colour and opacity.
 */
export function tidyStops<T extends Offset>(stops: readonly T[], same: (a: T, b: T) => boolean): T[] {
  const out: T[] = [];
  for (const s of stops) {
    const prev = out[out.length - 1];
    if (prev && prev.offset === s.offset && same(prev, s)) continue;
    const before = out[out.length - 2];
    if (prev && before && same(before, prev) && same(prev, s)) out.pop();
    out.push(s);
  }
  return out;
}

/**
 * The whole periods of t a painted area needs: [k0, k0 + n) covering [tmin, tmax].
 * Null when more than `maxPeriods` would be needed.
 */
export function periods(tmin: number, tmax: number, maxPeriods: number): { k0: number; n: number } | null {
  if (!finite(tmin, tmax) || tmin > tmax) return null;
  // Rounding noise (t = 2.0000000000000004 at a period's edge) must not add a period.
  const eps = 1e-9;
  const k0 = Math.floor(tmin + eps);
  const k1 = Math.max(k0 + 1, Math.ceil(tmax - eps));
  const n = k1 - k0;
  return n <= maxPeriods ? { k0, n } : null;
}
