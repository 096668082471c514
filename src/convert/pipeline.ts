/**
 * The conversion passes, in order. Each is one file in passes/ with its own
 * fixtures in fixtures/convert/<pass-id>/; the ids in brackets in each pass's
 * description refer to the rewrite table in docs/convert.md.
 */
import type { Pass } from './context.js';
import arcs from './passes/arcs.js';
import background from './passes/background.js';
import clipMask from './passes/clip-mask.js';
import colors from './passes/colors.js';
import document from './passes/document.js';
import editorData from './passes/editor-data.js';
import filters from './passes/filters.js';
import gradients from './passes/gradients.js';
import hidden from './passes/hidden.js';
import ids from './passes/ids.js';
import opacity from './passes/opacity.js';
import prune from './passes/prune.js';
import rasterAndText from './passes/raster-and-text.js';
import root from './passes/root.js';
import scriptsAndMedia from './passes/scripts-and-media.js';
import square from './passes/square.js';
import styles from './passes/styles.js';
import switchLinks from './passes/switch-links.js';
import title from './passes/title.js';
import units from './passes/units.js';
import useSymbols from './passes/use-symbols.js';

export const PASSES: readonly Pass[] = [
  document,
  // Styles first: structural selectors (:first-child, :nth-child) must see the original tree.
  styles,
  editorData,
  scriptsAndMedia,
  switchLinks,
  useSymbols,
  units,
  hidden,
  rasterAndText,
  gradients,
  clipMask,
  filters,
  opacity,
  colors,
  arcs,
  ids,
  root,
  prune,
  title,
  square,
  background,
];
