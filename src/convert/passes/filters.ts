import type { Pass } from '../context.js';

// TODO(convert): not implemented yet; this pass does nothing.
const pass: Pass = {
  id: 'filters',
  description: 'Removes filters (with a warning); refuses patterns and markers [C6–C8].',
  run() {},
};
export default pass;
