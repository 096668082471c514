/**
 * The gradient maths of the converter (conversion.md D2, D3, D5, D7), checked by
 * evaluating the colour parameter t of the original and the converted gradient at
 * many points, plus the gradients pass on hostile documents (deep href chains,
 * cycles, non-numbers), where it must refuse rather than throw.
 */
import { describe, expect, it } from 'vitest';
import { ConvertContext } from '../src/convert/context.js';
import {
  bakeLinear,
  bboxMatrix,
  ellipseCarrier,
  expandSpread,
  invert,
  linearT,
  normalizeOffsets,
  parseOffset,
  periods,
  similarityScale,
  tidyStops,
  type Point,
} from '../src/convert/gradient-math.js';
import gradients from '../src/convert/passes/gradients.js';
import { parseSvg } from '../src/parse/parse.js';
import { applyToPoint, multiply, parseTransform, type Matrix } from '../src/profile/transform.js';
import { serialize } from '../src/convert/serialize.js';

const m = (t: string): Matrix => {
  const r = parseTransform(t);
  if (!r.ok) throw new Error(t);
  return r.matrix;
};

/** A deterministic spread of sample points. */
function samples(n: number, scale: number): Point[] {
  const out: Point[] = [];
  let s = 12345;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
  for (let k = 0; k < n; k++) out.push([rnd() * scale, rnd() * scale]);
  return out;
}

/** t of a linear gradient p1 → p2 drawn through M, at a point u of the target space. */
function tThrough(p1: Point, p2: Point, mat: Matrix, u: Point): number {
  const [x, y] = applyToPoint(invert(mat)!, u[0], u[1]);
  return linearT(p1, p2, x, y);
}

describe('bakeLinear (D2)', () => {
  const cases: Array<[string, Point, Point]> = [
    ['skewX(35)', [0, 0], [1, 0]],
    ['scale(3 0.5)', [10, 20], [110, 60]],
    ['matrix(1 0 0.4 1.2 -60 -40)', [96, 128], [416, 128]],
    ['translate(0.5 0.5) rotate(35) scale(1.3 0.6) translate(-0.5 -0.5)', [0, 0.5], [1, 0.5]],
    ['skewY(-20) scale(-2 1)', [-5, 3], [7, -9]],
  ];
  for (const [t, p1, p2] of cases) {
    it(`is exact under ${t}`, () => {
      const mat = m(t);
      const baked = bakeLinear(p1, p2, mat)!;
      expect(baked).not.toBeNull();
      for (const u of samples(50, 200)) {
        expect(linearT(baked.p1, baked.p2, u[0], u[1])).toBeCloseTo(tThrough(p1, p2, mat, u), 9);
      }
    });
  }

  it('differs from mapping p2 through M under skew or uneven scale', () => {
    const mat = m('skewX(40)');
    const p1: Point = [0, 0];
    const p2: Point = [0, 1];
    const baked = bakeLinear(p1, p2, mat)!;
    // A vertical gradient: skewX moves points along x only, so t = y is unchanged.
    expect(baked.p1[0]).toBeCloseTo(0, 12);
    expect(baked.p2[0]).toBeCloseTo(0, 12);
    expect(baked.p2[1]).toBeCloseTo(1, 12);
    const naive = applyToPoint(mat, p2[0], p2[1]);
    expect(naive[0]).toBeGreaterThan(0.8);
  });

  it('keeps a similarity as the mapped end points', () => {
    const mat = m('rotate(30 256 256) scale(2)');
    const baked = bakeLinear([10, 10], [50, 30], mat)!;
    const q2 = applyToPoint(mat, 50, 30);
    expect(baked.p2[0]).toBeCloseTo(q2[0], 9);
    expect(baked.p2[1]).toBeCloseTo(q2[1], 9);
  });

  it('returns null for a zero-length vector or a singular transform', () => {
    expect(bakeLinear([1, 1], [1, 1], m('scale(2)'))).toBeNull();
    expect(bakeLinear([0, 0], [1, 0], m('scale(0 1)'))).toBeNull();
    expect(bakeLinear([0, 0], [1, 0], [Number.NaN, 0, 0, 1, 0, 0])).toBeNull();
  });
});

