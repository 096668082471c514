import type { Pass } from '../context.js';

// TODO(convert): not implemented yet; this pass does nothing.
const pass: Pass = {
  id: 'hidden',
  description: 'Removes hidden elements, empty groups and zero-area shapes [E7].',
  run() {},
};
export default pass;
