/**
 * `bimi-svg dns`, run as users run it (a child process of bin/bimi-svg.js), against a
 * real DNS server and a real HTTPS server on 127.0.0.1 started here; the mark
 * certificates come from a generated test authority passed with --trust-roots.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDnsServer, type TestDnsServer, type Zone } from './support/dns-server.js';
import { startHttpsServer, type TestHttpServer } from './support/https-server.js';
import { createTestPki, TEST_SVG } from './support/pki.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const bin = join(root, 'bin/bimi-svg.js');
const scratch = mkdtempSync(join(tmpdir(), 'bimi-svg-dns-cli-'));
const HOST = 'bimi.example.test';
const hasScript = spawnSync('script', ['--version']).status === 0;
let dns: TestDnsServer;
let web: TestHttpServer;
let common: string[];

/** Runs the CLI without blocking this process's event loop (the servers live here). */
function run(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: root, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - started }));
  });
}

beforeAll(async () => {
  const pki = await createTestPki({ now: new Date('2025-06-01T00:00:00Z') });
  dns = await startDnsServer({});
  web = await startHttpsServer({}, [HOST]);
  const origin = web.origin(HOST);
  const good = await pki.leaf({ domains: ['brand.test'] });
  const zone: Zone = {
    [HOST]: { A: ['127.0.0.1'] },
    'default._bimi.brand.test': { TXT: [[`v=BIMI1; l=${origin}/brand/logo.svg; a=${origin}/brand/vmc.pem`]] },
    '_dmarc.brand.test': { TXT: [['v=DMARC1; p=reject']] },
    'default._bimi.weak.test': { TXT: [[`v=BIMI1; l=${origin}/brand/logo.svg`]] },
    '_dmarc.weak.test': { TXT: [['v=DMARC1; p=none']] },
    // Found from mail.team.walk.test only by the DMARCbis tree walk (psd=n), not by the PSL.
    'default._bimi.team.walk.test': { TXT: [[`v=BIMI1; l=${origin}/brand/logo.svg`]] },
    '_dmarc.team.walk.test': { TXT: [['v=DMARC1; p=reject; psd=n']] },
  };
  // A batch: 1,000 domains, self-asserted, all sharing one logo.
  for (let k = 0; k < 1000; k++) {
    zone[`default._bimi.d${k}.batch.test`] = { TXT: [[`v=BIMI1; l=${origin}/brand/logo.svg`]] };
  }
  zone['_dmarc.batch.test'] = { TXT: [['v=DMARC1; p=reject']] };
  dns.zone = zone;
  web.routes = {
    '/brand/logo.svg': { headers: { 'content-type': 'image/svg+xml' }, body: TEST_SVG },
    '/brand/vmc.pem': { headers: { 'content-type': 'application/x-pem-file' }, body: good.pem },
  };
  writeFileSync(join(scratch, 'tls-ca.pem'), web.caPem);
  writeFileSync(join(scratch, 'mva-root.pem'), pki.rootPem);
  writeFileSync(join(scratch, 'batch.txt'), `# one domain per line\n${Array.from({ length: 1000 }, (_, k) => `d${k}.batch.test`).join('\n')}\n`);
  common = ['--dns-server', dns.server, '--ca-file', join(scratch, 'tls-ca.pem'), '--trust-roots', join(scratch, 'mva-root.pem'), '--allow-private-network', '--at', '2025-06-01'];
}, 60_000);

afterAll(async () => {
  await Promise.all([dns?.close(), web?.close()]);
  rmSync(scratch, { recursive: true, force: true });
});

