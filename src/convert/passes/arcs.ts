import type { Pass } from '../context.js';

// TODO(convert): not implemented yet; this pass does nothing.
const pass: Pass = {
  id: 'arcs',
  description: 'Converts elliptical arcs in path data into cubic Bézier curves [F1].',
  run() {},
};
export default pass;
