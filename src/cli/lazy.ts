/**
 * Loads modules only when a command needs them (tinyglobby for quoted globs; svgo
 * and sharp for convert and preview, never for check). The bundled CLI runs inside
 * vm.Script, where import() needs a host callback; bin/bimi-svg.js injects its own
 * import() instead.
 */
export type ModuleLoader = (specifier: string) => Promise<unknown>;

let loader: ModuleLoader = (specifier) => import(specifier);

export function setModuleLoader(load: ModuleLoader): void {
  loader = load;
}

/** Imports a package by name, or one of our own modules by URL relative to this file. */
export function lazyImport<T>(specifier: string): Promise<T> {
  return loader(specifier) as Promise<T>;
}

/** URL of one of bimi-svg's own unbundled modules (dist/<path>), from the CLI's location (dist/cli/). */
export function ownModule(path: string): string {
  return new URL(`../${path}`, import.meta.url).href;
}
