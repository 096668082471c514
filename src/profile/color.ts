/**
 * SVG Tiny 1.2 colours and paint (§11.2 Specifying paint, §11.13 Color syntax):
 * `#rgb`, `#rrggbb`, `rgb(r, g, b)` with integers or percentages, and the 16 HTML 4
 * keywords; paint adds none, currentColor, inherit and `url(#id)` with an optional
 * fallback. Everything CSS added later (rgba, hsl, #rrggbbaa, transparent, the X11
 * names) is not Tiny 1.2.
 */
import { dict } from '../dict.js';
import { CSS_NAMED_COLORS } from './css-colors.js';

export type Rgb = readonly [number, number, number];

export const TINY_KEYWORDS: Readonly<Record<string, Rgb>> = dict({
  black: [0, 0, 0],
  silver: [192, 192, 192],
  gray: [128, 128, 128],
  white: [255, 255, 255],
  maroon: [128, 0, 0],
  red: [255, 0, 0],
  purple: [128, 0, 128],
  fuchsia: [255, 0, 255],
  green: [0, 128, 0],
  lime: [0, 255, 0],
  olive: [128, 128, 0],
  yellow: [255, 255, 0],
  navy: [0, 0, 128],
  blue: [0, 0, 255],
  teal: [0, 128, 128],
  aqua: [0, 255, 255],
});

export type ColorProblem =
  | { kind: 'css-function'; fn: string; rgb: Rgb | null; alpha: number | null }
  | { kind: 'hex-alpha'; rgb: Rgb; alpha: number }
  | { kind: 'transparent' }
  | { kind: 'named'; name: string; rgb: Rgb }
  | { kind: 'rgb-mixed' }
  | { kind: 'syntax' };

export type ColorResult = { ok: true; rgb: Rgb } | { ok: false; problem: ColorProblem };

const WS = '[\\t\\n\\r ]*';
const INT = '[+-]?[0-9]+';
const PCT = '[+-]?(?:[0-9]+(?:\\.[0-9]+)?|\\.[0-9]+)%';
const RGB_INT = new RegExp(`^rgb\\(${WS}(${INT})${WS},${WS}(${INT})${WS},${WS}(${INT})${WS}\\)$`, 'i');
const RGB_PCT = new RegExp(`^rgb\\(${WS}(${PCT})${WS},${WS}(${PCT})${WS},${WS}(${PCT})${WS}\\)$`, 'i');
const clamp = (x: number) => Math.max(0, Math.min(255, Math.round(x)));

/** Hex of an rgb triple, lower case. */
export function toHex(rgb: Rgb): string {
  return `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

/** Parses a Tiny 1.2 <color>; explains what is wrong otherwise. */
export function parseColor(raw: string): ColorResult {
  const v = raw.trim();
  const lower = v.toLowerCase();
  if (/^#[0-9a-f]{3}$/i.test(v)) {
    return { ok: true, rgb: [1, 2, 3].map((k) => parseInt(v[k]! + v[k]!, 16)) as unknown as Rgb };
  }
  if (/^#[0-9a-f]{6}$/i.test(v)) {
    return { ok: true, rgb: [1, 3, 5].map((k) => parseInt(v.slice(k, k + 2), 16)) as unknown as Rgb };
  }
  if (/^#[0-9a-f]{4}$/i.test(v) || /^#[0-9a-f]{8}$/i.test(v)) {
    const long = v.length === 9 ? v : `#${[...v.slice(1)].map((c) => c + c).join('')}`;
    const rgb = [1, 3, 5].map((k) => parseInt(long.slice(k, k + 2), 16)) as unknown as Rgb;
    return { ok: false, problem: { kind: 'hex-alpha', rgb, alpha: parseInt(long.slice(7, 9), 16) / 255 } };
  }
  if (Object.prototype.hasOwnProperty.call(TINY_KEYWORDS, lower)) return { ok: true, rgb: TINY_KEYWORDS[lower]! };
  let m = RGB_INT.exec(v);
  if (m) return { ok: true, rgb: [clamp(+m[1]!), clamp(+m[2]!), clamp(+m[3]!)] };
  m = RGB_PCT.exec(v);
  if (m) return { ok: true, rgb: [m[1]!, m[2]!, m[3]!].map((p) => clamp((parseFloat(p) * 255) / 100)) as unknown as Rgb };
  if (lower === 'transparent') return { ok: false, problem: { kind: 'transparent' } };
  if (Object.prototype.hasOwnProperty.call(CSS_NAMED_COLORS, lower)) {
    return { ok: false, problem: { kind: 'named', name: lower, rgb: CSS_NAMED_COLORS[lower]! } };
  }
  const fn = /^(rgba|rgb|hsla|hsl|hwb|lab|lch|oklab|oklch|color|color-mix)\(([^)]*)\)$/i.exec(v);
  if (fn) {
    const name = fn[1]!.toLowerCase();
    const args = fn[2]!.split(',');
    if (name === 'rgb' && args.length === 3 && !fn[2]!.includes('/')) {
      const pct = args.map((a) => a.trim().endsWith('%'));
      if (pct.some(Boolean) && !pct.every(Boolean)) return { ok: false, problem: { kind: 'rgb-mixed' } };
    }
    return { ok: false, problem: { kind: 'css-function', fn: name, ...cssFunctionValue(name, fn[2]!) } };
  }
  return { ok: false, problem: { kind: 'syntax' } };
}

