/**
 * Agreement with jing on real logo corpora (simple-icons, @iconify-json/logos),
 * downloaded from the npm registry into the git-ignored .cache/corpora at test time
 * and never committed. jing's verdicts were recorded once with
 * scripts/record-corpus-verdicts.mjs and are committed in fixtures/corpus/.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { check } from '../src/index.js';
// @ts-expect-error plain ESM helper without types
import { agreement } from '../scripts/corpus-agreement.mjs';

interface Row {
  corpus: string;
  total: number;
  agree: number;
  disagreements: Array<{ id: string; jing: boolean; ours: boolean; messages: string[] }>;
}

let rows: Row[] = [];
beforeAll(async () => {
  rows = (await agreement(check)) as Row[];
}, 600_000);

describe('corpus agreement with jing', () => {
  for (const name of ['simple-icons', 'simple-icons-tinyps', 'iconify-logos']) {
    it(`${name}: bimi-svg rejects on schema grounds exactly the documents jing rejects`, () => {
      const row = rows.find((r) => r.corpus === name)!;
      expect(row.total).toBeGreaterThan(2000);
      expect(row.disagreements.slice(0, 20)).toEqual([]);
      expect(row.agree).toBe(row.total);
    });
  }
});
