import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { GraphColumns } from '../../src/graph/columns';
import { backwardReplay, backwardStepOf, gradsAt, GradCursor, stepAt, type ReplayStep } from '../../src/graph/replay';
import { evaluate } from '../../src/lang';

// The backward replay on the lecture's own examples: build_topo's order, each
// `_backward`'s chain-rule terms with their numbers, and the `=` versus `+=` walks.

/** The columns of a one-cell program's output (its last expression or draw_dot argument). */
export function columnsOf(source: string): GraphColumns {
  const result = evaluate(source);
  const cell = result.cells[result.cells.length - 1];
  assert.ok(cell.columns, 'the cell has an output graph');
  return cell.columns;
}

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
