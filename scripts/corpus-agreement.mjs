#!/usr/bin/env node
// Compares bimi-svg's schema-tier verdict with jing's recorded verdict on the logo
// corpora (downloaded by npm into .cache/corpora) and prints the agreement rates.
// Usage: npm run build && node scripts/corpus-agreement.mjs [--json]
import { readFileSync } from 'node:fs';
import { ensureCorpora, loadCorpus } from './lib/corpora.mjs';

export const CORPUS_VERDICTS = ['simple-icons', 'simple-icons-tinyps', 'iconify-logos'];

/** Returns per-corpus agreement between bimi-svg and jing. */
export async function agreement(checkFn) {
  if (!checkFn) ({ check: checkFn } = await import('../dist/index.js'));
  await ensureCorpora();
  const out = [];
  for (const name of CORPUS_VERDICTS) {
    const recorded = JSON.parse(readFileSync(new URL(`../fixtures/corpus/${name}.verdicts.json`, import.meta.url), 'utf8'));
    const docs = await loadCorpus(name);
    let agree = 0;
    let jingInvalid = 0;
    let oursInvalid = 0;
    let fullyValid = 0;
    const disagreements = [];
    for (const doc of docs) {
      const verdict = recorded.verdicts[doc.id];
      if (!verdict || verdict.valid === null) continue;
      const result = checkFn(doc.text, { filePath: doc.id });
      const schemaErrors = result.messages.filter((m) => m.severity === 'error' && (m.tier === 'schema' || m.tier === 'xml'));
      const ours = schemaErrors.length === 0;
      if (!verdict.valid) jingInvalid++;
      if (!ours) oursInvalid++;
      if (result.valid) fullyValid++;
      if (ours === verdict.valid) agree++;
      else disagreements.push({ id: doc.id, jing: verdict.valid, ours, messages: schemaErrors.map((m) => `${m.line}:${m.column} ${m.ruleId}`) });
    }
    const total = agree + disagreements.length;
    out.push({ corpus: name, total, agree, rate: total ? agree / total : 1, jingInvalid, oursInvalid, fullyValid, disagreements });
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await agreement();
  if (process.argv.includes('--json')) console.log(JSON.stringify(rows, null, 2));
  else {
    for (const r of rows) {
      console.log(`${r.corpus}: ${r.agree}/${r.total} agree (${(100 * r.rate).toFixed(2)}%); jing rejects ${r.jingInvalid}, bimi-svg schema-tier rejects ${r.oursInvalid}; valid under all bimi-svg errors: ${r.fullyValid}`);
      for (const d of r.disagreements.slice(0, 10)) console.log(`  ${d.id}: jing ${d.jing ? 'valid' : 'invalid'}, bimi-svg ${d.ours ? 'valid' : 'invalid'} ${d.messages.join(', ')}`);
    }
  }
}
