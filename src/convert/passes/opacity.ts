import type { Pass } from '../context.js';

// TODO(convert): not implemented yet; this pass does nothing.
const pass: Pass = {
  id: 'opacity',
  description: 'Folds opacity into fill-opacity and stroke-opacity where that is exact [C1].',
  run() {},
};
export default pass;
