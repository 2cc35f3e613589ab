import type { GraphColumns } from '../columns';
import type { ForwardStep } from './types';

// The forward pass in evaluation order. Rows are in the order the program made the
// Values (columns.ts: creation order, every input before its uses), so step k is row k:
// the Value the program computed k-th among those the output depends on, from its
// inputs' data. The data is the engine's own result, as the records show it.

export interface ForwardReplay {
  columns: GraphColumns;
  stepCount: number;
}

export function forwardReplay(columns: GraphColumns): ForwardReplay {
  return { columns, stepCount: columns.size };
}

/** Step k: row k computed from its inputs. */
export function forwardStepAt(replay: ForwardReplay, k: number): ForwardStep {
  const { columns } = replay;
  if (!Number.isInteger(k) || k < 0 || k >= replay.stepCount) {
    throw new RangeError(`no step ${k} in a forward replay of ${replay.stepCount} steps`);
  }
  const inputs: number[] = [];
  if (columns.input0[k] >= 0) inputs.push(columns.input0[k]);
  if (columns.input1[k] >= 0) inputs.push(columns.input1[k]);
  const op = columns.op[k];
  return {
    index: k,
    row: k,
    op: op < 0 ? null : columns.ops[op] ?? null,
    inputs,
    inputData: inputs.map((r) => columns.data[r]),
    data: columns.data[k],
  };
}

/** The step that computes `row` (rows are steps), or -1 for no such row. */
export function forwardStepOf(replay: ForwardReplay, row: number): number {
  return Number.isInteger(row) && row >= 0 && row < replay.stepCount ? row : -1;
}
