/**
 * The CLI, run as users run it (a child process of bin/bimi-svg.js, from the
 * built dist/), against golden transcripts in fixtures/cli/*.md: the command, its
 * exit code, stdout and stderr. `UPDATE_GOLDENS=1 npx vitest run test/cli.test.ts`
 * rewrites them; review the diff.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, closeSync, ftruncateSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../', import.meta.url));
const bin = join(root, 'bin/bimi-svg.js');
const goldens = join(root, 'fixtures/cli');
const scratch = mkdtempSync(join(tmpdir(), 'bimi-svg-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function run(args: readonly string[], stdin?: string | Buffer, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    input: stdin,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Splits a command line the way a POSIX shell would for simple quoting. */
function words(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)) out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}

interface Golden {
  title: string;
  command: string;
  stdinFile?: string;
  code: number;
  stdout: string;
  stderr: string;
}

function parseGolden(text: string): Golden {
  const title = /^# (.+)$/m.exec(text)?.[1] ?? '';
  const command = /```sh\n(.+)\n```/.exec(text)![1]!;
  const stdinFile = /^stdin: (.+)$/m.exec(text)?.[1];
  const code = Number(/^exit code: (\d+)$/m.exec(text)![1]);
  const block = (name: string) => {
    const m = new RegExp(`${FENCE}text ${name}\\n([\\s\\S]*?)${FENCE}`).exec(text);
    return m ? m[1]! : '';
  };
  return { title, command, ...(stdinFile ? { stdinFile } : {}), code, stdout: block('stdout'), stderr: block('stderr') };
}

const FENCE = '`'.repeat(4);

function renderGolden(g: Golden): string {
  return [
    `# ${g.title}`,
    '',
    '```sh',
    g.command,
    '```',
    '',
    ...(g.stdinFile ? [`stdin: ${g.stdinFile}`, ''] : []),
    `exit code: ${g.code}`,
    '',
    '````text stdout',
    g.stdout + FENCE,
    '',
    '````text stderr',
    g.stderr + FENCE,
    '',
  ].join('\n');
}

/** Machine-specific parts of output (the checkout path) are normalised. */
const normalise = (s: string) => s.split(root.replace(/\/$/, '')).join('<root>').split(`file://${root.replace(/\/$/, '')}`).join('file://<root>');

describe('CLI golden transcripts', () => {
  const files = readdirSync(goldens).filter((f) => f.endsWith('.md')).sort();
  it('has transcripts', () => expect(files.length).toBeGreaterThan(10));
  for (const file of files) {
    const golden = parseGolden(readFileSync(join(goldens, file), 'utf8'));
    it(`${file}: ${golden.title}`, () => {
      const [program, ...args] = words(golden.command);
      expect(program).toBe('bimi-svg');
      const stdin = golden.stdinFile ? readFileSync(join(root, golden.stdinFile)) : undefined;
      const r = run(args, stdin);
      const actual: Golden = { ...golden, code: r.code ?? -1, stdout: normalise(r.stdout), stderr: normalise(r.stderr) };
      if (process.env.UPDATE_GOLDENS) writeFileSync(join(goldens, file), renderGolden(actual));
      else expect(renderGolden(actual)).toBe(renderGolden(golden));
    });
  }
});

