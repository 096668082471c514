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

/** Runs `rules` over `parsed` and returns the sorted diagnostics. */
export function runRules(parsed: ParsedSource, rules: readonly Rule[], options: ResolvedOptions): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const byId = new Map(rules.map((r) => [r.id, r]));
  const severities = new Map<string, Severity | 'off'>();
  for (const rule of rules) severities.set(rule.id, effectiveSeverity(rule, options));
  const isEnabled = (id: string) => {
    const s = severities.get(id);
    return s !== undefined && s !== 'off';
  };

  const push = (rule: Rule, message: string, line: number, column: number): void => {
    const severity = severities.get(rule.id);
    if (severity === undefined || severity === 'off') return;
    diagnostics.push({
      ruleId: rule.id,
      severity,
      tier: rule.meta.tier,
      message,
      line,
      column,
      citation: rule.meta.citations.map((c) => c.text).join('; '),
    });
  };

  for (const problem of parsed.problems) {
    const rule = byId.get(problem.ruleId);
    if (!rule) throw new RuleDefinitionError(`parser reported for unregistered rule ${problem.ruleId}`);
    push(rule, format(rule, problem.messageId, problem.data), problem.line, problem.column);
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

  const visitors: Array<{ rule: Rule; visitor: Visitor }> = [];
  for (const rule of rules) {
    if (!isEnabled(rule.id)) continue;
    const context: RuleContext = {
      document: doc as SvgDocument,
      options,
      isEnabled,
      report(descriptor: ReportDescriptor) {
        const message = format(rule, descriptor.messageId, descriptor.data);
        const target = descriptor.node;
        const pos = isPosition(target) ? target : doc ? doc.position(target as Node) : { line: 1, column: 1 };
        push(rule, message, pos.line, pos.column);
      },
    };
    visitors.push({ rule, visitor: rule.create(context) });
  }

  for (const { visitor } of visitors) visitor.source?.(sourceInfo);

  if (doc) {
    const on = <K extends keyof Visitor>(key: K) =>
      visitors.map((v) => v.visitor[key]?.bind(v.visitor)).filter((f): f is NonNullable<Visitor[K]> => f !== undefined);
    const docEnter = on('document:enter');
    const docExit = on('document:exit');
    const enter = on('element:enter') as Array<(el: Element, state: WalkState) => void>;
    const exit = on('element:exit') as Array<(el: Element, state: WalkState) => void>;
    const text = on('text') as Array<(node: Text, state: WalkState) => void>;

    for (const f of docEnter) (f as (d: SvgDocument) => void)(doc);
    walk(doc.root, enter, exit, text);
    for (const f of docExit) (f as (d: SvgDocument) => void)(doc);
  }

  diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
  return dedupe(diagnostics);
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
function walk(
  root: Element,
  enter: Array<(el: Element, state: WalkState) => void>,
  exit: Array<(el: Element, state: WalkState) => void>,
  text: Array<(node: Text, state: WalkState) => void>,
): void {
  const stack: Frame[] = [{ kind: 'enter', node: root, state: { depth: 0, insideUnknown: false, insideDefs: false } }];
  const children: Node[] = [];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    if (frame.kind === 'text') {
      for (const f of text) f(frame.node, frame.state);
      continue;
    }
    const { node: el, state } = frame;
    if (frame.kind === 'exit') {
      for (const f of exit) f(el, state);
      continue;
    }
    for (const f of enter) f(el, state);
    stack.push({ kind: 'exit', node: el, state });
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
      else if ((c.nodeType === 3 || c.nodeType === 4) && text.length > 0) {
        stack.push({ kind: 'text', node: c as Text, state: childState });
      }
    }
  }
}
