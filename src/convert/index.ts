/**
 * `convert`: ordinary SVG in, SVG Tiny PS out. A pipeline of small passes rewrites
 * the tree; svgo makes it small; the result is checked with the same rules as
 * `check`, and input and output are rendered and compared pixel by pixel over the
 * input's drawing area.
 */
import type { Element } from '@xmldom/xmldom';
import { XMLSerializer } from '@xmldom/xmldom';
import { checkResolved } from '../check.js';
import { resolveOptions } from '../engine/options.js';
import { decodeInput, DEFAULT_MAX_INPUT_BYTES } from '../parse/input.js';
import { parseSvg } from '../parse/parse.js';
import { scanXml } from '../parse/scan.js';
import { compareRasters, type Fidelity } from '../render/compare.js';
import { renderSvg, rootSize, type Raster } from '../render/render.js';
import { RULES } from '../rules/index.js';
import type { Diagnostic, ResolvedOptions } from '../types.js';
import { ConvertContext, type Box, type Change, type Refusal, type ResolvedConvertOptions } from './context.js';
import { num, withBatchedChildLists } from './dom.js';
import { expandEntities } from './entities.js';
import { optimize } from './optimize.js';
import { backgroundColor } from './passes/background.js';
import { artBoxOf } from './passes/square.js';
import { PASSES } from './pipeline.js';
import { serialize } from './serialize.js';

export type { Change, Refusal };

export interface ConvertOptions {
  /** Brand name for the <title>; without it an existing real title is kept, else the conversion is refused. */
  readonly title?: string;
  /** A description for the <desc> (receivers recommend one for accessibility). */
  readonly desc?: string;
  /** Solid background colour to add behind the art. */
  readonly background?: string;
  /** Margin around the art when squaring, in percent of the square's side (0–40). */
  readonly padding?: number;
  /** Output width and height in px; default: the input's square pixel size if ≥ 96, else 512. */
  readonly size?: number;
  /** Minify with svgo (default true; false gives a readable, indented file). */
  readonly optimize?: boolean;
  /** Size of the renderings compared for fidelity (default 256 px on the longer side). */
  readonly renderSize?: number;
  readonly maxInputBytes?: number;
}

export interface ConvertResult {
  /** The converted document, or null when nothing usable could be produced. */
  readonly svg: string | null;
  /** True when the output passes `check` without errors and nothing was refused. */
  readonly valid: boolean;
  /** True when the output looks like the input (within the documented thresholds). */
  readonly faithful: boolean;
  readonly changes: readonly Change[];
  /** Why the conversion cannot be done (each with the rule it is about). */
  readonly refusals: readonly Refusal[];
  /** What `check` still reports on the output. */
  readonly remaining: readonly Diagnostic[];
  readonly fidelity: Fidelity | null;
  readonly bytes: { readonly before: number | null; readonly after: number | null };
  /** True when the input was already a valid Tiny PS document. */
  readonly inputWasValid: boolean;
  /** Notes for the user (e.g. a certified logo's hash). */
  readonly notes: readonly string[];
}

/** Fidelity thresholds: above either, the output is not "faithful". */
export const FIDELITY_THRESHOLDS = { meanDifference: 0.01, changedPixels: 0.01 } as const;
const SIZE_LIMIT = 32_768;

function resolveConvertOptions(options: ConvertOptions, defaultSize: number): ResolvedConvertOptions {
  return {
    title: options.title?.replace(/\s+/g, ' ').trim() || null,
    desc: options.desc?.replace(/\s+/g, ' ').trim() || null,
    background: options.background ? backgroundColor(options.background) : null,
    padding: options.padding ?? 0,
    size: options.size ?? defaultSize,
    optimize: options.optimize ?? true,
  };
}

function failed(refusal: Refusal, before: number | null): ConvertResult {
  return { svg: null, valid: false, faithful: false, changes: [], refusals: [refusal], remaining: [], fidelity: null, bytes: { before, after: null }, inputWasValid: false, notes: [] };
}

