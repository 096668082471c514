// The floor for the batch benchmark: a whole Node process that only reads every
// file and parses it with @xmldom/xmldom (the parser bimi-svg must use), checking
// nothing. bench/run.mjs times it next to bimi-svg and xmllint.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOMParser } from '@xmldom/xmldom';

const dir = process.argv[2];
let elements = 0;
for (const name of readdirSync(dir)) {
  if (!name.endsWith('.svg')) continue;
  const doc = new DOMParser({ onError() {} }).parseFromString(readFileSync(join(dir, name), 'utf8'), 'application/xml');
  elements += doc.getElementsByTagName('*').length;
}
if (elements === 0) process.exitCode = 1;