describe('objectBoundingBox (D2)', () => {
  it('a transform baked in bounding-box units is exact for every box, square or not', () => {
    const mat = m('translate(0.5 0.5) rotate(35) scale(1.3 0.6) translate(-0.5 -0.5)');
    const p1: Point = [0, 0.5];
    const p2: Point = [1, 0.5];
    const baked = bakeLinear(p1, p2, mat)!;
    for (const [x, y, w, h] of [
      [56, 88, 400, 120],
      [0, 0, 10, 300],
      [-20, 5, 1, 1],
    ] as const) {
      const b = bboxMatrix(x, y, w, h);
      for (const u of samples(30, 300)) {
        // The renderer maps the user point into box units, then evaluates the baked gradient there.
        const [bx, by] = applyToPoint(invert(b)!, u[0], u[1]);
        const converted = linearT(baked.p1, baked.p2, bx, by);
        // The original: gradient space → gradientTransform → box → user.
        expect(converted).toBeCloseTo(tThrough(p1, p2, multiply(b, mat), u), 9);
      }
    }
  });

  it('turns an uneven box transform into a circle in user space when the box has the matching shape', () => {
    const mat = m('translate(0.5 0.5) scale(0.5 1) translate(-0.5 -0.5)');
    expect(similarityScale(mat)).toBeNull();
    expect(similarityScale(multiply(bboxMatrix(56, 56, 400, 200), mat))).toBeCloseTo(200, 9);
    expect(similarityScale(multiply(bboxMatrix(136, 296, 240, 120), mat))).toBeCloseTo(120, 9);
    expect(similarityScale(multiply(bboxMatrix(40, 448, 432, 32), mat))).toBeNull();
  });
});

describe('radial gradients (D3)', () => {
  it('recognises similarities and returns their scale', () => {
    expect(similarityScale(m('rotate(30 256 256)'))).toBeCloseTo(1, 12);
    expect(similarityScale(m('translate(200 40) scale(0.5)'))).toBeCloseTo(0.5, 12);
    expect(similarityScale(m('rotate(-20 0.5 0.5) scale(1.2)'))).toBeCloseTo(1.2, 12);
    expect(similarityScale(m('scale(-3 3) rotate(10)'))).toBeCloseTo(3, 12);
    expect(similarityScale(m('scale(1 -0.55)'))).toBeNull();
    expect(similarityScale(m('skewX(10)'))).toBeNull();
    expect(similarityScale(m('scale(0)'))).toBeNull();
  });

  it('a similarity maps the circle: centre through M, radius times the scale', () => {
    const mat = m('translate(30 -10) rotate(73) scale(2.5)');
    const s = similarityScale(mat)!;
    const c = applyToPoint(mat, 12, 7);
    for (const u of samples(40, 100)) {
      const g = applyToPoint(invert(mat)!, u[0], u[1]);
      const original = Math.hypot(g[0] - 12, g[1] - 7) / 9;
      expect(Math.hypot(u[0] - c[0], u[1] - c[1]) / (9 * s)).toBeCloseTo(original, 9);
    }
  });

  it('an elliptical gradient becomes a circle in the space of a shape that takes W', () => {
    for (const t of ['matrix(1 0 0 -0.55 0 -20)', 'matrix(1.6 0.4 0 0.8 250 300)', 'skewX(30) scale(2 0.7)']) {
      const u = m(t);
      const carrier = ellipseCarrier(u)!;
      const det = carrier.w[0] * carrier.w[3] - carrier.w[1] * carrier.w[2];
      expect(Math.abs(det)).toBeCloseTo(1, 12);
      const inner = multiply(invert(carrier.w)!, u);
      expect(similarityScale(inner)).toBeCloseTo(carrier.scale, 9);
      // The colour at a user point is the same: the shape's new space is W⁻¹(user).
      const c = applyToPoint(inner, 96, 96);
      for (const p of samples(30, 400)) {
        const g = applyToPoint(invert(u)!, p[0], p[1]);
        const v = applyToPoint(invert(carrier.w)!, p[0], p[1]);
        expect(Math.hypot(v[0] - c[0], v[1] - c[1]) / (64 * carrier.scale)).toBeCloseTo(Math.hypot(g[0] - 96, g[1] - 96) / 64, 9);
      }
    }
  });
});

