/**
 * svgo, configured so that it never undoes Tiny PS: it keeps version and
 * baseProfile (removeDeprecatedAttrs off), never makes arcs (convertPathData
 * makeArcs off), never renames colours to keywords Tiny 1.2 lacks (convertColors
 * shortname off), and never touches xlink (removeXlink is not in the preset and is
 * never enabled). The result is checked again by the caller; svgo is only a size
 * step and never a source of diagnostics.
 */
import type { Config } from 'svgo';

export const SVGO_PLUGINS = [
  {
    name: 'preset-default',
    params: {
      overrides: {
        removeDeprecatedAttrs: false,
        convertColors: { currentColor: false, names2hex: true, rgb2hex: true, shorthex: true, shortname: false },
        // convertToQ turns a cubic into a quadratic even when a following S reflects its
        // control point, which changes the shape; uselessOverrides treats stop-color as
        // inherited and deletes it on stops (which then turn black).
        convertPathData: { makeArcs: false as unknown as undefined, convertToQ: false },
        removeUnknownsAndDefaults: { keepRoleAttr: true, uselessOverrides: false },
        removeDesc: { removeAny: false },
        // Ids are kept short but valid NCNames.
        cleanupIds: { minify: true },
      },
    },
  },
] as const;

export function svgoConfig(floatPrecision: number): Config {
  return {
    multipass: true,
    floatPrecision,
    js2svg: { pretty: false },
    plugins: SVGO_PLUGINS as unknown as Config['plugins'],
  };
}

export async function optimize(svg: string, floatPrecision: number): Promise<string> {
  const { optimize: run } = await import('svgo');
  return run(svg, svgoConfig(floatPrecision)).data;
}