function cssFunctionValue(fn: string, args: string): { rgb: Rgb | null; alpha: number | null } {
  const parts = args.split(/[\s,/]+/).filter(Boolean);
  const num = (s: string | undefined, scale: number): number | null => {
    if (s === undefined) return null;
    const pct = s.endsWith('%');
    const n = parseFloat(s);
    if (Number.isNaN(n)) return null;
    return pct ? (n / 100) * scale : n;
  };
  if (fn === 'rgb' || fn === 'rgba') {
    const [r, g, b] = [num(parts[0], 255), num(parts[1], 255), num(parts[2], 255)];
    const a = num(parts[3], 1);
    if (r === null || g === null || b === null) return { rgb: null, alpha: null };
    return { rgb: [clamp(r), clamp(g), clamp(b)], alpha: a === null ? null : Math.max(0, Math.min(1, a)) };
  }
  if (fn === 'hsl' || fn === 'hsla') {
    const h = parseFloat(parts[0] ?? '');
    const s = num(parts[1], 1);
    const l = num(parts[2], 1);
    const a = num(parts[3], 1);
    if (Number.isNaN(h) || s === null || l === null) return { rgb: null, alpha: null };
    return { rgb: hslToRgb(h, s, l), alpha: a === null ? null : Math.max(0, Math.min(1, a)) };
  }
  return { rgb: null, alpha: null };
}

function hslToRgb(h: number, s: number, l: number): Rgb {
  const hue = (((h % 360) + 360) % 360) / 360;
  const f = (n: number) => {
    const k = (n + hue * 12) % 12;
    const a = s * Math.min(l, 1 - l);
    return clamp(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}

export type Paint =
  | { kind: 'none' }
  | { kind: 'inherit' }
  | { kind: 'currentColor' }
  | { kind: 'color'; rgb: Rgb }
  | { kind: 'url'; id: string | null; target: string; fallback: Paint | null }
  | { kind: 'invalid'; problem: ColorProblem };

/** Parses a <paint> value (fill, stroke). */
export function parsePaint(raw: string): Paint {
  // Keywords are matched without regard to case, as the browser engines that
  // receivers render with do (CSS keywords are ASCII case-insensitive).
  const v = raw.trim();
  const lower = v.toLowerCase();
  if (lower === 'none') return { kind: 'none' };
  if (lower === 'inherit') return { kind: 'inherit' };
  if (lower === 'currentcolor') return { kind: 'currentColor' };
  const url = /^url\([\t\n\r ]*(['"]?)([^'")]*?)\1[\t\n\r ]*\)(?:[\t\n\r ]+(.*))?$/is.exec(v);
  if (url) {
    const target = url[2]!.trim();
    const id = target.startsWith('#') ? target.slice(1) : null;
    let fallback: Paint | null = null;
    if (url[3] !== undefined && url[3].trim() !== '') {
      fallback = parsePaint(url[3]);
      if (fallback.kind === 'url' || fallback.kind === 'inherit') fallback = { kind: 'invalid', problem: { kind: 'syntax' } };
    }
    return { kind: 'url', id, target, fallback };
  }
  const c = parseColor(v);
  return c.ok ? { kind: 'color', rgb: c.rgb } : { kind: 'invalid', problem: c.problem };
}

/** Parses a <color>-or-keyword value (color, stop-color, solid-color, viewport-fill). */
export function parseColorProperty(raw: string, allowNone: boolean): Paint {
  const v = raw.trim();
  const lower = v.toLowerCase();
  if (lower === 'inherit') return { kind: 'inherit' };
  if (lower === 'currentcolor') return { kind: 'currentColor' };
  if (allowNone && lower === 'none') return { kind: 'none' };
  const c = parseColor(v);
  return c.ok ? { kind: 'color', rgb: c.rgb } : { kind: 'invalid', problem: c.problem };
}
