import { localGradFormula, Op } from '../../engine/ops';
import { operandName, opOfRow, paramOfRow, rowOps } from './rowOps';
import type { BackwardReplay, ChainTerm, ReplayStep } from './types';

// One step of a backward replay as objects, made when the panel shows it: the replay
// itself holds numbers only, and a formula string per term of a 66,000-row graph would
// be most of its memory for texts nobody reads.

/** What step k of the replay does (see BackwardReplay for the numbering). */
export function stepAt(replay: BackwardReplay, k: number): ReplayStep {
  const t = replay.topo.length;
  if (!Number.isInteger(k) || k < 0 || k >= replay.stepCount) {
    throw new RangeError(`no step ${k} in a replay of ${replay.stepCount} steps`);
  }
  if (k < t) return { kind: 'topo', index: k, row: replay.topo[k], position: k };
  if (k === t) {
    return { kind: 'seed', index: k, row: replay.changeRow[0], gradBefore: replay.changeBefore[0], gradAfter: replay.changeAfter[0] };
  }
  const j = k - t - 1;
  const row = replay.topo[t - 1 - j];
  const terms: ChainTerm[] = [];
  for (let i = replay.termStart[j]; i < replay.termStart[j + 1]; i++) terms.push(termAt(replay, row, i));
  return { kind: 'backward', index: k, row, position: j, grad: replay.nodeGrad[j], terms };
}

/** The step at which `row`'s `_backward` runs, or -1 when the output does not depend on it. */
export function backwardStepOf(replay: BackwardReplay, row: number): number {
  const k = row >= 0 && row < replay.topoIndex.length ? replay.topoIndex[row] : -1;
  return k < 0 ? -1 : 2 * replay.topo.length - k;
}

/** The step at which build_topo appends `row`, or -1. */
export function topoStepOf(replay: BackwardReplay, row: number): number {
  return row >= 0 && row < replay.topoIndex.length ? replay.topoIndex[row] : -1;
}

/** The step whose changes include change c (0: the seed). */
export function stepOfChange(replay: BackwardReplay, c: number): number {
  const t = replay.topo.length;
  if (c === 0) return t;
  // The last backward step j whose terms start at or before term c - 1.
  const term = c - 1;
  let lo = 0, hi = t - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (replay.termStart[mid] <= term) lo = mid;
    else hi = mid - 1;
  }
  return t + 1 + lo;
}

function termAt(replay: BackwardReplay, node: number, i: number): ChainTerm {
  const { columns } = replay;
  const ops = rowOps(columns);
  const op = opOfRow(columns, ops, node);
  const which = replay.termWhich[i] as 0 | 1;
  const x = columns.input0[node], y = columns.input1[node];
  const formula = localGradFormula(
    op, which, operandName(columns, x), y < 0 ? '' : operandName(columns, y), operandName(columns, node),
    op === Op.PowConst ? paramOfRow(columns, ops, node) : 0,
  );
  const j = replay.topo.length - 1 - replay.topoIndex[node];
  return {
    index: i,
    row: replay.termRow[i],
    which,
    formula,
    local: replay.termLocal[i],
    upstream: replay.nodeGrad[j],
    value: replay.termValue[i],
    gradBefore: replay.changeBefore[i + 1],
    gradAfter: replay.changeAfter[i + 1],
    lost: replay.rule === 'assign' && replay.changeBefore[i + 1] !== 0,
  };
}
