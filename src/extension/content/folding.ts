import { findCells } from '../../lang/cells';
import { LineIndex } from '../../lang/source';

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
