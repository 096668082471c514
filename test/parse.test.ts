/** Safe parsing: encodings, compression, limits, DOCTYPEs, strict well-formedness, positions. */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { check } from '../src/index.js';
import { parseSvg } from '../src/parse/parse.js';
import { scanXml } from '../src/parse/scan.js';

const LOGO = `<svg xmlns="http://www.w3.org/2000/svg" version="1.2" baseProfile="tiny-ps" width="512" height="512" viewBox="0 0 512 512">
  <title>Northwind Traders</title>
  <desc>Northwind Traders logo</desc>
  <rect width="512" height="512" fill="#ffffff"/>
  <circle cx="256" cy="256" r="200" fill="#c8102e"/>
</svg>
`;
const ids = (input: string | Uint8Array, options = {}) => check(input, options).messages.map((m) => m.ruleId);
const errorsOf = (input: string | Uint8Array, options = {}) => check(input, options).messages.filter((m) => m.severity === 'error');

describe('decoding', () => {
  it('accepts the clean logo as UTF-8 text and bytes', () => {
    expect(check(LOGO).messages).toEqual([]);
    expect(check(Buffer.from(LOGO)).messages).toEqual([]);
  });

  it('strips a UTF-8 byte order mark without moving positions', () => {
    const bad = LOGO.replace('<rect width="512"', '<rect style="x" width="512"');
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(bad)]);
    const m = check(withBom).messages.find((x) => x.ruleId === 'attribute-allowed-list')!;
    expect([m.line, m.column]).toEqual([4, 9]);
    expect(check(`\ufeff${LOGO}`).messages).toEqual([]);
  });

  it('reads UTF-16 with a byte order mark and declared ISO-8859-1', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(LOGO, 'utf16le')]);
    expect(check(utf16).messages).toEqual([]);
    const latin1 = Buffer.from(`<?xml version="1.0" encoding="ISO-8859-1"?>\n${LOGO.replace('Northwind Traders</title>', 'Café Nord</title>')}`, 'latin1');
    expect(check(latin1).messages).toEqual([]);
  });

  it('reports invalid UTF-8 at its position', () => {
    const bytes = Buffer.concat([Buffer.from(LOGO.slice(0, 140)), Buffer.from([0xc3, 0x28]), Buffer.from(LOGO.slice(140))]);
    const [m] = errorsOf(bytes);
    expect(m).toMatchObject({ ruleId: 'xml-well-formed', line: 2 });
    expect(m!.message).toMatch(/invalid UTF-8/);
  });

  it('refuses binary files and images with a clear message', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    expect(errorsOf(png)[0]!.message).toMatch(/PNG image, not an SVG/);
    expect(errorsOf(Buffer.from('<svg>\u0000</svg>'))[0]!.message).toMatch(/NUL bytes/);
    const noise = Buffer.alloc(2000);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 7919) % 256;
    expect(errorsOf(noise)[0]!.ruleId).toBe('xml-well-formed');
  });

  it('reports an empty file and a file that is not XML', () => {
    expect(errorsOf('')[0]!.message).toMatch(/empty/);
    expect(errorsOf('   \n')[0]!.message).toMatch(/empty/);
    expect(errorsOf('hello world')[0]).toMatchObject({ ruleId: 'xml-well-formed', line: 1, column: 1 });
  });
});

describe('compressed input (.svgz)', () => {
  it('is decompressed and its size measured uncompressed', () => {
    const result = check(gzipSync(LOGO));
    expect(result.messages).toEqual([]);
    expect(result.bytes).toBe(Buffer.byteLength(LOGO));
  });

  it('refuses a gzip bomb without expanding it past the limit', () => {
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(100_000);
    const started = performance.now();
    const [m] = errorsOf(bomb);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(m).toMatchObject({ ruleId: 'input-limits' });
    expect(m!.message).toMatch(/expands to more than 10 MiB/);
  });

  it('reports corrupt gzip data', () => {
    const broken = gzipSync(LOGO).subarray(0, 40);
    expect(errorsOf(broken)[0]!.message).toMatch(/cannot be decompressed/);
  });
});

describe('limits', () => {
  it('refuses input over the size limit', () => {
    const [m] = errorsOf(LOGO, { maxInputBytes: 100 });
    expect(m).toMatchObject({ ruleId: 'input-limits', line: 1, column: 1 });
  });

  it('refuses 100,000 nested groups quickly, with a position', () => {
    const depth = 100_000;
    const doc = `<svg xmlns="http://www.w3.org/2000/svg" version="1.2" baseProfile="tiny-ps"><title>T</title>${'<g>'.repeat(depth)}${'</g>'.repeat(depth)}</svg>`;
    const started = performance.now();
    const errors = errorsOf(doc);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ ruleId: 'input-limits', line: 1 });
    expect(errors[0]!.message).toMatch(/nested more than 256 levels/);
  });
});

