/**
 * A span of source text as offsets into the whole file: [start, end). Everything in
 * src/lang speaks in offsets; they become lines and columns only at the edges (the
 * command line, the editor) through a LineIndex.
 */
export interface SourceRange {
  start: number;
  end: number;
}

/** A 0-based line and column (UTF-16 code units, as VS Code counts them). */
export interface Position {
  line: number;
  column: number;
}

export function range(start: number, end: number): SourceRange {
  return { start, end };
}

/** The smallest range covering both a and b. */
export function cover(a: SourceRange, b: SourceRange): SourceRange {
  return { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}

/** Converts between offsets and line/column positions of one text. */
export class LineIndex {
  /** Offset of the first character of each line. */
  private readonly lineStarts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 /* \n */) this.lineStarts.push(i + 1);
      else if (c === 13 /* \r */ && text.charCodeAt(i + 1) !== 10) this.lineStarts.push(i + 1);
    }
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0, hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) lo = mid; else hi = mid - 1;
    }
    return { line: lo, column: clamped - this.lineStarts[lo] };
  }

  offsetAt(position: Position): number {
    const line = Math.max(0, Math.min(position.line, this.lineStarts.length - 1));
    const end = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] : this.text.length;
    return Math.min(this.lineStarts[line] + Math.max(0, position.column), end);
  }

  /** Offset of the start of a 0-based line. */
  lineStart(line: number): number {
    return this.lineStarts[Math.max(0, Math.min(line, this.lineStarts.length - 1))];
  }
}
