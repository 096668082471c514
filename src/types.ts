import type { Attr, Document, Element, Node, Text } from '@xmldom/xmldom';
import type { ScanResult } from './parse/scan.js';

export type { Attr, Document, Element, Node, Text };

/** How a finding counts: errors make a document invalid, warnings do not (unless strict). */
export type Severity = 'error' | 'warning';

/** A configured severity; `off` disables the rule. */
export type RuleSetting = Severity | 'off';

/**
 * Why a rule exists, in the words users read:
 * - `xml`: the document is not well-formed XML (every XML and RELAX NG tool rejects it);
 * - `schema`: the official RELAX NG schema (draft §7) rejects it;
 * - `must`: a MUST of the draft or of SVG Tiny 1.2 that the schema cannot express;
 * - `security`: refused so that no parser expands, fetches or runs anything;
 * - `should`: a SHOULD of the draft;
 * - `policy`: receiver guidance (BIMI Group, Gmail, Apple), not the draft.
 */
export type Tier = 'xml' | 'schema' | 'must' | 'security' | 'should' | 'policy';

/** Short labels, shown with every finding. */
export const TIER_LABELS: Readonly<Record<Tier, string>> = {
  xml: 'XML',
  schema: 'schema',
  must: 'MUST',
  security: 'safety',
  should: 'SHOULD',
  policy: 'receiver policy',
};

/** What each tier means, for listings and docs. */
export const TIER_DESCRIPTIONS: Readonly<Record<Tier, string>> = {
  xml: 'XML well-formedness: no XML parser can read the document',
  schema: 'the official Tiny PS schema (draft §7) rejects it',
  must: 'a MUST of the draft or of SVG Tiny 1.2 that the schema cannot express',
  security: 'refused for safety, so that nothing is expanded, fetched or run',
  should: 'a SHOULD of the draft or of SVG Tiny 1.2',
  policy: 'receiver policy (BIMI Group, Gmail, Apple guidance), not the draft',
};

/** A source a rule rests on. */
export interface Citation {
  /** Short display form, e.g. "draft-svg-tiny-ps-abrotman §2.1". */
  readonly text: string;
  readonly url?: string;
}

/** One finding, as plain data. Positions are 1-based. */
export interface Diagnostic {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly tier: Tier;
  readonly message: string;
  readonly line: number;
  readonly column: number;
  /** The sources of the rule, joined for display. */
  readonly citation: string;
}

/** The result of checking one document (the JSON output is an array of these). */
export interface CheckResult {
  readonly filePath: string;
  /** True when there is no error (warnings allowed). */
  readonly valid: boolean;
  readonly errorCount: number;
  readonly warningCount: number;
  readonly messages: readonly Diagnostic[];
  /** Size of the uncompressed document in bytes, or null when it could not be read. */
  readonly bytes: number | null;
}

export interface RuleMeta<MessageIds extends string = string> {
  /** One sentence: what the rule forbids or requires. */
  readonly description: string;
  readonly tier: Tier;
  /** Default severity; derived from the tier when omitted. */
  readonly severity?: Severity;
  readonly citations: readonly Citation[];
  /** Why the rule matters, for the docs page. */
  readonly rationale: string;
  /** How to fix a finding, for the docs page. */
  readonly howToFix?: string;
  /** Messages with `{{placeholders}}`. */
  readonly messages: Readonly<Record<MessageIds, string>>;
}

/** Where a report points. An attribute points at its name; an element at its `<`. */
export type ReportTarget = Node | Attr | { readonly line: number; readonly column: number };

export interface ReportDescriptor<MessageIds extends string = string> {
  readonly node: ReportTarget;
  readonly messageId: MessageIds;
  readonly data?: Readonly<Record<string, string | number>>;
}

/** What a rule sees while the document is walked. */
export interface RuleContext<MessageIds extends string = string> {
  /** The tree; only null inside `source` when the document is not well-formed. */
  readonly document: SvgDocument;
  readonly options: ResolvedOptions;
  report(descriptor: ReportDescriptor<MessageIds>): void;
  /** Whether another rule is enabled (for rules that defer to a more specific rule). */
  isEnabled(ruleId: string): boolean;
}

/** What is known about the input before (and whether or not) a tree exists. */
export interface SourceInfo {
  /** Decoded text, or null when the input could not be decoded. */
  readonly text: string | null;
  /** Uncompressed size in bytes, or null when unknown. */
  readonly bytes: number | null;
  readonly compressed: boolean;
  /** The well-formedness scan (DOCTYPE, entity declarations, PIs), when there is text. */
  readonly scan: ScanResult | null;
  /** 1-based position of an offset in `text`. */
  position(offset: number): { line: number; column: number };
}

export interface Visitor {
  /** Called first, even when the document is not well-formed. */
  source?(info: SourceInfo): void;
  'document:enter'?(doc: SvgDocument): void;
  'document:exit'?(doc: SvgDocument): void;
  'element:enter'?(element: Element, state: WalkState): void;
  'element:exit'?(element: Element, state: WalkState): void;
  text?(node: Text, state: WalkState): void;
}

/** Facts about the walk position, computed once for all rules. */
export interface WalkState {
  /** Nesting depth; the root element has depth 0. */
  readonly depth: number;
  /** True inside an element that the schema does not know (its subtree is foreign). */
  readonly insideUnknown: boolean;
  /** The nearest ancestor `defs`, or null. */
  readonly insideDefs: boolean;
}

export interface Rule<MessageIds extends string = string> {
  readonly id: string;
  readonly meta: RuleMeta<MessageIds>;
  create(context: RuleContext<MessageIds>): Visitor;
}

/** A parsed document and what the parser learned about its source. */
export interface SvgDocument {
  readonly dom: Document;
  readonly root: Element;
  readonly source: string;
  /** Uncompressed size in bytes. */
  readonly bytes: number;
  readonly compressed: boolean;
  /** Elements by id (first occurrence), for reference checks. */
  readonly ids: ReadonlyMap<string, Element>;
  /** 1-based position of an element (its `<`), an attribute (its name) or a text node. */
  position(node: Node | Attr | object): { line: number; column: number };
  /** 1-based position of an offset in `source`. */
  positionAt(offset: number): { line: number; column: number };
  /** Offset in `source` of a 1-based position. */
  offsetAt(position: { line: number; column: number }): number;
}

/** Thresholds where sources disagree; see docs/configuration.md. */
export interface PolicyOptions {
  /** Warn above this many uncompressed bytes (draft §2.4: 32 KB; BIMI Group: 32,768). */
  readonly maxBytes: number;
  /** Warn when the title is longer (draft §2.1: 64). */
  readonly titleMaxLength: number;
  /** Warn when width/height are below this many pixels (Gmail: 96). */
  readonly minPixels: number;
  /** Titles that are placeholders, compared case-insensitively after trimming. */
  readonly placeholderTitles: readonly string[];
}

export interface CheckOptions extends Partial<PolicyOptions> {
  /** Per-rule severity overrides. */
  readonly rules?: Readonly<Record<string, RuleSetting>>;
  /** Treat warnings as failures for `valid`. */
  readonly strict?: boolean;
  /** Refuse inputs larger than this (bytes, after decompression). Default 10 MiB. */
  readonly maxInputBytes?: number;
  /** Name to report the document under. Default `<input>`. */
  readonly filePath?: string;
}

export interface ResolvedOptions extends PolicyOptions {
  readonly rules: Readonly<Record<string, RuleSetting>>;
  readonly strict: boolean;
  readonly maxInputBytes: number;
}
