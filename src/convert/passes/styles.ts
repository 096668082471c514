import type { Pass } from '../context.js';

// TODO(convert): not implemented yet; this pass does nothing.
const pass: Pass = {
  id: 'styles',
  description: 'Moves <style> sheets and style attributes into presentation attributes (full cascade: specificity, order, !important) and removes class [B1–B4].',
  run() {},
};
export default pass;
