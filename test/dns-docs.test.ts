/**
 * docs/dns-messages.md lists every message code of `bimi-svg dns`: each code found in
 * src/dns has a table row, and each row names a code that still exists.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../', import.meta.url);
const dnsDir = new URL('src/dns/', root);
const docPath = 'docs/dns-messages.md';

/** The code literals, as in: grep -ohE "'(record|dmarc|logo|cert|domain)-[a-z0-9-]+'" src/dns/*.ts */
const CODE_LITERAL = /'((?:record|dmarc|logo|cert|domain)-[a-z0-9-]+)'/g;

/**
 * Literals that match CODE_LITERAL but are not message codes (status strings and the
 * like), each with the reason. None today: every match is a code passed to a message.
 */
const NOT_CODES = new Map<string, string>([]);

/** The single row that stands for cert-fetch-<failure> (same suffixes as logo-fetch-*). */
const CERT_FETCH_ROW = 'cert-fetch-*';

const sources = readdirSync(dnsDir)
  .filter((f) => f.endsWith('.ts'))
  .sort()
  .map((f) => ({ file: f, text: readFileSync(new URL(f, dnsDir), 'utf8') }));

const literals = new Set(sources.flatMap(({ text }) => [...text.matchAll(CODE_LITERAL)].map((m) => m[1]!)));

/** The members of `export type FetchFailure = | 'a' | 'b' …;` in src/dns/fetch.ts. */
function fetchFailures(): string[] {
  const fetchTs = readFileSync(new URL('fetch.ts', dnsDir), 'utf8');
  const union = /export type FetchFailure =([^;]*);/.exec(fetchTs)?.[1] ?? '';
  return [...union.matchAll(/'([a-z0-9-]+)'/g)].map((m) => m[1]!);
}

const failures = fetchFailures();
const sourceCodes = [...[...literals].filter((c) => !NOT_CODES.has(c)), ...failures.map((f) => `logo-fetch-${f}`)].sort();

const doc = readFileSync(new URL(docPath, root), 'utf8');
/** Codes of the table rows: lines starting with "| `code` |". */
const docRows = [...doc.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]!);

describe(docPath, () => {
  it('the source scan finds codes and fetch failures', () => {
    expect(literals.size, 'code literals in src/dns/*.ts').toBeGreaterThan(50);
    expect(failures, 'members of the FetchFailure union in src/dns/fetch.ts').toContain('timeout');
    expect(sources.find((s) => s.file === 'check-domain.ts')?.text, 'check-domain.ts builds the fetch codes').toMatch(/-fetch-\$\{f\.code\}/);
  });

  it('every allow-listed literal still occurs in the source', () => {
    for (const literal of NOT_CODES.keys()) expect(literals.has(literal), `${literal} is in NOT_CODES but no longer in src/dns`).toBe(true);
  });

  it('every code in src/dns has a row', () => {
    const rows = new Set(docRows);
    for (const code of sourceCodes) expect(rows.has(code), `${code} has no row in ${docPath}`).toBe(true);
    expect(rows.has(CERT_FETCH_ROW), `${CERT_FETCH_ROW} has no row in ${docPath}`).toBe(true);
  });

  it('every row names a code that exists in src/dns', () => {
    const known = new Set([...sourceCodes, CERT_FETCH_ROW]);
    for (const code of docRows) expect(known.has(code), `${code} is documented in ${docPath} but not emitted by src/dns`).toBe(true);
  });

  it('no code has two rows', () => {
    const seen = new Set<string>();
    for (const code of docRows) {
      expect(seen.has(code), `${code} has more than one row in ${docPath}`).toBe(false);
      seen.add(code);
    }
  });
});
