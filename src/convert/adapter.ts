/** Lets the check-side models (render model, rules) look at a document being converted. */
import type { Document } from '@xmldom/xmldom';
import type { SvgDocument } from '../types.js';
import { idIndex } from './dom.js';

export function asSvgDocument(doc: Document): SvgDocument {
  const root = doc.documentElement!;
  return {
    dom: doc,
    root,
    source: '',
    bytes: 0,
    compressed: false,
    ids: idIndex(root),
    position: () => ({ line: 1, column: 1 }),
    positionAt: () => ({ line: 1, column: 1 }),
    offsetAt: () => 0,
  };
}
