/** The command-line program. The library never exits; this module sets the exit code. */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { BimiSvgError } from '../errors.js';
import { FORMATS, type FormatName } from '../format/index.js';
import { runCheck, type CheckCommandOptions } from './check-command.js';
import { writeOutput } from './output.js';
import { setModuleLoader, type ModuleLoader } from './lazy.js';
import { runConvert, type ConvertCommandOptions } from './convert-command.js';
import { runPreview, type PreviewCommandOptions } from './preview-command.js';
import { runDns, type DnsCommandOptions } from './dns-command.js';
import { formatRules } from './rules-command.js';

declare const __BIMI_SVG_VERSION__: string | undefined;

function version(): string {
  // The bundle has its version built in; the unbundled build reads package.json.
  if (typeof __BIMI_SVG_VERSION__ === 'string') return __BIMI_SVG_VERSION__;
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

const integer = (name: string) => (value: string) => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`${name} must be a whole number.`);
  return Number(value);
};
const collect = (value: string, previous: string[] = []) => [...previous, value];
const decimal = (name: string) => (value: string) => {
  if (!/^\d+(\.\d+)?$/.test(value)) throw new InvalidArgumentError(`${name} must be a number.`);
  return Number(value);
};

export interface MainOptions {
  readonly stdin?: NodeJS.ReadableStream;
  /** How to import modules that are loaded on demand (see lazy.ts). */
  readonly load?: ModuleLoader;
}

