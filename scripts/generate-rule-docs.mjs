#!/usr/bin/env node
// Regenerates docs/rules/*.md from the rules' meta and fixtures (run `npm run generate`).
import { mkdirSync, readFileSync, readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { check, rules, TIER_DESCRIPTIONS, TIER_LABELS } from '../dist/index.js';
import { defaultSeverity } from '../dist/engine/run.js';
import { renderRuleDocs } from './lib/rule-docs.mjs';

const docs = new URL('../docs/rules/', import.meta.url);
mkdirSync(docs, { recursive: true });
const pages = renderRuleDocs({
  rules,
  check,
  defaultSeverity,
  tierLabels: TIER_LABELS,
  tierDescriptions: TIER_DESCRIPTIONS,
  fixturesDir: new URL('../fixtures/rules/', import.meta.url),
});
let written = 0;
for (const [name, content] of pages) {
  let previous = '';
  try {
    previous = readFileSync(new URL(name, docs), 'utf8');
  } catch {}
  if (previous !== content) {
    writeFileSync(new URL(name, docs), content);
    written++;
  }
}
for (const name of readdirSync(docs)) {
  if (name.endsWith('.md') && !pages.has(name)) {
    unlinkSync(new URL(name, docs));
    console.log(`removed docs/rules/${name}`);
  }
}
console.log(`docs/rules: ${pages.size} pages, ${written} updated`);
