/** `bimi-svg dns <domain...>`: the BIMI chain of each domain, end to end. */
import type { CheckDomainOptions } from '../dns/check-domain.js';
import type { DomainResult } from '../dns/types.js';
import { BimiSvgError } from '../errors.js';
import type { CommandContext } from './check-command.js';
import { lazyImport, ownModule } from './lazy.js';
import { colorEnabled, writeOutput } from './output.js';
import { readFileCapped } from './read.js';

export interface DnsCommandOptions {
  selector: string;
  dnsServer?: string;
  timeout: number;
  at?: string;
  caFile?: string[];
  trustRoots?: string[];
  allowPrivateNetwork?: boolean;
  orgDomain?: 'psl' | 'treewalk';
  compare?: string;
  format: 'text' | 'json';
  batch?: string;
  concurrency: number;
  output?: string;
  quiet?: boolean;
  verbose?: boolean;
  color?: boolean;
}

/** Domains from a --batch file: one per line; blank lines and # comments are skipped. */
export function batchDomains(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.replace(/#.*/, '').trim())
    .filter((l) => l !== '');
}

/** Runs tasks with at most `limit` in flight; results keep the input order. */
export async function pooled<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>, onDone?: (done: number) => void): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < items.length) {
      const k = next++;
      results[k] = await task(items[k]!);
      onDone?.(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/** A one-line progress bar on standard error, redrawn in place (only on a terminal). */
function progressBar(total: number, stream: NodeJS.WriteStream): { update(done: number): void; end(): void } {
  if (!stream.isTTY || total < 2) return { update() {}, end() {} };
  const width = 30;
  let last = -1;
  const draw = (done: number) => {
    const filled = Math.round((done / total) * width);
    if (filled === last && done !== total) return;
    last = filled;
    stream.write(`\r\u001b[2Kchecking ${total} domains [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
  };
  draw(0);
  return { update: draw, end: () => stream.write('\r\u001b[2K') };
}

export async function runDns(domains: readonly string[], opts: DnsCommandOptions, ctx: CommandContext): Promise<number> {
  const list = [...domains];
  if (opts.batch) {
    const text = readFileCapped(opts.batch, 64 * 1024 * 1024).data;
    list.push(...batchDomains(Buffer.from(text).toString('utf8')));
  }
  if (list.length === 0) throw new BimiSvgError('E_USAGE', opts.batch ? `${opts.batch} lists no domains` : 'give at least one domain, e.g. bimi-svg dns example.com');
  let at: Date | undefined;
  if (opts.at !== undefined) {
    at = new Date(opts.at);
    if (!/^\d{4}-\d{2}-\d{2}/.test(opts.at) || Number.isNaN(at.getTime())) throw new BimiSvgError('E_USAGE', `--at ${opts.at} is not an ISO date such as 2025-06-01 or 2025-06-01T12:00:00Z`);
  }
  const { readPemFile } = await lazyImport<typeof import('../dns/roots.js')>(ownModule('dns/roots.js'));
  const readPems = (files: readonly string[], option: string) => files.flatMap((f) => readPemFile(f, `${option} ${f}`));
  const options: CheckDomainOptions = {
    selector: opts.selector,
    timeoutMs: opts.timeout,
    userAgent: `bimi-svg/${ctx.version}`,
    ...(opts.dnsServer ? { dnsServer: opts.dnsServer } : {}),
    ...(at ? { at } : {}),
    ...(opts.caFile ? { extraCa: readPems(opts.caFile, '--ca-file') } : {}),
    ...(opts.trustRoots ? { trustRoots: readPems(opts.trustRoots, '--trust-roots') } : {}),
    ...(opts.allowPrivateNetwork ? { allowPrivateNetwork: true } : {}),
    ...(opts.orgDomain === 'treewalk' ? { orgDomainMethod: 'treewalk' as const } : {}),
    ...(opts.compare ? { compare: readFileCapped(opts.compare, 10 * 1024 * 1024).data } : {}),
  };
  const { checkDomain } = await lazyImport<typeof import('../dns/check-domain.js')>(ownModule('dns/check-domain.js'));
  const { createDnsClient } = await lazyImport<typeof import('../dns/resolver.js')>(ownModule('dns/resolver.js'));
  const { formatDnsJson, formatDnsText } = await lazyImport<typeof import('../dns/format.js')>(ownModule('dns/format.js'));
  // With --dns-server, one client for the whole run, which also resolves the hosts of
  // l= and a= (validated before any query). Without it, TXT questions go to the system's
  // DNS servers and host names through the system's lookup (which reads /etc/hosts).
  const dns = opts.dnsServer ? createDnsClient({ server: opts.dnsServer, timeoutMs: opts.timeout, tries: 2 }) : undefined;
  const bar = progressBar(list.length, process.stderr);
  let results: DomainResult[];
  try {
    results = await pooled(list, opts.concurrency, (d) => checkDomain(d, dns ? { ...options, dns } : options), bar.update);
  } finally {
    bar.end();
  }
  const color = !opts.output && colorEnabled(process.stdout, opts.color);
  const report = opts.format === 'json' ? formatDnsJson(results) : formatDnsText(results, { color, detail: opts.quiet ? 'errors' : opts.verbose ? 'verbose' : 'default' });
  await writeOutput(report, opts.output);
  return results.every((r) => r.verdict === 'pass') ? 0 : 1;
}
