/** The shape of the tables generated from the official RNC (see schema.generated.ts). */

/**
 * What the schema accepts as the value of one attribute. A value is valid when it
 * is one of `values` (compared after whitespace normalisation, as RELAX NG does for
 * its built-in `token` type), or when one of `types` accepts it, or when it is empty
 * and `emptyOk` is set.
 */
export interface AttributeSpec {
  /** Present only on required attributes. */
  readonly required?: true;
  /** Closed or listed keyword values. */
  readonly values?: readonly string[];
  /**
   * XSD datatypes that also accept the value: `string` (anything, unless `pattern`),
   * `NCName`, `NMTOKENS`, `language`, `anyURI`; `text` means any text.
   */
  readonly types?: readonly string[];
  /** XSD regular expression that a `string` value must match as a whole. */
  readonly pattern?: string;
  /** The empty string is accepted (an optional datatype, e.g. `xsd:language?`). */
  readonly emptyOk?: true;
}

export interface ElementSpec {
  /** Element child that must come first (and only there), or null. */
  readonly first: string | null;
  /** Element children allowed (after `first`), any number, in any order. */
  readonly children: readonly string[];
  /** Whether character data is allowed (otherwise only whitespace). */
  readonly text: boolean;
  /** False for elements defined in the schema that no parent allows. */
  readonly reachable: boolean;
  /**
   * Attributes by name: `local` for attributes in no namespace, `xml:local` for the
   * XML namespace. Attributes in any other namespace are never allowed.
   */
  readonly attributes: Readonly<Record<string, AttributeSpec>>;
  /** Groups of attributes of which at most one may appear (e.g. id | xml:id). */
  readonly exclusive: readonly (readonly string[])[];
}
