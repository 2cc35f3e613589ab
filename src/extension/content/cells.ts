import type { CellResult, EvalResult, NameReference } from '../../lang';

/** What the Outline, the CodeLens and messages call a cell: its marker's title, else "Cell N". */
export function cellName(cell: Pick<CellResult, 'index' | 'title'>): string {
  const title = cell.title.trim();
  return title !== '' ? title : `Cell ${cell.index + 1}`;
}

/** The cell whose range holds the offset; at a boundary, the cell that starts there. */
export function cellAt(result: EvalResult, offset: number): CellResult | undefined {
  let found: CellResult | undefined;
  for (const cell of result.cells) {
    if (cell.range.start <= offset && offset <= cell.range.end) found ??= cell;
    if (cell.range.start === offset) return cell;
  }
  return found;
}

/**
 * The identifier occurrence under the cursor. The end is inclusive so a cursor just
 * after a name (where it sits after typing it) still finds it.
 */
export function referenceAt(result: EvalResult, offset: number): { cell: CellResult; reference: NameReference } | undefined {
  for (const cell of result.cells) {
    if (offset < cell.range.start || offset > cell.range.end) continue;
    const reference = cell.references.find((r) => r.range.start <= offset && offset <= r.range.end);
    if (reference) return { cell, reference };
  }
  return undefined;
}
