import type { Pass } from '../context.js';

// TODO(convert): not implemented yet; this pass does nothing.
const pass: Pass = {
  id: 'units',
  description: 'Converts units and percentages into user units [F2, F3, F6, F7].',
  run() {},
};
export default pass;
