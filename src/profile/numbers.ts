/**
 * SVG Tiny 1.2 numbers, lengths and lists (§4.1 Basic data types): a <number> is
 * `[+-]? digits? ("." digits)? exponent?` with at least one digit before the exponent,
 * and lengths outside the root's width/height are plain numbers in user units.
 */
import { dict } from '../dict.js';

/** A single SVG Tiny 1.2 <number>, nothing else. */
export const NUMBER_SOURCE = String.raw`[+-]?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?`;
const NUMBER = new RegExp(`^${NUMBER_SOURCE}$`);
const XML_WS = /^[\t\n\r ]+|[\t\n\r ]+$/g;

/** Units CSS and SVG 1.1 know; used to explain what is wrong, not to accept. */
const UNIT = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)(px|pt|pc|mm|cm|in|q|em|ex|rem|%|vw|vh|vmin|vmax|ch)$/i;

export function trimXml(value: string): string {
  return value.replace(XML_WS, '');
}

/** Parses a Tiny <number>, allowing surrounding XML whitespace. */
export function parseNumber(value: string): number | null {
  const v = trimXml(value);
  return NUMBER.test(v) ? Number(v) : null;
}

export type LengthProblem =
  | { kind: 'unit'; unit: string; number: number }
  | { kind: 'syntax' };

/** Classifies a value that should be a plain number: ok, a number with a unit, or not a number. */
export function checkPlainNumber(value: string): { ok: true; value: number } | { ok: false; problem: LengthProblem } {
  const v = trimXml(value);
  if (NUMBER.test(v)) return { ok: true, value: Number(v) };
  const unit = UNIT.exec(v);
  if (unit) return { ok: false, problem: { kind: 'unit', unit: unit[2]!, number: Number(unit[1]) } };
  return { ok: false, problem: { kind: 'syntax' } };
}

/** Splits a comma-wsp separated list; returns null when separators are malformed. */
export function splitList(value: string): string[] | null {
  const v = trimXml(value);
  if (v === '') return [];
  const parts = v.split(/[\t\n\r ]*,[\t\n\r ]*|[\t\n\r ]+/);
  if (parts.some((p) => p === '')) return null;
  return parts;
}

/** Parses a list of numbers (comma and/or whitespace separated). */
export function parseNumberList(value: string): number[] | null {
  const parts = splitList(value);
  if (!parts) return null;
  const out: number[] = [];
  for (const p of parts) {
    if (!NUMBER.test(p)) return null;
    out.push(Number(p));
  }
  return out;
}

/**
 * Parses a points list by the SVG Tiny 1.2 grammar (§9.7, like path data):
 * coordinates separated by comma-wsp, or running together when the next one
 * starts with a sign ("10-20"). Returns the coordinates, or null on a syntax error.
 */
export function parsePoints(value: string): number[] | null {
  const NUM = /[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/y;
  const WSP = /[\t\n\r ]*/y;
  const at = (re: RegExp, i: number): string => {
    re.lastIndex = i;
    return re.exec(value)?.[0] ?? '';
  };
  const out: number[] = [];
  let i = at(WSP, 0).length;
  let separated = true;
  while (i < value.length) {
    const n = at(NUM, i);
    if (n === '') return null;
    // Between pairs a separator is required; within a pair the second coordinate
    // may follow directly when it starts with a sign ("10-20").
    if (!separated && !(out.length % 2 === 1 && (n.startsWith('-') || n.startsWith('+')))) return null;
    i += n.length;
    out.push(Number(n));
    const before = i;
    i += at(WSP, i).length;
    let comma = false;
    if (value[i] === ',') {
      comma = true;
      i++;
      i += at(WSP, i).length;
    }
    separated = i > before;
    if (i >= value.length && comma) return null;
  }
  return out;
}

export interface ViewBox {
  readonly minX: number;
  readonly minY: number;
  readonly width: number;
  readonly height: number;
  /** True when commas separate the numbers (valid, but some receivers reject it). */
  readonly commas: boolean;
}

/** Parses viewBox="min-x min-y width height" (whitespace and/or commas). */
export function parseViewBox(value: string): ViewBox | null {
  const parts = splitList(value);
  if (!parts || parts.length !== 4) return null;
  const nums = parts.map((p) => (NUMBER.test(p) ? Number(p) : NaN));
  if (nums.some((x) => Number.isNaN(x))) return null;
  return { minX: nums[0]!, minY: nums[1]!, width: nums[2]!, height: nums[3]!, commas: value.includes(',') };
}

export interface RootLength {
  readonly value: number;
  /** '' for user units (treated as px). */
  readonly unit: string;
}

const ABSOLUTE_TO_PX: Readonly<Record<string, number>> = dict({
  '': 1,
  px: 1,
  in: 96,
  cm: 96 / 2.54,
  mm: 96 / 25.4,
  pt: 96 / 72,
  pc: 16,
  q: 96 / 101.6,
});

/** Parses the root's width/height: a number with an optional unit or %. */
export function parseRootLength(value: string): RootLength | null {
  const v = trimXml(value);
  if (NUMBER.test(v)) return { value: Number(v), unit: '' };
  const m = UNIT.exec(v);
  if (!m) return null;
  return { value: Number(m[1]), unit: m[2]!.toLowerCase() };
}

/** CSS pixels for an absolute root length, or null for relative units (%, em …). */
export function toPixels(length: RootLength): number | null {
  const factor = ABSOLUTE_TO_PX[length.unit];
  return factor === undefined ? null : length.value * factor;
}
