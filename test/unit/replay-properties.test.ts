import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Op, opLabel, Tape, type NodeId } from '../../src/engine';
import { RowKind, type GraphColumns } from '../../src/graph/columns';
import { rootScopes } from '../../src/graph/columnsFromGraph';
import { backwardReplay, buildTopo } from '../../src/graph/replay';

// The replay against the engine on random graphs: its terms are accumulateGrad's, so
// running the Tape's own `_backward` (backwardStep) node by node in the replay's order
// gives the replay's grads bit for bit; and against Tape.backward(), which walks nodes
// in descending id order, the grads are bit-equal wherever the two orders add a Value's
// contributions in the same order, and equal to rounding where they do not.

const SEED = 20240609;

type Instr = { op: Op; a: number; b: number; p: number };
const BINARY = [Op.Add, Op.Sub, Op.Mul, Op.Div, Op.Pow];
const UNARY = [Op.Neg, Op.Tanh, Op.Exp, Op.Log, Op.Relu, Op.Sigmoid, Op.PowConst];
const instr = fc.record({
  op: fc.constantFrom(...BINARY, ...UNARY, Op.Leaf),
  a: fc.nat(), b: fc.nat(),
  p: fc.constantFrom(2, 3, -1, 0.5, 1.5, -2),
});
const graphs = fc.record({
  leaves: fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 1, maxLength: 5 }),
  body: fc.array(instr, { minLength: 1, maxLength: 40 }),
});

function build(leaves: number[], body: Instr[]): { tape: Tape; root: NodeId } {
  const tape = new Tape();
  for (const x of leaves) tape.leaf(x);
  for (const { op, a, b, p } of body) {
    const n = tape.size;
    // Recent nodes more often, so graphs are deep as well as wide, and reuse is common.
    const pick = (k: number): number => n - 1 - (k % Math.min(n, 6 + (k % 3) * 10));
    if (op === Op.Leaf) tape.leaf((a % 7) - 3);
    else if (BINARY.includes(op)) tape.apply(op, pick(a), pick(b));
    else tape.apply(op, pick(a), -1, op === Op.PowConst ? p : 0);
  }
  return { tape, root: tape.size - 1 };
}

/** The root's graph as columns, rows in ascending id order (as the language writes them). */
function columnsOfTape(tape: Tape, root: NodeId): { columns: GraphColumns; ids: NodeId[] } {
  const ids = tape.trace(root);
  const rowOf = new Map(ids.map((id, r) => [id, r]));
  const ops: string[] = [];
  const opIndex = (label: string): number => (ops.includes(label) ? ops.indexOf(label) : ops.push(label) - 1);
  const n = ids.length;
  const col = <T>(make: (id: NodeId) => T): T[] => ids.map(make);
  return {
    ids,
    columns: {
      size: n,
      output: n - 1,
      id: Float64Array.from(ids),
      data: Float64Array.from(col((id) => tape.data(id))),
      grad: new Float64Array(n),
      input0: Int32Array.from(col((id) => (tape.input0(id) < 0 ? -1 : rowOf.get(tape.input0(id))!))),
      input1: Int32Array.from(col((id) => (tape.input1(id) < 0 ? -1 : rowOf.get(tape.input1(id))!))),
      op: Int32Array.from(col((id) => (tape.op(id) === Op.Leaf ? -1 : opIndex(opLabel(tape.op(id), tape.param(id)))))),
      kind: Uint8Array.from(col((id) => (tape.op(id) === Op.Leaf ? RowKind.Leaf : RowKind.Result))),
      label: new Int32Array(n),
      site: new Int32Array(n).fill(-1),
      scope: new Int32Array(n),
      ops,
      labels: ['v'],
      sites: [],
      names: [],
      scopes: rootScopes(),
    },
  };
}

/** micrograd's build_topo, recursively, as the lecture writes it (inputs in operand order). */
function pythonTopo(columns: GraphColumns): number[] {
  const topo: number[] = [];
  const visited = new Set<number>();
  const visit = (v: number): void => {
    if (visited.has(v)) return;
    visited.add(v);
    for (const child of [columns.input0[v], columns.input1[v]]) if (child >= 0) visit(child);
    topo.push(v);
  };
  visit(columns.output);
  return topo;
}

