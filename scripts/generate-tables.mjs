#!/usr/bin/env node
// Regenerates src/profile/schema.generated.ts from schemas/svg-tiny-ps.rnc.
// Usage: npm run generate   (builds first, then runs this script)
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateTablesModule } from '../dist/schema/tables.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const rnc = readFileSync(`${root}/schemas/svg-tiny-ps.rnc`, 'utf8');
const out = `${root}/src/profile/schema.generated.ts`;
const text = generateTablesModule(rnc);
let previous = '';
try {
  previous = readFileSync(out, 'utf8');
} catch {}
if (previous === text) {
  console.log('src/profile/schema.generated.ts is up to date');
} else {
  writeFileSync(out, text);
  console.log('wrote src/profile/schema.generated.ts');
}
