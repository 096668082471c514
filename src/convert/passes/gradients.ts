import type { Pass } from '../context.js';

// TODO(convert): not implemented yet; this pass does nothing.
const pass: Pass = {
  id: 'gradients',
  description: 'Makes gradients Tiny 1.2 gradients: resolves href chains, bakes gradientTransform, drops fx/fy and spreadMethod [D1–D7, C3].',
  run() {},
};
export default pass;
