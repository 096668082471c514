/**
 * Runs rules over a parsed document: one walk, every rule's visitor called in
 * registration order, findings collected as plain diagnostics.
 */
import type { Element, Node, Text } from '@xmldom/xmldom';
import type { ParsedSource } from '../parse/parse.js';
import { elementSpec } from '../profile/schema.js';
import type {
  Diagnostic,
  ReportDescriptor,
  ReportTarget,
  ResolvedOptions,
  Rule,
  RuleContext,
  Severity,
  SourceInfo,
  SvgDocument,
  Visitor,
  WalkState,
} from '../types.js';

/** Raised for mistakes in rule code, never for findings about a document. */
export class RuleDefinitionError extends Error {
  override name = 'RuleDefinitionError';
}

/** Rules that cannot be turned off: without them nothing else can be checked. */
export const ALWAYS_ON = new Set(['xml-well-formed', 'input-limits']);

export function defaultSeverity(rule: Rule): Severity {
  if (rule.meta.severity) return rule.meta.severity;
  switch (rule.meta.tier) {
    case 'should':
    case 'policy':
      return 'warning';
    default:
      return 'error';
  }
}

export function effectiveSeverity(rule: Rule, options: ResolvedOptions): Severity | 'off' {
  const setting = options.rules[rule.id];
  if (ALWAYS_ON.has(rule.id)) return setting === 'warning' ? 'warning' : 'error';
  return setting ?? defaultSeverity(rule);
}

function format(rule: Rule, messageId: string, data: Readonly<Record<string, string | number>> | undefined): string {
  const template = (rule.meta.messages as Record<string, string>)[messageId];
  if (template === undefined) throw new RuleDefinitionError(`rule ${rule.id} reported unknown messageId "${messageId}"`);
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, key: string) => {
    const value = data?.[key];
    if (value === undefined) throw new RuleDefinitionError(`rule ${rule.id}, message "${messageId}": no value for {{${key}}}`);
    return String(value);
  });
}

function isPosition(target: ReportTarget): target is { line: number; column: number } {
  return typeof (target as { line?: unknown }).line === 'number' && typeof (target as { nodeType?: unknown }).nodeType !== 'number';
}

interface PreparedRule {
  readonly rule: Rule;
  readonly severity: Severity;
  readonly citation: string;
  /** One context per rule and options, reporting into the current run. */
  readonly context: RuleContext;
}

interface PreparedRules {
  readonly enabled: readonly PreparedRule[];
  readonly byId: ReadonlyMap<string, PreparedRule>;
  readonly isEnabled: (id: string) => boolean;
  /** The document being checked; runs are synchronous, so one slot suffices (saved and restored around each run). */
  current: { doc: SvgDocument | null; diagnostics: Diagnostic[] };
}

const prepared = new WeakMap<ResolvedOptions, WeakMap<readonly Rule[], PreparedRules>>();

function pushDiagnostic(p: PreparedRule, run: PreparedRules['current'], message: string, line: number, column: number): void {
  run.diagnostics.push({ ruleId: p.rule.id, severity: p.severity, tier: p.rule.meta.tier, message, line, column, citation: p.citation });
}

/** Severities, citations, lookups and rule contexts, computed once per rule list and options. */
function prepare(rules: readonly Rule[], options: ResolvedOptions): PreparedRules {
  let byRules = prepared.get(options);
  if (!byRules) prepared.set(options, (byRules = new WeakMap()));
  let set = byRules.get(rules);
  if (set) return set;
  const enabled: PreparedRule[] = [];
  const byId = new Map<string, PreparedRule>();
  const isEnabled = (id: string) => byId.has(id);
  const holder: PreparedRules = { enabled, byId, isEnabled, current: { doc: null, diagnostics: [] } };
  for (const rule of rules) {
    const severity = effectiveSeverity(rule, options);
    if (severity === 'off') continue;
    const entry: PreparedRule = {
      rule,
      severity,
      citation: rule.meta.citations.map((c) => c.text).join('; '),
      context: {
        get document() {
          return holder.current.doc as SvgDocument;
        },
        options,
        isEnabled,
        report(descriptor: ReportDescriptor) {
          const run = holder.current;
          const message = format(rule, descriptor.messageId, descriptor.data);
          const target = descriptor.node;
          const pos = isPosition(target) ? target : run.doc ? run.doc.position(target as Node) : { line: 1, column: 1 };
          pushDiagnostic(entry, run, message, pos.line, pos.column);
        },
      },
    };
    enabled.push(entry);
    byId.set(rule.id, entry);
  }
  byRules.set(rules, holder);
  return holder;
}

