/**
 * `bimi-svg convert` and `bimi-svg preview`, run as users run them (child
 * processes of bin/bimi-svg.js from the built dist/). Every result is checked
 * with the real validator and the real renderer; nothing here is mocked.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { check } from '../src/index.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const bin = join(root, 'bin/bimi-svg.js');
const sample = join(root, 'fixtures/samples/northwind-export.svg');
const validSample = join(root, 'fixtures/samples/northwind-bimi.svg');
const raster = join(root, 'fixtures/convert/raster-and-text/embedded-png.svg');
const scratch = mkdtempSync(join(tmpdir(), 'bimi-svg-convert-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function run(args: readonly string[], stdin?: string | Buffer) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    input: stdin,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' },
    maxBuffer: 64 * 1024 * 1024,
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.toString('utf8'), text: r.stdout.toString('utf8') };
}

let n = 0;
const dir = () => {
  const d = join(scratch, String(n++));
  rmSync(d, { recursive: true, force: true });
  return mkdtempSync(`${d}-`);
};

const noStack = (s: string) => expect(s).not.toMatch(/\n\s+at .+:\d+:\d+/);

describe('bimi-svg convert', () => {
  it('converts a design-tool export into a valid file, reports it and exits 0', () => {
    const d = dir();
    const out = join(d, 'logo.svg');
    const before = readFileSync(sample);
    const r = run(['convert', sample, '--title', 'Northwind Traders', '--desc', 'The Northwind Traders mark', '-o', out]);
    expect(r.code).toBe(0);
    expect(r.text).toContain('✔ valid SVG Tiny PS, faithful to the input');
    expect(r.text).toMatch(/title\s+set the title to "Northwind Traders"/);
    const result = check(readFileSync(out));
    expect(result.messages.filter((m) => m.severity === 'error')).toEqual([]);
    expect(result.messages).toEqual([]);
    expect(readFileSync(sample)).toEqual(before);
  });

  it('writes <name>.bimi.svg next to the input by default', () => {
    const d = dir();
    const input = join(d, 'brand.svg');
    copyFileSync(sample, input);
    const r = run(['convert', input, '--title', 'Brand']);
    expect(r.code).toBe(0);
    expect(readdirSync(d).sort()).toEqual(['brand.bimi.svg', 'brand.svg']);
    expect(readFileSync(input)).toEqual(readFileSync(sample));
  });

  it('is idempotent: converting its own output leaves the bytes unchanged', () => {
    const d = dir();
    expect(run(['convert', sample, '--title', 'Northwind', '-o', join(d, 'a.svg')]).code).toBe(0);
    const r = run(['convert', join(d, 'a.svg'), '-o', join(d, 'b.svg')]);
    expect(r.code).toBe(0);
    expect(r.text).toContain('already valid SVG Tiny PS, so it was left unchanged');
    expect(readFileSync(join(d, 'b.svg'))).toEqual(readFileSync(join(d, 'a.svg')));
  });

  it('leaves an already valid logo byte for byte as it was (a certificate covers those bytes)', () => {
    const d = dir();
    const r = run(['convert', validSample, '-o', join(d, 'out.svg')]);
    expect(r.code).toBe(0);
    expect(readFileSync(join(d, 'out.svg'))).toEqual(readFileSync(validSample));
  });

  it('refuses without a title, names the fix, writes nothing and exits 1', () => {
    const d = dir();
    const r = run(['convert', sample, '-o', join(d, 'out.svg')]);
    expect(r.code).toBe(1);
    expect(r.text).toContain('--title "Brand"');
    expect(r.text).toContain('Nothing was written');
    expect(existsSync(join(d, 'out.svg'))).toBe(false);
  });

  it('refuses a raster logo with its position and writes it only with --force', () => {
    const d = dir();
    const r = run(['convert', raster, '--title', 'Raster', '-o', join(d, 'out.svg')]);
    expect(r.code).toBe(1);
    expect(r.text).toMatch(/\d+:\d+ {2}<image> embeds a raster image/);
    expect(existsSync(join(d, 'out.svg'))).toBe(false);
    const forced = run(['convert', raster, '--title', 'Raster', '--force', '-o', join(d, 'out.svg')]);
    expect(forced.code).toBe(1);
    expect(existsSync(join(d, 'out.svg'))).toBe(true);
    expect(check(readFileSync(join(d, 'out.svg'))).messages.some((m) => m.ruleId === 'no-image')).toBe(true);
  });

  it('reads standard input and writes the SVG to standard output, the report to standard error', () => {
    const r = run(['convert', '-', '--title', 'Northwind'], readFileSync(sample));
    expect(r.code).toBe(0);
    expect(r.text.startsWith('<svg')).toBe(true);
    expect(check(r.stdout).messages.filter((m) => m.severity === 'error')).toEqual([]);
    expect(r.stderr).toContain('<stdin> → <stdout>');
  });

  it('rewrites a file in place only when asked, atomically, with a valid result', () => {
    const d = dir();
    const input = join(d, 'logo.svg');
    copyFileSync(sample, input);
    const r = run(['convert', input, '--in-place', '--title', 'Northwind']);
    expect(r.code).toBe(0);
    expect(readdirSync(d)).toEqual(['logo.svg']);
    expect(check(readFileSync(input)).messages.filter((m) => m.severity === 'error')).toEqual([]);
  });

  it('gives JSON with the verdicts, the changes and the fidelity figures', () => {
    const d = dir();
    const r = run(['convert', sample, '--title', 'Northwind', '-f', 'json', '-o', join(d, 'x.svg')]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.text);
    expect(report).toMatchObject({ valid: true, faithful: true, output: join(d, 'x.svg'), refusals: [] });
    expect(report.changes.length).toBeGreaterThan(5);
    expect(report.fidelity.meanDifference).toBeLessThanOrEqual(0.01);
    expect(report.bytes.after).toBe(readFileSync(join(d, 'x.svg')).length);
  });

  it('exits 2 with a plain message when it cannot run', () => {
    const d = dir();
    const cases: [string[], RegExp][] = [
      [['convert', sample, '--title', 'N', '-o', join(d, 'missing/dir/out.svg')], /directory .* does not exist/],
      [['convert', join(d, 'nope.svg'), '--title', 'N'], /cannot read .*nope\.svg/],
      [['convert', sample, '--in-place', '-o', join(d, 'x.svg')], /--in-place and --output/],
      [['convert', '-', '--in-place'], /--in-place needs a file/],
      [['convert', d], /is a directory/],
      [['convert', sample, '--padding', 'lots'], /padding/],
      [['convert', sample, '--title', 'N', '-o', `${sample}/out.svg`], /is a file, not a directory/],
      [['preview', validSample, '-o', join(d, 'missing/x.png')], /directory .* does not exist/],
    ];
    for (const [args, message] of cases) {
      const r = run(args, '');
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr + r.text).toMatch(message);
      noStack(r.stderr);
    }
    expect(readdirSync(d)).toEqual([]);
  });

  it('reports standard input closed before any byte as an empty document, exit 1', () => {
    const r = run(['convert', '-', '--title', 'N'], '');
    expect(r.code).toBe(1);
    expect(r.text).toMatch(/1:1 {2}the document is empty {2}xml-well-formed/);
    expect(r.stdout.length).toBeGreaterThan(0);
    noStack(r.stderr);
  });

  it('reports malformed XML with its position and exits 1 without writing', () => {
    const d = dir();
    const input = join(d, 'broken.svg');
    writeFileSync(input, '<svg xmlns="http://www.w3.org/2000/svg">\n  <path d="M0 0"\n</svg>');
    const r = run(['convert', input, '--title', 'N']);
    expect(r.code).toBe(1);
    expect(r.text).toMatch(/\b3:\d+ {2}.*xml-well-formed/);
    expect(readdirSync(d)).toEqual(['broken.svg']);
    noStack(r.stderr);
  });
});

describe('bimi-svg preview', () => {
  it('renders a sheet of inbox sizes and crops as PNG next to the input', async () => {
    const d = dir();
    const input = join(d, 'logo.svg');
    copyFileSync(validSample, input);
    const r = run(['preview', input]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('logo.preview.png');
    const meta = await sharp(join(d, 'logo.preview.png')).metadata();
    expect(meta.format).toBe('png');
    expect(meta.width).toBeGreaterThan(600);
    // The sheet has a light half and a dark half.
    const { data, info } = await sharp(join(d, 'logo.preview.png')).greyscale().raw().toBuffer({ resolveWithObject: true });
    const at = (x: number, y: number) => data[y * info.width + x]!;
    expect(at(2, 2)).toBeGreaterThan(200);
    expect(at(2, Math.floor(info.height * 0.75))).toBeLessThan(80);
  });

  it('refuses to render an unsafe file unless forced, and needs -o for standard input', () => {
    const d = dir();
    const input = join(d, 'script.svg');
    writeFileSync(input, '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><script>alert(1)</script><rect width="10" height="10"/></svg>');
    const r = run(['preview', input]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/preview refused.*\n.*no-script/);
    expect(existsSync(join(d, 'script.preview.png'))).toBe(false);
    expect(run(['preview', input, '--force']).code).toBe(0);
    expect(existsSync(join(d, 'script.preview.png'))).toBe(true);
    const piped = run(['preview', '-'], readFileSync(validSample));
    expect(piped.code).toBe(2);
    expect(piped.stderr).toContain('-o <file.png>');
  });
});

describe('library entry points', () => {
  it('exposes convert and preview as bimi-svg/convert and bimi-svg/preview, and check without loading them', () => {
    const script = `
      import { check } from 'bimi-svg';
      const { convert } = await import('bimi-svg/convert');
      const { preview } = await import('bimi-svg/preview');
      const r = await convert('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#fff"/><circle cx="5" cy="5" r="3" fill="#c00"/></svg>', { title: 'Dot Co' });
      const p = await preview(r.svg);
      console.log(JSON.stringify({ valid: r.valid, faithful: r.faithful, checked: check(r.svg).errorCount, png: p.png.subarray(1, 4).toString() }));
    `;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ valid: true, faithful: true, checked: 0, png: 'PNG' });
  });

  it('does not import sharp, svgo or paper.js from the check entry point (static import graph of dist/)', () => {
    const seen = new Set<string>();
    const external = new Set<string>();
    const queue = [join(root, 'dist/index.js')];
    while (queue.length > 0) {
      const file = queue.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      // Static imports and re-exports only: dynamic import() is how convert is loaded on demand.
      for (const m of text.matchAll(/^\s*(?:import|export)\s[^;]*?\sfrom\s+'([^']+)'|^\s*import\s+'([^']+)'/gm)) {
        const spec = m[1] ?? m[2]!;
        if (spec.startsWith('.')) queue.push(join(file, '..', spec));
        else external.add(spec.split('/')[0]!.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
      }
    }
    expect(seen.size).toBeGreaterThan(20);
    expect([...external].filter((x) => ['sharp', 'svgo', 'paper', 'css-tree', 'css-select', 'csso', 'svgpath'].includes(x))).toEqual([]);
  });
});
