import type { Pass } from '../context.js';

// TODO(convert): not implemented yet; this pass does nothing.
const pass: Pass = {
  id: 'use-symbols',
  description: 'Expands <use>, <symbol> and nested <svg> into groups [E1, E2, A15].',
  run() {},
};
export default pass;
