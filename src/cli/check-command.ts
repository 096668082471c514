/** `bimi-svg check [paths...]`: I/O and exit codes around the library's check. */
import { resolveOptions } from '../engine/options.js';
import { checkResolved } from '../check.js';
import { BimiSvgError } from '../errors.js';
import { formatResults, type FormatName } from '../format/index.js';
import { RULES } from '../rules/index.js';
import type { CheckResult, RuleSetting } from '../types.js';
import { loadConfig } from './config.js';
import { expandInputs } from './inputs.js';
import { colorEnabled, writeOutput } from './output.js';
import { checkFiles, defaultThreads, type BatchOutcome } from './parallel.js';
import { readStdinCapped } from './read.js';

export interface CheckCommandOptions {
  format: FormatName;
  strict?: boolean;
  quiet?: boolean;
  maxWarnings?: number;
  rule?: string[];
  config?: string;
  maxBytes?: number;
  titleMaxLength?: number;
  minPixels?: number;
  stdinFilename?: string;
  output?: string;
  color?: boolean;
  threads?: number;
}

export interface CommandContext {
  readonly cwd: string;
  readonly version: string;
  readonly stderr: (line: string) => void;
  readonly stdin?: NodeJS.ReadableStream;
}

/** Parses `--rule id=severity` flags. */
export function parseRuleFlags(flags: readonly string[]): Record<string, RuleSetting> {
  const out: Record<string, RuleSetting> = {};
  for (const flag of flags) {
    const m = /^([a-z0-9-]+)\s*[=:]\s*(error|warning|warn|off)$/.exec(flag.trim());
    if (!m) throw new BimiSvgError('E_USAGE', `--rule expects <rule-id>=<error|warning|off>, got "${flag}"`);
    out[m[1]!] = (m[2] === 'warn' ? 'warning' : m[2]) as RuleSetting;
  }
  return out;
}

/** Runs the check command and returns the exit code (0, 1 or 2). */
export async function runCheck(paths: readonly string[], opts: CheckCommandOptions, ctx: CommandContext): Promise<number> {
  if (paths.length === 0) throw new BimiSvgError('E_USAGE', 'no input: give SVG files, directories or globs, or - to read standard input');
  const { config } = loadConfig(opts.config, ctx.cwd);
  const options = resolveOptions(
    {
      ...config,
      rules: { ...(config.rules ?? {}), ...parseRuleFlags(opts.rule ?? []) },
      strict: opts.strict ?? config.strict ?? false,
      ...(opts.maxBytes !== undefined ? { maxBytes: opts.maxBytes } : {}),
      ...(opts.titleMaxLength !== undefined ? { titleMaxLength: opts.titleMaxLength } : {}),
      ...(opts.minPixels !== undefined ? { minPixels: opts.minPixels } : {}),
    },
    RULES,
  );
  const maxWarnings = opts.maxWarnings ?? config.maxWarnings;

  const stdinName = opts.stdinFilename ?? '<stdin>';
  const { inputs, problems } = await expandInputs(paths, stdinName);
  let couldNotRun = problems.length > 0;
  for (const p of problems) ctx.stderr(`bimi-svg: ${p}`);

  const results: CheckResult[] = [];
  const files = inputs.flatMap((i) => (i.kind === 'file' ? [i.path] : []));
  const outcomes = new Map<string, BatchOutcome>();
  (await checkFiles(files, options, opts.threads ?? defaultThreads())).forEach((o, k) => outcomes.set(files[k]!, o));
  for (const input of inputs) {
    if (input.kind === 'stdin') {
      try {
        const { data, size } = await readStdinCapped(options.maxInputBytes, ctx.stdin);
        results.push(checkResolved(data, input.name, options, size));
      } catch (e) {
        if (!(e instanceof BimiSvgError)) throw e;
        ctx.stderr(`bimi-svg: ${e.message}`);
        couldNotRun = true;
      }
      continue;
    }
    const outcome = outcomes.get(input.path)!;
    if ('result' in outcome) results.push(outcome.result);
    else {
      if (outcome.internal) throw new Error(outcome.error);
      ctx.stderr(`bimi-svg: ${outcome.error}`);
      couldNotRun = true;
    }
  }

  const text = formatResults(results, opts.format, {
    color: opts.format === 'text' && !opts.output && colorEnabled(process.stdout, opts.color),
    quiet: opts.quiet === true,
    cwd: ctx.cwd,
    rules: RULES,
    version: ctx.version,
  });
  await writeOutput(text, opts.output);

  const errors = results.reduce((n, r) => n + r.errorCount, 0);
  const warnings = results.reduce((n, r) => n + r.warningCount, 0);
  if (couldNotRun) return 2;
  if (errors > 0) return 1;
  if (options.strict && warnings > 0) return 1;
  if (maxWarnings !== undefined && warnings > maxWarnings) {
    ctx.stderr(`bimi-svg: too many warnings (${warnings}; --max-warnings is ${maxWarnings})`);
    return 1;
  }
  return 0;
}
