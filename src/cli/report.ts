import type { Diagnostic } from '../lang/diagnostics';
import type { SourceRange } from '../lang/source';
import { LineIndex } from '../lang/source';

// Where offsets become the 1-based lines and columns people read. Nothing else in the
// command line converts positions.

export interface LineSpan {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** A range as 1-based lines and columns; the end is exclusive, as in editors. */
export function lineSpan(index: LineIndex, range: SourceRange): LineSpan {
  const start = index.positionAt(range.start);
  const end = index.positionAt(range.end);
  return { line: start.line + 1, column: start.column + 1, endLine: end.line + 1, endColumn: end.column + 1 };
}

/** First and last 1-based line a range touches (a range ending in a newline ends on that line). */
export function lineExtent(index: LineIndex, range: SourceRange): { startLine: number; endLine: number } {
  const last = range.end > range.start ? range.end - 1 : range.start;
  return { startLine: index.positionAt(range.start).line + 1, endLine: index.positionAt(last).line + 1 };
}

/**
 * `FILE:LINE:COL: error|warning: message`, the form compilers and editors recognise;
 * an error raised inside a function adds one `note:` line per call that led there,
 * outermost first, as a traceback does.
 */
export function formatDiagnostic(file: string, index: LineIndex, d: Diagnostic): string {
  const at = (range: SourceRange) => {
    const { line, column } = lineSpan(index, range);
    return `${file}:${line}:${column}`;
  };
  const lines = [`${at(d.range)}: ${d.severity}: ${d.message}`];
  for (const r of d.related ?? []) lines.push(`${at(r.range)}: note: ${r.message}`);
  return lines.join('\n');
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
