/** Formatters for `bimi-svg dns` results: pure functions from results to text. */
import { jsonEntry } from '../format/json.js';
import type { DnsMessage, DnsStep, DomainResult, DomainVerdict } from './types.js';

export interface DnsTextOptions {
  readonly color?: boolean;
  /** Which messages to show: errors only, errors and warnings (default), or everything including notes. */
  readonly detail?: 'errors' | 'default' | 'verbose';
}

const STEPS: readonly DnsStep[] = ['record', 'dmarc', 'logo', 'certificate'];
const LABEL: Readonly<Record<DnsStep, string>> = { record: 'record', dmarc: 'DMARC', logo: 'logo', certificate: 'certificate' };

/** The JSON report: one object per domain, in the order given. */
export function formatDnsJson(results: readonly DomainResult[]): string {
  return `${JSON.stringify(
    results.map((r) => ({ ...r, logo: r.logo ? { ...r.logo, check: r.logo.check ? jsonEntry(r.logo.check) : null } : null })),
    null,
    2,
  )}\n`;
}

function painter(color: boolean) {
  const wrap = (open: number, close: number) => (s: string) => (color ? `\u001b[${open}m${s}\u001b[${close}m` : s);
  return { red: wrap(31, 39), green: wrap(32, 39), yellow: wrap(33, 39), dim: wrap(2, 22), bold: wrap(1, 22) };
}

const VERDICT_TEXT: Readonly<Record<DomainVerdict, string>> = {
  pass: 'pass: receivers can show the logo',
  fail: 'fail: receivers will not show the logo',
  declined: 'declined: the domain publishes a record that opts out of BIMI',
  none: 'none: no BIMI record',
};

/** One block per domain: a line per step with what was found, then the messages of that step. */
export function formatDnsText(results: readonly DomainResult[], options: DnsTextOptions = {}): string {
  const p = painter(options.color ?? false);
  const out: string[] = [];
  for (const r of results) {
    const mark = r.verdict === 'pass' ? p.green('✔') : r.verdict === 'fail' ? p.red('✖') : p.yellow('•');
    out.push(`${p.bold(r.domain)}${r.selector === 'default' ? '' : ` (selector ${r.selector})`}  ${mark} ${VERDICT_TEXT[r.verdict]}`);
    for (const step of STEPS) {
      const summary = stepSummary(r, step);
      const msgs = r.messages.filter((m) => m.step === step && shown(m, options.detail ?? 'default'));
      if (summary === null && msgs.length === 0) continue;
      out.push(`  ${LABEL[step].padEnd(12)}${summary ?? ''}`);
      for (const m of msgs) out.push(formatMessage(m, p));
    }
    const hidden = r.messages.filter((m) => !shown(m, options.detail ?? 'default')).length;
    if (hidden > 0 && options.detail !== 'errors') out.push(p.dim(`  (${hidden} note${hidden === 1 ? '' : 's'} not shown: --verbose shows them)`));
    out.push('');
  }
  if (results.length > 1) {
    const count = (v: DomainVerdict) => results.filter((r) => r.verdict === v).length;
    out.push(`${results.length} domains: ${count('pass')} pass, ${count('fail')} fail, ${count('declined')} declined, ${count('none')} without a record.`);
  }
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}

function shown(m: DnsMessage, detail: 'errors' | 'default' | 'verbose'): boolean {
  return m.severity === 'error' || (m.severity === 'warning' && detail !== 'errors') || detail === 'verbose';
}

function formatMessage(m: DnsMessage, p: ReturnType<typeof painter>): string {
  const tag = m.severity === 'error' ? p.red('error  ') : m.severity === 'warning' ? p.yellow('warning') : p.dim('info   ');
  return `              ${tag}  ${m.message}${m.citation ? p.dim(`  [${m.citation}]`) : ''}  ${p.dim(m.code)}`;
}

function stepSummary(r: DomainResult, step: DnsStep): string | null {
  switch (step) {
    case 'record': {
      const rec = r.record;
      if (rec.status === 'none') return `no record (asked ${rec.queried.join(', ') || 'nothing'})`;
      if (rec.status === 'temperror') return `DNS failed (asked ${rec.queried.join(', ')})`;
      const raw = rec.raw === null ? '' : `  "${rec.raw.length > 160 ? `${rec.raw.slice(0, 159)}…` : rec.raw}"`;
      return `${rec.name ?? rec.queried.at(-1) ?? ''}${rec.orgFallback ? ' (organizational domain)' : ''}${raw}  ${rec.status}`;
    }
    case 'dmarc': {
      const d = r.dmarc;
      if (!d) return null;
      const where = d.recordName ? `${d.recordName}  "${d.record}"` : 'no DMARC record';
      return `${where}  ${d.eligible ? 'eligible' : 'not eligible'}${d.policy ? ` (policy ${d.policy})` : ''}`;
    }
    case 'logo': {
      const l = r.logo;
      if (!l) return null;
      const size = l.bytes !== null ? `, ${l.bytes.toLocaleString('en-US')} bytes${l.compressedBytes !== null ? ` (SVGZ: ${l.compressedBytes.toLocaleString('en-US')} bytes served)` : ''}` : '';
      const verdict = l.status === 'ok' ? 'valid SVG Tiny PS' : l.status === 'invalid' ? 'not valid SVG Tiny PS' : l.status;
      return `${l.url}  ${l.httpStatus ?? '—'}${size}  ${verdict}${l.matchesLocal === true ? ', same as the local file' : ''}`;
    }
    case 'certificate': {
      const c = r.certificate;
      if (!c) return null;
      if (c.status === 'absent') return 'none (self-asserted logo)';
      if (c.status === 'unreachable') return `${c.url}  unreachable`;
      const type = c.type ? `${c.type}${c.markType ? ` (${c.markType})` : ''}` : (c.markType ?? 'mark certificate');
      const until = c.notAfter ? `, valid until ${c.notAfter.slice(0, 10)}` : '';
      const chain = c.chain.length > 0 ? `, chain: ${c.chain.map((x) => x.subject).join(' → ')}` : '';
      const logo = c.logoMatches === true ? ', logo matches' : c.logoMatches === false ? ', logo differs' : '';
      return `${c.url}  ${type}${until}${chain}${logo}  ${c.status}`;
    }
  }
}
