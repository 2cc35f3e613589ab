import type { CellResult, EvalResult } from '../../lang/result';
import { referenceAt } from '../content/cells';

// Where the cursor is in terms the graph understands: which cell, which nodes. Offsets
// here are into the evaluated text, the same text the cells' ranges index.

/**
 * The cell the panel shows for an offset. A cell's range stops at the end of its last
 * line, so the line breaks and blank lines between two cells belong to no range; the
 * panel must still show something there, and the cell above is the one the user is
 * typing at the end of.
 */
export function cellAt(cells: readonly Pick<CellResult, 'range'>[], offset: number): number {
  let found = 0;
  for (let i = 0; i < cells.length; i++) {
    if (cells[i].range.start <= offset) found = i;
    else break;
  }
  return found;
}

/**
 * The nodes of `graph` that the identifier at `offset` stands for (the same name
 * lookup the hover uses). The scope is shared across cells, so a name in one cell can
 * mean a node drawn in another cell's graph; a name whose node is not drawn
 * highlights nothing.
 */
export function highlightAt(result: EvalResult, offset: number, graph: { nodes: readonly { id: number }[] } | null): number[] {
  if (graph === null) return [];
  const found = referenceAt(result, offset);
  if (found === undefined) return [];
  const node = found.reference.node;
  return graph.nodes.some((n) => n.id === node) ? [node] : [];
}

export function sameIds(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}