/** Runs the CLI with the given arguments (without `node` and the script) and returns the exit code. */
export async function main(argv: readonly string[], { stdin = process.stdin, load }: MainOptions = {}): Promise<number> {
  if (load) setModuleLoader(load);
  const debug = argv.includes('--debug');
  const stderr = (line: string) => process.stderr.write(`${line}\n`);
  const ctx = { cwd: process.cwd(), version: version(), stderr, stdin };
  let exitCode = 0;
  const program = new Command('bimi-svg')
    .description('Validate BIMI logos against SVG Tiny 1.2 Portable/Secure (and more: see the README).')
    .version(ctx.version, '-v, --version')
    .option('--debug', 'print stack traces for internal errors')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeErr: (s) => process.stderr.write(s),
      writeOut: (s) => process.stdout.write(s),
      outputError: (s, write) => write(`bimi-svg: ${s.replace(/^error: /, '').trimEnd()} (see bimi-svg --help)\n`),
    });

  program
    .command('check', { isDefault: true })
    .description('check SVG files, directories (recursively: *.svg, *.svgz), globs, or - for standard input')
    .argument('[paths...]', 'files, directories, globs or -')
    .addOption(new Option('-f, --format <format>', 'output format').choices(FORMATS).default('text'))
    .option('--strict', 'fail on warnings too (receiver policy and SHOULDs become blocking)')
    .option('--max-warnings <n>', 'fail when there are more than n warnings', integer('--max-warnings'))
    .option('-q, --quiet', 'report errors only')
    .option('--rule <id=severity>', 'set a rule to error, warning or off (repeatable)', collect)
    .option('-c, --config <file>', 'JSON configuration (default: .bimi-svg.json if present)')
    .option('--max-bytes <n>', 'size limit for max-file-size (default 32768)', integer('--max-bytes'))
    .option('--title-max-length <n>', 'title length limit (default 64)', integer('--title-max-length'))
    .option('--min-pixels <n>', 'minimum width/height in px for root-size (default 96)', integer('--min-pixels'))
    .option('--stdin-filename <name>', 'name to report for standard input', '<stdin>')
    .option('-o, --output <file>', 'write the report to a file instead of standard output')
    .option('--threads <n>', 'threads for large batches (default: cores - 1 on 4 or more cores, else 1)', integer('--threads'))
    .option('--color', 'force colours')
    .option('--no-color', 'disable colours (also: NO_COLOR=1)')
    .action(async (paths: string[], opts: CheckCommandOptions) => {
      exitCode = await runCheck(paths, opts, ctx);
    });

  program
    .command('convert')
    .description('convert an SVG (Illustrator, Inkscape, Figma …) into a valid, faithful SVG Tiny PS file')
    .argument('<input>', 'an .svg or .svgz file, or - for standard input (the result then goes to standard output)')
    .option('-o, --output <file>', 'where to write (default: <name>.bimi.svg next to the input)')
    .option('--in-place', 'overwrite the input (atomically)')
    .option('--title <brand>', 'the brand name for the <title> (required unless the input has a real title)')
    .option('--desc <text>', 'a short description for the <desc> (recommended for accessibility)')
    .option('--background <colour>', 'add a solid background of this colour behind the art')
    .option('--padding <percent>', 'margin around the art when making it square, in % of the side (0–40)', decimal('--padding'))
    .option('--size <px>', 'width and height of the output in pixels (default: the input\'s if square and ≥ 96, else 512)', integer('--size'))
    .option('--pretty', 'write an indented, unminified file')
    .option('--force', 'write the result even when it is not valid or not faithful')
    .addOption(new Option('-f, --format <format>', 'report format').choices(['text', 'json']).default('text'))
    .option('--color', 'force colours')
    .option('--no-color', 'disable colours')
    .action(async (input: string, opts: ConvertCommandOptions) => {
      exitCode = await runConvert(input, opts, ctx);
    });

  program
    .command('preview')
    .description('render a PNG sheet of the logo as inboxes show it (sizes, circle and rounded crops, light and dark)')
    .argument('<input>', 'an .svg or .svgz file, or -')
    .option('-o, --output <file>', 'where to write the PNG (default: <name>.preview.png next to the input)')
    .option('--no-guides', 'leave out the crop circle and safe-area guides')
    .option('--force', 'render even if the file has scripts or external references (only for files you trust)')
    .action(async (input: string, opts: PreviewCommandOptions) => {
      exitCode = await runPreview(input, opts, ctx);
    });

  program
    .command('dns')
    .description('check the BIMI chain of domains end to end: the record, the DMARC policy, the served logo and the mark certificate')
    .argument('[domains...]', 'domain names (the From: domain of your mail)')
    .option('--selector <s>', 'BIMI selector', 'default')
    .option('--dns-server <host[:port]>', 'ask this DNS server instead of the system resolver (also for the hosts of l= and a=)')
    .option('--timeout <ms>', 'limit for each DNS query and each HTTPS fetch', integer('--timeout'), 5000)
    .option('--at <date>', 'evaluate certificate validity at this ISO date instead of now')
    .option('--ca-file <pem>', 'extra trusted CA for HTTPS fetches (repeatable)', collect)
    .option('--trust-roots <pem>', 'mark certificate roots to trust instead of the bundled MVA roots (repeatable)', collect)
    .option('--allow-private-network', 'allow l= and a= URLs on loopback, private or link-local addresses')
    .addOption(new Option('--org-domain <method>', 'how to find the Organizational Domain: the Public Suffix List (RFC 7489) or the DMARCbis DNS tree walk').choices(['psl', 'treewalk']).default('psl'))
    .option('--compare <logo.svg>', 'report whether the served logo is byte for byte this file')
    .option('--batch <file>', 'also check the domains listed in this file, one per line (# comments allowed)')
    .option('--concurrency <n>', 'domains checked at once in a batch', integer('--concurrency'), 16)
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('-o, --output <file>', 'write the report to a file instead of standard output')
    .option('-q, --quiet', 'show errors only')
    .option('--verbose', 'also show notes (the verified chain, what was not checked …)')
    .option('--color', 'force colours')
    .option('--no-color', 'disable colours')
    .action(async (domains: string[], opts: DnsCommandOptions) => {
      exitCode = await runDns(domains, opts, ctx);
    });

  program
    .command('rules')
    .description('list the rules with their tier, default severity and sources')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (opts: { format: 'text' | 'json' }) => {
      await writeOutput(formatRules(opts.format), undefined);
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version are successes; every other commander error is bad usage.
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return 2;
    }
    if (e instanceof BimiSvgError) {
      stderr(`bimi-svg: ${e.message}`);
      return 2;
    }
    stderr(`bimi-svg: internal error: ${(e as Error).message ?? String(e)}${debug ? '' : ' (run with --debug for details)'}`);
    if (debug) stderr((e as Error).stack ?? '');
    return 2;
  }
}

export type { FormatName };
