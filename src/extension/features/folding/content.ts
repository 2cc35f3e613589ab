import { findCells } from '../../../lang/cells';
import { LineIndex } from '../../../lang/source';

/** A fold from a cell's `# %%` line to its last line, 0-based. */
export interface CellFold {
  start: number;
  end: number;
}

/**
 * One fold per cell that has a marker and more than one line. Found from the markers
 * alone, not from an evaluation, so folding works the moment a file opens and never
 * waits for, or is undone by, a half-typed statement.
 */
export function cellFolds(text: string): CellFold[] {
  const lines = new LineIndex(text);
  const folds: CellFold[] = [];
  for (const cell of findCells(text)) {
    if (!cell.markerRange) continue;
    const start = lines.positionAt(cell.range.start).line;
    const end = lines.positionAt(cell.range.end).line;
    if (end > start) folds.push({ start, end });
  }
  return folds;
}

/**
 * One fold per indented block (a def, a class, a loop's body), from its header to its
 * last non-blank line, as VS Code's own indentation folding makes them. A folding
 * provider replaces that folding rather than adding to it, so the cells' provider
 * gives these too. Lines inside brackets or strings may indent as they like; they
 * fold too, as in the Python editor.
 */
export function blockFolds(text: string): CellFold[] {
  const lines = text.split(/\r\n|\r|\n/);
  const indentOf = (line: string): number | null => {
    const m = /^[ \t]*/.exec(line)![0];
    const rest = line.slice(m.length);
    if (rest === '' || rest.startsWith('#')) return null;
    return m.replace(/\t/g, '        ').length;
  };
  const folds: CellFold[] = [];
  // Open headers: each with its indent, waiting for a line indented no deeper.
  const open: { line: number; indent: number; last: number }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const indent = indentOf(lines[i]);
    if (indent === null) continue;
    while (open.length > 0 && indent <= open[open.length - 1].indent) {
      const header = open.pop()!;
      if (header.last > header.line) folds.push({ start: header.line, end: header.last });
    }
    for (const header of open) header.last = i;
    open.push({ line: i, indent, last: i });
  }
  for (const header of open) if (header.last > header.line) folds.push({ start: header.line, end: header.last });
  return folds.sort((a, b) => a.start - b.start);
}
