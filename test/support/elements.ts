/** Maps source positions to the element they belong to, for comparing with jing. */
import { LineIndex } from '../../src/parse/positions.js';
import { scanXml, type ScannedElement } from '../../src/parse/scan.js';

export interface ElementLocator {
  /** Index (document order) of the innermost element whose range contains the position. */
  elementAt(line: number, column: number): number;
  /** Indexes of the element and its ancestors, innermost first. */
  ancestorsOrSelf(index: number): number[];
  elements: readonly ScannedElement[];
}

export function locator(text: string): ElementLocator {
  const scan = scanXml(text, { maxDepth: 10_000, maxElements: 1_000_000 });
  const lines = new LineIndex(text);
  const elements = scan.elements;
  return {
    elements,
    elementAt(line, column) {
      const offset = lines.offset(line, column);
      let best = -1;
      for (let k = 0; k < elements.length; k++) {
        const e = elements[k]!;
        if (e.offset <= offset && offset < e.end) best = k; // later = deeper (pre-order)
      }
      return best;
    },
    ancestorsOrSelf(index) {
      const out: number[] = [];
      let current = index;
      while (current >= 0) {
        out.push(current);
        const e = elements[current]!;
        let parent = -1;
        for (let k = current - 1; k >= 0; k--) {
          const p = elements[k]!;
          if (p.offset < e.offset && e.end <= p.end) {
            parent = k;
            break;
          }
        }
        current = parent;
      }
      return out;
    },
  };
}
