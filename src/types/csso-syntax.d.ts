/** csso's css-tree fork exports the selector specificity function svgo also uses. */
declare module 'csso/syntax' {
  export function specificity(selector: unknown): [number, number, number];
}
