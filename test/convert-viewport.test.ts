import { describe, expect, it } from 'vitest';
import { formatMatrix, parseAspectRatio, resolveLength, viewBoxOf, viewBoxTransform } from '../src/convert/viewport.js';
import { applyToPoint } from '../src/profile/transform.js';

const vb = (minX: number, minY: number, width: number, height: number) => ({ minX, minY, width, height });
const box = (x: number, y: number, width: number, height: number) => ({ x, y, width, height });

describe('parseAspectRatio', () => {
  it('reads align and meet/slice, with the default for absent or invalid values', () => {
    expect(parseAspectRatio(null)).toEqual({ align: 'xMidYMid', slice: false });
    expect(parseAspectRatio('xMinYMax slice')).toEqual({ align: 'xMinYMax', slice: true });
    expect(parseAspectRatio(' none ')).toEqual({ align: 'none', slice: false });
    expect(parseAspectRatio('defer xMaxYMin')).toEqual({ align: 'xMaxYMin', slice: false });
    expect(parseAspectRatio('xmidymid')).toEqual({ align: 'xMidYMid', slice: false });
    expect(parseAspectRatio('xMidYMid stretch')).toEqual({ align: 'xMidYMid', slice: false });
  });
});

describe('viewBoxOf', () => {
  it('parses, ignores invalid or negative boxes, and flags zero sizes', () => {
    expect(viewBoxOf('0 0 10 20')).toMatchObject(vb(0, 0, 10, 20));
    expect(viewBoxOf(null)).toBeNull();
    expect(viewBoxOf('0 0 10')).toBeNull();
    expect(viewBoxOf('0 0 -10 10')).toBeNull();
    expect(viewBoxOf('0 0 0 10')).toBe('disabled');
  });
});

describe('viewBoxTransform (SVG 1.1 §7.8)', () => {
  it('scales uniformly and centres by default (meet)', () => {
    const m = viewBoxTransform(vb(0, 0, 10, 10), box(300, 60, 140, 240));
    expect(m).toEqual([14, 0, 0, 14, 300, 110]);
  });
  it('aligns to the end with xMax/YMax', () => {
    const m = viewBoxTransform(vb(0, 0, 10, 10), box(0, 0, 140, 240), parseAspectRatio('xMaxYMax'));
    expect(applyToPoint(m, 10, 10)).toEqual([140, 240]);
    expect(applyToPoint(m, 0, 0)).toEqual([0, 100]);
  });
  it('fills the viewport with slice, cutting the overflow on the aligned side', () => {
    const m = viewBoxTransform(vb(0, 0, 10, 10), box(0, 0, 100, 50), parseAspectRatio('xMidYMin slice'));
    expect(m).toEqual([10, 0, 0, 10, 0, 0]);
    const mid = viewBoxTransform(vb(0, 0, 10, 10), box(0, 0, 100, 50), parseAspectRatio('xMidYMid slice'));
    expect(mid).toEqual([10, 0, 0, 10, 0, -25]);
  });
  it('stretches with none', () => {
    const m = viewBoxTransform(vb(-5, -5, 10, 20), box(10, 10, 100, 100), parseAspectRatio('none'));
    expect(applyToPoint(m, -5, -5)).toEqual([10, 10]);
    expect(applyToPoint(m, 5, 15)).toEqual([110, 110]);
  });
  it('maps the viewBox origin onto the viewport origin (Illustrator symbols)', () => {
    const m = viewBoxTransform(vb(-48, -48, 96, 96), box(-48, -48, 96, 96));
    expect(formatMatrix(m)).toBe('');
  });
});

describe('formatMatrix', () => {
  it('writes translate/scale when there is no rotation, matrix() otherwise', () => {
    expect(formatMatrix([1, 0, 0, 1, 0, 0])).toBe('');
    expect(formatMatrix([2, 0, 0, 2, 10, 0])).toBe('translate(10) scale(2)');
    expect(formatMatrix([1, 0, 0, 3, 5, 6])).toBe('translate(5 6) scale(1 3)');
    expect(formatMatrix([1 / 3, 0, 0, 1 / 3, 0, 0])).toBe('scale(0.333333)');
    expect(formatMatrix([0, 1, -1, 0, 0, 0])).toBe('matrix(0 1 -1 0 0 0)');
  });
});

describe('resolveLength', () => {
  it('resolves numbers, absolute units and percentages; null for relative font units', () => {
    expect(resolveLength(null, 200, 7)).toBe(7);
    expect(resolveLength('auto', 200, 7)).toBe(7);
    expect(resolveLength('12', 200, 0)).toBe(12);
    expect(resolveLength('12px', 200, 0)).toBe(12);
    expect(resolveLength('1in', 200, 0)).toBe(96);
    expect(resolveLength('25%', 200, 0)).toBe(50);
    expect(resolveLength('2em', 200, 0)).toBeNull();
    expect(resolveLength('wide', 200, 0)).toBeNull();
  });
});
