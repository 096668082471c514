/** `bimi-svg preview <input> [-o preview.png]`. */
import { basename, dirname, join } from 'node:path';
import { BimiSvgError } from '../errors.js';
import type { CommandContext } from './check-command.js';
import { writeAtomicallyBytes } from './files.js';
import { lazyImport, ownModule } from './lazy.js';
import { readFileCapped, readStdinCapped } from './read.js';

export interface PreviewCommandOptions {
  output?: string;
  force?: boolean;
  guides?: boolean;
}

export async function runPreview(input: string, opts: PreviewCommandOptions, ctx: CommandContext): Promise<number> {
  const data = input === '-' ? (await readStdinCapped(10 * 1024 * 1024, ctx.stdin)).data : readFileCapped(input, 10 * 1024 * 1024).data;
  const { preview } = await lazyImport<typeof import('../preview.js')>(ownModule('preview.js'));
  const result = await preview(data, { ...(opts.force ? { force: true } : {}), ...(opts.guides === false ? { guides: false } : {}) });
  if (!result.png) {
    ctx.stderr(`bimi-svg: preview refused: ${input === '-' ? 'the input' : input} is not safe to render:`);
    for (const m of result.refusedFor) ctx.stderr(`  ${m.line}:${m.column}  ${m.message}  ${m.ruleId}`);
    if (result.refusedFor.some((m) => m.ruleId !== 'xml-well-formed' && m.ruleId !== 'input-limits')) ctx.stderr('  (--force renders it anyway; only do that for files you trust)');
    return 1;
  }
  const out = opts.output ?? (input === '-' ? null : join(dirname(input), `${basename(input).replace(/\.svgz?$/i, '')}.preview.png`));
  if (!out) throw new BimiSvgError('E_USAGE', 'give -o <file.png> when reading standard input');
  writeAtomicallyBytes(out, result.png);
  ctx.stderr(`bimi-svg: wrote ${out}`);
  return 0;
}
