import type { Pass } from '../context.js';

// TODO(convert): not implemented yet; this pass does nothing.
const pass: Pass = {
  id: 'colors',
  description: 'Writes colours in SVG Tiny 1.2 syntax, with alpha in *-opacity [C2].',
  run() {},
};
export default pass;