let reordered = 0;
let differed = 0;

test('random graphs: build_topo is the recursive one, and the grads are the engine\'s', () => {
  fc.assert(
    fc.property(graphs, ({ leaves, body }) => {
      const { tape, root } = build(leaves, body);
      const { columns, ids } = columnsOfTape(tape, root);
      assert.deepEqual(Array.from(buildTopo(columns)), pythonTopo(columns));
      const replay = backwardReplay(columns);

      // The Tape's own _backward, node by node, in micrograd's order: bit-equal.
      const stepped = build(leaves, body).tape;
      stepped.setGrad(root, 1);
      for (let k = replay.topo.length - 1; k >= 0; k--) stepped.backwardStep(ids[replay.topo[k]]);
      ids.forEach((id, r) => assert.ok(Object.is(replay.grad[r], stepped.grad(id)), `row ${r}: ${replay.grad[r]} vs ${stepped.grad(id)}`));

      // Tape.backward(): bit-equal where the contributions arrive in the same order.
      tape.backward(root);
      const order = contributionOrders(replay);
      ids.forEach((id, r) => {
        const mine = replay.grad[r], engine = tape.grad(id);
        const tapeOrder = [...order[r]].sort((x, y) => y[0] - x[0] || x[1] - y[1]);
        if (JSON.stringify(tapeOrder) === JSON.stringify(order[r])) {
          assert.ok(Object.is(mine, engine), `row ${r}: ${mine} vs ${engine}`);
        } else {
          reordered++;
          if (!Object.is(mine, engine)) differed++;
          let scale = 0;
          for (let t = 0; t < replay.termRow.length; t++) if (replay.termRow[t] === r) scale += Math.abs(replay.termValue[t]);
          assert.ok(Object.is(mine, engine) || Math.abs(mine - engine) <= 1e-12 * scale || !Number.isFinite(scale), `row ${r}: ${mine} vs ${engine}`);
        }
      });
      // A row's grad is the sum of its terms, in the walk's order (the output: 1 plus them).
      const sums = new Float64Array(columns.size);
      sums[columns.output] = 1;
      for (let t = 0; t < replay.termRow.length; t++) sums[replay.termRow[t]] += replay.termValue[t];
      sums.forEach((s, r) => assert.ok(Object.is(s, replay.grad[r])));
    }),
    { seed: SEED, numRuns: 300 },
  );
  // The generator must reach the case the orders differ in, or half the property is idle.
  assert.ok(reordered > 0, 'some graphs add a contribution in an order Tape.backward() does not');
  if (process.env.REPLAY_REPORT) console.log(`reordered rows: ${reordered}, of which last-bit different: ${differed}`);
});

/** Per row, the (node row, operand) of each contribution it receives, in the replay's order. */
function contributionOrders(replay: ReturnType<typeof backwardReplay>): [number, number][][] {
  const t = replay.topo.length;
  const order: [number, number][][] = Array.from({ length: replay.columns.size }, () => []);
  for (let j = 0; j < t; j++) {
    const node = replay.topo[t - 1 - j];
    for (let i = replay.termStart[j]; i < replay.termStart[j + 1]; i++) order[replay.termRow[i]].push([node, replay.termWhich[i]]);
  }
  return order;
}

test('random graphs: the assign walk sets each term, and a lost term is one that replaced a nonzero grad', () => {
  fc.assert(
    fc.property(graphs, ({ leaves, body }) => {
      const { tape, root } = build(leaves, body);
      const { columns } = columnsOfTape(tape, root);
      const add = backwardReplay(columns, { rule: 'add' });
      const assign = backwardReplay(columns, { rule: 'assign' });
      assert.deepEqual(assign.topo, add.topo);
      const grad = new Float64Array(columns.size);
      grad[columns.output] = 1;
      const lost: number[] = [];
      for (let t = 0; t < assign.termRow.length; t++) {
        if (grad[assign.termRow[t]] !== 0) lost.push(t);
        grad[assign.termRow[t]] = assign.termValue[t];
      }
      assert.deepEqual(Array.from(assign.lost), lost);
      grad.forEach((g, r) => assert.ok(Object.is(g, assign.grad[r])));
    }),
    { seed: SEED, numRuns: 200 },
  );
});