/** Runs `rules` over `parsed` and returns the sorted diagnostics. */
export function runRules(parsed: ParsedSource, rules: readonly Rule[], options: ResolvedOptions): Diagnostic[] {
  const set = prepare(rules, options);
  const previous = set.current;
  const run = (set.current = { doc: parsed.document, diagnostics: [] as Diagnostic[] });
  try {
    return runPrepared(parsed, rules, set, run);
  } finally {
    set.current = previous;
  }
}

function runPrepared(parsed: ParsedSource, rules: readonly Rule[], set: PreparedRules, run: PreparedRules['current']): Diagnostic[] {
  const { enabled, byId } = set;
  const diagnostics = run.diagnostics;
  for (const problem of parsed.problems) {
    const p = byId.get(problem.ruleId);
    if (!p) {
      if (!rules.some((r) => r.id === problem.ruleId)) throw new RuleDefinitionError(`parser reported for unregistered rule ${problem.ruleId}`);
      continue;
    }
    pushDiagnostic(p, run, format(p.rule, problem.messageId, problem.data), problem.line, problem.column);
  }

  const doc: SvgDocument | null = parsed.document;
  const lines = parsed.lines;
  const sourceInfo: SourceInfo = {
    text: parsed.text,
    bytes: parsed.bytes,
    compressed: parsed.compressed,
    scan: parsed.scan,
    position: (offset) => (lines ? lines.position(offset) : { line: 1, column: 1 }),
  };

  const sources: Visitor[] = [];
  const docEnter: Visitor[] = [];
  const docExit: Visitor[] = [];
  const enter: Visitor[] = [];
  const exit: Visitor[] = [];
  const text: Visitor[] = [];
  for (const p of enabled) {
    const v = p.rule.create(p.context);
    if (v.source) sources.push(v);
    if (v['document:enter']) docEnter.push(v);
    if (v['document:exit']) docExit.push(v);
    if (v['element:enter']) enter.push(v);
    if (v['element:exit']) exit.push(v);
    if (v.text) text.push(v);
  }

  for (const v of sources) v.source!(sourceInfo);

  if (doc) {
    for (const v of docEnter) v['document:enter']!(doc);
    walk(doc.root, enter, exit, text);
    for (const v of docExit) v['document:exit']!(doc);
  }

  diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
  return diagnostics.length > 1 ? dedupe(diagnostics) : diagnostics;
}

function dedupe(list: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const key = `${d.ruleId}\u0000${d.line}\u0000${d.column}\u0000${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

type Frame =
  | { readonly kind: 'enter' | 'exit'; readonly node: Element; readonly state: WalkState }
  | { readonly kind: 'text'; readonly node: Text; readonly state: WalkState };

/** Iterative pre-order walk (deep documents must not overflow the stack). */
function walk(root: Element, enter: readonly Visitor[], exit: readonly Visitor[], text: readonly Visitor[]): void {
  const stack: Frame[] = [{ kind: 'enter', node: root, state: { depth: 0, insideUnknown: false, insideDefs: false } }];
  const children: Node[] = [];
  const wantText = text.length > 0;
  while (stack.length > 0) {
    const frame = stack.pop()!;
    if (frame.kind === 'text') {
      for (let k = 0; k < text.length; k++) text[k]!.text!(frame.node, frame.state);
      continue;
    }
    const { node: el, state } = frame;
    if (frame.kind === 'exit') {
      for (let k = 0; k < exit.length; k++) exit[k]!['element:exit']!(el, state);
      continue;
    }
    for (let k = 0; k < enter.length; k++) enter[k]!['element:enter']!(el, state);
    if (exit.length > 0) stack.push({ kind: 'exit', node: el, state });
    const spec = elementSpec(el);
    const childState: WalkState = {
      depth: state.depth + 1,
      insideUnknown: state.insideUnknown || spec === undefined || !spec.reachable,
      insideDefs: state.insideDefs || (spec !== undefined && el.localName === 'defs'),
    };
    // Pushed in reverse so that children are visited in document order.
    children.length = 0;
    for (let c = el.firstChild; c; c = c.nextSibling) children.push(c);
    for (let k = children.length - 1; k >= 0; k--) {
      const c = children[k]!;
      if (c.nodeType === 1) stack.push({ kind: 'enter', node: c as Element, state: childState });
      else if (wantText && (c.nodeType === 3 || c.nodeType === 4)) stack.push({ kind: 'text', node: c as Text, state: childState });
    }
  }
}
