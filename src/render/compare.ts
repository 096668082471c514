/** Pixel comparison of two renderings of the same area. */
import type { Raster } from './render.js';

export interface Fidelity {
  /** Mean absolute difference over all channels, 0 (identical) to 1. */
  readonly meanDifference: number;
  /** Share of pixels whose largest channel difference is visible (over 24/255). */
  readonly changedPixels: number;
}

/** A visible change in one channel: about 10 % of the range. */
export const VISIBLE_DELTA = 24;

/**
 * Compares premultiplied colours, so that fully transparent pixels compare equal
 * whatever their colour channels hold. With `background`, `a` is first composited
 * over that colour (the background is an intended change).
 */
export function compareRasters(a: Raster, b: Raster, background: readonly [number, number, number] | null = null): Fidelity {
  if (a.width !== b.width || a.height !== b.height) throw new Error(`cannot compare ${a.width}×${a.height} with ${b.width}×${b.height}`);
  const n = a.width * a.height;
  let sum = 0;
  let changed = 0;
  const pa = [0, 0, 0, 0];
  const pb = [0, 0, 0, 0];
  for (let i = 0; i < n; i++) {
    const o = i * 4;
    premultiplied(a.data, o, background, pa);
    premultiplied(b.data, o, null, pb);
    let max = 0;
    for (let c = 0; c < 4; c++) {
      const d = Math.abs(pa[c]! - pb[c]!);
      sum += d;
      if (d > max) max = d;
    }
    if (max > VISIBLE_DELTA) changed++;
  }
  return { meanDifference: n === 0 ? 0 : sum / (n * 4 * 255), changedPixels: n === 0 ? 0 : changed / n };
}

function premultiplied(data: Uint8Array, o: number, background: readonly [number, number, number] | null, out: number[]): void {
  const alpha = data[o + 3]! / 255;
  if (background) {
    for (let c = 0; c < 3; c++) out[c] = data[o + c]! * alpha + background[c]! * (1 - alpha);
    out[3] = 255;
    return;
  }
  for (let c = 0; c < 3; c++) out[c] = data[o + c]! * alpha;
  out[3] = data[o + 3]!;
}
