import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { GraphColumns } from '../../src/graph/columns';
import { columnsOf } from './replayHelpers';
import {
  backwardReplay, backwardStepOf, forwardReplay, forwardStepAt, forwardStepOf, gradsAt, GradCursor, stepAt, stepOfChange, topoStepOf,
  type ReplayStep,
} from '../../src/graph/replay';

// The backward replay on the lecture's own examples: build_topo's order, each
// `_backward`'s chain-rule terms with their numbers, and the `=` versus `+=` walks.

const rowNamed = (c: GraphColumns, label: string): number => {
  const rows: number[] = [];
  for (let r = 0; r < c.size; r++) if (c.labels[c.label[r]] === label) rows.push(r);
  assert.equal(rows.length, 1, `one row labelled ${label}`);
  return rows[0];
};

const labelOf = (c: GraphColumns, row: number): string => c.labels[c.label[row]];

const A_PLUS_A = "a = Value(3.0, label='a')\nb = a + a; b.label = 'b'\nb\n";

test('a + a: the add walk sends two terms to a and ends with a.grad = 2', () => {
  const c = columnsOf(A_PLUS_A);
  const replay = backwardReplay(c, { rule: 'add' });
  const a = rowNamed(c, 'a'), b = rowNamed(c, 'b');
  assert.deepEqual(Array.from(replay.topo), [a, b]);
  const step = stepAt(replay, backwardStepOf(replay, b));
  assert.equal(step.kind, 'backward');
  const terms = (step as Extract<ReplayStep, { kind: 'backward' }>).terms;
  assert.deepEqual(terms.map((t) => [t.row, t.which, t.formula, t.local, t.upstream, t.value, t.gradBefore, t.gradAfter, t.lost]), [
    [a, 0, '1', 1, 1, 1, 0, 1, false],
    [a, 1, '1', 1, 1, 1, 1, 2, false],
  ]);
  assert.equal(replay.grad[a], 2);
  assert.equal(replay.lost.length, 0);
});

test('a + a: the assign walk overwrites the first contribution and ends with a.grad = 1', () => {
  const c = columnsOf(A_PLUS_A);
  const replay = backwardReplay(c, { rule: 'assign' });
  const a = rowNamed(c, 'a');
  assert.equal(replay.grad[a], 1);
  assert.equal(replay.lost.length, 1);
  const step = stepAt(replay, backwardStepOf(replay, rowNamed(c, 'b'))) as Extract<ReplayStep, { kind: 'backward' }>;
  assert.deepEqual(step.terms.map((t) => [t.gradBefore, t.gradAfter, t.lost]), [[0, 1, false], [1, 1, true]]);
  assert.equal(step.terms[1].index, replay.lost[0]);
});

test("the lecture's expression: ∂L/∂a += ∂L/∂e · ∂e/∂a = -2 · -3 = 6", () => {
  const c = columnsOf(
    "a = Value(2.0, label='a')\nb = Value(-3.0, label='b')\nc = Value(10.0, label='c')\n" +
    "e = a*b; e.label = 'e'\nd = e + c; d.label = 'd'\nf = Value(-2.0, label='f')\nL = d * f; L.label = 'L'\nL\n",
  );
  const replay = backwardReplay(c);
  const [a, b, cc, e, d, f, L] = ['a', 'b', 'c', 'e', 'd', 'f', 'L'].map((l) => rowNamed(c, l));
  // build_topo: depth first from L, inputs in operand order, each appended after its inputs.
  assert.deepEqual(Array.from(replay.topo).map((r) => labelOf(c, r)), ['a', 'b', 'e', 'c', 'd', 'f', 'L']);
  const stepE = stepAt(replay, backwardStepOf(replay, e)) as Extract<ReplayStep, { kind: 'backward' }>;
  assert.equal(stepE.grad, -2);
  assert.deepEqual(stepE.terms.map((t) => [labelOf(c, t.row), t.formula, t.upstream, t.local, t.value]), [
    ['a', 'b', -2, -3, 6],
    ['b', 'a', -2, 2, -4],
  ]);
  const stepL = stepAt(replay, backwardStepOf(replay, L)) as Extract<ReplayStep, { kind: 'backward' }>;
  assert.deepEqual(stepL.terms.map((t) => [labelOf(c, t.row), t.formula, t.value]), [['d', 'f', -2], ['f', 'd', 4]]);
  const grads = { a: 6, b: -4, c: -2, e: -2, d: -2, f: 4, L: 1 };
  for (const [label, g] of Object.entries(grads)) assert.equal(replay.grad[rowNamed(c, label)], g, label);
  // Before the seed nothing has a grad; grads fill in as the walk reaches them.
  assert.ok(gradsAt(replay, replay.topo.length - 1).every((g) => g === 0));
  const atE = gradsAt(replay, backwardStepOf(replay, e) - 1);
  assert.deepEqual([atE[a], atE[b], atE[e], atE[cc], atE[d], atE[f], atE[L]], [0, 0, -2, -2, -2, 4, 1]);
  const cursor = new GradCursor(replay);
  for (let k = replay.stepCount - 1; k >= -1; k--) {
    cursor.seek(k);
    assert.deepEqual(Array.from(cursor.grads), Array.from(gradsAt(replay, k)), `step ${k}`);
  }
});

