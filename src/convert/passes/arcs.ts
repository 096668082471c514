import svgpath from 'svgpath';
import type { Pass } from '../context.js';
import { elements, isSvgElement, num } from '../dom.js';
import { parsePathData, type PathCommand } from '../../profile/pathdata.js';

const STEP = 'arcs';

const NUMBER = /[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/y;
const SEPARATOR = /[\t\n\r ]*,?[\t\n\r ]*/y;

/** End offset of an arc's own text (letter and seven arguments) starting at `offset`. */
function arcEnd(d: string, command: PathCommand): number {
  let i = command.offset + (command.implicit ? 0 : 1);
  for (let k = 0; k < 7; k++) {
    SEPARATOR.lastIndex = i;
    if (SEPARATOR.exec(d)) i = SEPARATOR.lastIndex;
    if (k === 3 || k === 4) {
      // Flags are one character, and may run into the next number ("0110").
      i += 1;
      continue;
    }
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(d);
    i = m ? NUMBER.lastIndex : i;
  }
  return i;
}

/** Digits for the control points: about 1e-5 of the radius, never fewer than 3 decimals. */
function digitsFor(rx: number, ry: number): number {
  const r = Math.max(Math.abs(rx), Math.abs(ry));
  if (!(r > 0) || !Number.isFinite(r)) return 3;
  return Math.max(3, Math.min(8, Math.ceil(5 - Math.log10(r))));
}

/**
 * Cubic Bézier segments for one arc from (x0, y0), as path data, using svgpath's
 * unarc() (endpoint to centre parameterisation, radii scaled up when too small, at
 * most 90° per curve). The last point is written exactly as the arc's endpoint, so
 * relative commands after it continue from the same place. Empty when the endpoints
 * coincide: SVG omits such an arc.
 */
function arcToCubics(x0: number, y0: number, a: readonly number[], x: number, y: number): string {
  const [rx, ry, rotation, large, sweep] = a as [number, number, number, number, number];
  const source = `M ${x0} ${y0} A ${rx} ${ry} ${rotation} ${large} ${sweep} ${x} ${y}`;
  const segments = (svgpath(source).unarc() as unknown as { segments: Array<Array<string | number>> }).segments.slice(1);
  // Radii near the double limit overflow into NaN; the pass leaves such a path as it is.
  if (segments.some((s) => s.slice(1).some((v) => !Number.isFinite(v as number)))) throw new RangeError('arc out of range');
  const digits = digitsFor(rx, ry);
  const end = (v: number) => num(v, 9);
  const out: string[] = [];
  for (let k = 0; k < segments.length; k++) {
    const s = segments[k]!;
    const last = k === segments.length - 1;
    if (s[0] === 'C') {
      const c = s.slice(1) as number[];
      out.push(`C${[c[0]!, c[1]!, c[2]!, c[3]!].map((v) => num(v, digits)).join(' ')} ${last ? end(x) : num(c[4]!, digits)} ${last ? end(y) : num(c[5]!, digits)}`);
    } else if (s[0] === 'L' || s[0] === 'l') {
      // unarc() gives a line for zero radii (SVG: a straight line) and for coinciding endpoints (omitted).
      if (x === x0 && y === y0) continue;
      out.push(`L${end(x)} ${end(y)}`);
    }
  }
  return out.join('');
}

/**
 * Path data with its arcs replaced by cubic curves, everything else copied as it
 * was written; null when there are no arcs. After a replaced arc, a smooth curve
 * (S, T) would reflect the new curve's control point instead of taking the current
 * point, so it is written out as the plain curve it was (C, Q).
 */
export function unarcPathData(d: string): string | null {
  const { commands } = parsePathData(d);
  if (!commands.some((c) => c.command === 'A' || c.command === 'a')) return null;
  // Numbers beyond double range would turn into NaN curves: leave such data for the syntax rules.
  if (commands.some((c) => c.args.some((v) => !Number.isFinite(v)))) return null;
  // Renderers stop at a syntax error; the broken tail stays in the last command's span, as written, for the rules that report it.
  const out: string[] = [d.slice(0, commands[0]!.offset)];
  let cx = 0;
  let cy = 0;
  let sx = 0;
  let sy = 0;
  let afterArc = false;
  let rewrote = false;
  for (let i = 0; i < commands.length; i++) {
    const cmd = commands[i]!;
    const spanEnd = i + 1 < commands.length ? commands[i + 1]!.offset : d.length;
    const letter = cmd.command;
    const upper = letter.toUpperCase();
    const rel = letter !== upper;
    const a = cmd.args;
    const ox = rel ? cx : 0;
    const oy = rel ? cy : 0;
    let text: string | null = null;
    switch (upper) {
      case 'A': {
        const x = ox + a[5]!;
        const y = oy + a[6]!;
        const curves = arcToCubics(cx, cy, a, x, y);
        // An omitted arc takes its separator with it.
        text = curves === '' ? '' : curves + d.slice(arcEnd(d, cmd), spanEnd);
        cx = x;
        cy = y;
        break;
      }
      case 'S':
        if (afterArc) text = `${rel ? 'c0 0' : `C${num(cx, 9)} ${num(cy, 9)}`} ${a.map((v) => num(v, 9)).join(' ')}${i + 1 < commands.length ? ' ' : ''}`;
        cx = ox + a[2]!;
        cy = oy + a[3]!;
        break;
      case 'T':
        if (afterArc) text = `${rel ? 'q0 0' : `Q${num(cx, 9)} ${num(cy, 9)}`} ${a.map((v) => num(v, 9)).join(' ')}${i + 1 < commands.length ? ' ' : ''}`;
        cx = ox + a[0]!;
        cy = oy + a[1]!;
        break;
      case 'M':
        cx = sx = ox + a[0]!;
        cy = sy = oy + a[1]!;
        break;
      case 'L':
        cx = ox + a[0]!;
        cy = oy + a[1]!;
        break;
      case 'H':
        cx = ox + a[0]!;
        break;
      case 'V':
        cy = oy + a[0]!;
        break;
      case 'C':
        cx = ox + a[4]!;
        cy = oy + a[5]!;
        break;
      case 'Q':
        cx = ox + a[2]!;
        cy = oy + a[3]!;
        break;
      case 'Z':
        cx = sx;
        cy = sy;
        break;
      default:
        break;
    }
    if (text === null) {
      const copy = d.slice(cmd.offset, spanEnd);
      // A repeated command written without its letter needs it once the command before it was rewritten.
      text = cmd.implicit && rewrote ? `${letter}${copy}` : copy;
      rewrote = false;
    } else {
      rewrote = true;
    }
    afterArc = upper === 'A';
    out.push(text);
  }
  return out.join('');
}

/** [F1] SVG Tiny 1.2 path data has no elliptical arcs: each becomes at most four cubic curves per full turn. */
const pass: Pass = {
  id: 'arcs',
  description: 'Converts elliptical arcs in path data into cubic Bézier curves [F1].',
  run(ctx) {
    for (const el of elements(ctx.root)) {
      if (!isSvgElement(el, 'path')) continue;
      const d = el.getAttribute('d');
      if (!d || !/[Aa]/.test(d)) continue;
      let next: string | null;
      try {
        next = unarcPathData(d);
      } catch {
        next = null;
      }
      if (next === null || next === d) continue;
      el.setAttribute('d', next);
      ctx.change(STEP, 'converted elliptical arcs in path data into cubic Bézier curves', { ruleId: 'no-path-arc' });
    }
  },
};
export default pass;