/** Renders a document's art box at `scale` px per user unit. */
async function renderBox(root: Element, box: Box, scale: number): Promise<Raster> {
  const copy = root.cloneNode(true) as Element;
  copy.setAttribute('viewBox', [box.x, box.y, box.width, box.height].map((v) => num(v, 6)).join(' '));
  copy.setAttribute('width', rootSize(Math.max(1, Math.round(box.width * scale))));
  copy.setAttribute('height', rootSize(Math.max(1, Math.round(box.height * scale))));
  // Stretching the art box over whole pixels (identically for input and output) keeps
  // partly covered edge rows out of the comparison.
  copy.setAttribute('preserveAspectRatio', 'none');
  return renderSvg(new XMLSerializer().serializeToString(copy));
}

let checkOptions: ResolvedOptions | undefined;

/**
 * Converts an SVG (text or bytes; .svgz is detected) into SVG Tiny PS and verifies
 * the result. Never throws for a bad document: problems are refusals.
 */
export async function convert(input: string | Uint8Array, options: ConvertOptions = {}): Promise<ConvertResult> {
  const maxInputBytes = options.maxInputBytes ?? DEFAULT_MAX_INPUT_BYTES;
  const decoded = decodeInput(input, maxInputBytes);
  if (!decoded.ok) {
    return failed({ step: 'parse', ruleId: decoded.problem.kind === 'too-large' ? 'input-limits' : 'xml-well-formed', message: decoded.problem.message }, decoded.bytes);
  }
  checkOptions ??= resolveOptions({}, RULES);
  const before = decoded.bytes;
  const inputCheck = checkResolved(input, '<input>', checkOptions);
  const inputWasValid = inputCheck.errorCount === 0;

  // A valid logo is left byte for byte as it is, unless the user asked for a change:
  // no rewrite churn, and a certified logo keeps matching its certificate.
  const asked = options.title !== undefined || options.desc !== undefined || options.background !== undefined || (options.padding ?? 0) > 0 || options.size !== undefined;
  if (inputWasValid && !asked) {
    return {
      svg: decoded.text,
      valid: true,
      faithful: true,
      changes: [],
      refusals: [],
      remaining: inputCheck.messages,
      fidelity: { meanDifference: 0, changedPixels: 0 },
      bytes: { before, after: before },
      inputWasValid,
      notes: [
        'The input is already valid SVG Tiny PS, so it was left unchanged. If this logo is in a Verified Mark Certificate, the certificate covers its exact bytes: any rewrite would break the match.',
      ],
    };
  }

  // Entities are expanded once and the DOCTYPE removed; nothing is fetched.
  const scan = scanXml(decoded.text, { maxDepth: 256, maxElements: 200_000 });
  const expanded = expandEntities(decoded.text, scan, maxInputBytes);
  const parsed = parseSvg(expanded.text, { maxInputBytes: maxInputBytes * 2 });
  if (!parsed.document) {
    const p = parsed.problems[0]!;
    return failed({ step: 'parse', ruleId: p.ruleId, message: String(p.data.detail ?? p.messageId), line: p.line, column: p.column }, before);
  }
  const doc = parsed.document.dom;
  const root = doc.documentElement!;
  const { box } = artBoxOf(root);
  const renderSize = options.renderSize ?? 256;
  const scale = renderSize / Math.max(box.width, box.height);

  // The input as it is (with its styles, clips and masks) is kept for the comparison;
  // it is rendered only when the conversion was not refused (a refused "use bomb"
  // could keep the renderer busy for seconds).
  const original = root.cloneNode(true) as Element;
  let inputRaster: Raster | null = null;
  let renderProblem: string | null = null;

  const wpx = Number(root.getAttribute('width'));
  const defaultSize = Number.isFinite(wpx) && wpx >= 96 ? wpx : 512;
  const ctx = new ConvertContext(doc, parsed.document, resolveConvertOptions(options, defaultSize));
  for (const problem of expanded.problems) ctx.refuse('parse', 'no-doctype', problem);
  if (expanded.expanded > 0) ctx.change('document', `expanded ${expanded.expanded} entity references and removed the DOCTYPE`, { ruleId: 'no-doctype' });
  else if (scan.doctype) ctx.change('document', 'removed the DOCTYPE', { ruleId: 'no-doctype' });
  if (options.background && !ctx.options.background) ctx.refuse('background', 'color-syntax', `--background "${options.background}" is not a colour`);
  withBatchedChildLists(doc, () => {
    for (const pass of PASSES) pass.run(ctx);
  });

  if (ctx.refusals.length === 0) {
    try {
      inputRaster = await renderBox(original, box, scale);
    } catch (e) {
      renderProblem = `the input could not be rendered for comparison: ${(e as Error).message}`;
    }
  }

  let svg = serialize(ctx.root, !ctx.options.optimize);
  if (ctx.options.optimize) {
    try {
      const optimized = await optimize(svg, 3);
      // svgo is a size step only: keep its output only if it is still valid.
      if (checkResolved(optimized, '<output>', checkOptions).errorCount <= checkResolved(svg, '<output>', checkOptions).errorCount) svg = optimized;
    } catch {
      ctx.change('optimize', 'svgo could not optimise the output; it is written unoptimised');
    }
  }
  if (!svg.endsWith('\n')) svg += '\n';

  const renderOutput = async (text: string): Promise<Fidelity | null> => {
    if (!inputRaster) return null;
    const out = parseSvg(text);
    if (!out.document) return null;
    try {
      const raster = await renderBox(out.document.root, box, scale);
      const bg = ctx.addedBackground ? backgroundRgb(ctx.addedBackground) : null;
      return compareRasters(inputRaster, raster, bg);
    } catch {
      return null;
    }
  };
  let fidelity = await renderOutput(svg);

  // Only while the file is over 32 KB: fewer decimals, step by step, while it still looks the same.
  if (ctx.options.optimize) {
    for (let precision = 2; precision >= 0 && Buffer.byteLength(svg) > SIZE_LIMIT; precision--) {
      const smaller = await optimize(svg, precision);
      const f = await renderOutput(smaller);
      if (!f || !isFaithful(f) || checkResolved(smaller, '<output>', checkOptions).errorCount > 0) break;
      svg = smaller.endsWith('\n') ? smaller : `${smaller}\n`;
      fidelity = f;
      ctx.change('optimize', `lowered the numeric precision to ${precision} decimals to stay under 32 KB`, { ruleId: 'max-file-size' });
    }
  }

  const outputCheck = checkResolved(svg, '<output>', checkOptions);
  // A result that does not look like the input is a refusal too, with what caused it.
  if (fidelity && !isFaithful(fidelity) && ctx.refusals.length === 0) {
    const lossy = ctx.changes.filter((c) => c.lossy);
    const causes = lossy.length > 0 ? `, after: ${lossy.map((c) => c.description).join('; ')}` : ' (no lossy step: the renderers disagree about the input)';
    ctx.refuse(
      'verify',
      lossy[0]?.ruleId ?? 'fidelity',
      `the converted logo differs visibly from the input (${(fidelity.changedPixels * 100).toFixed(1)} % of pixels changed, mean difference ${(fidelity.meanDifference * 100).toFixed(2)} %)${causes}`,
    );
  }
  const notes: string[] = [];
  if (inputWasValid) {
    notes.push('The input was already valid SVG Tiny PS. If this logo is in a Verified Mark Certificate, the certificate covers its exact bytes: publishing a converted file breaks the match.');
  } else if (/\bbaseProfile\s*=\s*["']tiny-ps["']/.test(decoded.text)) {
    // Logos certified years ago often break rules that checkers learnt later; "fixing"
    // one silently breaks the certificate (ethereum.org, user-asks.md C22).
    notes.push(
      'The input already declares baseProfile="tiny-ps", as logos made for BIMI do. If it is the logo in a mark certificate (VMC or CMC), receivers compare the served file with the certificate\'s copy byte for byte: publish the converted file only together with a reissued certificate. bimi-svg dns <domain> shows whether the served logo and the certificate match.',
    );
  }
  if (renderProblem) notes.push(renderProblem);
  return {
    svg,
    valid: outputCheck.errorCount === 0 && ctx.refusals.every((r) => r.step === 'verify'),
    faithful: fidelity !== null && isFaithful(fidelity) && ctx.refusals.length === 0,
    changes: ctx.changes,
    refusals: ctx.refusals,
    remaining: outputCheck.messages,
    fidelity,
    bytes: { before, after: Buffer.byteLength(svg) },
    inputWasValid,
    notes,
  };
}

export function isFaithful(f: Fidelity): boolean {
  return f.meanDifference <= FIDELITY_THRESHOLDS.meanDifference && f.changedPixels <= FIDELITY_THRESHOLDS.changedPixels;
}

function backgroundRgb(hex: string): [number, number, number] {
  return [1, 3, 5].map((k) => parseInt(hex.slice(k, k + 2), 16)) as [number, number, number];
}

