#!/usr/bin/env node
// A BIMI lab on 127.0.0.1 for trying `bimi-svg dns` by hand, with no internet: the
// DNS, HTTPS and test-PKI world of the end-to-end tests (test/support/scenarios.ts),
// one domain per scenario.
//
//   npm run dns-lab                          start the lab, print the domains and the
//                                            options that reach it, wait for Ctrl-C
//   npm run dns-lab -- pass-vmc.test cert-logo.test [--format json …]
//                                            run `bimi-svg dns` on those domains
//                                            against the lab, then stop (exit code of
//                                            bimi-svg)
//   npm run dns-lab -- --all                 every scenario, as one batch
//
// The lab's TLS CA and mark-certificate root are written to .cache/dns-lab/.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../', import.meta.url));
const dir = join(root, '.cache/dns-lab');
mkdirSync(dir, { recursive: true });

// The test support is TypeScript: bundle it (dependencies stay external) and load it.
const entry = join(dir, 'world.mjs');
await build({
  entryPoints: [join(root, 'test/support/scenarios.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  outfile: entry,
  logLevel: 'error',
});
const { startScenarioWorld, SCENARIOS, LAB_NOW } = await import(pathToFileURL(entry).href);

const world = await startScenarioWorld();
const files = { ca: join(dir, 'https-ca.pem'), roots: join(dir, 'mva-root.pem'), batch: join(dir, 'domains.txt') };
writeFileSync(files.ca, world.web.caPem);
writeFileSync(files.roots, world.pki.rootPem);
writeFileSync(files.batch, `${Object.keys(SCENARIOS).join('\n')}\n`);
const rel = (p) => relative(process.cwd(), p) || p;
const labOptions = [
  '--dns-server', world.dns.server,
  '--ca-file', rel(files.ca),
  '--trust-roots', rel(files.roots),
  '--allow-private-network',
  '--at', LAB_NOW.toISOString().slice(0, 10),
];

const args = process.argv.slice(2);
if (args.length > 0) {
  const all = args.indexOf('--all');
  if (all >= 0) args.splice(all, 1, '--batch', rel(files.batch));
  // Asynchronous, so that this process's servers keep answering the child.
  const child = spawn(process.execPath, [join(root, 'bin/bimi-svg.js'), 'dns', ...args, ...labOptions], { stdio: 'inherit' });
  child.on('close', async (code) => {
    await world.close();
    process.exitCode = code ?? 2;
  });
} else {
  const width = Math.max(...Object.keys(SCENARIOS).map((d) => d.length));
  console.log('BIMI lab running on 127.0.0.1 (Ctrl-C stops it). Domains:\n');
  for (const [domain, what] of Object.entries(SCENARIOS)) console.log(`  ${domain.padEnd(width)}  ${what}`);
  console.log(`\nTry, in another terminal:\n\n  npx bimi-svg dns pass-vmc.test ${labOptions.join(' ')}\n`);
  console.log(`Every scenario at once: --batch ${rel(files.batch)}`);
  const stop = async () => {
    await world.close();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
