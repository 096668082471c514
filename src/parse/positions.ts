/** Maps offsets in a source string to 1-based line and column (in UTF-16 code units). */
export class LineIndex {
  private starts: number[] | undefined;

  constructor(private readonly source: string) {}

  private build(): number[] {
    const starts = [0];
    const s = this.source;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13) {
        if (s.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    return starts;
  }

  position(offset: number): { line: number; column: number } {
    const starts = (this.starts ??= this.build());
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  }

  /** Offset of a 1-based line and column. */
  offset(line: number, column: number): number {
    const starts = (this.starts ??= this.build());
    const start = starts[Math.max(0, Math.min(line - 1, starts.length - 1))]!;
    return start + column - 1;
  }
}
