/// <reference types="paper" />
/**
 * Exact boolean geometry for applying clip paths and masks to the shapes they cut
 * (conversion.md C4, C5): areas from SVG path data, affine transforms, union,
 * intersection and difference with paper.js, and path data back out.
 *
 * paper.js is loaded on first use only (convert, never check). Every area made here
 * lives outside paper's project tree (insert: false), so nothing accumulates between
 * conversions. paper.js can throw on degenerate geometry: callers catch.
 */
import { createRequire } from 'node:module';
import svgpath from 'svgpath';
import type { Matrix } from '../profile/transform.js';
import { num } from './dom.js';
import type { BBox } from './geometry.js';

type PaperScope = typeof import('paper/dist/paper-core');

let scope: PaperScope | null = null;

function paperScope(): PaperScope {
  if (!scope) {
    const p = createRequire(import.meta.url)('paper/dist/paper-core.js') as PaperScope;
    // Headless: a 1×1 view is all paper needs; no canvas is drawn.
    p.setup(new p.Size(1, 1));
    scope = p;
  }
  return scope;
}

/** A filled area (the fill of one or more closed outlines, with its fill rule). */
export type Area = paper.PathItem;
export type FillRule = 'nonzero' | 'evenodd';

const NO_INSERT = { insert: false } as const;

/** An area with nothing in it. */
export function emptyArea(): Area {
  const p = paperScope();
  return new p.CompoundPath(NO_INSERT);
}

/**
 * The fill area of SVG path data: every subpath is closed (a fill closes open
 * subpaths with a straight line), arcs become cubic Béziers (svgpath), and the
 * fill rule decides what is inside. Returns a reason when the data does not parse.
 */
export function pathArea(d: string, fillRule: FillRule): Area | string {
  const p = paperScope();
  let segments: Array<Array<string | number>>;
  try {
    const parsed = svgpath(d);
    if ((parsed as unknown as { err: string }).err) return 'its path data does not parse';
    segments = (parsed.abs().unarc().unshort() as unknown as { segments: Array<Array<string | number>> }).segments;
  } catch {
    return 'its path data does not parse';
  }
  const paths: paper.Path[] = [];
  let current: paper.Path | null = null;
  let start: [number, number] = [0, 0];
  let cx = 0;
  let cy = 0;
  const finish = () => {
    if (current && current.segments.length > 1) {
      close(current);
      paths.push(current);
    }
    current = null;
  };
  const ensure = (): paper.Path => {
    if (!current) {
      current = new p.Path(NO_INSERT);
      current.moveTo(new p.Point(cx, cy));
      start = [cx, cy];
    }
    return current;
  };
  for (const seg of segments) {
    const cmd = seg[0] as string;
    const a = seg.slice(1) as number[];
    switch (cmd) {
      case 'M':
        finish();
        cx = a[0]!;
        cy = a[1]!;
        ensure();
        break;
      case 'L':
        ensure().lineTo(new p.Point((cx = a[0]!), (cy = a[1]!)));
        break;
      case 'H':
        ensure().lineTo(new p.Point((cx = a[0]!), cy));
        break;
      case 'V':
        ensure().lineTo(new p.Point(cx, (cy = a[0]!)));
        break;
      case 'C':
        ensure().cubicCurveTo(new p.Point(a[0]!, a[1]!), new p.Point(a[2]!, a[3]!), new p.Point((cx = a[4]!), (cy = a[5]!)));
        break;
      case 'Q':
        ensure().quadraticCurveTo(new p.Point(a[0]!, a[1]!), new p.Point((cx = a[2]!), (cy = a[3]!)));
        break;
      case 'Z':
      case 'z':
        // After closepath the current point is the subpath's start; drawing on starts a new subpath there.
        [cx, cy] = start;
        finish();
        break;
      default:
        return `its path data has an unexpected command "${cmd}"`;
    }
  }
  finish();
  const area = new p.CompoundPath(NO_INSERT);
  area.addChildren(paths);
  area.fillRule = fillRule;
  return area;
}

/** Closes a path as a fill does; a last point equal to the first merges into it. */
function close(path: paper.Path): void {
  const segs = path.segments;
  const first = segs[0]!;
  const last = segs[segs.length - 1]!;
  if (segs.length > 1 && first.point.getDistance(last.point) < 1e-12) {
    first.handleIn = last.handleIn.clone();
    last.remove();
  }
  path.closed = true;
}

/** A copy of the area under an affine map ([a b c d e f], as SVG's matrix()). */
export function transformed(area: Area, m: Matrix): Area {
  const p = paperScope();
  const copy = area.clone(NO_INSERT) as Area;
  copy.transform(new p.Matrix(m[0], m[1], m[2], m[3], m[4], m[5]));
  return copy;
}

