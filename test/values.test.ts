/** The hand-kept SVG Tiny 1.2 value parsers: colours, numbers, path data, transforms. */
import { describe, expect, it } from 'vitest';
import { parseColor, parsePaint, toHex } from '../src/profile/color.js';
import { checkPlainNumber, parseNumberList, parseRootLength, parseViewBox, toPixels } from '../src/profile/numbers.js';
import { parsePathData } from '../src/profile/pathdata.js';
import { applyToPoint, parseTransform } from '../src/profile/transform.js';

describe('colours', () => {
  it('accept exactly the Tiny 1.2 forms', () => {
    expect(parseColor('#abc')).toEqual({ ok: true, rgb: [170, 187, 204] });
    expect(parseColor('#C8102E')).toEqual({ ok: true, rgb: [200, 16, 46] });
    expect(parseColor('rgb(1, 2, 3)')).toEqual({ ok: true, rgb: [1, 2, 3] });
    expect(parseColor('rgb(100%,0%,50%)')).toEqual({ ok: true, rgb: [255, 0, 128] });
    expect(parseColor('rgb(300,-5,3)')).toEqual({ ok: true, rgb: [255, 0, 3] });
    expect(parseColor('Teal')).toEqual({ ok: true, rgb: [0, 128, 128] });
  });
  it('explain everything else', () => {
    expect(parseColor('rgba(255,0,0,0.5)')).toMatchObject({ ok: false, problem: { kind: 'css-function', fn: 'rgba', rgb: [255, 0, 0], alpha: 0.5 } });
    expect(parseColor('hsl(120, 100%, 25%)')).toMatchObject({ ok: false, problem: { kind: 'css-function', rgb: [0, 128, 0] } });
    expect(parseColor('#ff000080')).toMatchObject({ ok: false, problem: { kind: 'hex-alpha', rgb: [255, 0, 0] } });
    expect(parseColor('transparent')).toMatchObject({ ok: false, problem: { kind: 'transparent' } });
    expect(parseColor('orange')).toMatchObject({ ok: false, problem: { kind: 'named', rgb: [255, 165, 0] } });
    expect(parseColor('rgb(10%, 20, 30)')).toMatchObject({ ok: false, problem: { kind: 'rgb-mixed' } });
    expect(parseColor('#12')).toMatchObject({ ok: false, problem: { kind: 'syntax' } });
    expect(toHex([255, 165, 0])).toBe('#ffa500');
  });
  it('paint: none, currentColor, inherit, url with fallback', () => {
    expect(parsePaint('none')).toEqual({ kind: 'none' });
    expect(parsePaint(' currentColor ')).toEqual({ kind: 'currentColor' });
    expect(parsePaint('url(#g)')).toEqual({ kind: 'url', id: 'g', target: '#g', fallback: null });
    expect(parsePaint("url('#g') #fff")).toMatchObject({ kind: 'url', id: 'g', fallback: { kind: 'color', rgb: [255, 255, 255] } });
    expect(parsePaint('url(https://x/y.svg#g)')).toMatchObject({ kind: 'url', id: null });
  });
});

describe('numbers and lengths', () => {
  it('plain numbers follow the Tiny grammar', () => {
    for (const ok of ['0', '-1.5', '+.5', '1e3', '1.5E-2', ' 7 ']) expect(checkPlainNumber(ok).ok, ok).toBe(true);
    for (const bad of ['', '.', '5.', '1e', '--1', 'one', '0x10']) expect(checkPlainNumber(bad), bad).toMatchObject({ ok: false, problem: { kind: 'syntax' } });
    expect(checkPlainNumber('10px')).toMatchObject({ ok: false, problem: { kind: 'unit', unit: 'px', number: 10 } });
    expect(checkPlainNumber('50%')).toMatchObject({ ok: false, problem: { kind: 'unit', unit: '%' } });
  });
  it('lists, viewBox and root lengths', () => {
    expect(parseNumberList('1,2 3 , 4')).toEqual([1, 2, 3, 4]);
    expect(parseNumberList('1,,2')).toBeNull();
    expect(parseViewBox('0,0,10,20')).toEqual({ minX: 0, minY: 0, width: 10, height: 20, commas: true });
    expect(parseViewBox('0 0 10')).toBeNull();
    expect(toPixels(parseRootLength('1in')!)).toBe(96);
    expect(toPixels(parseRootLength('100%')!)).toBeNull();
  });
});

describe('path data', () => {
  it('parses numbers that run together and implicit commands', () => {
    const { commands, error } = parsePathData('M0.5.5l-1-1 2,2zm1 1 2 2');
    expect(error).toBeNull();
    expect(commands.map((c) => `${c.command}${c.args.join(',')}`)).toEqual(['M0.5,0.5', 'l-1,-1', 'l2,2', 'z', 'm1,1', 'l2,2']);
  });
  it('recognises arcs with compact flags', () => {
    const { commands, error } = parsePathData('M0 0A5 5 0 1010 10a5 5 0 0 1 1 1');
    expect(error).toBeNull();
    expect(commands.filter((c) => c.command.toLowerCase() === 'a').map((c) => c.args)).toEqual([
      [5, 5, 0, 1, 0, 10, 10],
      [5, 5, 0, 0, 1, 1, 1],
    ]);
  });
  it('reports errors with offsets', () => {
    expect(parsePathData('L0 0').error).toMatchObject({ offset: 0 });
    expect(parsePathData('M0 0 L1').error?.message).toMatch(/needs 2 numbers/);
    expect(parsePathData('M0 0 X1').error).toMatchObject({ offset: 5 });
    expect(parsePathData('M0 0,').error?.message).toMatch(/comma/);
    expect(parsePathData('').error).toBeNull();
  });
});

describe('transforms', () => {
  it('composes a list into one matrix', () => {
    const r = parseTransform('translate(10 5) scale(2)');
    expect(r.ok && applyToPoint(r.matrix, 1, 1)).toEqual([12, 7]);
    const rot = parseTransform('rotate(90 5 5)');
    expect(rot.ok && applyToPoint(rot.matrix, 10, 5).map((v) => Math.round(v))).toEqual([5, 10]);
    expect(parseTransform('none')).toMatchObject({ ok: true });
    expect(parseTransform('matrix(1,0,0,1,0,0),translate(1)')).toMatchObject({ ok: true });
    expect(parseTransform('ref(svg, 10, 20)')).toMatchObject({ ok: true, usesRef: true });
  });
  it('rejects CSS syntax and wrong arity', () => {
    expect(parseTransform('translate(10px, 5px)')).toMatchObject({ ok: false });
    expect(parseTransform('rotate(45deg)')).toMatchObject({ ok: false });
    expect(parseTransform('matrix(1 0 0 1)')).toMatchObject({ ok: false, message: expect.stringMatching(/takes 6/) });
    expect(parseTransform('translate(1) ,')).toMatchObject({ ok: false });
    expect(parseTransform('')).toMatchObject({ ok: false });
  });
});
