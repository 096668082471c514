// Mutation fuzzing for the validator: takes seed documents and produces hostile
// variants (byte flips, truncation, duplicated and random attributes, deep nesting,
// random elements, invalid UTF-8 …). Deterministic for a given seed.
// Shared by test/fuzz.test.ts (~2,000 cases in `npm test`) and scripts/fuzz.mjs
// (`npm run fuzz`, 100,000 cases).

/** A small, fast, seedable PRNG (mulberry32). */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (list) => list[Math.floor(next() * list.length)],
  };
}

const NAMES = ['svg', 'g', 'path', 'rect', 'title', 'desc', 'use', 'defs', 'stop', 'linearGradient', 'script', 'style', 'a', 'image', 'text', 'tspan', 'clipPath', 'x:y', 'foreignObject', 'metadata', 'switch', 'font', 'constructor', '__proto__', 'toString'];
const ATTRS = ['id', 'fill', 'style', 'd', 'href', 'xlink:href', 'xml:base', 'transform', 'viewBox', 'version', 'baseProfile', 'onload', 'x', 'opacity', 'class', 'xmlns', 'xmlns:x', 'xml:space', 'points', 'offset', 'stop-color', 'width', 'font-weight', 'toString', '__proto__', 'constructor', 'hasOwnProperty', 'valueOf'];
const VALUES = ['', '#', 'url(#a)', 'url(http://e.test/x)', 'javascript:alert(1)', 'M0 0A1 1 0 1 1 2 2', 'rgba(1,2,3,.5)', 'matrix(1 0 0 1 0 0', '100%', '1e999', 'NaN', '-0', '&amp;', '&#0;', '&x;', '"', '<', '\u0000', '\ud800', 'a'.repeat(5000), 'xMidYMid slice', '1.2', 'tiny-ps'];
const SNIPPETS = ['<', '>', '&', '</', '/>', '<!--', '-->', '<![CDATA[', ']]>', '<?pi ?>', '<!DOCTYPE svg [<!ENTITY a "b">]>', '<!ENTITY a "&a;">', '&a;', '"', "'", '=', '\u0000', '\uffff', 'xmlns:=""', '<svg xmlns="http://www.w3.org/2000/svg">'];

function mutateBytes(bytes, r) {
  const out = Buffer.from(bytes);
  const flips = 1 + r.int(8);
  for (let k = 0; k < flips && out.length > 0; k++) out[r.int(out.length)] = r.int(256);
  return out;
}

/** Returns { name, data } for case number `i` derived from `seed` documents. */
export function mutate(seeds, i, baseSeed = 1) {
  const r = rng(baseSeed * 1_000_003 + i);
  const seed = r.pick(seeds);
  const text = seed.text;
  const pos = () => r.int(text.length + 1);
  const kind = r.int(12);
  switch (kind) {
    case 0:
      return { name: `${seed.id}#flip`, data: mutateBytes(Buffer.from(text), r) };
    case 1:
      return { name: `${seed.id}#truncate`, data: text.slice(0, pos()) };
    case 2: {
      // Duplicate an attribute of some element.
      const m = [...text.matchAll(/\s([\w:-]+="[^"]*")/g)];
      if (m.length === 0) return { name: `${seed.id}#same`, data: text };
      const a = r.pick(m);
      const at = a.index + a[0].length;
      return { name: `${seed.id}#dup-attr`, data: `${text.slice(0, at)} ${a[1]}${text.slice(at)}` };
    }
    case 3: {
      // Random attribute into a random start tag.
      const m = [...text.matchAll(/<[\w:]+/g)];
      if (m.length === 0) return { name: `${seed.id}#same`, data: text };
      const tag = r.pick(m);
      const at = tag.index + tag[0].length;
      const value = r.pick(VALUES).replace(/"/g, r.next() < 0.5 ? '&quot;' : '"');
      return { name: `${seed.id}#attr`, data: `${text.slice(0, at)} ${r.pick(ATTRS)}="${value}"${text.slice(at)}` };
    }
    case 4: {
      // Deep nesting.
      const depth = r.pick([10, 300, 5_000, 100_000]);
      const at = text.indexOf('</svg>');
      const inner = `${'<g>'.repeat(depth)}${'</g>'.repeat(depth)}`;
      return { name: `${seed.id}#nest${depth}`, data: at < 0 ? inner : `${text.slice(0, at)}${inner}${text.slice(at)}` };
    }
    case 5: {
      // Random element somewhere.
      const name = r.pick(NAMES);
      const el = r.next() < 0.5 ? `<${name}/>` : `<${name} ${r.pick(ATTRS)}="${r.pick(VALUES).replace(/"/g, '')}">x</${name}>`;
      const at = pos();
      return { name: `${seed.id}#element`, data: `${text.slice(0, at)}${el}${text.slice(at)}` };
    }
    case 6: {
      // Invalid UTF-8 bytes.
      const b = Buffer.from(text);
      const at = r.int(b.length + 1);
      const bad = Buffer.from(r.pick([[0xc3], [0xff], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82]]));
      return { name: `${seed.id}#utf8`, data: Buffer.concat([b.subarray(0, at), bad, b.subarray(at)]) };
    }
    case 7: {
      const at = pos();
      return { name: `${seed.id}#snippet`, data: `${text.slice(0, at)}${r.pick(SNIPPETS)}${text.slice(at)}` };
    }
    case 8: {
      // Delete a random span.
      const a = pos();
      const b = Math.min(text.length, a + r.int(200));
      return { name: `${seed.id}#delete`, data: text.slice(0, a) + text.slice(b) };
    }
    case 9: {
      // Splice two seeds together.
      const other = r.pick(seeds).text;
      return { name: `${seed.id}#splice`, data: text.slice(0, pos()) + other.slice(r.int(other.length + 1)) };
    }
    case 10: {
      // Repeat a chunk many times (large documents).
      const a = pos();
      const chunk = text.slice(a, a + 1 + r.int(80));
      return { name: `${seed.id}#repeat`, data: text.slice(0, a) + chunk.repeat(1 + r.int(2000)) + text.slice(a) };
    }
    default: {
      // Replace an attribute value with a hostile one.
      const m = [...text.matchAll(/="([^"]*)"/g)];
      if (m.length === 0) return { name: `${seed.id}#same`, data: text };
      const v = r.pick(m);
      const value = r.pick(VALUES).replace(/"/g, '');
      return { name: `${seed.id}#value`, data: `${text.slice(0, v.index + 2)}${value}${text.slice(v.index + v[0].length - 1)}` };
    }
  }
}

/** Runs one case; returns null when the validator behaved, or a description of the failure. */
export function runCase(check, kase, timeLimitMs) {
  const started = performance.now();
  let result;
  try {
    result = check(kase.data);
  } catch (e) {
    return `threw ${e && e.stack ? e.stack : String(e)}`;
  }
  const elapsed = performance.now() - started;
  if (elapsed > timeLimitMs) return `took ${elapsed.toFixed(0)} ms`;
  if (!result || !Array.isArray(result.messages)) return 'returned no result';
  for (const m of result.messages) {
    if (!(m.line >= 1 && m.column >= 1)) return `position ${m.line}:${m.column} for ${m.ruleId}`;
    if (typeof m.message !== 'string' || m.message.includes('{{')) return `bad message for ${m.ruleId}`;
  }
  if (result.valid !== (result.errorCount === 0)) return 'valid does not match errorCount';
  return null;
}
