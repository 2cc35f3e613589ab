import { Op, opFromLabel } from '../../engine/ops';
import type { GraphColumns } from '../columns';
import { formulaName } from './derivativeText';

// The engine's op code and exponent of each row: the code from the columns' opCodes,
// PowConst's exponent read back from its label (`**2`) with opFromLabel, so every
// derivative the replay shows or computes is the engine's own (ops.ts), never a copy.

export interface RowOps {
  /** Per entry of `columns.ops`: the op code, or Op.Leaf for a label the engine does not know. */
  code: Uint8Array;
  /** Per entry of `columns.ops`: PowConst's exponent, else 0. */
  param: Float64Array;
}

const cache = new WeakMap<GraphColumns, RowOps>();

/** The op codes and exponents of a graph's ops, resolved once per graph (a graph has a handful). */
export function rowOps(columns: GraphColumns): RowOps {
  let found = cache.get(columns);
  if (found) return found;
  const code = new Uint8Array(columns.ops.length);
  const param = new Float64Array(columns.ops.length);
  columns.ops.forEach((label, i) => {
    code[i] = columns.opCodes[i] ?? Op.Leaf;
    param[i] = code[i] === Op.PowConst ? (opFromLabel(label)?.param ?? 0) : 0;
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
