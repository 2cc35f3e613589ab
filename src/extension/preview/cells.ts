import type { GraphColumns } from '../../graph/columns';
import type { EvalResult } from '../../lang/result';
import { referenceAt } from '../cells';
import { rowOfId } from './messages';

// Where the cursor is in terms the graph understands: which nodes. Offsets here are
// into the evaluated text, the same text the cells' ranges index. Which cell the cursor
// is in is src/extension/cells.ts's cellAt, the one Check gradients asks too.

/**
 * The nodes of `columns` that the identifier at `offset` stands for (the same name
 * lookup the hover uses). The scope is shared across cells, so a name in one cell can
 * mean a node drawn in another cell's graph; a name whose node is not drawn
 * highlights nothing.
 */
export function highlightAt(result: EvalResult, offset: number, columns: GraphColumns | null): number[] {
  if (columns === null) return [];
  const found = referenceAt(result, offset);
  if (found === undefined) return [];
  const node = found.reference.node;
  if (node === null) return [];
  return rowOfId(columns, node) >= 0 ? [node] : [];
}

export function sameIds(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}
