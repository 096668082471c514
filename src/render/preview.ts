/**
 * The preview sheet: the logo as inboxes show it. Two rows (a light and a dark mail
 * client), each with the logo in a square and in the circle and rounded-square crops
 * receivers apply, at 256, 96, 48 and 24 px, and a guide on the largest tile showing
 * the circle a round crop keeps and a 10 % safe margin inside it.
 */
import type { Element } from '@xmldom/xmldom';
import { XMLSerializer } from '@xmldom/xmldom';
import { parseViewBox } from '../profile/numbers.js';
import { loadSharp, rootSize } from './render.js';

export interface PreviewOptions {
  /** Show the guide circle and safe area on the large tiles (default true). */
  readonly guides?: boolean;
}

interface Tile {
  readonly size: number;
  readonly crop: 'square' | 'circle' | 'rounded';
  readonly label: string;
}

const TILES: readonly Tile[] = [
  { size: 256, crop: 'square', label: 'square 256' },
  { size: 256, crop: 'circle', label: 'circle 256' },
  { size: 256, crop: 'rounded', label: 'rounded 256' },
  { size: 96, crop: 'circle', label: '96' },
  { size: 48, crop: 'circle', label: '48' },
  { size: 24, crop: 'circle', label: '24' },
  { size: 96, crop: 'square', label: 'square 96' },
];

const THEMES = [
  { name: 'light', page: '#ffffff', panel: '#f1f3f4', text: '#3c4043', guide: '#1a73e8' },
  { name: 'dark', page: '#202124', panel: '#303134', text: '#e8eaed', guide: '#8ab4f8' },
] as const;

const GAP = 24;
/** Small tiles get a wider column so that their labels fit. */
const column = (t: Tile) => Math.max(t.size, 96);
const LABEL = 22;

/** Renders the logo into an RGBA square of `size` px, scaled to fit and centred (as receivers do). */
async function renderSquare(root: Element, size: number): Promise<Buffer> {
  const sharp = await loadSharp();
  const copy = root.cloneNode(true) as Element;
  if (!parseViewBox(copy.getAttribute('viewBox') ?? '')) {
    const w = parseFloat(copy.getAttribute('width') ?? '') || 300;
    const h = parseFloat(copy.getAttribute('height') ?? '') || 150;
    copy.setAttribute('viewBox', `0 0 ${w} ${h}`);
  }
  copy.setAttribute('width', rootSize(size));
  copy.setAttribute('height', rootSize(size));
  copy.setAttribute('preserveAspectRatio', 'xMidYMid meet');
  return sharp(Buffer.from(new XMLSerializer().serializeToString(copy)), { density: 96 }).ensureAlpha().png().toBuffer();
}

function maskSvg(size: number, crop: Tile['crop']): Buffer {
  const shape =
    crop === 'circle'
      ? `<circle cx="${size / 2}" cy="${size / 2}" r="${size / 2}" fill="#fff"/>`
      : crop === 'rounded'
        ? `<rect width="${size}" height="${size}" rx="${size * 0.22}" fill="#fff"/>`
        : `<rect width="${size}" height="${size}" fill="#fff"/>`;
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}">${shape}</svg>`);
}

function guideSvg(size: number, color: string): Buffer {
  const r = size / 2;
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}">` +
      `<circle cx="${r}" cy="${r}" r="${r - 0.5}" fill="none" stroke="${color}" stroke-width="1" stroke-opacity="0.8"/>` +
      `<circle cx="${r}" cy="${r}" r="${r * 0.8}" fill="none" stroke="${color}" stroke-width="1" stroke-dasharray="4 4" stroke-opacity="0.8"/>` +
      `</svg>`,
  );
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}

/** Builds the preview sheet as a PNG. */
export async function renderPreview(root: Element, options: PreviewOptions = {}): Promise<Buffer> {
  const sharp = await loadSharp();
  const guides = options.guides ?? true;
  const rendered = new Map<number, Buffer>();
  for (const size of new Set(TILES.map((t) => t.size))) rendered.set(size, await renderSquare(root, size));

  const rowHeight = 256 + LABEL + GAP;
  const width = GAP + TILES.reduce((w, t) => w + column(t) + GAP, 0);
  const height = GAP + THEMES.length * rowHeight;
  const layers: Array<{ input: Buffer; left: number; top: number }> = [];
  let labels = '';
  for (const [row, theme] of THEMES.entries()) {
    const top = GAP + row * rowHeight;
    layers.push({
      input: Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${rowHeight}"><rect width="${width}" height="${rowHeight}" fill="${theme.page}"/></svg>`),
      left: 0,
      top: top - GAP / 2,
    });
    let left = GAP;
    for (const tile of TILES) {
      const y = top + (256 - tile.size);
      const x = left + (column(tile) - tile.size) / 2;
      const logo = await sharp(rendered.get(tile.size)!)
        .composite([{ input: maskSvg(tile.size, tile.crop), blend: 'dest-in' }])
        .png()
        .toBuffer();
      layers.push({ input: logo, left: x, top: y });
      if (guides && tile.size === 256 && tile.crop === 'square') layers.push({ input: guideSvg(tile.size, theme.guide), left: x, top: y });
      labels += `<text x="${left + column(tile) / 2}" y="${top + 256 + 16}" font-family="sans-serif" font-size="12" text-anchor="middle" fill="${theme.text}">${escapeXml(`${tile.label} · ${theme.name}`)}</text>`;
      left += column(tile) + GAP;
    }
  }
  layers.push({ input: Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${labels}</svg>`), left: 0, top: 0 });
  return sharp({ create: { width, height, channels: 4, background: THEMES[0].page } })
    .composite(layers)
    .png()
    .toBuffer();
}
