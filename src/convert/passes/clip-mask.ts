import type { Pass } from '../context.js';

// TODO(convert): not implemented yet; this pass does nothing.
const pass: Pass = {
  id: 'clip-mask',
  description: 'Removes clip paths and masks that do not change the rendering; refuses the others [C4, C5].',
  run() {},
};
export default pass;
