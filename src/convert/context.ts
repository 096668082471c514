/** What a conversion pass sees and records: the document, the options, changes and refusals. */
import type { Document, Element, Node } from '@xmldom/xmldom';
import type { SvgDocument } from '../types.js';

export interface Change {
  /** The pass that made it. */
  readonly step: string;
  /** The check rule whose finding it fixes, when there is one. */
  readonly ruleId?: string;
  readonly description: string;
  /** How many times (identical changes are counted, not repeated). */
  readonly count: number;
  /** True when the change may alter the look (e.g. a filter removed). */
  readonly lossy?: boolean;
}

export interface Refusal {
  readonly step: string;
  readonly ruleId: string;
  readonly message: string;
  /** Position in the input, when the reason is an element or attribute. */
  readonly line?: number;
  readonly column?: number;
}

export interface ResolvedConvertOptions {
  /** Brand name for the <title>, or null to keep an existing real title. */
  readonly title: string | null;
  /** Description for the <desc>, or null to keep existing ones. */
  readonly desc: string | null;
  /** Background colour to add behind the art (#rrggbb), or null. */
  readonly background: string | null;
  /** Margin added around the art when squaring, in percent of the square's side. */
  readonly padding: number;
  /** Output width and height in pixels (the viewBox keeps the art's coordinates). */
  readonly size: number;
  /** Run svgo to make the file small (off for readable goldens). */
  readonly optimize: boolean;
}

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export class ConvertContext {
  readonly changes: Change[] = [];
  readonly refusals: Refusal[] = [];
  private readonly index = new Map<string, number>();
  /** The input's drawing area (its viewBox, or 0 0 width height), set by the square pass. */
  artBox: Box | null = null;
  /** A background colour added behind the art (#rrggbb), an intended change for the comparison. */
  addedBackground: string | null = null;
  /**
   * Set when squaring would reveal artwork that a clip path hid outside the canvas: the
   * canvas then keeps its aspect ratio (square is receiver policy, a warning; a faithful
   * logo comes first).
   */
  keepAspect: string | null = null;

  constructor(
    readonly doc: Document,
    readonly input: SvgDocument,
    readonly options: ResolvedConvertOptions,
  ) {}

  get root(): Element {
    return this.doc.documentElement!;
  }

  /** Records a change; identical changes are counted. */
  change(step: string, description: string, extra: { ruleId?: string; lossy?: boolean } = {}): void {
    const key = `${step}\u0000${extra.ruleId ?? ''}\u0000${description}`;
    const k = this.index.get(key);
    if (k !== undefined) {
      const c = this.changes[k]!;
      this.changes[k] = { ...c, count: c.count + 1 };
      return;
    }
    this.index.set(key, this.changes.length);
    this.changes.push({ step, description, count: 1, ...(extra.ruleId ? { ruleId: extra.ruleId } : {}), ...(extra.lossy ? { lossy: true } : {}) });
  }

  /** Elements already refused: later passes leave them (and what they contain) alone. */
  readonly refused = new Set<Node>();

  /** True when the node or one of its ancestors was refused. */
  isRefused(node: Node | null): boolean {
    for (let n = node; n; n = n.parentNode) if (this.refused.has(n)) return true;
    return false;
  }

  /** Records why the conversion cannot be done faithfully; the node is located in the input. */
  refuse(step: string, ruleId: string, message: string, node?: Node): void {
    // The element (or the attribute's element) stays as it is; later passes leave it alone.
    if (node && node.nodeType === 1) this.refused.add(node);
    const owner = node && node.nodeType === 2 ? (node as unknown as { ownerElement: Node | null }).ownerElement : null;
    if (owner) this.refused.add(owner);
    const pos = node ? this.input.position(node) : undefined;
    if (this.refusals.some((r) => r.ruleId === ruleId && r.message === message && r.line === pos?.line)) return;
    this.refusals.push({ step, ruleId, message, ...(pos ? { line: pos.line, column: pos.column } : {}) });
  }
}

export interface Pass {
  /** Kebab-case id, shown as the `step` of its changes. */
  readonly id: string;
  /** One sentence: what the pass rewrites (conversion.md ids in brackets). */
  readonly description: string;
  run(ctx: ConvertContext): void;
}