describe('spreadMethod (D5)', () => {
  interface S {
    offset: number;
    value: number;
  }
  /** A pad gradient of scalar "colours", as a renderer evaluates it (later stop wins at equal offsets). */
  function pad(stops: readonly S[], t: number): number {
    if (t <= stops[0]!.offset) return stops[0]!.value;
    for (let k = 1; k < stops.length; k++) {
      const a = stops[k - 1]!;
      const b = stops[k]!;
      if (t < b.offset) return b.offset === a.offset ? b.value : a.value + ((t - a.offset) / (b.offset - a.offset)) * (b.value - a.value);
    }
    return stops[stops.length - 1]!.value;
  }
  const stops: S[] = [
    { offset: 0.2, value: 10 },
    { offset: 0.5, value: 40 },
    { offset: 0.8, value: 25 },
  ];
  for (const method of ['reflect', 'repeat'] as const) {
    it(`expands ${method} exactly over the covered periods`, () => {
      const spread = (t: number) => {
        const f = t - Math.floor(t);
        const odd = Math.floor(t) % 2 !== 0;
        return pad(stops, method === 'reflect' && odd ? 1 - f : f);
      };
      const per = periods(-2.3, 3.6, 32)!;
      expect(per).toEqual({ k0: -3, n: 7 });
      const expanded = tidyStops(expandSpread(stops, per.k0, per.n, method), (a, b) => a.value === b.value);
      for (let t = -2.3; t <= 3.6; t += 0.0137) {
        expect(pad(expanded, (t - per.k0) / per.n)).toBeCloseTo(spread(t), 9);
      }
      expect(expanded.every((s, k) => k === 0 || s.offset >= expanded[k - 1]!.offset)).toBe(true);
    });
  }

  it('ignores rounding noise at period edges and caps the number of periods', () => {
    expect(periods(-2.0000000000000004, 2.9999999999999996, 32)).toEqual({ k0: -2, n: 5 });
    expect(periods(0, 0.7, 32)).toEqual({ k0: 0, n: 1 });
    expect(periods(0, 1000, 32)).toBeNull();
    expect(periods(Number.NaN, 1, 32)).toBeNull();
  });

  it('tidies only stops that change nothing', () => {
    const same = (a: S, b: S) => a.value === b.value;
    expect(
      tidyStops(
        [
          { offset: 0, value: 1 },
          { offset: 0.2, value: 1 },
          { offset: 0.4, value: 1 },
          { offset: 0.4, value: 1 },
          { offset: 0.4, value: 2 },
          { offset: 1, value: 3 },
        ],
        same,
      ),
    ).toEqual([
      { offset: 0, value: 1 },
      { offset: 0.4, value: 1 },
      { offset: 0.4, value: 2 },
      { offset: 1, value: 3 },
    ]);
  });
});

describe('stop offsets (D7)', () => {
  it('parses numbers and percentages; anything else is 0', () => {
    expect(parseOffset('0.25')).toEqual({ value: 0.25, percent: false, valid: true });
    expect(parseOffset(' 40% ')).toEqual({ value: 0.4, percent: true, valid: true });
    expect(parseOffset('1e-1')).toEqual({ value: 0.1, percent: false, valid: true });
    expect(parseOffset('abc').value).toBe(0);
    expect(parseOffset('abc').valid).toBe(false);
    expect(parseOffset(null)).toEqual({ value: 0, percent: false, valid: true });
  });

  it('clamps to 0…1 and makes offsets non-decreasing', () => {
    expect(normalizeOffsets([-0.5, 0.4, 0.3, 1.2, Number.NaN])).toEqual([0, 0.4, 0.4, 1, 1]);
  });
});

/** Runs the gradients pass alone on a document. */
function runPass(svg: string): { out: string; ctx: ConvertContext } {
  const parsed = parseSvg(svg, { maxInputBytes: 50_000_000 });
  const doc = parsed.document!;
  const ctx = new ConvertContext(doc.dom, doc, { title: 'T', desc: null, background: null, padding: 0, size: 512, optimize: false });
  gradients.run(ctx);
  return { out: serialize(ctx.root, false), ctx };
}

const SVG = (body: string) => `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 100 100">${body}</svg>`;

