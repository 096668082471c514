/** `bimi-svg convert <input>`: writes a Tiny PS file next to the input (or where asked) and reports. */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { ConvertResult } from '../convert/index.js';
import { BimiSvgError } from '../errors.js';
import { TIER_LABELS } from '../types.js';
import type { CommandContext } from './check-command.js';
import { writeAtomicallyBytes } from './files.js';
import { lazyImport, ownModule } from './lazy.js';
import { colorEnabled, writeOutput } from './output.js';
import { readFileCapped, readStdinCapped } from './read.js';

export interface ConvertCommandOptions {
  output?: string;
  inPlace?: boolean;
  title?: string;
  desc?: string;
  background?: string;
  padding?: number;
  size?: number;
  format: 'text' | 'json';
  force?: boolean;
  pretty?: boolean;
  color?: boolean;
}

function defaultOutput(input: string): string {
  return join(dirname(input), `${basename(input).replace(/\.svgz?$/i, '')}.bimi.svg`);
}

const pct = (x: number) => `${(x * 100).toFixed(2)} %`;

function formatText(input: string, output: string | null, r: ConvertResult, written: boolean, color: boolean): string {
  const c = (code: number, s: string) => (color ? `\u001b[${code}m${s}\u001b[39m` : s);
  const lines: string[] = [];
  lines.push(`${input} → ${output ?? '(not written)'}`);
  if (r.refusals.length > 0) {
    lines.push(`  ${c(31, '✖')} cannot be converted faithfully:`);
    for (const f of r.refusals) lines.push(`    ${f.line ? `${f.line}:${f.column}  ` : ''}${f.message}  ${f.ruleId}`);
  }
  const fidelity = r.fidelity === null ? 'fidelity not measured' : r.faithful ? c(32, 'faithful') : c(31, 'not faithful');
  const verdict = r.valid && r.faithful ? c(32, '✔ valid SVG Tiny PS, faithful to the input') : `${r.valid ? c(32, '✔ valid') : c(31, '✖ not valid')}, ${fidelity}`;
  lines.push(`  ${verdict}${r.fidelity ? ` (mean difference ${pct(r.fidelity.meanDifference)}, changed pixels ${pct(r.fidelity.changedPixels)})` : ''}`);
  if (r.bytes.before !== null && r.bytes.after !== null) lines.push(`  ${r.bytes.before.toLocaleString('en-US')} → ${r.bytes.after.toLocaleString('en-US')} bytes`);
  if (r.changes.length > 0) {
    lines.push('  changes:');
    const width = Math.max(...r.changes.map((x) => x.step.length));
    for (const ch of r.changes) {
      lines.push(`    ${ch.step.padEnd(width)}  ${ch.description}${ch.count > 1 ? ` (×${ch.count})` : ''}${ch.lossy ? c(33, ' [may change the look]') : ''}${ch.ruleId ? `  ${ch.ruleId}` : ''}`);
    }
  }
  const remaining = r.remaining;
  if (remaining.length > 0) {
    lines.push('  still reported by check:');
    for (const m of remaining) lines.push(`    ${m.line}:${m.column}  ${m.severity === 'error' ? c(31, 'error  ') : c(33, 'warning')}  ${m.message} [${TIER_LABELS[m.tier]}]  ${m.ruleId}`);
  }
  for (const note of r.notes) lines.push(`  note: ${note}`);
  if (!written) lines.push(r.svg === null ? '  Nothing was written.' : '  Nothing was written (--force writes the result anyway, marked as not valid or not faithful).');
  return `${lines.join('\n')}\n`;
}

export async function runConvert(input: string, opts: ConvertCommandOptions, ctx: CommandContext): Promise<number> {
  if (opts.inPlace && opts.output) throw new BimiSvgError('E_USAGE', '--in-place and --output cannot be used together');
  if (input === '-' && opts.inPlace) throw new BimiSvgError('E_USAGE', '--in-place needs a file, not standard input');
  const fromStdin = input === '-';
  let data: Uint8Array;
  if (fromStdin) data = (await readStdinCapped(10 * 1024 * 1024, ctx.stdin)).data;
  else {
    if (existsSync(input) && statSync(input).isDirectory()) throw new BimiSvgError('E_USAGE', `${input} is a directory; convert takes one file`);
    data = readFileCapped(input, 10 * 1024 * 1024).data;
  }
  const { convert } = await lazyImport<typeof import('../convert/index.js')>(ownModule('convert/index.js'));
  const result = await convert(data, {
    ...(opts.title !== undefined ? { title: opts.title } : {}),
    ...(opts.desc !== undefined ? { desc: opts.desc } : {}),
    ...(opts.background !== undefined ? { background: opts.background } : {}),
    ...(opts.padding !== undefined ? { padding: opts.padding } : {}),
    ...(opts.size !== undefined ? { size: opts.size } : {}),
    optimize: !opts.pretty,
  });
  const ok = result.valid && result.faithful && result.svg !== null;
  const target = fromStdin && !opts.output ? '-' : opts.inPlace ? input : (opts.output ?? defaultOutput(input));
  let written = false;
  if (result.svg !== null && (ok || opts.force)) {
    if (target === '-') {
      await writeOutput(result.svg, undefined);
    } else {
      writeAtomicallyBytes(target, result.svg);
    }
    written = true;
  }
  const report =
    opts.format === 'json'
      ? `${JSON.stringify(
          {
            input: fromStdin ? '<stdin>' : input,
            output: written ? (target === '-' ? '<stdout>' : target) : null,
            valid: result.valid,
            faithful: result.faithful,
            changes: result.changes,
            refusals: result.refusals,
            remaining: result.remaining,
            fidelity: result.fidelity,
            bytes: result.bytes,
            notes: result.notes,
          },
          null,
          2,
        )}\n`
      : formatText(fromStdin ? '<stdin>' : input, written ? (target === '-' ? '<stdout>' : target) : null, result, written, colorEnabled(process.stderr, opts.color));
  // With the SVG on standard output, the report goes to standard error.
  if (target === '-' && written) process.stderr.write(report);
  else await writeOutput(report, undefined);
  return ok ? 0 : 1;
}
