/**
 * SVG Tiny 1.2 path data (§8.3 Path data): moveto, lineto (L H V), cubic (C S),
 * quadratic (Q T) and closepath; no elliptical arcs. The parser follows the SVG
 * path BNF (numbers may run together: `M0.5.5`, `l-1-1`; `10.` is a number), and
 * also understands `A`/`a` so that arcs can be reported and converted precisely.
 *
 * Path data is most of a logo's bytes, so the scanner is a single loop over char
 * codes; `validatePathData` checks without allocating commands, and results are
 * memoised per string because several rules ask about the same `d`.
 */

export interface PathCommand {
  /** The command letter as written, or the implied one (L/l after M/m). */
  readonly command: string;
  readonly args: readonly number[];
  /** Offset of the command (or of its first number when implied) in the value. */
  readonly offset: number;
  readonly implicit: boolean;
}

export interface PathError {
  readonly offset: number;
  readonly message: string;
}

export interface PathParseResult {
  readonly commands: readonly PathCommand[];
  /** The first syntax error, with its offset in the value, or null. */
  readonly error: PathError | null;
}

/** Arguments per command, indexed by the upper-case letter's char code. */
const ARGS = new Int8Array(128).fill(-1);
for (const [c, n] of Object.entries({ M: 2, L: 2, H: 1, V: 1, C: 6, S: 4, Q: 4, T: 2, A: 7, Z: 0 })) {
  ARGS[c.charCodeAt(0)] = n;
  ARGS[c.toLowerCase().charCodeAt(0)] = n;
}

const isWsp = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

/** End offset of a number starting at `i`, or -1 when there is none. */
function scanNumber(d: string, i: number, n: number): number {
  let c = d.charCodeAt(i);
  if (c === 0x2b || c === 0x2d) c = d.charCodeAt(++i);
  let digits = 0;
  while (i < n && isDigit(c)) {
    c = d.charCodeAt(++i);
    digits++;
  }
  if (c === 0x2e) {
    c = d.charCodeAt(++i);
    while (i < n && isDigit(c)) {
      c = d.charCodeAt(++i);
      digits++;
    }
  }
  if (digits === 0) return -1;
  if (c === 0x65 || c === 0x45) {
    let j = i + 1;
    let e = d.charCodeAt(j);
    if (e === 0x2b || e === 0x2d) e = d.charCodeAt(++j);
    if (j < n && isDigit(e)) {
      while (j < n && isDigit(d.charCodeAt(j))) j++;
      i = j;
    }
  }
  return i;
}

function describe(d: string, i: number): string {
  return i >= d.length ? 'the end of the data' : JSON.stringify(d[i]);
}

function run(d: string, collect: PathCommand[] | null): PathError | null {
  const n = d.length;
  let i = 0;
  while (i < n && isWsp(d.charCodeAt(i))) i++;
  if (i >= n) return null;
  let first = true;
  while (i < n) {
    const at = i;
    const code = d.charCodeAt(i);
    const count = code < 128 ? ARGS[code]! : -1;
    if (count < 0) {
      return first
        ? { offset: at, message: `path data must start with a moveto ("M" or "m"), found ${describe(d, at)}` }
        : { offset: at, message: `unexpected ${describe(d, at)} where a command letter or number was expected` };
    }
    if (first && code !== 0x4d && code !== 0x6d) {
      return { offset: at, message: `path data must start with a moveto ("M" or "m"), found "${d[at]}"` };
    }
    first = false;
    i++;
    const letter = d[at]!;
    if (count === 0) {
      collect?.push({ command: letter, args: [], offset: at, implicit: false });
      while (i < n && isWsp(d.charCodeAt(i))) i++;
      const c = d.charCodeAt(i);
      if (c === 0x2b || c === 0x2d || c === 0x2e || isDigit(c) || c === 0x2c) {
        return { offset: i, message: `"${letter}" (closepath) takes no numbers; start the next segment with a command letter` };
      }
      continue;
    }
    const isArc = code === 0x41 || code === 0x61;
    const isMove = code === 0x4d || code === 0x6d;
    while (i < n && isWsp(d.charCodeAt(i))) i++;
    let repeat = 0;
    for (;;) {
      const argStart = i;
      const args: number[] | null = collect ? [] : null;
      for (let k = 0; k < count; k++) {
        if (k > 0) {
          while (i < n && isWsp(d.charCodeAt(i))) i++;
          if (d.charCodeAt(i) === 0x2c) {
            i++;
            while (i < n && isWsp(d.charCodeAt(i))) i++;
          }
        }
        let end: number;
        if (isArc && (k === 3 || k === 4)) {
          const f = d.charCodeAt(i);
          end = f === 0x30 || f === 0x31 ? i + 1 : -1;
          if (end < 0) {
            return { offset: i, message: `the ${k === 3 ? 'large-arc' : 'sweep'} flag of "${letter}" must be 0 or 1, found ${describe(d, i)}` };
          }
        } else {
          end = scanNumber(d, i, n);
        }
        if (end < 0) {
          if (k === 0 && repeat > 0) break;
          return { offset: i, message: `"${letter}" needs ${count} number${count > 1 ? 's' : ''}, found ${describe(d, i)}` };
        }
        if (args) args.push(Number(d.slice(i, end)));
        i = end;
      }
      if (i === argStart) break;
      if (collect) {
        const implied = repeat > 0 && isMove;
        collect.push({
          command: implied ? (code === 0x4d ? 'L' : 'l') : letter,
          args: args!,
          offset: repeat === 0 ? at : argStart,
          implicit: repeat > 0,
        });
      }
      repeat++;
      const before = i;
      let comma = false;
      while (i < n && isWsp(d.charCodeAt(i))) i++;
      if (d.charCodeAt(i) === 0x2c) {
        comma = true;
        i++;
        while (i < n && isWsp(d.charCodeAt(i))) i++;
      }
      const c = d.charCodeAt(i);
      const startsNumber = c === 0x2b || c === 0x2d || c === 0x2e || isDigit(c);
      if (!startsNumber) {
        if (comma) return { offset: before, message: 'a comma must be followed by another number' };
        break;
      }
    }
  }
  return null;
}

/** Parses path data; stops at the first error and returns the commands before it. */
export function parsePathData(d: string): PathParseResult {
  const commands: PathCommand[] = [];
  const error = run(d, commands);
  return { commands, error };
}

const validated = new Map<string, PathError | null>();

/** Checks path data without building commands; memoised for repeated questions. */
export function validatePathData(d: string): PathError | null {
  const hit = validated.get(d);
  if (hit !== undefined) return hit;
  const error = run(d, null);
  if (validated.size > 512) validated.clear();
  validated.set(d, error);
  return error;
}

/**
 * Elliptical arc command letters in path data (the only letters in path data are
 * command letters and the exponent "e", so no parse is needed).
 */
export function arcCommands(d: string): Array<{ command: 'A' | 'a'; offset: number }> {
  const out: Array<{ command: 'A' | 'a'; offset: number }> = [];
  const first = d.search(/[Aa]/);
  if (first < 0) return out;
  // Renderers stop at a syntax error, so arcs after it are never drawn.
  const end = validatePathData(d)?.offset ?? d.length;
  for (const command of ['A', 'a'] as const) {
    for (let i = d.indexOf(command, first); i >= 0 && i < end; i = d.indexOf(command, i + 1)) out.push({ command, offset: i });
  }
  return out.sort((x, y) => x.offset - y.offset);
}