describe('gradients pass on hostile input', () => {
  it('follows a very deep href chain without recursion', () => {
    const n = 3000;
    const defs: string[] = ['<linearGradient id="g0"><stop offset="0" stop-color="#000"/><stop offset="1" stop-color="#fff"/></linearGradient>'];
    for (let k = 1; k < n; k++) defs.push(`<linearGradient id="g${k}" xlink:href="#g${k - 1}"/>`);
    const { out, ctx } = runPass(SVG(`<defs>${defs.join('')}</defs><rect width="100" height="100" fill="url(#g${n - 1})"/>`));
    expect(ctx.refusals).toEqual([]);
    expect(out).toContain(`<linearGradient id="g${n - 1}"><stop offset="0" stop-color="#000"/><stop offset="1" stop-color="#fff"/></linearGradient>`);
    expect(out).not.toContain('g0');
  });

  it('refuses a cycle, naming it, and converts nothing it cannot', () => {
    const { ctx } = runPass(SVG('<linearGradient id="a" xlink:href="#b"/><linearGradient id="b" xlink:href="#a"/><rect width="10" height="10" fill="url(#a)"/>'));
    expect(ctx.refusals.map((r) => r.ruleId)).toEqual(['no-broken-reference']);
    expect(ctx.refusals[0]!.message).toContain('#a → #b → #a');
  });

  it('never throws on values that are not numbers', () => {
    const bodies = [
      '<linearGradient id="a" x1="NaN" x2="1e999" gradientTransform="matrix(1e308 0 0 1e308 0 0)"><stop offset="x"/><stop offset="1e999"/></linearGradient><rect width="10" height="10" fill="url(#a)"/>',
      '<radialGradient id="a" r="-5" fx="zz"><stop/><stop/></radialGradient><rect width="10" height="10" fill="url(#a)"/>',
      '<radialGradient id="a" r="3em"><stop/><stop/></radialGradient><rect width="10" height="10" fill="url(#a)"/>',
      '<radialGradient id="a" gradientTransform="scale(2 1)" spreadMethod="reflect"><stop/><stop/></radialGradient><path d="M0 0L1e300 0L0 1e300Z" fill="url(#a)"/>',
      '<radialGradient id="a" gradientTransform="scale(2 1)"><stop/><stop/></radialGradient><path d="M0 0 L" fill="url(#a)"/><rect width="0" height="5" fill="url(#a)"/>',
      '<linearGradient id="a" gradientTransform="scale(0 1)"><stop/><stop/></linearGradient><g fill="url(#a)"><rect width="1" height="1"/></g>',
    ];
    for (const body of bodies) expect(() => runPass(SVG(body))).not.toThrow();
    expect(runPass(SVG(bodies[1]!)).ctx.refusals.map((r) => r.ruleId)).toEqual(['attribute-value']);
    expect(runPass(SVG(bodies[2]!)).ctx.refusals.map((r) => r.ruleId)).toEqual(['no-length-units']);
  });

  it('keeps ids unique when a shared gradient converts for one shape and is refused for another', () => {
    const { out, ctx } = runPass(
      SVG(
        '<radialGradient id="g" gradientTransform="translate(0.5 0.5) scale(0.5 1) translate(-0.5 -0.5)"><stop offset="0" stop-color="#000"/><stop offset="1" stop-color="#fff"/></radialGradient>' +
          '<rect x="0" y="0" width="40" height="20" fill="url(#g)"/><rect x="0" y="30" width="10" height="60" fill="url(#g)" stroke="#000"/>',
      ),
    );
    expect(ctx.refusals.map((r) => r.ruleId)).toEqual(['attribute-allowed-list']);
    expect(ctx.refusals[0]!.message).toContain('draw the outline as a separate shape');
    expect(out.match(/id="g"/g)).toHaveLength(1);
    expect(out).toContain('<radialGradient id="g" gradientTransform=');
    expect(out).toContain('<radialGradient id="g-2" gradientUnits="userSpaceOnUse" cx="20" cy="10" r="10">');
    expect(out).toContain('<rect x="0" y="0" width="40" height="20" fill="url(#g-2)"/>');
    expect(out).toContain('<rect x="0" y="30" width="10" height="60" fill="url(#g)" stroke="#000"/>');
  });

  it('leaves a gradient that is already Tiny exactly as it is', () => {
    const body = '<linearGradient id="a" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#000"/><stop offset="1" stop-color="#fff"/></linearGradient><rect width="10" height="10" fill="url(#a)"/>';
    const { out, ctx } = runPass(SVG(body));
    expect(ctx.changes).toEqual([]);
    expect(out).toContain(body);
  });
});
