/**
 * Rasterises SVG with sharp (libvips + librsvg), loaded only when convert or preview
 * needs it. Inputs are rendered exactly at the requested pixel size by setting the
 * root's width and height, never by resampling a bitmap.
 *
 * Rendering happens at 96 dpi so that physical units (mm, pt, in) mean what they mean
 * in browsers (96 px per inch); sharp then scales user units by 96/72, so the root's
 * width and height must be given as `rootSize(px)` to get exactly `px` pixels.
 */
type SharpFactory = typeof import('sharp').default;
let sharpPromise: Promise<SharpFactory> | undefined;

export async function loadSharp(): Promise<SharpFactory> {
  sharpPromise ??= import('sharp').then((m) => (m as unknown as { default: SharpFactory }).default);
  return sharpPromise;
}

const DENSITY = 96;

/** The root width/height to write for a rendering `px` pixels wide (see the module comment). */
export function rootSize(px: number): string {
  return String((px * 72) / DENSITY);
}

export interface Raster {
  readonly width: number;
  readonly height: number;
  /** RGBA, 8 bits per channel, not premultiplied. */
  readonly data: Uint8Array;
}

/** Renders SVG text to RGBA pixels at its own width and height (in px). */
export async function renderSvg(svg: string): Promise<Raster> {
  const sharp = await loadSharp();
  const { data, info } = await sharp(Buffer.from(svg), { density: DENSITY, limitInputPixels: 16_000_000 })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

/** Encodes RGBA pixels as PNG. */
export async function toPng(raster: Raster): Promise<Buffer> {
  const sharp = await loadSharp();
  return sharp(Buffer.from(raster.data), { raw: { width: raster.width, height: raster.height, channels: 4 } }).png().toBuffer();
}
