import assert from 'node:assert/strict';
import type { GraphColumns } from '../../src/graph/columns';
import { evaluate } from '../../src/lang';

/** The columns of a program's last cell's output (its last expression), as the panel gets them. */
export function columnsOf(source: string): GraphColumns {
  const result = evaluate(source);
  const cell = result.cells[result.cells.length - 1];
  assert.ok(cell.columns, 'the cell has an output graph');
  return cell.columns;
}
