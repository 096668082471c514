import type { Pass } from '../context.js';

// TODO(convert): not implemented yet; this pass does nothing.
const pass: Pass = {
  id: 'ids',
  description: 'Makes ids valid NCNames and unique, and drops unused ids [E9].',
  run() {},
};
export default pass;
