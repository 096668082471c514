/**
 * A frozen lookup table without a prototype, so that looking up a name taken from
 * a document ("toString", "__proto__", "constructor") finds nothing instead of an
 * Object.prototype member.
 */
export function dict<T>(entries: Readonly<Record<string, T>>): Readonly<Record<string, T>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, T>, entries));
}