/** An axis-aligned rectangle. */
export function boxArea(b: BBox): Area {
  const p = paperScope();
  const path = new p.Path.Rectangle({ from: [b.minX, b.minY], to: [b.maxX, b.maxY], insert: false });
  return path;
}

/** The result of a boolean operation: outlines that do not cross, oriented so that both fill rules agree. */
function tidy(result: paper.PathItem): Area {
  result.reorient(false, true);
  result.fillRule = 'nonzero';
  return result;
}

export function unite(a: Area, b: Area): Area {
  return tidy(a.unite(b, NO_INSERT));
}

export function intersect(a: Area, b: Area): Area {
  return tidy(a.intersect(b, NO_INSERT));
}

export function subtract(a: Area, b: Area): Area {
  return tidy(a.subtract(b, NO_INSERT));
}

/** The area enclosed (unsigned), for results of the operations above. */
export function size(area: Area): number {
  return Math.abs((area as paper.Path | paper.CompoundPath).area);
}

/** The bounding box of the outlines, or null when there are none. */
export function bounds(area: Area): BBox | null {
  if (area.isEmpty()) return null;
  const b = area.bounds;
  if (!(b.width >= 0 && b.height >= 0) || !Number.isFinite(b.x) || !Number.isFinite(b.y)) return null;
  return { minX: b.x, minY: b.y, maxX: b.x + b.width, maxY: b.y + b.height };
}

/** The outlines as absolute path data with at most `digits` decimals. */
export function pathData(area: Area, digits: number): string {
  const paths: paper.Path[] = area instanceof paperScope().CompoundPath ? ((area as paper.CompoundPath).children as paper.Path[]) : [area as paper.Path];
  const f = (v: number) => num(v, digits);
  const out: string[] = [];
  for (const path of paths) {
    const segs = path.segments;
    if (segs.length < 2) continue;
    const first = segs[0]!;
    let x = f(first.point.x);
    let y = f(first.point.y);
    out.push(`M${x} ${y}`);
    const edge = (from: paper.Segment, to: paper.Segment) => {
      const tx = f(to.point.x);
      const ty = f(to.point.y);
      if (from.handleOut.isZero() && to.handleIn.isZero()) {
        if (tx === x && ty === y) return;
        out.push(ty === y ? `H${tx}` : tx === x ? `V${ty}` : `L${tx} ${ty}`);
      } else {
        const c1 = from.point.add(from.handleOut);
        const c2 = to.point.add(to.handleIn);
        const [x1, y1, x2, y2] = [f(c1.x), f(c1.y), f(c2.x), f(c2.y)];
        // A curve that rounds to a point (where two outlines touch) draws nothing.
        if (tx === x && ty === y && x1 === x && y1 === y && x2 === x && y2 === y) return;
        out.push(`C${x1} ${y1} ${x2} ${y2} ${tx} ${ty}`);
      }
      x = tx;
      y = ty;
    };
    for (let k = 1; k < segs.length; k++) edge(segs[k - 1]!, segs[k]!);
    if (path.closed) {
      const last = segs[segs.length - 1]!;
      // A straight closing edge is what Z draws; a curved one is written out first.
      if (!(last.handleOut.isZero() && first.handleIn.isZero())) edge(last, first);
      out.push('Z');
    }
  }
  return out.join('');
}

/** The same area with its self-crossings resolved under its fill rule, so that size() measures it. */
export function normalized(area: Area): Area {
  const rule = area.fillRule;
  // resolveCrossings() is public in paper.js but missing from its type definitions.
  const copy = area.clone(NO_INSERT) as Area & { resolveCrossings(): Area };
  return tidy(copy.resolveCrossings().reorient(rule === 'nonzero', true));
}

/** The bounding boxes of the curves that make up the outlines. */
export function edgeBoxes(area: Area): BBox[] {
  const p = paperScope();
  const paths: paper.Path[] = area instanceof p.CompoundPath ? ((area as paper.CompoundPath).children as paper.Path[]) : [area as paper.Path];
  const out: BBox[] = [];
  for (const path of paths) {
    for (const curve of path.curves) {
      const b = curve.bounds;
      out.push({ minX: b.x, minY: b.y, maxX: b.x + b.width, maxY: b.y + b.height });
    }
  }
  return out;
}

/** True when the point is inside the area (under its fill rule). */
export function containsPoint(area: Area, x: number, y: number): boolean {
  const p = paperScope();
  return area.contains(new p.Point(x, y));
}