describe('bimi-svg dns', () => {
  it('prints a readable report, step by step, and exits 0 for a passing domain', async () => {
    const r = await run(['dns', 'brand.test', ...common]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('brand.test  ✔ pass: receivers can show the logo');
    expect(lines.find((l) => l.startsWith('  record'))).toContain('default._bimi.brand.test');
    expect(lines.find((l) => l.startsWith('  DMARC'))).toMatch(/_dmarc\.brand\.test .*eligible \(policy reject\)/);
    expect(lines.find((l) => l.startsWith('  logo'))).toMatch(/200, \d[\d,]* bytes {2}valid SVG Tiny PS/);
    expect(lines.find((l) => l.startsWith('  certificate'))).toMatch(/VMC \(Registered Mark\), valid until \d{4}-\d\d-\d\d, chain: .* logo matches {2}valid/);
  });

  it('gives the JSON shape of the issue, and exits 1 when a domain fails', async () => {
    const r = await run(['dns', 'brand.test', 'weak.test', '--format', 'json', ...common]);
    expect(r.code).toBe(1);
    const results = JSON.parse(r.stdout);
    expect(results.map((x: { domain: string; verdict: string }) => [x.domain, x.verdict])).toEqual([
      ['brand.test', 'pass'],
      ['weak.test', 'fail'],
    ]);
    const [brand, weak] = results;
    expect(Object.keys(brand)).toEqual(['domain', 'selector', 'verdict', 'record', 'dmarc', 'logo', 'certificate', 'messages']);
    expect(brand.record).toMatchObject({ name: 'default._bimi.brand.test', status: 'valid', tags: { v: 'BIMI1' } });
    expect(brand.logo.check).toMatchObject({ valid: true, errorCount: 0 });
    expect(brand.certificate).toMatchObject({ status: 'valid', type: 'VMC', logoMatches: true });
    expect(weak.dmarc).toMatchObject({ eligible: false, policy: 'none' });
    for (const m of [...brand.messages, ...weak.messages]) expect(Object.keys(m)).toEqual(expect.arrayContaining(['step', 'severity', 'code', 'message']));
  });

  it('checks 1,000 domains from --batch with bounded concurrency, in input order', async () => {
    const r = await run(['dns', '--batch', join(scratch, 'batch.txt'), '--format', 'json', '--concurrency', '32', ...common]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const results = JSON.parse(r.stdout) as { domain: string; verdict: string }[];
    expect(results).toHaveLength(1000);
    expect(results.every((x, k) => x.domain === `d${k}.batch.test` && x.verdict === 'pass')).toBe(true);
    console.log(`bimi-svg dns --batch: 1,000 domains in ${(r.ms / 1000).toFixed(1)} s (whole process, --concurrency 32)`);
  }, 120_000);

  it('finds the Organizational Domain by the DNS tree walk with --org-domain treewalk', async () => {
    const psl = await run(['dns', 'mail.team.walk.test', ...common]);
    expect(psl.code).toBe(1);
    expect(psl.stdout).toMatch(/^mail\.team\.walk\.test {2}• none/);
    const walk = await run(['dns', 'mail.team.walk.test', '--org-domain', 'treewalk', '--verbose', ...common]);
    expect(walk.code).toBe(0);
    expect(walk.stdout).toContain('default._bimi.team.walk.test (organizational domain)');
    expect(walk.stdout).toMatch(/info +The DNS tree walk \(DMARCbis\) gives team\.walk\.test/);
  });

  it.skipIf(!hasScript)('draws a progress bar on a terminal, and only there', async () => {
    const domains = Array.from({ length: 40 }, (_, k) => `d${k}.batch.test`);
    const quote = (a: string) => `'${a.replaceAll("'", "'\\''")}'`;
    const command = [process.execPath, bin, 'dns', ...domains, '-q', ...common].map(quote).join(' ');
    // util-linux script(1) gives the CLI a pseudo-terminal, as a user's shell would.
    const tty = await new Promise<string>((resolve, reject) => {
      const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: root, env: { ...process.env, NO_COLOR: '1' } });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.on('error', reject);
      child.on('close', () => resolve(out));
    });
    expect(tty).toMatch(/checking 40 domains \[#*\.*\] 0\/40/);
    expect(tty).toMatch(/checking 40 domains \[#{30}\] 40\/40/);
    expect(tty).toContain('40 domains: 40 pass');
    const piped = await run(['dns', ...domains, '-q', ...common]);
    expect(piped.stderr).toBe('');
  });

  it('exits 2 with one plain line for bad usage', async () => {
    const cases: [string[], RegExp][] = [
      [['dns'], /give at least one domain/],
      [['dns', 'brand.test', '--at', 'yesterday'], /--at yesterday is not an ISO date/],
      [['dns', 'brand.test', '--dns-server', 'not a server'], /dns-server/],
      [['dns', 'brand.test', '--ca-file', join(scratch, 'missing.pem')], /cannot read --ca-file/],
      [['dns', 'brand.test', '--trust-roots', join(scratch, 'batch.txt')], /holds no PEM certificate/],
      [['dns', '--batch', join(scratch, 'nope.txt')], /nope\.txt/],
      [['dns', 'brand.test', '--org-domain', 'dns'], /--org-domain/],
    ];
    for (const [args, message] of cases) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