describe('DOCTYPE and entities', () => {
  it('refuses an external DTD without fetching it and still checks the rest', () => {
    const doc = `<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n${LOGO.replace(' version="1.2"', '')}`;
    const messages = check(doc).messages;
    expect(messages.find((m) => m.ruleId === 'no-doctype')).toMatchObject({ line: 2, column: 1 });
    expect(messages.some((m) => m.ruleId === 'root-version')).toBe(true);
  });

  it('never expands a billion-laughs entity bomb', () => {
    const levels = Array.from({ length: 10 }, (_, k) => `<!ENTITY l${k + 1} "${`&l${k};`.repeat(10)}">`).join('\n');
    const doc = `<?xml version="1.0"?>\n<!DOCTYPE svg [\n<!ENTITY l0 "ha">\n${levels}\n]>\n<svg xmlns="http://www.w3.org/2000/svg" version="1.2" baseProfile="tiny-ps"><title>&l10;</title></svg>`;
    const started = performance.now();
    const messages = check(doc).messages;
    expect(performance.now() - started).toBeLessThan(2_000);
    const doctype = messages.filter((m) => m.ruleId === 'no-doctype');
    expect(doctype.length).toBe(1 + 11 + 1); // the DOCTYPE, 11 declarations, 1 reference
    expect(doctype.at(-1)!.message).toMatch(/&l10;/);
  });

  it('refuses Illustrator-style entities used in attributes', () => {
    const doc = `<!DOCTYPE svg [<!ENTITY ns_svg "http://www.w3.org/2000/svg">]>\n<svg xmlns="&ns_svg;" version="1.2" baseProfile="tiny-ps"><title>T</title></svg>`;
    const messages = check(doc).messages;
    expect(messages.filter((m) => m.ruleId === 'no-doctype').map((m) => m.line)).toEqual([1, 1, 2]);
  });
});

describe('strict well-formedness (where xmldom alone is lenient)', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['bare ampersand', '<title>AT&T</title>', /bare "&"|not terminated/],
    ['undefined entity', '<title>&nbsp;</title>', /undefined entity/],
    ['"]]>" in text', '<title>a]]>b</title>', /"]]>"/],
    ['control character', '<title>a\u0001b</title>', /U\+0001/],
    ['character reference to NUL', '<title>&#0;</title>', /U\+0000/],
    ['space after "/"', '<title>a</title><rect/ >', /no space between "\/" and ">"/],
    ['unquoted attribute', '<title>a</title><rect width=1/>', /must be quoted/],
    ['attribute without value', '<title>a</title><rect hidden/>', /no value/],
    ['duplicate attribute', '<title>a</title><rect x="1" x="2"/>', /appears twice/],
    ['duplicate expanded name', '<title>a</title><rect xmlns:a="u" xmlns:b="u" a:k="1" b:k="2"/>', /same namespace and local name/],
    ['undeclared element prefix', '<title>a</title><x:rect/>', /prefix "x" of element/],
    ['undeclared attribute prefix', '<title>a</title><rect xlink:href="#a"/>', /prefix "xlink" of attribute/],
    ['comment with --', '<title>a</title><!-- a -- b -->', /must not contain "--"/],
    ['mismatched end tag', '<title>a</g>', /does not match/],
    ['"<" in an attribute', '<title>a</title><rect id="a<b"/>', /"<" is not allowed/],
    ['rebinding xml', '<title xmlns:xml="urn:x">a</title>', /prefix "xml"/],
  ];
  for (const [name, body, message] of cases) {
    it(name, () => {
      const doc = `<svg xmlns="http://www.w3.org/2000/svg" version="1.2" baseProfile="tiny-ps">\n${body}\n</svg>`;
      const errors = errorsOf(doc);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ ruleId: 'xml-well-formed', line: 2 });
      expect(errors[0]!.message).toMatch(message);
    });
  }

  it('accepts what XML allows: CDATA, comments, PIs after the root, character references, standalone', () => {
    const doc = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!-- c -->\n${LOGO.replace('Traders</title>', 'Traders &#x2122; &amp; <![CDATA[<Co>]]></title>')}<!-- end -->\n`;
    expect(ids(doc)).toEqual([]);
  });

  it('treats the XML declaration as only allowed at the start', () => {
    expect(errorsOf(` ${LOGO.replace('<svg', '<?xml version="1.0"?><svg')}`)[0]!.message).toMatch(/only allowed at the very start/);
  });
});

describe('positions', () => {
  it('are 1-based and point at the element or attribute name, with CRLF and tabs', () => {
    const doc = LOGO.replace(/\n/g, '\r\n').replace('<circle cx', '<circle\tonclick="x"\r\n    cx');
    const m = check(doc).messages.find((x) => x.ruleId === 'no-script')!;
    expect([m.line, m.column]).toEqual([5, 11]);
    const scan = scanXml(doc, { maxDepth: 256, maxElements: 1000 });
    expect(scan.elements.map((e) => e.name)).toEqual(['svg', 'title', 'desc', 'rect', 'circle']);
  });

  it('text positions agree with element positions under CRLF', () => {
    const doc = LOGO.replace(/\n/g, '\r\n').replace('<rect', 'stray\r\n  <rect');
    const m = check(doc).messages.find((x) => x.ruleId === 'no-text-content')!;
    expect([m.line, m.column]).toEqual([4, 3]);
  });

  it('an attribute spread over lines points at its name', () => {
    const doc = LOGO.replace('<rect width="512"', '<rect\n    style = "fill:red"\n    width="512"');
    const m = check(doc).messages.find((x) => x.ruleId === 'attribute-allowed-list')!;
    expect([m.line, m.column]).toEqual([5, 5]);
  });

  it('parseSvg exposes the uncompressed size and never throws', () => {
    for (const input of ['', '<', '<svg', '<svg xmlns="', '\u0000', Buffer.from([0xff, 0xfe, 0x00])]) {
      const parsed = parseSvg(input);
      expect(parsed.problems.length + (parsed.document ? 0 : 1)).toBeGreaterThan(0);
    }
  });
});
