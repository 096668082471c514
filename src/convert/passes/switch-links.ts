import type { Pass } from '../context.js';

// TODO(convert): not implemented yet; this pass does nothing.
const pass: Pass = {
  id: 'switch-links',
  description: 'Unwraps <a> and keeps the first renderable child of each <switch> [E3, E4].',
  run() {},
};
export default pass;
