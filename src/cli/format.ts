import type { Diagnostic } from '../lang/diagnostics';
import type { CellResult } from '../lang/result';
import type { LineIndex } from '../lang/source';
import { lineExtent } from './report';

// The pieces of readable output that eval and check share.

/** The cell's full extent: its range starts at its marker line. */
export function cellLines(cell: CellResult, index: LineIndex): { startLine: number; endLine: number } {
  return lineExtent(index, cell.range);
}

export function cellHeading(cell: CellResult, index: LineIndex): string {
  const { startLine, endLine } = cellLines(cell, index);
  const title = cell.title.trim() === '' ? '' : `: ${cell.title.trim()}`;
  const lines = startLine === endLine ? `line ${startLine}` : `lines ${startLine}-${endLine}`;
  const output = cell.output === null ? 'no output' : `output ${cell.output}`;
  return `cell ${cell.index}${title} (${lines}, ${output})`;
}

/**
 * Columns two spaces apart; `align` has one letter per column, `l` or `r`, so that
 * numbers line up on their decimal point.
 */
export function alignedTable(header: readonly string[], rows: readonly (readonly string[])[], align: string): string[] {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: readonly string[]) =>
    cells.map((text, c) => (align[c] === 'r' ? text.padStart(widths[c]) : text.padEnd(widths[c]))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)];
}

/**
 * Why a cell with an error shows no gradients (nor a graph, nor a check): its output is
 * whatever ran last, not what is being written. The editor says the same (CellResult.hasError).
 * Null for a cell without an error.
 */
export function cellErrorNote(cell: CellResult, diagnostics: readonly Diagnostic[], index: LineIndex): string | null {
  if (!cell.hasError) return null;
  const first = diagnostics.find((d) => d.severity === 'error' && d.cell === cell.index);
  const where = first === undefined ? '' : ` at line ${index.positionAt(first.range.start).line + 1}`;
  return `cell ${cell.index} has an error${where}`;
}