// The lecture's neuron, o = tanh(x1*w1 + x2*w2 + b). Digits from CPython running the
// lecture's Value class (build_topo, `self.grad = 1.0`, `+=`), printed with repr:
// reproducible with any Python 3 and the notebook's code.
const NEURON = `x1 = Value(2.0, label='x1')
x2 = Value(0.0, label='x2')
w1 = Value(-3.0, label='w1')
w2 = Value(1.0, label='w2')
b = Value(6.8813735870195432, label='b')
x1w1 = x1*w1; x1w1.label = 'x1w1'
x2w2 = x2*w2; x2w2.label = 'x2w2'
x1w1x2w2 = x1w1 + x2w2; x1w1x2w2.label = 'x1w1x2w2'
n = x1w1x2w2 + b; n.label = 'n'
o = n.tanh(); o.label = 'o'
o
`;
const NEURON_PYTHON = {
  topo: ['x1', 'w1', 'x1w1', 'x2', 'w2', 'x2w2', 'x1w1x2w2', 'b', 'n', 'o'],
  grad: {
    x1: -1.4999999999999996, w1: 0.9999999999999998, x1w1: 0.4999999999999999, x2: 0.4999999999999999, w2: 0,
    x2w2: 0.4999999999999999, x1w1x2w2: 0.4999999999999999, b: 0.4999999999999999, n: 0.4999999999999999, o: 1,
  },
  data: { n: 0.8813735870195432, o: 0.7071067811865476 },
};

test("the lecture's neuron: Python's topo order and Python's grads, digit for digit", () => {
  const c = columnsOf(NEURON);
  const replay = backwardReplay(c);
  assert.deepEqual(Array.from(replay.topo).map((r) => labelOf(c, r)), NEURON_PYTHON.topo);
  for (const [label, g] of Object.entries(NEURON_PYTHON.grad)) assert.ok(Object.is(replay.grad[rowNamed(c, label)], g), `${label}.grad ${replay.grad[rowNamed(c, label)]} ≠ ${g}`);
  for (const [label, d] of Object.entries(NEURON_PYTHON.data)) assert.equal(c.data[rowNamed(c, label)], d);
  // The lecture's rounded reading.
  const near = (label: string, g: number): void => assert.ok(Math.abs(replay.grad[rowNamed(c, label)] - g) < 1e-12, label);
  near('x1', -1.5); near('w1', 1); near('x2', 0.5); near('w2', 0); near('n', 0.5);
  // The first backward step is o's: 1 - o² with o's grad 1.
  const first = stepAt(replay, replay.topo.length + 1) as Extract<ReplayStep, { kind: 'backward' }>;
  assert.equal(first.row, rowNamed(c, 'o'));
  assert.deepEqual(first.terms.map((t) => [labelOf(c, t.row), t.formula, t.upstream]), [['n', '1 - o²', 1]]);
  assert.ok(Math.abs(first.terms[0].local - 0.5) < 1e-15);
  // Leaves get a step with no terms (micrograd calls their no-op _backward).
  const leafStep = stepAt(replay, backwardStepOf(replay, rowNamed(c, 'x1'))) as Extract<ReplayStep, { kind: 'backward' }>;
  assert.equal(leafStep.kind, 'backward');
  assert.deepEqual(leafStep.terms, []);
  assert.ok(Object.is(leafStep.grad, NEURON_PYTHON.grad.x1));
  // The last step is the first node build_topo appended; steps number 2·10 + 1.
  assert.equal(replay.stepCount, 21);
  assert.equal(backwardStepOf(replay, replay.topo[0]), 20);
  // The replay's grads are the ones the cell's backward() left (same graph, same engine).
  for (let r = 0; r < c.size; r++) assert.ok(Object.is(replay.grad[r], c.grad[r]), labelOf(c, r));
});

