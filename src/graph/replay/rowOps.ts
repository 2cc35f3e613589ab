import { Op, opFromLabel } from '../../engine/ops';
import type { GraphColumns } from '../columns';
import { formulaName } from './derivativeText';

// The engine's op code and exponent of each row, read back from the columns' op labels
// with opFromLabel (the inverse of the opLabel the columns were written with), so every
// derivative the replay shows or computes is the engine's own (ops.ts), never a copy.
//
// One limit of reading labels: Python's plain-number division (Op.TrueDiv) is drawn `/`
// like micrograd's Value division (Op.Div), and opFromLabel reads `/` as Div. Its
// derivatives then follow micrograd's `x * y**-1` arithmetic (equal in value, not always
// in the last bit).

export interface RowOps {
  /** Per entry of `columns.ops`: the op code, or Op.Leaf for a label the engine does not know. */
  code: Uint8Array;
  /** Per entry of `columns.ops`: PowConst's exponent, else 0. */
  param: Float64Array;
}

const cache = new WeakMap<GraphColumns, RowOps>();

/** The op codes of a graph's op labels, resolved once per graph (a graph has a handful). */
export function rowOps(columns: GraphColumns): RowOps {
  let found = cache.get(columns);
  if (found) return found;
  const code = new Uint8Array(columns.ops.length);
  const param = new Float64Array(columns.ops.length);
  columns.ops.forEach((label, i) => {
    const op = opFromLabel(label);
    code[i] = op === null ? Op.Leaf : op.op;
    param[i] = op === null ? 0 : op.param;
  });
  found = { code, param };
  cache.set(columns, found);
  return found;
}

/** A row's op code: Op.Leaf for leaves and constants (and an unknown label). */
export function opOfRow(columns: GraphColumns, ops: RowOps, row: number): Op {
  const i = columns.op[row];
  return i < 0 ? Op.Leaf : (ops.code[i] as Op);
}

/** A row's exponent (PowConst), else 0. */
export function paramOfRow(columns: GraphColumns, ops: RowOps, row: number): number {
  const i = columns.op[row];
  return i < 0 ? 0 : ops.param[i];
}

/** How a row is named inside a formula (derivativeText.formulaName of its label). */
export function operandName(columns: GraphColumns, row: number): string {
  return formulaName(columns.labels[columns.label[row]] ?? '');
}
