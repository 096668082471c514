/**
 * SVG Tiny 1.2 path data (§8.3 Path data): moveto, lineto (L H V), cubic (C S),
 * quadratic (Q T) and closepath; no elliptical arcs. The parser follows the SVG
 * path BNF (numbers may run together: `M0.5.5`, `l-1-1`; `10.` is a number), and
 * also understands `A`/`a` so that arcs can be reported and converted precisely.
 */

export interface PathCommand {
  /** The command letter as written, or the implied one (L/l after M/m). */
  readonly command: string;
  readonly args: readonly number[];
  /** Offset of the command (or of its first number when implied) in the value. */
  readonly offset: number;
  readonly implicit: boolean;
}

export interface PathParseResult {
  readonly commands: readonly PathCommand[];
  /** The first syntax error, with its offset in the value, or null. */
  readonly error: { readonly offset: number; readonly message: string } | null;
}

const ARG_COUNT: Readonly<Record<string, number>> = {
  M: 2, L: 2, H: 1, V: 1, C: 6, S: 4, Q: 4, T: 2, A: 7, Z: 0,
};

function isWsp(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** Parses path data; stops at the first error and returns the commands before it. */
export function parsePathData(d: string): PathParseResult {
  const commands: PathCommand[] = [];
  let i = 0;
  const n = d.length;
  const skipWsp = () => {
    while (i < n && isWsp(d.charCodeAt(i))) i++;
  };
  const skipCommaWsp = (): boolean => {
    const start = i;
    skipWsp();
    if (d[i] === ',') {
      i++;
      skipWsp();
    }
    return i > start;
  };
  const readNumber = (): number | null => {
    const start = i;
    if (d[i] === '+' || d[i] === '-') i++;
    let digits = 0;
    while (i < n && d.charCodeAt(i) >= 0x30 && d.charCodeAt(i) <= 0x39) {
      i++;
      digits++;
    }
    if (d[i] === '.') {
      i++;
      while (i < n && d.charCodeAt(i) >= 0x30 && d.charCodeAt(i) <= 0x39) {
        i++;
        digits++;
      }
    }
    if (digits === 0) {
      i = start;
      return null;
    }
    if (d[i] === 'e' || d[i] === 'E') {
      const save = i;
      i++;
      if (d[i] === '+' || d[i] === '-') i++;
      let exp = 0;
      while (i < n && d.charCodeAt(i) >= 0x30 && d.charCodeAt(i) <= 0x39) {
        i++;
        exp++;
      }
      if (exp === 0) i = save;
    }
    return Number(d.slice(start, i));
  };
  const readFlag = (): number | null => {
    const c = d[i];
    if (c === '0' || c === '1') {
      i++;
      return c === '1' ? 1 : 0;
    }
    return null;
  };
  const fail = (offset: number, message: string): PathParseResult => ({ commands, error: { offset, message } });

  skipWsp();
  if (i >= n) return { commands, error: null };
  let first = true;
  while (i < n) {
    const at = i;
    const letter = d[i]!;
    const upper = letter.toUpperCase();
    if (!(upper in ARG_COUNT)) {
      return fail(at, first ? `path data must start with a moveto ("M" or "m"), found ${JSON.stringify(letter)}` : `unexpected ${JSON.stringify(letter)} where a command letter or number was expected`);
    }
    if (first && upper !== 'M') return fail(at, `path data must start with a moveto ("M" or "m"), found "${letter}"`);
    first = false;
    i++;
    const count = ARG_COUNT[upper]!;
    if (count === 0) {
      commands.push({ command: letter, args: [], offset: at, implicit: false });
      skipWsp();
      continue;
    }
    skipWsp();
    let repeat = 0;
    for (;;) {
      const argStart = i;
      const args: number[] = [];
      for (let k = 0; k < count; k++) {
        if (k > 0) skipCommaWsp();
        const value = upper === 'A' && (k === 3 || k === 4) ? readFlag() : readNumber();
        if (value === null) {
          if (k === 0 && repeat > 0) break;
          return fail(i, `"${letter}" needs ${count} number${count > 1 ? 's' : ''}, found ${i >= n ? 'the end of the data' : JSON.stringify(d[i])}`);
        }
        args.push(value);
      }
      if (args.length === 0) {
        i = argStart;
        break;
      }
      const implied = repeat > 0 && upper === 'M';
      commands.push({
        command: implied ? (letter === 'M' ? 'L' : 'l') : letter,
        args,
        offset: repeat === 0 ? at : argStart,
        implicit: repeat > 0,
      });
      repeat++;
      const before = i;
      skipCommaWsp();
      const c = d.charCodeAt(i);
      const startsNumber = c === 0x2b || c === 0x2d || c === 0x2e || (c >= 0x30 && c <= 0x39);
      if (!startsNumber) {
        if (d[before] === ',' || d.slice(before, i).includes(',')) {
          return fail(before, 'a comma must be followed by another number');
        }
        break;
      }
    }
  }
  return { commands, error: null };
}