describe('CLI behaviour', () => {
  it('refuses a 100 MB file by its size, without reading it, and exits 1', () => {
    const path = join(scratch, 'huge.svg');
    const fd = openSync(path, 'w');
    ftruncateSync(fd, 100 * 1024 * 1024);
    closeSync(fd);
    const started = performance.now();
    const r = run(['check', path, '-f', 'json']);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(r.code).toBe(1);
    const [result] = JSON.parse(r.stdout);
    expect(result.messages[0]).toMatchObject({ ruleId: 'input-limits', line: 1, column: 1 });
    expect(result.messages[0].message).toMatch(/100 MiB, over the 10 MiB input limit/);
  });

  it('writes long JSON output completely to a pipe (no cut-off) and exits 1', () => {
    const count = readdirSync(join(root, 'fixtures/probes')).filter((f) => f.endsWith('.svg')).length;
    const r = run(['check', 'fixtures/probes', '-f', 'json']);
    expect(r.code).toBe(1);
    expect(r.stdout.length).toBeGreaterThan(100_000);
    expect(JSON.parse(r.stdout)).toHaveLength(count);
  });

  it('--output writes the report to a file', () => {
    const out = join(scratch, 'report.sarif');
    const r = run(['check', 'fixtures/samples/northwind-export.svg', '-f', 'sarif', '-o', out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const sarif = JSON.parse(readFileSync(out, 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results.length).toBeGreaterThan(5);
  });

  it('reads a configuration file and applies rule overrides and thresholds', () => {
    const cfg = join(scratch, 'cfg.json');
    writeFileSync(cfg, JSON.stringify({ rules: { 'require-desc': 'off', 'square-viewbox': 'error' }, minPixels: 1000 }));
    const r = run(['check', 'fixtures/samples/northwind-bimi.svg', '-c', cfg, '-f', 'json']);
    const [result] = JSON.parse(r.stdout);
    expect(result.messages.map((m: { ruleId: string }) => m.ruleId)).toEqual(['root-size', 'root-size']);
    expect(r.code).toBe(0);
    writeFileSync(cfg, '{"rules": {"no-such-rule": "off"}}');
    const bad = run(['check', 'fixtures/samples/northwind-bimi.svg', '-c', cfg]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown rule "no-such-rule"/);
  });

  it('honours FORCE_COLOR and NO_COLOR', () => {
    const file = 'fixtures/samples/northwind-export.svg';
    expect(run(['check', file], undefined, { NO_COLOR: '', FORCE_COLOR: '1' }).stdout).toContain('\u001b[');
    expect(run(['check', file], undefined, { NO_COLOR: '1', FORCE_COLOR: '1' }).stdout).not.toContain('\u001b[');
    expect(run(['check', file, '--color'], undefined, {}).stdout).toContain('\u001b[');
  });

  it('gives every hostile input a located message, exit 1 and no stack trace', () => {
    const dir = join(scratch, 'hostile');
    mkdirSync(dir, { recursive: true });
    const levels = Array.from({ length: 10 }, (_, k) => `<!ENTITY l${k + 1} "${`&l${k};`.repeat(10)}">`).join('');
    const files: Record<string, string | Buffer> = {
      'empty.svg': '',
      'binary.svg': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0]),
      'bomb.svg': `<!DOCTYPE svg [<!ENTITY l0 "ha">${levels}]><svg xmlns="http://www.w3.org/2000/svg"><title>&l10;</title></svg>`,
      'dtd.svg': '<!DOCTYPE svg SYSTEM "http://127.0.0.1:9/never.dtd"><svg xmlns="http://www.w3.org/2000/svg"/>',
      'malformed.svg': '<svg xmlns="http://www.w3.org/2000/svg"><title>AT&T</title>',
      'prefix.svg': '<svg xmlns="http://www.w3.org/2000/svg"><x:y/></svg>',
      'deep.svg': `<svg xmlns="http://www.w3.org/2000/svg">${'<g>'.repeat(100_000)}${'</g>'.repeat(100_000)}</svg>`,
      'html.svg': '<!-- not svg --><html><body>hi</body></html>',
      'zip.svgz': Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3]),
    };
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
    const started = performance.now();
    const r = run(['check', dir, '-f', 'json']);
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const results = JSON.parse(r.stdout) as Array<{ filePath: string; valid: boolean; messages: Array<{ line: number; column: number; message: string }> }>;
    expect(results).toHaveLength(Object.keys(files).length);
    for (const result of results) {
      expect(result.valid, result.filePath).toBe(false);
      expect(result.messages.length, result.filePath).toBeGreaterThan(0);
      for (const m of result.messages) {
        expect(m.line).toBeGreaterThanOrEqual(1);
        expect(m.column).toBeGreaterThanOrEqual(1);
        expect(m.message).not.toMatch(/\n\s+at /);
      }
    }
  });

  it('does not modify its input files', () => {
    const file = join(root, 'fixtures/samples/northwind-export.svg');
    const before = readFileSync(file);
    run(['check', file]);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(existsSync(file)).toBe(true);
  });
});

describe('CLI version', () => {
  it('--version prints the package version', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    const r = run(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });
});

describe('CLI batches on worker threads', () => {
  it('gives the same report with two threads as with one, in the same order', () => {
    const one = run(['check', 'fixtures/rules', 'fixtures/probes', '-f', 'json', '--threads', '1']);
    const two = run(['check', 'fixtures/rules', 'fixtures/probes', '-f', 'json', '--threads', '2']);
    expect(two.code).toBe(one.code);
    expect(two.stderr).toBe(one.stderr);
    expect(JSON.parse(two.stdout).length).toBeGreaterThan(400);
    expect(two.stdout).toBe(one.stdout);
  });
});
