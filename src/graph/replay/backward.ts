import { accumulateGrad, localGrads, Op } from '../../engine/ops';
import type { GraphColumns } from '../columns';
import { opOfRow, paramOfRow, rowOps } from './rowOps';
import { buildTopo } from './topo';
import type { BackwardOptions, BackwardReplay } from './types';

// micrograd's backward() replayed on a cell's graph:
//
//     build_topo(self)
//     self.grad = 1
//     for node in reversed(topo):
//         node._backward()
//
// with every grad change recorded. Each node's terms come from the engine's own
// accumulateGrad (ops.ts), run on a scratch pair with the node's real grad, so what is
// recorded is what backward() adds, bit for bit, and the `add` walk ends with the grads
// micrograd's order of accumulation gives. One pass, typed arrays: O(rows).

export function backwardReplay(columns: GraphColumns, options: BackwardOptions = {}): BackwardReplay {
  const rule = options.rule ?? 'add';
  const assign = rule === 'assign';
  const topo = buildTopo(columns);
  const t = topo.length;
  const n = columns.size;
  const { input0, input1, data } = columns;
  const ops = rowOps(columns);

  const topoIndex = new Int32Array(n).fill(-1);
  let terms = 0;
  for (let k = 0; k < t; k++) {
    const row = topo[k];
    topoIndex[row] = k;
    if (opOfRow(columns, ops, row) === Op.Leaf) continue;
    if (input0[row] >= 0) terms++;
    if (input1[row] >= 0) terms++;
  }

  const nodeGrad = new Float64Array(t);
  const termStart = new Int32Array(t + 1);
  const termRow = new Int32Array(terms);
  const termWhich = new Uint8Array(terms);
  const termLocal = new Float64Array(terms);
  const termValue = new Float64Array(terms);
  const changeRow = new Int32Array(terms + 1);
  const changeBefore = new Float64Array(terms + 1);
  const changeAfter = new Float64Array(terms + 1);
  const lost: number[] = [];
  const grad = new Float64Array(n);
  const scratch = new Float64Array(2);

  if (t > 0) {
    // `self.grad = 1`: an assignment in both walks.
    const output = topo[t - 1];
    changeRow[0] = output;
    changeBefore[0] = grad[output];
    grad[output] = 1;
    changeAfter[0] = 1;
  }

  let term = 0;
  for (let j = 0; j < t; j++) {
    termStart[j] = term;
    const row = topo[t - 1 - j];
    const g = grad[row];
    nodeGrad[j] = g;
    const op = opOfRow(columns, ops, row);
    const x = input0[row];
    if (op === Op.Leaf || x < 0) continue;
    const y = input1[row];
    const xd = data[x], yd = y < 0 ? 0 : data[y], out = data[row];
    const p = op === Op.PowConst ? paramOfRow(columns, ops, row) : 0;
    // The engine's own step on a scratch pair: each slot ends holding exactly the
    // amount `grad[i] += ...` adds (0 + v is v, and `-= v` adds -v).
    scratch[0] = 0;
    scratch[1] = 0;
    accumulateGrad(op, xd, yd, out, p, g, scratch, 0, 1);
    const local = localGrads(op, xd, yd, out, p);
    for (let which = 0; which < 2; which++) {
      const input = which === 0 ? x : y;
      if (input < 0) continue;
      const value = scratch[which];
      const before = grad[input];
      const after = assign ? value : before + value;
      if (assign && before !== 0) lost.push(term);
      grad[input] = after;
      termRow[term] = input;
      termWhich[term] = which;
      termLocal[term] = local[which];
      termValue[term] = value;
      changeRow[term + 1] = input;
      changeBefore[term + 1] = before;
      changeAfter[term + 1] = after;
      term++;
    }
  }
  termStart[t] = term;

  return {
    columns, rule, topo, topoIndex,
    stepCount: t === 0 ? 0 : 2 * t + 1,
    nodeGrad, termStart, termRow, termWhich, termLocal, termValue,
    changeRow, changeBefore, changeAfter,
    lost: Int32Array.from(lost),
    grad,
  };
}