test('steps are numbered topo, seed, backward; out-of-range steps throw', () => {
  const c = columnsOf(NEURON);
  const replay = backwardReplay(c);
  const kinds = Array.from({ length: replay.stepCount }, (_, k) => stepAt(replay, k).kind);
  assert.deepEqual(kinds, [...Array(10).fill('topo'), 'seed', ...Array(10).fill('backward')]);
  const topoRows = kinds.slice(0, 10).map((_, k) => (stepAt(replay, k) as { row: number }).row);
  assert.deepEqual(topoRows, Array.from(replay.topo));
  const seed = stepAt(replay, 10);
  assert.deepEqual(seed, { kind: 'seed', index: 10, row: rowNamed(c, 'o'), gradBefore: 0, gradAfter: 1 });
  assert.ok(gradsAt(replay, 10).every((g, r) => (r === rowNamed(c, 'o') ? g === 1 : g === 0)));
  assert.throws(() => stepAt(replay, 21), RangeError);
  assert.throws(() => stepAt(replay, -1), RangeError);
  assert.throws(() => stepAt(replay, 1.5), RangeError);
  for (let k = 0; k < replay.stepCount; k++) {
    const step = stepAt(replay, k);
    if (step.kind === 'backward') assert.equal(backwardStepOf(replay, step.row), k);
    if (step.kind === 'topo') assert.equal(topoStepOf(replay, step.row), k);
    for (const t of step.kind === 'backward' ? step.terms : []) assert.equal(stepOfChange(replay, t.index + 1), k);
  }
  assert.equal(stepOfChange(replay, 0), 10);
});

test('forward steps: each row in creation order, from its inputs', () => {
  const c = columnsOf(NEURON);
  const forward = forwardReplay(c);
  assert.equal(forward.stepCount, c.size);
  const steps = Array.from({ length: forward.stepCount }, (_, k) => forwardStepAt(forward, k));
  assert.deepEqual(steps.map((s) => labelOf(c, s.row)), ['x1', 'x2', 'w1', 'w2', 'b', 'x1w1', 'x2w2', 'x1w1x2w2', 'n', 'o']);
  const n = steps[8], o = steps[9];
  assert.deepEqual([n.op, n.inputs.map((r) => labelOf(c, r)), n.inputData, n.data], ['+', ['x1w1x2w2', 'b'], [-6, 6.881373587019543], 0.8813735870195432]);
  assert.deepEqual([o.op, o.inputs.map((r) => labelOf(c, r)), o.inputData, o.data], ['tanh', ['n'], [0.8813735870195432], 0.7071067811865476]);
  assert.deepEqual([steps[0].op, steps[0].inputs, steps[0].data], [null, [], 2]);
  // Every step's inputs were computed by earlier steps.
  for (const s of steps) for (const i of s.inputs) assert.ok(i < s.row);
  assert.equal(forwardStepOf(forward, 9), 9);
  assert.equal(forwardStepOf(forward, 10), -1);
  assert.throws(() => forwardStepAt(forward, 10), RangeError);
});

test('two Values each feeding two nodes: both walks, and where assign loses', () => {
  const c = columnsOf("a = Value(-2.0, label='a')\nb = Value(3.0, label='b')\nd = a * b; d.label = 'd'\ne = a + b; e.label = 'e'\nf = d * e; f.label = 'f'\nf\n");
  const add = backwardReplay(c);
  const assign = backwardReplay(c, { rule: 'assign' });
  const [a, b] = ['a', 'b'].map((l) => rowNamed(c, l));
  assert.deepEqual([add.grad[a], add.grad[b]], [-3, -8]);
  // build_topo: a, b, d, e, f; reversed: f, e, d, ... so e's terms (e.grad = d = -6: a, b get
  // -6) come first, then d's (d.grad = e = 1) replace them with b·1 = 3 and a·1 = -2.
  assert.deepEqual(Array.from(add.topo).map((r) => labelOf(c, r)), ['a', 'b', 'd', 'e', 'f']);
  assert.deepEqual([assign.grad[a], assign.grad[b]], [3, -2]);
  assert.deepEqual(Array.from(assign.lost).map((t) => labelOf(c, assign.termRow[t])), ['a', 'b']);
  // Nothing is lost where each Value has one use.
  assert.equal(backwardReplay(columnsOf(NEURON), { rule: 'assign' }).lost.length, 0);
});
